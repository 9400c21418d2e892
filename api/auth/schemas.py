import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from api.kit.types import Name, bounded_text

Email = Annotated[
    str,
    StringConstraints(min_length=3, max_length=320, pattern=r"^[^@\x00-\x20]+@[^@\x00-\x20]+$"),
    AfterValidator(str.lower),
]
Password = bounded_text(200, min_length=1)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Email
    password: Password


class UserPublic(BaseModel):
    id: uuid.UUID
    email: str
    name: str
    created_at: datetime


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    scope: Literal["read", "write"]


class TokenPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    name: str
    scope: Literal["read", "write"]
    prefix: str
    created_by: uuid.UUID | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    token: str
