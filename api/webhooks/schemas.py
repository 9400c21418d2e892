import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StringConstraints

from api.kit.types import NO_NUL, StrictBool, bounded_text
from api.webhooks.targets import check_url_syntax

WebhookUrl = Annotated[
    str,
    Strict(),
    StringConstraints(min_length=1, max_length=2000, pattern=NO_NUL),
    AfterValidator(check_url_syntax),
    Field(
        description="Where events are POSTed: a public http or https URL (https recommended)",
        examples=["https://hooks.example.org/rapport"],
    ),
]
EventTypeFilter = Annotated[
    str,
    Strict(),
    StringConstraints(max_length=80, pattern=r"^(\*|[a-z][a-z0-9_]*\.(\*|[a-z][a-z0-9_]*))$"),
]


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


EventTypes = Annotated[
    list[EventTypeFilter],
    Field(
        min_length=1,
        max_length=50,
        description="Event types to receive: exact types (`concern.updated`), every type of "
        "a resource (`concern.*`), or everything (`*`)",
        examples=[["concern.*", "stakeholder.created"]],
    ),
    AfterValidator(_dedupe),
]
Description = bounded_text(500)


class DisabledReason(StrEnum):
    manual = "manual"
    consecutive_failures = "consecutive_failures"
    endpoint_gone = "endpoint_gone"


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: WebhookUrl
    event_types: EventTypes
    description: Description = ""


class WebhookUpdate(BaseModel):
    """Every field optional; only the fields sent change."""

    model_config = ConfigDict(extra="forbid")
    url: WebhookUrl = None
    event_types: EventTypes = None
    description: Description = None
    enabled: StrictBool = Field(
        default=None,
        description="false pauses deliveries; true resumes them and resets "
        "`failure_count` (events queued meanwhile are delivered, oldest first)",
    )


class WebhookPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: DisabledReason | None = Field(
        description="Why deliveries stopped: an owner paused them, the endpoint failed "
        "too many times in a row, or it answered 410 Gone"
    )
    disabled_at: datetime | None
    failure_count: int = Field(description="Consecutive failed attempts; a success resets it")
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookPublic):
    secret: str = Field(
        description="The signing secret (`whsec_...`). Shown only in this response: store it "
        "to verify each request's `webhook-signature`."
    )


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"


class AttemptPublic(BaseModel):
    attempt: int = Field(description="1 for the first try, 2 for the first retry, ...")
    status_code: int | None = Field(description="The receiver's HTTP status; null if none")
    latency_ms: int
    error: str | None = Field(description="Why the attempt failed; null if it succeeded")
    succeeded: bool
    attempted_at: datetime


class DeliveryPublic(BaseModel):
    id: uuid.UUID
    webhook_id: uuid.UUID
    event_id: uuid.UUID = Field(description="Also the `webhook-id` header of every attempt")
    event_type: str
    event_seq: int
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: datetime | None = Field(description="When it is tried next, if pending")
    delivered_at: datetime | None
    attempts: list[AttemptPublic] = Field(description="The most recent attempts, oldest first")
    created_at: datetime
    updated_at: datetime
