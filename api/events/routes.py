from typing import Annotated, Literal

from fastapi import Query
from sqlmodel import select

from api.auth.deps import ReaderDep
from api.db import SessionDep
from api.events import catalog
from api.events.models import Event
from api.events.schemas import EventPage, EventPublic
from api.kit.errors import ERROR_RESPONSES, InvalidInput
from api.kit.routing import Router
from api.kit.types import NO_NUL

router = Router(prefix="/workspaces/{workspace_id}", tags=["events"], responses=ERROR_RESPONSES)


def event_public(e: Event) -> EventPublic:
    return EventPublic(
        seq=e.seq,
        id=e.id,
        workspace_id=e.workspace_id,
        type=e.type,
        resource_type=e.resource_type,
        resource_id=e.resource_id,
        actor={"user_id": e.actor_user_id, "token_id": e.actor_token_id},
        occurred_at=e.occurred_at,
        payload=e.payload,
    )


@router.get(
    "/events",
    operation_id="list_events",
    response_model=EventPage,
    description=catalog.feed_description(),
)
def list_events(
    access: ReaderDep,
    session: SessionDep,
    after: Annotated[
        int,
        Query(ge=0, le=2**62, description="Oldest first: return events after this `seq`"),
    ] = 0,
    before: Annotated[
        int | None,
        Query(
            ge=1,
            le=2**62,
            description="Newest first: return events before this `seq` (with `order=desc`)",
        ),
    ] = None,
    order: Annotated[
        Literal["asc", "desc"],
        Query(
            description="`asc` (the default) reads the feed oldest first, paged with `after`, "
            "as an integration tails it; `desc` newest first, paged with `before`, as a person "
            "reads what happened lately"
        ),
    ] = "asc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    type: Annotated[
        str | None, Query(max_length=80, pattern=NO_NUL, description="Only this event type")
    ] = None,
):
    stmt = select(Event).where(Event.workspace_id == access.workspace_id)
    if order == "asc":
        if before is not None:
            raise InvalidInput("query.before", "pages newest first: send it with order=desc")
        stmt = stmt.where(Event.seq > after).order_by(Event.seq)
    else:
        if after:
            raise InvalidInput("query.after", "pages oldest first: send `before` with order=desc")
        if before is not None:
            stmt = stmt.where(Event.seq < before)
        stmt = stmt.order_by(Event.seq.desc())
    if type:
        stmt = stmt.where(Event.type == type)
    rows = session.exec(stmt.limit(limit)).all()
    next_cursor = str(rows[-1].seq) if len(rows) == limit else None
    return EventPage(items=[event_public(e) for e in rows], next_cursor=next_cursor)
