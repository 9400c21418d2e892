import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.db import UTCDateTime
from api.kit.ids import uuid7
from api.kit.time import utcnow


class ScoringSettingsVersion(SQLModel, table=True):
    """Every saved version of a workspace's scoring settings; the highest version is in force."""

    __tablename__ = "scoring_settings_version"
    __table_args__ = (sa.UniqueConstraint("workspace_id", "version"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    version: int
    values: dict[str, Any] = Field(sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


class StakeholderReading(SQLModel, table=True):
    """Derived data: a stakeholder's forward-decayed sums and the facts the rules need.

    Rebuilt from the record log in the same transaction as any record change, so reading the
    champion map never touches the log. `rapport reconcile` checks it against the log.
    """

    __tablename__ = "stakeholder_reading"
    # A workspace's readings, and those written since a moment (the champion map asks which
    # readings changed after a record was edited or deleted: `scoremap.map_rows`).
    __table_args__ = (
        sa.Index("ix_stakeholder_reading_workspace_id_updated_at", "workspace_id", "updated_at"),
    )

    stakeholder_id: uuid.UUID = Field(
        foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE"
    )
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", ondelete="CASCADE")
    evidence: float = 0.0
    champion: float = 0.0
    reluctance: float = 0.0
    open_evidence: float = 0.0
    open_reluctance: float = 0.0
    authenticity_weight: float = 0.0
    authenticity_value: float = 0.0
    competence_weight: float = 0.0
    competence_value: float = 0.0
    empathy_weight: float = 0.0
    empathy_value: float = 0.0
    facts: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # The category at the last refresh, to notice changes and write them to the event log.
    category: str = Field(default="unknown", max_length=20)
    category_as_of: datetime | None = Field(default=None, sa_type=UTCDateTime)
    settings_version: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FocusChallenge(SQLModel, table=True):
    """The one challenge a workspace has chosen to work on ("pick one challenge")."""

    __tablename__ = "focus_challenge"

    workspace_id: uuid.UUID = Field(
        foreign_key="workspace.id", primary_key=True, ondelete="CASCADE"
    )
    cfir_domain: str = Field(max_length=60)
    cfir_construct: str | None = Field(default=None, max_length=80)
    note: str = Field(default="", sa_type=sa.Text)
    chosen_by: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    chosen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
