from typing import Annotated, Literal

from fastapi import Query
from sqlmodel import select

from api.auth.deps import ReaderDep
from api.db import SessionDep
from api.events import catalog
from api.events.models import Event
from api.events.schemas import EventPage, EventPublic
from api.kit.errors import ERROR_RESPONSES
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
    after: Annotated[int, Query(ge=0, le=2**62, description="Only events after this `seq`")] = 0,
    before: Annotated[
        int | None, Query(ge=1, le=2**62, description="Only events before this `seq`")
    ] = None,
    order: Annotated[
        Literal["asc", "desc"],
        Query(
            description="`asc` (the default) lists oldest first, as an integration tails the "
            "feed, paging on with `after`; `desc` newest first, as a person reads what happened "
            "lately, paging back with `before`"
        ),
    ] = "asc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    type: Annotated[
        str | None,
        Query(
            max_length=80,
            pattern=NO_NUL,
            description="Only this event type (`concern.updated`), or a resource's (`concern.*`)",
        ),
    ] = None,
):
    stmt = select(Event).where(Event.workspace_id == access.workspace_id, Event.seq > after)
    if before is not None:
        stmt = stmt.where(Event.seq < before)
    if type and type.endswith(".*"):
        stmt = stmt.where(Event.type.startswith(type[:-1], autoescape=True))
    elif type:
        stmt = stmt.where(Event.type == type)
    stmt = stmt.order_by(Event.seq if order == "asc" else Event.seq.desc())
    rows = session.exec(stmt.limit(limit)).all()
    next_cursor = str(rows[-1].seq) if len(rows) == limit else None
    return EventPage(items=[event_public(e) for e in rows], next_cursor=next_cursor)
