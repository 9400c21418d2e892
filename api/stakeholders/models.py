import uuid

import sqlalchemy as sa
from sqlmodel import Field

from api.kit.models import WorkspaceScoped


class Team(WorkspaceScoped, table=True):
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)


class Stakeholder(WorkspaceScoped, table=True):
    # What a record's (stakeholder_id, workspace_id) foreign key refers to.
    __table_args__ = (sa.UniqueConstraint("id", "workspace_id"),)

    name: str = Field(max_length=200, index=True)
    title: str = Field(default="", max_length=200)
    team_id: uuid.UUID | None = Field(
        default=None, foreign_key="team.id", index=True, ondelete="SET NULL"
    )
    role_type: str = Field(default="other", max_length=40)
    discipline: str = Field(default="", max_length=100)
    email: str | None = Field(default=None, max_length=320)
    tags: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    influence_manual: float | None = None
    archived: bool = False
