"""API shapes for conversations, concerns, acknowledgements and commitments.

Create schemas are strict and closed (`extra="forbid"`); Update schemas make every field
optional, and the service re-validates the merged result through the Create schema, so a PATCH
can never produce a record that could not have been created. Signals live in
`signal_schemas.py`; the timeline's shapes are at the end of this file.
"""

import uuid
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, ValidationInfo, field_validator

from api.kit.pagination import Page
from api.kit.time import utcnow
from api.kit.types import (
    LongText,
    Name,
    StrictBool,
    StrictInt,
    TagList,
    bounded_text,
)
from api.records.cfir import CfirConstruct, CfirDomain, construct_in_domain
from api.records.signal_schemas import SignalPublic
from api.records.types import RecordDate, RecordTime

Note = LongText
RecordText = bounded_text(10_000, min_length=1)
Tone = Annotated[StrictInt, Field(ge=-2, le=2, description="-2 (hostile) to +2 (warm)")]
Rating = Annotated[StrictInt, Field(ge=1, le=5)]
Severity = Annotated[StrictInt, Field(ge=1, le=3, description="1 (minor) to 3 (blocking)")]
Duration = Annotated[StrictInt, Field(ge=1, le=1440, description="Minutes, 1 to 1440")]

HELD_BY_DOC = (
    "User id of the workspace member who held the conversation. Defaults to the signed-in "
    "caller; API-token callers get null unless they send it."
)
PRIVATE_DOC = (
    "When true, `summary` is returned as null to everyone except the user in `held_by` "
    "(in responses, the timeline and the event feed)."
)


def latest_date_anywhere() -> date:
    # "Today" differs by time zone; accept any date that is already today somewhere (UTC+14).
    return (utcnow() + timedelta(hours=14)).date()


# --- conversations ---------------------------------------------------------------------------


class ConversationMode(StrEnum):
    in_person = "in_person"
    video = "video"
    phone = "phone"
    other = "other"


class Ratings(BaseModel):
    """How the stakeholder rated the team in this conversation; a missing key means not rated."""

    model_config = ConfigDict(extra="forbid")
    authenticity: Rating | None = None
    competence: Rating | None = None
    empathy: Rating | None = None


class ConversationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID
    occurred_at: RecordTime = Field(description="When it happened; not in the future")
    held_by: uuid.UUID | None = Field(default=None, description=HELD_BY_DOC)
    mode: ConversationMode = ConversationMode.in_person
    duration_minutes: Duration | None = None
    summary: Note = ""
    private: StrictBool = Field(default=False, description=PRIVATE_DOC)
    tone: Tone
    ratings: Ratings = Field(default_factory=Ratings)
    topics: TagList = Field(default_factory=list)
    next_contact_on: RecordDate | None = None
    next_contact_scheduled: StrictBool = Field(
        default=False, description="The next contact is booked; needs `next_contact_on`"
    )

    @field_validator("next_contact_scheduled")
    @classmethod
    def _scheduled_needs_date(cls, value: bool, info: ValidationInfo) -> bool:
        if value and "next_contact_on" in info.data and info.data["next_contact_on"] is None:
            raise ValueError("a scheduled next contact needs next_contact_on")
        return value


class ConversationUpdate(BaseModel):
    """Every field optional; only the fields sent change. `ratings` is replaced as a whole."""

    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID = None
    occurred_at: RecordTime = None
    held_by: uuid.UUID | None = None
    mode: ConversationMode = None
    duration_minutes: Duration | None = None
    summary: Note = None
    private: StrictBool = None
    tone: Tone = None
    ratings: Ratings = None
    topics: TagList = None
    next_contact_on: RecordDate | None = None
    next_contact_scheduled: StrictBool = None


class RatingsPublic(BaseModel):
    authenticity: int | None = None
    competence: int | None = None
    empathy: int | None = None


class ConversationPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    stakeholder_id: uuid.UUID
    occurred_at: datetime
    held_by: uuid.UUID | None
    mode: ConversationMode
    duration_minutes: int | None
    summary: str | None = Field(
        description="Null when the conversation is private and the caller is not `held_by`"
    )
    private: bool
    tone: int
    ratings: RatingsPublic
    topics: list[str]
    next_contact_on: date | None
    next_contact_scheduled: bool
    created_at: datetime
    updated_at: datetime


# --- concerns --------------------------------------------------------------------------------


class ConcernStatus(StrEnum):
    open = "open"
    being_addressed = "being_addressed"
    resolved = "resolved"
    dismissed = "dismissed"


CLOSED_STATUSES = {ConcernStatus.resolved, ConcernStatus.dismissed}


class ConcernCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID
    conversation_id: uuid.UUID | None = Field(
        default=None, description="The conversation it came from; must be with the same stakeholder"
    )
    raised_at: RecordTime | None = Field(
        default=None,
        description="Defaults to the conversation's `occurred_at`, else to now; not in the future",
    )
    text: RecordText
    severity: Severity = 1
    cfir_domain: CfirDomain | None = None
    cfir_construct: CfirConstruct | None = Field(
        default=None, description="Needs `cfir_domain`, and must be one of that domain's constructs"
    )
    status: ConcernStatus = ConcernStatus.open
    resolution_note: Note = ""
    loop_closed_on: RecordDate | None = Field(
        default=None,
        description="When the stakeholder was told what changed; only for a resolved or "
        "dismissed concern, not in the future",
    )

    @field_validator("cfir_construct")
    @classmethod
    def _construct_in_domain(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or "cfir_domain" not in info.data:
            return value  # a bad domain is reported on its own field
        domain = info.data["cfir_domain"]
        if domain is None:
            raise ValueError("needs cfir_domain")
        if not construct_in_domain(domain, value):
            raise ValueError(f"is not a construct of the {domain} domain")
        return value

    @field_validator("loop_closed_on")
    @classmethod
    def _loop_closed_when_closed(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None:
            return value
        if value > latest_date_anywhere():
            raise ValueError("must not be in the future")
        if "status" in info.data and info.data["status"] not in CLOSED_STATUSES:
            raise ValueError("only a resolved or dismissed concern can have its loop closed")
        return value


class ConcernUpdate(BaseModel):
    """Every field optional; only the fields sent change."""

    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID = None
    conversation_id: uuid.UUID | None = None
    raised_at: RecordTime = None
    text: RecordText = None
    severity: Severity = None
    cfir_domain: CfirDomain | None = None
    cfir_construct: CfirConstruct | None = None
    status: ConcernStatus = None
    status_changed_at: RecordTime = Field(
        default=None,
        description="Backdates this status change (default now); only with a new `status`, "
        "not before `raised_at` nor before the previous change",
    )
    resolution_note: Note = None
    loop_closed_on: RecordDate | None = None


class StatusChangePublic(BaseModel):
    status: ConcernStatus
    from_status: ConcernStatus | None = Field(description="Null for the status it was raised with")
    changed_at: datetime
    changed_by: uuid.UUID | None = Field(description="The user who made the change")
    changed_by_token: uuid.UUID | None = Field(
        description="The API token that made the change, when it was not a user"
    )


class ConcernPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    stakeholder_id: uuid.UUID
    conversation_id: uuid.UUID | None
    raised_at: datetime
    text: str
    severity: int
    cfir_domain: CfirDomain | None
    cfir_construct: CfirConstruct | None
    status: ConcernStatus
    status_changed_at: datetime
    resolution_note: str
    loop_closed_on: date | None
    status_history: list[StatusChangePublic] = Field(
        description="Every status the concern has had, oldest first, starting with the one it "
        "was raised with"
    )
    created_at: datetime
    updated_at: datetime


# --- acknowledgements ------------------------------------------------------------------------


class AcknowledgementSetting(StrEnum):
    one_on_one = "one_on_one"
    team_meeting = "team_meeting"
    asked_for_advice = "asked_for_advice"
    public_credit = "public_credit"


class AcknowledgementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID
    acknowledged_at: RecordTime
    area: Name = Field(description='The expertise acknowledged, e.g. "QI: run charts"')
    setting: AcknowledgementSetting = AcknowledgementSetting.one_on_one
    acknowledged_by: uuid.UUID | None = Field(
        default=None,
        description="User id of the member who acknowledged it. Defaults to the signed-in "
        "caller; API-token callers get null unless they send it.",
    )
    note: Note = ""


class AcknowledgementUpdate(BaseModel):
    """Every field optional; only the fields sent change."""

    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID = None
    acknowledged_at: RecordTime = None
    area: Name = None
    setting: AcknowledgementSetting = None
    acknowledged_by: uuid.UUID | None = None
    note: Note = None


class AcknowledgementPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    stakeholder_id: uuid.UUID
    acknowledged_at: datetime
    area: str
    setting: AcknowledgementSetting
    acknowledged_by: uuid.UUID | None
    note: str
    created_at: datetime
    updated_at: datetime


# --- commitments -----------------------------------------------------------------------------


class CommitmentOwner(StrEnum):
    team = "team"
    stakeholder = "stakeholder"


class CommitmentStatus(StrEnum):
    open = "open"
    kept = "kept"
    broken = "broken"
    cancelled = "cancelled"


class CommitmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID
    conversation_id: uuid.UUID | None = Field(
        default=None,
        description="The conversation it was promised in; must be with the same stakeholder",
    )
    description: bounded_text(2000, min_length=1)
    owner: CommitmentOwner = Field(
        default=CommitmentOwner.team,
        description="`team`: the implementation team promised it; `stakeholder`: they did",
    )
    due_on: RecordDate | None = None
    status: CommitmentStatus = CommitmentStatus.open


class CommitmentUpdate(BaseModel):
    """Every field optional; only the fields sent change."""

    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID = None
    conversation_id: uuid.UUID | None = None
    description: bounded_text(2000, min_length=1) = None
    owner: CommitmentOwner = None
    due_on: RecordDate | None = None
    status: CommitmentStatus = None


class CommitmentPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    stakeholder_id: uuid.UUID
    conversation_id: uuid.UUID | None
    description: str
    owner: CommitmentOwner
    due_on: date | None
    status: CommitmentStatus
    status_changed_at: datetime | None = Field(
        description="When `status` last changed; null while it never has (read only)"
    )
    created_at: datetime
    updated_at: datetime


# --- timeline --------------------------------------------------------------------------------


class _TimelineItem(BaseModel):
    at: datetime = Field(
        description="The record's own date: occurred_at, raised_at, acknowledged_at, "
        "observed_at, or a commitment's created_at"
    )


class ConversationItem(_TimelineItem):
    type: Literal["conversation"]
    record: ConversationPublic


class ConcernItem(_TimelineItem):
    type: Literal["concern"]
    record: ConcernPublic


class AcknowledgementItem(_TimelineItem):
    type: Literal["acknowledgement"]
    record: AcknowledgementPublic


class SignalItem(_TimelineItem):
    type: Literal["signal"]
    record: SignalPublic


class CommitmentItem(_TimelineItem):
    type: Literal["commitment"]
    record: CommitmentPublic


TimelineItem = Annotated[
    ConversationItem | ConcernItem | AcknowledgementItem | SignalItem | CommitmentItem,
    Discriminator("type"),
]


class TimelinePage(Page[TimelineItem]):
    """A page of a stakeholder's timeline, newest first."""
