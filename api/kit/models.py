"""Columns every workspace resource shares."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.db import UTCDateTime
from api.kit.ids import uuid7
from api.kit.time import utcnow


class WorkspaceScoped(SQLModel):
    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class StakeholderRecord(WorkspaceScoped):
    """A record about one stakeholder. Its `(stakeholder_id, workspace_id)` is one foreign key
    to the stakeholder's `(id, workspace_id)`: the database holds every record to a
    stakeholder of its own workspace, and deleting the stakeholder (or the workspace, through
    its stakeholders) deletes the record. Each table sets `__table_args__ =
    stakeholder_in_workspace()`."""

    workspace_id: uuid.UUID = Field(index=True)
    stakeholder_id: uuid.UUID = Field(index=True)


def stakeholder_in_workspace() -> tuple:
    return (
        sa.ForeignKeyConstraint(
            ["stakeholder_id", "workspace_id"],
            ["stakeholder.id", "stakeholder.workspace_id"],
            ondelete="CASCADE",
        ),
    )
