"""Concerns: what worries a stakeholder, and what the team did about it."""

import uuid
from typing import Annotated

from fastapi import Query, status

from api.auth.deps import ReaderDep, WriterDep
from api.db import SessionDep
from api.kit import crud
from api.kit.errors import WRITE_RESPONSES
from api.kit.pagination import Page, PageDep, paginate
from api.kit.routing import Router
from api.records import concerns as service
from api.records.deps import (
    CfirConstructFilter,
    CfirDomainFilter,
    ConcernDep,
    ConcernSearch,
    StakeholderFilter,
    TeamFilter,
    time_filter,
)
from api.records.models import Concern
from api.records.schemas import ConcernCreate, ConcernPublic, ConcernStatus, ConcernUpdate

router = Router(prefix="/workspaces/{workspace_id}", tags=["concerns"], responses=WRITE_RESPONSES)


@router.post(
    "/concerns", operation_id="create_concern", status_code=201, response_model=ConcernPublic
)
def create_concern(body: ConcernCreate, access: WriterDep, session: SessionDep):
    """Record a concern a stakeholder raised.

    - `raised_at` defaults to the conversation's `occurred_at` when `conversation_id` is given,
      else to now; it may not be in the future.
    - `conversation_id` must be a conversation with the same stakeholder.
    - `cfir_construct` needs `cfir_domain` and must belong to it (CFIR 2.0 vocabulary).
    - `loop_closed_on` is only accepted for a `resolved` or `dismissed` concern.

    The status it is raised with is the first entry of `status_history`, dated `raised_at`.
    """
    return service.concern_public_one(session, service.create_concern(session, access, body))


@router.get("/concerns", operation_id="list_concerns", response_model=Page[ConcernPublic])
def list_concerns(
    access: ReaderDep,
    session: SessionDep,
    page: PageDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    conversation_id: uuid.UUID | None = None,
    status: ConcernStatus | None = None,
    severity: Annotated[int | None, Query(ge=1, le=3, description="Only this severity")] = None,
    cfir_domain: CfirDomainFilter = None,
    cfir_construct: CfirConstructFilter = None,
    raised_from: time_filter("Raised at or after") = None,
    raised_to: time_filter("Raised at or before") = None,
    q: ConcernSearch = None,
):
    """Concerns in the order they were logged (oldest first), each with its status history.

    Viewers may not list records about named people (403).
    """
    stmt = service.list_concerns_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        conversation_id=conversation_id,
        status=status,
        severity=severity,
        cfir_domain=cfir_domain,
        cfir_construct=cfir_construct,
        raised_from=raised_from,
        raised_to=raised_to,
        q=q,
    )
    rows, cursor = paginate(session, stmt, Concern, page)
    return Page(items=service.concerns_public(session, rows), next_cursor=cursor)


@router.get("/concerns/{concern_id}", operation_id="get_concern", response_model=ConcernPublic)
def get_concern(access: ReaderDep, concern: ConcernDep, session: SessionDep):
    """A concern, with every status it has had (`status_history`, oldest first)."""
    return service.concern_public_one(session, concern)


@router.patch("/concerns/{concern_id}", operation_id="update_concern", response_model=ConcernPublic)
def update_concern(
    access: WriterDep, concern: ConcernDep, body: ConcernUpdate, session: SessionDep
):
    """Change a concern; only the fields sent change, under the rules of create.

    A new `status` appends to `status_history` who changed it and when: now, or the
    `status_changed_at` sent, which may backdate the change but not before `raised_at` nor
    before the previous change. `status_changed_at` without a new status is rejected (422).
    Reopening a concern needs `loop_closed_on: null` in the same request.
    """
    changes = body.model_dump(exclude_unset=True)
    concern = service.update_concern(session, access, concern, changes)
    return service.concern_public_one(session, concern)


@router.delete(
    "/concerns/{concern_id}", operation_id="delete_concern", status_code=status.HTTP_204_NO_CONTENT
)
def delete_concern(access: WriterDep, concern: ConcernDep, session: SessionDep):
    """Delete a concern and its status history; the feed gets a `concern.deleted` tombstone."""
    crud.delete(session, access, concern)
