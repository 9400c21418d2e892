"""Conversations, acknowledgements, commitments and the stakeholder timeline.

Concerns and signals have their own route modules; `routers` collects all of them. Creating
a conversation, an acknowledgement, a signal or a commitment runs on a unit
(api/kit/unit.py), a conversation through its own written-out steps
(api/records/conversation_write.py); changes, deletes and concerns (with their status
history) use the ORM session.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from api.auth.deps import ReaderDep, WriterDep
from api.db import SessionDep
from api.kit import crud
from api.kit.errors import WRITE_RESPONSES
from api.kit.pagination import Page, PageDep, paginate
from api.kit.routing import Router
from api.kit.types import Date
from api.kit.unit import UnitDep
from api.records import service
from api.records.concern_routes import router as concern_router
from api.records.conversation_write import log_conversation
from api.records.deps import (
    AcknowledgementDep,
    CommitmentDep,
    ConversationDep,
    StakeholderFilter,
    TeamFilter,
    time_filter,
)
from api.records.models import Acknowledgement, Commitment, Conversation
from api.records.schemas import (
    AcknowledgementCreate,
    AcknowledgementPublic,
    AcknowledgementSetting,
    AcknowledgementUpdate,
    CommitmentCreate,
    CommitmentOwner,
    CommitmentPublic,
    CommitmentStatus,
    CommitmentUpdate,
    ConversationCreate,
    ConversationPublic,
    ConversationUpdate,
    TimelinePage,
)
from api.records.signal_routes import router as signal_router
from api.records.timeline import stakeholder_timeline
from api.stakeholders.models import Stakeholder
from api.stakeholders.routes import valid_stakeholder

router = Router(prefix="/workspaces/{workspace_id}", responses=WRITE_RESPONSES)

CONVERSATIONS = {"tags": ["conversations"]}
ACKNOWLEDGEMENTS = {"tags": ["acknowledgements"]}
COMMITMENTS = {"tags": ["commitments"]}


# --- conversations ---------------------------------------------------------------------------


# Included ahead of every other router (api/main.py): FastAPI finds a route by walking the
# routers it is nested in, and logging a conversation is the write made most often.
log_router = Router(prefix="/workspaces/{workspace_id}", responses=WRITE_RESPONSES)


@log_router.post(
    "/conversations",
    **CONVERSATIONS,
    operation_id="create_conversation",
    status_code=201,
    response_model=ConversationPublic,
)
def create_conversation(body: ConversationCreate, access: WriterDep, tx: UnitDep):
    """Log a one-on-one conversation with a stakeholder.

    `occurred_at` may not be in the future. `held_by` defaults to the signed-in caller (API
    tokens: null unless sent) and must name a member of the workspace. A `private`
    conversation's `summary` is shown only to the user in `held_by`: everyone else, every API
    token and the event feed get `summary: null`.
    """
    return log_conversation(tx, access, body)


@router.get(
    "/conversations",
    **CONVERSATIONS,
    operation_id="list_conversations",
    response_model=Page[ConversationPublic],
)
def list_conversations(
    access: ReaderDep,
    session: SessionDep,
    page: PageDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    held_by: Annotated[uuid.UUID | None, Query(description="Only those held by this user")] = None,
    occurred_from: time_filter("Occurred at or after") = None,
    occurred_to: time_filter("Occurred at or before") = None,
):
    """Conversations in the order they were logged (oldest first), with optional filters.

    Private summaries are null unless the caller held the conversation. Viewers may not list
    records about named people (403).
    """
    stmt = service.list_conversations_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        held_by=held_by,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
    )
    rows, cursor = paginate(session, stmt, Conversation, page)
    viewer = access.actor_user_id
    return Page(items=[service.conversation_public(c, viewer) for c in rows], next_cursor=cursor)


@router.get(
    "/conversations/{conversation_id}",
    **CONVERSATIONS,
    operation_id="get_conversation",
    response_model=ConversationPublic,
)
def get_conversation(access: ReaderDep, conversation: ConversationDep):
    """A conversation; its `summary` is null if it is private and the caller did not hold it."""
    return service.conversation_public(conversation, access.actor_user_id)


@router.patch(
    "/conversations/{conversation_id}",
    **CONVERSATIONS,
    operation_id="update_conversation",
    response_model=ConversationPublic,
)
def update_conversation(
    access: WriterDep,
    conversation: ConversationDep,
    body: ConversationUpdate,
    session: SessionDep,
    move_linked: Annotated[
        bool,
        Query(
            description="Moving it to another stakeholder: also move the concerns and "
            "commitments logged in it, each with its own `.updated` event"
        ),
    ] = False,
):
    """Change a conversation; only the fields sent change (`ratings` is replaced whole).

    The result must pass the same rules as a new conversation. Moving it to another stakeholder
    (logged against the wrong person) answers 409 while concerns or commitments logged in it
    still point at it, unless `move_linked=true` moves them with it.
    """
    changes = body.model_dump(exclude_unset=True)
    conversation = service.update_conversation(
        session, access, conversation, changes, move_linked=move_linked
    )
    return service.conversation_public(conversation, access.actor_user_id)


@router.delete(
    "/conversations/{conversation_id}",
    **CONVERSATIONS,
    operation_id="delete_conversation",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_conversation(access: WriterDep, conversation: ConversationDep, session: SessionDep):
    """Delete a conversation. Concerns and commitments that came from it stay, detached
    (`conversation_id: null`), each with its own `.updated` event."""
    service.delete_conversation(session, access, conversation)


# --- acknowledgements ------------------------------------------------------------------------


@router.post(
    "/acknowledgements",
    **ACKNOWLEDGEMENTS,
    operation_id="create_acknowledgement",
    status_code=201,
    response_model=AcknowledgementPublic,
)
def create_acknowledgement(body: AcknowledgementCreate, access: WriterDep, tx: UnitDep):
    """Record that a stakeholder's expertise was acknowledged, e.g. area "QI: run charts".

    `acknowledged_at` may not be in the future. `acknowledged_by` defaults to the signed-in
    caller (API tokens: null unless sent) and must name a member of the workspace.
    """
    return service.acknowledgement_public(service.create_acknowledgement(tx, access, body))


@router.get(
    "/acknowledgements",
    **ACKNOWLEDGEMENTS,
    operation_id="list_acknowledgements",
    response_model=Page[AcknowledgementPublic],
)
def list_acknowledgements(
    access: ReaderDep,
    session: SessionDep,
    page: PageDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    setting: AcknowledgementSetting | None = None,
    acknowledged_from: time_filter("Acknowledged at or after") = None,
    acknowledged_to: time_filter("Acknowledged at or before") = None,
):
    """Acknowledgements in the order they were logged (oldest first), with optional filters."""
    stmt = service.list_acknowledgements_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        setting=setting,
        acknowledged_from=acknowledged_from,
        acknowledged_to=acknowledged_to,
    )
    rows, cursor = paginate(session, stmt, Acknowledgement, page)
    return Page(items=[service.acknowledgement_public(a) for a in rows], next_cursor=cursor)


@router.get(
    "/acknowledgements/{acknowledgement_id}",
    **ACKNOWLEDGEMENTS,
    operation_id="get_acknowledgement",
    response_model=AcknowledgementPublic,
)
def get_acknowledgement(access: ReaderDep, acknowledgement: AcknowledgementDep):
    """An acknowledgement of a stakeholder's expertise."""
    return service.acknowledgement_public(acknowledgement)


