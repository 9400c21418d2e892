import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from api.auth.schemas import Email
from api.kit.types import Name, bounded_text

RoleName = Literal["owner", "lead", "viewer"]


class WorkspaceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    description: bounded_text(2000) = ""


class WorkspaceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name | None = None
    description: bounded_text(2000) | None = None


class WorkspacePublic(BaseModel):
    id: uuid.UUID
    name: str
    description: str
    created_at: datetime
    updated_at: datetime
    role: RoleName | None = None


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Email
    role: RoleName


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: RoleName


class MemberPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    name: str
    role: RoleName
    created_at: datetime
    updated_at: datetime
