import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.auth.schemas import Email
from api.kit.types import Name, ShortText, StrictBool, StrictFloat, TagList, bounded_text


class RoleType(StrEnum):
    """CFIR 2.0 implementation roles."""

    high_level_leader = "high_level_leader"
    mid_level_leader = "mid_level_leader"
    opinion_leader = "opinion_leader"
    implementation_facilitator = "implementation_facilitator"
    implementation_lead = "implementation_lead"
    implementation_team_member = "implementation_team_member"
    innovation_deliverer = "innovation_deliverer"
    innovation_recipient = "innovation_recipient"
    other = "other"


Description = bounded_text(2000)
Influence = Annotated[StrictFloat, Field(ge=1.0, le=2.0)]


class TeamCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    description: Description = ""


class TeamUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name = None
    description: Description = None


class TeamPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    name: str
    description: str
    created_at: datetime
    updated_at: datetime


class StakeholderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    title: ShortText = ""
    team_id: uuid.UUID | None = None
    role_type: RoleType = RoleType.other
    discipline: bounded_text(100) = Field(
        default="", description="For example QI, nursing, medicine, administration"
    )
    email: Email | None = None
    tags: TagList = Field(default_factory=list)
    influence_manual: Influence | None = Field(
        default=None, description="Replaces the computed influence on the champion map (1.0-2.0)"
    )
    archived: StrictBool = False


class StakeholderUpdate(BaseModel):
    """Every field optional; only the fields sent change."""

    model_config = ConfigDict(extra="forbid")
    name: Name = None
    title: ShortText = None
    team_id: uuid.UUID | None = None
    role_type: RoleType = None
    discipline: bounded_text(100) = None
    email: Email | None = None
    tags: TagList = None
    influence_manual: Influence | None = None
    archived: StrictBool = None


class StakeholderPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    name: str
    title: str
    team_id: uuid.UUID | None
    role_type: RoleType
    discipline: str
    email: str | None
    tags: list[str]
    influence_manual: float | None
    archived: bool
    created_at: datetime
    updated_at: datetime
