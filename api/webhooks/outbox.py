"""The delivery outbox: fan events out to webhooks, claim due deliveries, record outcomes.

Design (at least once, in order per webhook, safe with many workers):

- Fan-out. The worker matches each enabled webhook's filters against the workspace's events
  after the webhook's cursor `last_seq`, inserts one `webhook_delivery` per match and moves the
  cursor, in one transaction that holds the webhook row (`FOR UPDATE SKIP LOCKED` on
  PostgreSQL, so two workers never fan out the same webhook; a unique (webhook, event) pair
  backs that up). Writers of one workspace commit events in `seq` order (`lock_feed`), so an
  event can never appear below a cursor. Requests never pay for webhooks: they only append
  the event they already append.
- Claim. A worker claims the oldest pending delivery of a webhook (never a later one while an
  earlier one is pending: that is what keeps order) whose retry time has come, with
  `FOR UPDATE SKIP LOCKED`, and leases it for `lease` seconds. The lease, not an open
  transaction, covers the HTTP call, so no row stays locked while a slow receiver thinks; a
  worker that dies mid-send loses its lease and another worker retries (at least once).
  SQLite has no row locks; its writers are serialised by BEGIN IMMEDIATE.
- Outcome. 2xx marks the delivery delivered and resets the webhook's failure count. Anything
  else schedules a retry with exponential backoff and jitter, counts a consecutive failure,
  and disables the webhook at `max_failures` or at once on 410 Gone (appending
  `webhook.updated`). Queued deliveries wait while it is disabled.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, or_, select, true
from sqlalchemy.orm import aliased
from sqlmodel import Session

from api.auth.deps import Access, Principal
from api.events.models import Event
from api.events.service import record_event
from api.kit.time import utcnow
from api.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from api.webhooks.schemas import DisabledReason
from api.webhooks.service import TEST_EVENT, webhook_public
from api.workspaces.models import Role


def matches(filters: list[str], event_type: str) -> bool:
    if event_type == TEST_EVENT:  # sent only to the webhook under test, never fanned out
        return False
    for f in filters:
        if f in ("*", event_type) or (f.endswith(".*") and event_type.startswith(f[:-1])):
            return True
    return False


def _locking(session: Session, stmt, of):
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update(skip_locked=True, of=of)
    return stmt  # SQLite: BEGIN IMMEDIATE already made this transaction the only writer


def fan_out(session: Session, batch: int = 500, webhooks: int = 50) -> tuple[int, int]:
    """Queue deliveries for new events: (webhooks advanced, deliveries queued).

    The caller commits."""
    behind = exists().where(
        Event.workspace_id == Webhook.workspace_id, Event.seq > Webhook.last_seq
    )
    stmt = select(Webhook).where(Webhook.enabled == true(), behind).order_by(Webhook.id)
    hooks = session.scalars(_locking(session, stmt.limit(webhooks), Webhook)).all()
    queued = 0
    for hook in hooks:
        events = session.execute(
            select(Event.seq, Event.id, Event.type)
            .where(Event.workspace_id == hook.workspace_id, Event.seq > hook.last_seq)
            .order_by(Event.seq)
            .limit(batch)
        ).all()
        if not events:
            continue
        for seq, event_id, event_type in events:
            if matches(hook.event_types, event_type):
                session.add(
                    WebhookDelivery(
                        workspace_id=hook.workspace_id,
                        webhook_id=hook.id,
                        event_id=event_id,
                        event_seq=seq,
                        event_type=event_type,
                    )
                )
                queued += 1
        hook.last_seq = events[-1].seq  # not updated_at: the endpoint's settings did not change
        session.add(hook)
    session.flush()
    return len(hooks), queued


@dataclass(frozen=True)
class Job:
    """Everything needed to send one attempt, read while claiming it."""

    delivery_id: uuid.UUID
    webhook_id: uuid.UUID
    attempt: int
    url: str
    secret: str
    event_id: uuid.UUID
    body: dict[str, Any]


def _body(event: Event) -> dict[str, Any]:
    data = {
        **event.payload,
        "event_id": str(event.id),
        "event_seq": event.seq,
        "workspace_id": str(event.workspace_id),
        "resource_type": event.resource_type,
        "resource_id": str(event.resource_id),
    }
    return {"type": event.type, "timestamp": event.occurred_at.isoformat(), "data": data}


def claim(session: Session, lease: timedelta, due_by: datetime | None = None) -> Job | None:
    """Lease the next delivery due by `due_by` (default now) that heads its webhook's queue.

    The caller commits."""
    now = utcnow()
    due_by = due_by or now
    d = WebhookDelivery
    earlier = aliased(WebhookDelivery)
    is_head = ~exists().where(
        earlier.webhook_id == d.webhook_id,
        earlier.status == "pending",
        earlier.event_seq < d.event_seq,
    )
    stmt = (
        select(d)
        .join(Webhook, Webhook.id == d.webhook_id)
        .where(
            d.status == "pending",
            d.next_attempt_at <= due_by,
            or_(d.locked_until.is_(None), d.locked_until < now),
            Webhook.enabled == true(),
            is_head,
        )
        .order_by(d.next_attempt_at)
        .limit(1)
    )
    delivery = session.scalars(_locking(session, stmt, d)).first()
    if delivery is None:
        return None
    hook = session.get(Webhook, delivery.webhook_id)
    event = session.scalars(select(Event).where(Event.id == delivery.event_id)).one()
    delivery.locked_until = now + lease
    session.add(delivery)
    session.flush()
    return Job(
        delivery_id=delivery.id,
        webhook_id=hook.id,
        attempt=delivery.attempts + 1,
        url=hook.url,
        secret=hook.secret,
        event_id=event.id,
        body=_body(event),
    )


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    latency_ms: int
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(frozen=True)
class RetryPolicy:
    backoff: tuple[float, ...] = (5, 30, 120, 600, 3600, 7200, 14400, 28800)
    jitter: float = 0.2  # each delay is stretched or shrunk by up to this fraction
    max_failures: int = 10

    def delay(self, failures: int) -> timedelta:
        base = self.backoff[min(failures, len(self.backoff)) - 1]
        spread = random.uniform(-self.jitter, self.jitter) if self.jitter else 0.0  # noqa: S311
        return timedelta(seconds=base * (1 + spread))


def record(session: Session, job: Job, outcome: Outcome, policy: RetryPolicy) -> str:
    """Store the attempt and its consequences; returns what happened. The caller commits."""
    now = utcnow()
    # Webhook row first, then the delivery: the order re-enabling a webhook locks them in.
    hook = session.get(Webhook, job.webhook_id, with_for_update=True)
    delivery = session.get(WebhookDelivery, job.delivery_id, with_for_update=True)
    if hook is None or delivery is None or delivery.status != "pending":
        return "gone"  # the webhook was deleted meanwhile (or a lease expired and raced)
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            attempt=job.attempt,
            status_code=outcome.status_code,
            latency_ms=outcome.latency_ms,
            error=outcome.error[:500] if outcome.error else None,
            succeeded=outcome.succeeded,
            attempted_at=now,
        )
    )
    delivery.attempts = job.attempt
    delivery.locked_until = None
    delivery.updated_at = now
    if outcome.succeeded:
        delivery.status = "delivered"
        delivery.delivered_at = now
        if hook.failure_count:
            hook.failure_count = 0
        result = "delivered"
    else:
        delivery.next_attempt_at = now + policy.delay(job.attempt)
        hook.failure_count += 1
        result = "failed"
        reason = None
        if outcome.status_code == 410:
            reason = DisabledReason.endpoint_gone
        elif hook.failure_count >= policy.max_failures:
            reason = DisabledReason.consecutive_failures
        if reason is not None and hook.enabled:
            _disable(session, hook, reason, now)
            result = f"failed; webhook disabled ({reason})"
    session.add(delivery)
    session.add(hook)
    session.flush()
    return result


def _disable(session: Session, hook: Webhook, reason: DisabledReason, now: datetime) -> None:
    hook.enabled = False
    hook.disabled_reason = reason
    hook.disabled_at = now
    hook.updated_at = now
    session.add(hook)
    session.flush()
    # The worker acts for no one: the event's actor is empty.
    system = Access(hook.workspace_id, Principal(), Role.owner, can_write=True)
    payload = webhook_public(hook).model_dump(mode="json")
    record_event(session, system, "webhook.updated", hook.id, payload)


def prune(session: Session, older_than: timedelta) -> int:
    """Forget delivered deliveries (and their attempts) after the retention period."""
    cutoff = utcnow() - older_than
    done = session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.status == "delivered", WebhookDelivery.delivered_at < cutoff
        )
    )
    return done.rowcount or 0
