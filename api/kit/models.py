"""Columns every workspace resource shares."""

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from api.db import UTCDateTime
from api.kit.ids import uuid7
from api.kit.time import utcnow


class WorkspaceScoped(SQLModel):
    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
