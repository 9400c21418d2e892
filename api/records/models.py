"""What comes out of one-on-one conversations: the evidence the scores are computed from."""

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from api.db import UTCDateTime
from api.kit.models import StakeholderRecord, WorkspaceScoped, stakeholder_in_workspace


class Conversation(StakeholderRecord, table=True):
    __table_args__ = stakeholder_in_workspace()
    occurred_at: datetime = Field(sa_type=UTCDateTime, index=True)
    held_by: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    mode: str = Field(default="in_person", max_length=20)
    duration_minutes: int | None = None
    summary: str = Field(default="", sa_type=sa.Text)
    private: bool = False
    tone: int = 0
    ratings: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    topics: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    next_contact_on: date | None = None
    next_contact_scheduled: bool = False


class Concern(StakeholderRecord, table=True):
    __table_args__ = stakeholder_in_workspace()
    conversation_id: uuid.UUID | None = Field(
        default=None, foreign_key="conversation.id", index=True, ondelete="SET NULL"
    )
    raised_at: datetime = Field(sa_type=UTCDateTime, index=True)
    text: str = Field(sa_type=sa.Text)
    severity: int = 1
    cfir_domain: str | None = Field(default=None, max_length=60)
    cfir_construct: str | None = Field(default=None, max_length=80)
    status: str = Field(default="open", max_length=20, index=True)
    status_changed_at: datetime = Field(sa_type=UTCDateTime)
    resolution_note: str = Field(default="", sa_type=sa.Text)
    loop_closed_on: date | None = None


class ConcernStatusChange(WorkspaceScoped, table=True):
    """Who moved a concern to which status, and when: scores as of a past date need it."""

    __tablename__ = "concern_status_change"

    concern_id: uuid.UUID = Field(foreign_key="concern.id", index=True, ondelete="CASCADE")
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    changed_at: datetime = Field(sa_type=UTCDateTime)
    changed_by: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    changed_by_token: uuid.UUID | None = None


class Acknowledgement(StakeholderRecord, table=True):
    __table_args__ = stakeholder_in_workspace()
    acknowledged_at: datetime = Field(sa_type=UTCDateTime, index=True)
    area: str = Field(max_length=200)
    setting: str = Field(default="one_on_one", max_length=20)
    acknowledged_by: uuid.UUID | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL"
    )
    note: str = Field(default="", sa_type=sa.Text)


class Signal(StakeholderRecord, table=True):
    __table_args__ = stakeholder_in_workspace()
    """A readiness or behaviour observation; `values` holds the fields of its `kind`."""

    observed_at: datetime = Field(sa_type=UTCDateTime, index=True)
    kind: str = Field(max_length=30, index=True)
    source: str = Field(default="observed", max_length=20)
    note: str = Field(default="", sa_type=sa.Text)
    values: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # Peer nominations name another stakeholder; kept as a column so it can be a foreign key.
    nominated_by_id: uuid.UUID | None = Field(
        default=None, foreign_key="stakeholder.id", ondelete="CASCADE"
    )


class Commitment(StakeholderRecord, table=True):
    __table_args__ = stakeholder_in_workspace()
    conversation_id: uuid.UUID | None = Field(
        default=None, foreign_key="conversation.id", index=True, ondelete="SET NULL"
    )
    description: str = Field(sa_type=sa.Text)
    owner: str = Field(default="team", max_length=20)
    due_on: date | None = None
    status: str = Field(default="open", max_length=20, index=True)
    status_changed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
