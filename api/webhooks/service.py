"""Webhook endpoints: create, change, delete, and queue a test event.

Each write appends its event (`webhook.created`, `webhook.updated`, `webhook.deleted`,
`webhook.test`) in the same transaction. Event payloads never carry the secret.
"""

import uuid
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from api.auth.deps import Access
from api.events.service import record_event
from api.kit import crud
from api.kit.errors import Conflict, InvalidInput
from api.kit.pagination import PageParams, decode_cursor, encode_cursor
from api.kit.time import utcnow
from api.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from api.webhooks.schemas import (
    AttemptPublic,
    DeliveryPublic,
    DisabledReason,
    WebhookCreate,
    WebhookPublic,
)
from api.webhooks.signing import new_secret
from api.webhooks.targets import UnsafeTarget, check_target

TEST_EVENT = "webhook.test"
ATTEMPTS_SHOWN = 25


def webhook_public(hook: Webhook) -> WebhookPublic:
    return WebhookPublic.model_validate(hook, from_attributes=True)


def _payload(hook: Webhook) -> dict[str, Any]:
    return webhook_public(hook).model_dump(mode="json")


def _check_url(url: str) -> None:
    try:
        check_target(url)
    except UnsafeTarget as exc:
        raise InvalidInput("body.url", str(exc)) from None


def create_webhook(session: Session, access: Access, data: WebhookCreate) -> Webhook:
    _check_url(data.url)
    hook = Webhook(workspace_id=access.workspace_id, secret=new_secret(), **data.model_dump())
    session.add(hook)
    session.flush()
    event = record_event(session, access, "webhook.created", hook.id, _payload(hook))
    session.flush()
    # record_event holds the workspace's feed lock, so every event below this one has
    # committed: the new endpoint receives exactly the events after its creation.
    hook.last_seq = event.seq
    return hook


def update_webhook(session: Session, access: Access, hook: Webhook, changes: dict) -> Webhook:
    enabled = changes.pop("enabled", None)
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, hook)
    values = crud.merge_for_patch(hook, changes, WebhookCreate)
    if "url" in changes:
        _check_url(values["url"])
    if enabled is True and not hook.enabled:
        hook.enabled = True
        hook.failure_count = 0
        hook.disabled_reason = None
        hook.disabled_at = None
        # Retry what was queued right away rather than at its backed-off time.
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == hook.id, WebhookDelivery.status == "pending")
            .values(next_attempt_at=utcnow())
        )
    elif enabled is False and hook.enabled:
        hook.enabled = False
        hook.disabled_reason = DisabledReason.manual
        hook.disabled_at = utcnow()
    for key, value in values.items():
        setattr(hook, key, value)
    hook.updated_at = utcnow()
    session.add(hook)
    session.flush()
    record_event(session, access, "webhook.updated", hook.id, _payload(hook))
    return hook


def delete_webhook(session: Session, access: Access, hook: Webhook) -> None:
    """Its queued deliveries and delivery log go with it."""
    crud.delete(session, access, hook)


def send_test(session: Session, access: Access, hook: Webhook) -> WebhookDelivery:
    """Queue a `webhook.test` event for this endpoint alone (it matches no other filter)."""
    # Lock the webhook before the feed lock record_event takes, the order the worker uses.
    if session.get_bind().dialect.name == "postgresql":
        session.refresh(hook, with_for_update=True)
    if not hook.enabled:
        raise Conflict("The webhook is disabled; enable it before sending a test event")
    payload = {
        "webhook_id": str(hook.id),
        "message": "A test event from Rapport: if you can read this, your endpoint works.",
        "requested_at": utcnow().isoformat(),
    }
    event = record_event(session, access, TEST_EVENT, hook.id, payload)
    session.flush()
    delivery = WebhookDelivery(
        workspace_id=access.workspace_id,
        webhook_id=hook.id,
        event_id=event.id,
        event_seq=event.seq,
        event_type=TEST_EVENT,
    )
    session.add(delivery)
    session.flush()
    return delivery


def list_webhooks_stmt(workspace_id: uuid.UUID):
    return crud.scoped_select(Webhook, workspace_id)


def page_deliveries(
    session: Session,
    webhook_id: uuid.UUID,
    status: str | None,
    params: PageParams,
    newest_first: bool = False,
) -> tuple[list[WebhookDelivery], str | None]:
    """One page of the log in event order (the order deliveries are sent in), or newest first.

    The cursor says which way it pages, so a cursor of one order is refused by the other.
    """
    d = WebhookDelivery
    stmt = select(d).where(d.webhook_id == webhook_id)
    if status is not None:
        stmt = stmt.where(d.status == status)
    if params.updated_since is not None:
        stmt = stmt.where(d.updated_at >= params.updated_since)
    if params.cursor:
        cursor = decode_cursor(params.cursor)
        after = cursor.get("seq")
        if not isinstance(after, int) or bool(cursor.get("newest")) != newest_first:
            raise InvalidInput("query.cursor", "is not a cursor this API issued for this order")
        stmt = stmt.where(d.event_seq < after if newest_first else d.event_seq > after)
    order = d.event_seq.desc() if newest_first else d.event_seq
    rows = list(session.exec(stmt.order_by(order).limit(params.limit + 1)).all())
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    position = {"seq": rows[-1].event_seq} | ({"newest": True} if newest_first else {})
    return rows, encode_cursor(position)


def deliveries_public(session: Session, rows: list[WebhookDelivery]) -> list[DeliveryPublic]:
    """The page's deliveries, each with its latest attempts (one query for the page)."""
    attempts: dict[uuid.UUID, list[WebhookAttempt]] = {r.id: [] for r in rows}
    if rows:
        found = session.exec(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(list(attempts)))
            .order_by(WebhookAttempt.delivery_id, WebhookAttempt.attempt)
        ).all()
        for a in found:
            attempts[a.delivery_id].append(a)
    return [
        DeliveryPublic(
            id=d.id,
            webhook_id=d.webhook_id,
            event_id=d.event_id,
            event_type=d.event_type,
            event_seq=d.event_seq,
            status=d.status,
            attempt_count=d.attempts,
            next_attempt_at=d.next_attempt_at if d.status == "pending" else None,
            delivered_at=d.delivered_at,
            attempts=[
                AttemptPublic.model_validate(a, from_attributes=True)
                for a in attempts[d.id][-ATTEMPTS_SHOWN:]
            ],
            created_at=d.created_at,
            updated_at=d.updated_at,
        )
        for d in rows
    ]
