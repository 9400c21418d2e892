import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class EventPublic(BaseModel):
    seq: int = Field(description="Position in the workspace's feed; pass the last one as `after`")
    id: uuid.UUID
    workspace_id: uuid.UUID
    type: str = Field(
        description="`<resource>.<created|updated|deleted>`, e.g. `concern.updated`, or one of "
        "the other types listed with the feed",
        examples=["concern.updated"],
    )
    resource_type: str
    resource_id: uuid.UUID
    actor: dict[str, uuid.UUID | None] = Field(
        description="`user_id` of the person or `token_id` of the API token that made the change"
    )
    occurred_at: datetime
    payload: dict[str, Any] = Field(
        description="The resource as it stood after the change; for deletes a tombstone "
        '`{"id": ..., "deleted": true}`; the feed\'s description lists each type\'s payload'
    )


class EventPage(BaseModel):
    items: list[EventPublic]
    next_cursor: str | None = Field(
        description="The `seq` to pass as `after` (as `before` with `order=desc`) for the next page"
    )
