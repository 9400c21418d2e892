import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.db import UTCDateTime
from api.kit.ids import uuid7
from api.kit.time import utcnow

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
SeqType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Event(SQLModel, table=True):
    """Append-only log of every change: audit trail, change feed and webhook outbox."""

    # The feed reads `workspace_id = ? AND seq > ? ORDER BY seq`, and the scores cache asks
    # for a workspace's latest seq: both are range reads of this one index.
    __table_args__ = (sa.Index("ix_event_workspace_id_seq", "workspace_id", "seq"),)

    seq: int | None = Field(default=None, sa_column=sa.Column(SeqType, primary_key=True))
    id: uuid.UUID = Field(default_factory=uuid7, unique=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", ondelete="CASCADE")
    type: str = Field(max_length=80)
    resource_type: str = Field(max_length=40)
    resource_id: uuid.UUID
    actor_user_id: uuid.UUID | None = Field(default=None)
    actor_token_id: uuid.UUID | None = Field(default=None)
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
