import uuid
from typing import Annotated, Literal

from fastapi import Depends, Query
from fastapi import status as http_status

from api.auth.deps import OwnerDep
from api.db import SessionDep
from api.kit import crud
from api.kit.errors import WRITE_RESPONSES
from api.kit.pagination import Page, PageDep, paginate
from api.kit.routing import Router
from api.webhooks import service
from api.webhooks.models import Webhook
from api.webhooks.schemas import (
    DeliveryPublic,
    DeliveryStatus,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
    WebhookUpdate,
)

router = Router(
    prefix="/workspaces/{workspace_id}/webhooks", tags=["webhooks"], responses=WRITE_RESPONSES
)


def valid_webhook(webhook_id: uuid.UUID, access: OwnerDep, session: SessionDep) -> Webhook:
    return crud.get_scoped(session, Webhook, access.workspace_id, webhook_id)


WebhookDep = Annotated[Webhook, Depends(valid_webhook)]


@router.post("", operation_id="create_webhook", status_code=201, response_model=WebhookCreated)
def create_webhook(body: WebhookCreate, access: OwnerDep, session: SessionDep):
    """Subscribe a URL to this workspace's events (owners only).

    Rapport POSTs each matching event as JSON `{"type", "timestamp", "data"}`, signed per the
    Standard Webhooks specification: headers `webhook-id` (the event id, the same on every
    retry), `webhook-timestamp` and `webhook-signature`. The signing `secret` is shown only in
    this response. Answer 2xx within 10 seconds; anything else is retried with backoff, events
    of one webhook are delivered in order, and an endpoint that answers 410 Gone or fails 10
    times in a row is disabled. The URL must be a public http(s) address.
    """
    hook = service.create_webhook(session, access, body)
    return WebhookCreated.model_validate(
        {**service.webhook_public(hook).model_dump(), "secret": hook.secret}
    )


@router.get("", operation_id="list_webhooks", response_model=Page[WebhookPublic])
def list_webhooks(access: OwnerDep, session: SessionDep, page: PageDep):
    """The workspace's webhooks, oldest first. Secrets are never shown again."""
    stmt = service.list_webhooks_stmt(access.workspace_id)
    rows, cursor = paginate(session, stmt, Webhook, page)
    return Page(items=[service.webhook_public(h) for h in rows], next_cursor=cursor)


@router.get("/{webhook_id}", operation_id="get_webhook", response_model=WebhookPublic)
def get_webhook(hook: WebhookDep):
    """One webhook, with whether it is enabled and its consecutive failures."""
    return service.webhook_public(hook)


@router.patch("/{webhook_id}", operation_id="update_webhook", response_model=WebhookPublic)
def update_webhook(hook: WebhookDep, body: WebhookUpdate, access: OwnerDep, session: SessionDep):
    """Change the URL, event types or description, or pause and resume deliveries.

    `enabled: true` on a disabled webhook resets `failure_count` and retries what was queued
    at once. Only the fields sent change.
    """
    changes = body.model_dump(exclude_unset=True)
    return service.webhook_public(service.update_webhook(session, access, hook, changes))


@router.delete(
    "/{webhook_id}", operation_id="delete_webhook", status_code=http_status.HTTP_204_NO_CONTENT
)
def delete_webhook(hook: WebhookDep, access: OwnerDep, session: SessionDep) -> None:
    """Delete a webhook, with its queued deliveries and its delivery log."""
    service.delete_webhook(session, access, hook)


@router.get(
    "/{webhook_id}/deliveries",
    operation_id="list_webhook_deliveries",
    response_model=Page[DeliveryPublic],
)
def list_webhook_deliveries(
    hook: WebhookDep,
    session: SessionDep,
    page: PageDep,
    status: Annotated[
        DeliveryStatus | None, Query(description="Only pending or only delivered ones")
    ] = None,
    order: Annotated[
        Literal["oldest", "newest"],
        Query(description="`oldest` (event order, the default) or `newest` first"),
    ] = "oldest",
):
    """The delivery log: one item per event sent to this webhook, in event order, or newest
    first with `order=newest` (a dashboard's view).

    Each item shows whether it was delivered and its attempts, each with the receiver's
    status code, latency and error. Pending items say when they are tried next.
    """
    rows, cursor = service.page_deliveries(
        session, hook.id, status, page, newest_first=order == "newest"
    )
    return Page(items=service.deliveries_public(session, rows), next_cursor=cursor)


@router.post(
    "/{webhook_id}/test",
    operation_id="send_test_webhook",
    status_code=http_status.HTTP_202_ACCEPTED,
    response_model=DeliveryPublic,
)
def send_test_webhook(hook: WebhookDep, access: OwnerDep, session: SessionDep):
    """Queue a `webhook.test` event for this webhook alone, whatever its event types.

    The delivery worker sends it within seconds; follow it in the delivery log.
    """
    delivery = service.send_test(session, access, hook)
    return service.deliveries_public(session, [delivery])[0]