@router.patch(
    "/acknowledgements/{acknowledgement_id}",
    **ACKNOWLEDGEMENTS,
    operation_id="update_acknowledgement",
    response_model=AcknowledgementPublic,
)
def update_acknowledgement(
    access: WriterDep,
    acknowledgement: AcknowledgementDep,
    body: AcknowledgementUpdate,
    session: SessionDep,
):
    """Change an acknowledgement; only the fields sent change, under the rules of create."""
    changes = body.model_dump(exclude_unset=True)
    ack = service.update_acknowledgement(session, access, acknowledgement, changes)
    return service.acknowledgement_public(ack)


@router.delete(
    "/acknowledgements/{acknowledgement_id}",
    **ACKNOWLEDGEMENTS,
    operation_id="delete_acknowledgement",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_acknowledgement(
    access: WriterDep, acknowledgement: AcknowledgementDep, session: SessionDep
):
    """Delete an acknowledgement; the feed gets an `acknowledgement.deleted` tombstone."""
    crud.delete(session, access, acknowledgement)


# --- commitments -----------------------------------------------------------------------------


@router.post(
    "/commitments",
    **COMMITMENTS,
    operation_id="create_commitment",
    status_code=201,
    response_model=CommitmentPublic,
)
def create_commitment(body: CommitmentCreate, access: WriterDep, tx: UnitDep):
    """Record a follow-up promised in a conversation, by the team or by the stakeholder.

    `conversation_id`, when given, must be a conversation with the same stakeholder.
    """
    return service.commitment_public(service.create_commitment(tx, access, body))


@router.get(
    "/commitments",
    **COMMITMENTS,
    operation_id="list_commitments",
    response_model=Page[CommitmentPublic],
)
def list_commitments(
    access: ReaderDep,
    session: SessionDep,
    page: PageDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    conversation_id: uuid.UUID | None = None,
    status: CommitmentStatus | None = None,
    owner: CommitmentOwner | None = None,
    due_from: Annotated[Date | None, Query(description="Due on or after this date")] = None,
    due_to: Annotated[Date | None, Query(description="Due on or before this date")] = None,
):
    """Commitments in the order they were logged (oldest first), with optional filters.

    A due-date filter leaves out commitments without a due date.
    """
    stmt = service.list_commitments_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        conversation_id=conversation_id,
        status=status,
        owner=owner,
        due_from=due_from,
        due_to=due_to,
    )
    rows, cursor = paginate(session, stmt, Commitment, page)
    return Page(items=[service.commitment_public(c) for c in rows], next_cursor=cursor)


