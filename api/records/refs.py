"""Checks and filters every record shares: references inside the workspace, list scoping."""

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from api.auth.deps import MEMBER_ROLE, Access
from api.kit import crud
from api.kit.errors import InvalidInput
from api.kit.prepared import Prepared, connection_of
from api.kit.unit import Tx
from api.records.models import Conversation
from api.stakeholders.models import Stakeholder


def ensure_stakeholder(session: Tx, access: Access, values: dict, field="stakeholder_id"):
    crud.ensure_ref(session, Stakeholder, access.workspace_id, values.get(field), field)


def ensure_member(session: Tx, access: Access, user_id: uuid.UUID | None, field: str):
    """A user named in a body (held_by, acknowledged_by) must be a member of the workspace."""
    if user_id is None:
        return
    found = MEMBER_ROLE.scalar(
        connection_of(session), {"workspace_id": access.workspace_id, "user_id": user_id}
    )
    if found is None:
        raise InvalidInput(f"body.{field}", "is not a member of this workspace")


_C = Conversation.__table__
_CONVERSATION_OWNERS = Prepared(
    sa.select(_C.c.workspace_id, _C.c.stakeholder_id).where(_C.c.id == sa.bindparam("id"))
)


def ensure_conversation(session: Tx, access: Access, values: dict) -> None:
    """A concern's or commitment's conversation must be one with the same stakeholder."""
    conversation_id = values.get("conversation_id")
    if conversation_id is None:
        return
    row = _CONVERSATION_OWNERS.first(connection_of(session), {"id": conversation_id})
    if row is None or row[0] != access.workspace_id:
        raise crud.not_in_workspace("conversation_id")
    if row[1] != values["stakeholder_id"]:
        raise InvalidInput("body.conversation_id", "is a conversation with another stakeholder")


def changed_user(obj: Any, values: dict, changes: dict, field: str) -> uuid.UUID | None:
    # Only check a user reference that this request sets: a member who has since left the
    # workspace must not block edits to the records they already hold.
    if field in changes and values[field] != getattr(obj, field):
        return values[field]
    return None


def in_range(stmt, column, start: datetime | date | None, end: datetime | date | None):
    """Inclusive date or time range filter."""
    if start is not None:
        stmt = stmt.where(column >= start)
    if end is not None:
        stmt = stmt.where(column <= end)
    return stmt


def scoped_records(model, workspace_id: uuid.UUID, stakeholder_id=None, team_id=None):
    """Select a workspace's records, optionally of one stakeholder or of one team's stakeholders."""
    stmt = crud.scoped_select(model, workspace_id)
    if stakeholder_id is not None:
        stmt = stmt.where(model.stakeholder_id == stakeholder_id)
    if team_id is not None:
        in_team = select(Stakeholder.id).where(
            Stakeholder.workspace_id == workspace_id, Stakeholder.team_id == team_id
        )
        stmt = stmt.where(model.stakeholder_id.in_(in_team))
    return stmt
