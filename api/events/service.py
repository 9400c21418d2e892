import uuid
from typing import Any

from sqlmodel import Session

from api.auth.deps import Access
from api.events.models import Event


def record_event(
    session: Session,
    access: Access,
    type_: str,
    resource_id: uuid.UUID,
    payload: dict[str, Any],
) -> Event:
    """Append to the log in the caller's transaction, so an event exists iff its change does."""
    event = Event(
        workspace_id=access.workspace_id,
        type=type_,
        resource_type=type_.split(".", 1)[0],
        resource_id=resource_id,
        actor_user_id=access.principal.user_id,
        actor_token_id=access.principal.token_id,
        payload=payload,
    )
    session.add(event)
    return event