@router.get(
    "/commitments/{commitment_id}",
    **COMMITMENTS,
    operation_id="get_commitment",
    response_model=CommitmentPublic,
)
def get_commitment(access: ReaderDep, commitment: CommitmentDep):
    """A commitment, with when its status last changed."""
    return service.commitment_public(commitment)


@router.patch(
    "/commitments/{commitment_id}",
    **COMMITMENTS,
    operation_id="update_commitment",
    response_model=CommitmentPublic,
)
def update_commitment(
    access: WriterDep, commitment: CommitmentDep, body: CommitmentUpdate, session: SessionDep
):
    """Change a commitment, e.g. mark it `kept` or `broken`; only the fields sent change.

    A new `status` sets `status_changed_at` to now.
    """
    changes = body.model_dump(exclude_unset=True)
    return service.commitment_public(
        service.update_commitment(session, access, commitment, changes)
    )


@router.delete(
    "/commitments/{commitment_id}",
    **COMMITMENTS,
    operation_id="delete_commitment",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_commitment(access: WriterDep, commitment: CommitmentDep, session: SessionDep):
    """Delete a commitment; the feed gets a `commitment.deleted` tombstone."""
    crud.delete(session, access, commitment)


# --- timeline --------------------------------------------------------------------------------


@router.get(
    "/stakeholders/{stakeholder_id}/timeline",
    tags=["stakeholders"],
    operation_id="get_stakeholder_timeline",
    response_model=TimelinePage,
)
def get_stakeholder_timeline(
    access: ReaderDep,
    stakeholder: Annotated[Stakeholder, Depends(valid_stakeholder)],
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size, 1 to 200.")] = 50,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="Opaque `next_cursor` from the previous page."),
    ] = None,
):
    """Everything recorded about one stakeholder, newest first.

    Each item is `{"type", "at", "record"}`: `type` is conversation, concern, acknowledgement,
    signal or commitment; `at` is the record's own date (`occurred_at`, `raised_at`,
    `acknowledged_at`, `observed_at`, or a commitment's `created_at`); `record` is the record
    as its own endpoint returns it (private summaries redacted). Ties on `at` are ordered by
    id, so paging with `cursor` never skips or repeats an item. Viewers get 403.
    """
    items, next_cursor = stakeholder_timeline(session, access, stakeholder.id, limit, cursor)
    return {"items": items, "next_cursor": next_cursor}


routers: list[APIRouter] = [router, concern_router, signal_router]
first_routers: list[APIRouter] = [log_router]
