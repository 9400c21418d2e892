import uuid
from typing import Annotated

from fastapi import Depends, status

from api.auth.deps import AccessDep, WriterDep
from api.db import SessionDep
from api.kit import crud
from api.kit.errors import WRITE_RESPONSES
from api.kit.pagination import Page, PageDep, paginate
from api.kit.routing import Router
from api.stakeholders import service
from api.stakeholders.filters import NameSearch, NoTeam, team_scope
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.schemas import (
    RoleType,
    StakeholderCreate,
    StakeholderPublic,
    StakeholderUpdate,
    TeamCreate,
    TeamPublic,
    TeamUpdate,
)

router = Router(prefix="/workspaces/{workspace_id}", responses=WRITE_RESPONSES)


def valid_team(team_id: uuid.UUID, access: AccessDep, session: SessionDep) -> Team:
    return crud.get_scoped(session, Team, access.workspace_id, team_id)


def valid_stakeholder(
    stakeholder_id: uuid.UUID, access: AccessDep, session: SessionDep
) -> Stakeholder:
    return crud.get_scoped(session, Stakeholder, access.workspace_id, stakeholder_id)


TeamDep = Annotated[Team, Depends(valid_team)]
StakeholderDep = Annotated[Stakeholder, Depends(valid_stakeholder)]


def _team(t: Team) -> TeamPublic:
    return TeamPublic.model_validate(t, from_attributes=True)


def _stakeholder(s: Stakeholder) -> StakeholderPublic:
    return StakeholderPublic.model_validate(s, from_attributes=True)


@router.post(
    "/teams", tags=["teams"], operation_id="create_team", status_code=201, response_model=TeamPublic
)
def create_team(body: TeamCreate, access: WriterDep, session: SessionDep):
    """Create a team: a unit or department stakeholders belong to."""
    return _team(service.create_team(session, access, body))


@router.get("/teams", tags=["teams"], operation_id="list_teams", response_model=Page[TeamPublic])
def list_teams(access: AccessDep, session: SessionDep, page: PageDep):
    """The workspace's teams, oldest first."""
    rows, cursor = paginate(session, crud.scoped_select(Team, access.workspace_id), Team, page)
    return Page(items=[_team(t) for t in rows], next_cursor=cursor)


@router.get("/teams/{team_id}", tags=["teams"], operation_id="get_team", response_model=TeamPublic)
def get_team(team: TeamDep):
    """One team."""
    return _team(team)


@router.patch(
    "/teams/{team_id}", tags=["teams"], operation_id="update_team", response_model=TeamPublic
)
def update_team(team: TeamDep, body: TeamUpdate, access: WriterDep, session: SessionDep):
    """Change a team's name or description; only the fields sent change."""
    return _team(service.update_team(session, access, team, body.model_dump(exclude_unset=True)))


@router.delete(
    "/teams/{team_id}",
    tags=["teams"],
    operation_id="delete_team",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_team(team: TeamDep, access: WriterDep, session: SessionDep) -> None:
    """Delete a team. Its stakeholders stay, with no team."""
    crud.delete(session, access, team)


@router.post(
    "/stakeholders",
    tags=["stakeholders"],
    operation_id="create_stakeholder",
    status_code=201,
    response_model=StakeholderPublic,
)
def create_stakeholder(body: StakeholderCreate, access: WriterDep, session: SessionDep):
    """Add a person whose support the change needs."""
    return _stakeholder(service.create_stakeholder(session, access, body))


@router.get(
    "/stakeholders",
    tags=["stakeholders"],
    operation_id="list_stakeholders",
    response_model=Page[StakeholderPublic],
)
def list_stakeholders(
    access: AccessDep,
    session: SessionDep,
    page: PageDep,
    team_id: uuid.UUID | None = None,
    no_team: NoTeam = False,
    q: NameSearch = None,
    role_type: RoleType | None = None,
    archived: bool | None = None,
):
    """Stakeholders, oldest first, filtered by team (or no team), name, role type or archived
    flag."""
    team = team_scope(team_id, no_team)
    stmt = service.list_stakeholders_stmt(access.workspace_id, team, q, role_type, archived)
    rows, cursor = paginate(session, stmt, Stakeholder, page)
    return Page(items=[_stakeholder(s) for s in rows], next_cursor=cursor)


@router.get(
    "/stakeholders/{stakeholder_id}",
    tags=["stakeholders"],
    operation_id="get_stakeholder",
    response_model=StakeholderPublic,
)
def get_stakeholder(stakeholder: StakeholderDep):
    """One stakeholder."""
    return _stakeholder(stakeholder)


@router.patch(
    "/stakeholders/{stakeholder_id}",
    tags=["stakeholders"],
    operation_id="update_stakeholder",
    response_model=StakeholderPublic,
)
def update_stakeholder(
    stakeholder: StakeholderDep, body: StakeholderUpdate, access: WriterDep, session: SessionDep
):
    """Change a stakeholder; only the fields sent change.

    Set `archived` rather than deleting, to keep the person's history.
    """
    changes = body.model_dump(exclude_unset=True)
    return _stakeholder(service.update_stakeholder(session, access, stakeholder, changes))


@router.delete(
    "/stakeholders/{stakeholder_id}",
    tags=["stakeholders"],
    operation_id="delete_stakeholder",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_stakeholder(stakeholder: StakeholderDep, access: WriterDep, session: SessionDep) -> None:
    """Delete a stakeholder and every record about them (for erasure requests).

    The feed carries one `stakeholder.deleted` tombstone; the records go with it.
    Archiving (`PATCH archived=true`) keeps the history instead.
    """
    crud.delete(session, access, stakeholder)
