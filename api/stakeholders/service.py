import uuid

from sqlmodel import Session

from api.auth.deps import Access
from api.kit import crud
from api.kit.query import contains
from api.stakeholders.filters import TeamScope, team_clause
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.schemas import StakeholderCreate, StakeholderPublic, TeamCreate, TeamPublic


def team_public(team: Team) -> dict:
    return TeamPublic.model_validate(team, from_attributes=True).model_dump(mode="json")


def stakeholder_public(s: Stakeholder) -> dict:
    return StakeholderPublic.model_validate(s, from_attributes=True).model_dump(mode="json")


def create_team(session: Session, access: Access, data: TeamCreate) -> Team:
    return crud.create(session, access, Team, data.model_dump(), team_public)


def update_team(session: Session, access: Access, team: Team, changes: dict) -> Team:
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, team)
    values = crud.merge_for_patch(team, changes, TeamCreate)
    return crud.apply(session, access, team, values, team_public)


def _check_refs(session: Session, access: Access, values: dict) -> None:
    crud.ensure_ref(session, Team, access.workspace_id, values.get("team_id"), "team_id")


def create_stakeholder(session: Session, access: Access, data: StakeholderCreate) -> Stakeholder:
    values = data.model_dump()
    _check_refs(session, access, values)
    return crud.create(session, access, Stakeholder, values, stakeholder_public)


def update_stakeholder(
    session: Session, access: Access, stakeholder: Stakeholder, changes: dict
) -> Stakeholder:
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, stakeholder)
    values = crud.merge_for_patch(stakeholder, changes, StakeholderCreate)
    _check_refs(session, access, values)
    return crud.apply(session, access, stakeholder, values, stakeholder_public)


def list_stakeholders_stmt(
    workspace_id: uuid.UUID,
    team: TeamScope,
    q: str | None,
    role_type: str | None,
    archived: bool | None,
):
    stmt = crud.scoped_select(Stakeholder, workspace_id)
    if (clause := team_clause(Stakeholder.team_id, team)) is not None:
        stmt = stmt.where(clause)
    if q:
        stmt = stmt.where(contains(Stakeholder.name, q))
    if role_type is not None:
        stmt = stmt.where(Stakeholder.role_type == role_type)
    if archived is not None:
        stmt = stmt.where(Stakeholder.archived == archived)
    return stmt
