"""Webhook endpoints, the delivery outbox, and the log of every attempt."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.db import UTCDateTime
from api.kit.ids import uuid7
from api.kit.models import WorkspaceScoped
from api.kit.time import utcnow


class Webhook(WorkspaceScoped, table=True):
    url: str = Field(max_length=2000)
    description: str = Field(default="", max_length=500)
    event_types: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=40)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Consecutive failed attempts; any success resets it.
    failure_count: int = 0
    # The signing secret must be recoverable to sign, so it is stored (never hashed); it is
    # returned once, on creation, and kept out of events and logs.
    secret: str = Field(max_length=100)
    # Fan-out cursor: events of this workspace up to this `seq` have been matched against
    # the filters. Event writers of one workspace commit in `seq` order (see
    # api/events/service.py::lock_feed), so nothing below the cursor can appear later.
    last_seq: int = Field(default=0, sa_type=sa.BigInteger)


class WebhookDelivery(SQLModel, table=True):
    """One row per webhook x matching event: the outbox the worker drains."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        sa.UniqueConstraint("webhook_id", "event_id"),
        sa.Index("ix_webhook_delivery_head", "webhook_id", "status", "event_seq"),
        sa.Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    webhook_id: uuid.UUID = Field(foreign_key="webhook.id", ondelete="CASCADE")
    event_id: uuid.UUID = Field(foreign_key="event.id", ondelete="CASCADE")
    event_seq: int = Field(sa_type=sa.BigInteger)
    event_type: str = Field(max_length=80)
    status: str = Field(default="pending", max_length=12)  # pending | delivered
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # A worker that claimed the delivery owns it until then (it crashed if it is past).
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class WebhookAttempt(SQLModel, table=True):
    """One HTTP attempt of a delivery, as the receiver answered it."""

    __tablename__ = "webhook_attempt"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    delivery_id: uuid.UUID = Field(
        foreign_key="webhook_delivery.id", index=True, ondelete="CASCADE"
    )
    attempt: int
    status_code: int | None = None
    latency_ms: int
    error: str | None = Field(default=None, max_length=500)
    succeeded: bool
    attempted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
