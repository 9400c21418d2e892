"""Concerns and their status history.

Every status a concern takes is a `ConcernStatusChange` row (who, when, from, to), starting with
the status it was raised with, dated `raised_at`. Scores "as of" a past moment read a concern's
status from this history, so the history must stay a sequence in time: a change may be
backdated, but not before `raised_at` nor before the change before it.
"""

import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from api.auth.deps import Access
from api.kit import crud
from api.kit.errors import InvalidInput
from api.kit.ids import uuid7
from api.kit.query import contains
from api.kit.time import utcnow
from api.records.cfir import NOT_GIVEN, construct_in_domain
from api.records.models import Concern, ConcernStatusChange, Conversation
from api.records.refs import ensure_conversation, ensure_stakeholder, in_range, scoped_records
from api.records.schemas import ConcernCreate, ConcernPublic
from api.stakeholders.models import Stakeholder

History = list[ConcernStatusChange]


def histories(session: Session, concern_ids: list[uuid.UUID]) -> dict[uuid.UUID, History]:
    """The status history of each concern, oldest first, in one query."""
    out: dict[uuid.UUID, History] = {cid: [] for cid in concern_ids}
    if not concern_ids:
        return out
    rows = session.exec(
        select(ConcernStatusChange)
        .where(col(ConcernStatusChange.concern_id).in_(concern_ids))
        .order_by(
            ConcernStatusChange.changed_at,
            ConcernStatusChange.created_at,
            ConcernStatusChange.id,
        )
    ).all()
    for row in rows:
        out[row.concern_id].append(row)
    return out


def concern_public(c: Concern, history: History) -> ConcernPublic:
    data = c.model_dump()
    data["status_history"] = [
        {
            "status": h.to_status,
            "from_status": h.from_status,
            "changed_at": h.changed_at,
            "changed_by": h.changed_by,
            "changed_by_token": h.changed_by_token,
        }
        for h in history
    ]
    return ConcernPublic.model_validate(data)


def concerns_public(session: Session, concerns: list[Concern]) -> list[ConcernPublic]:
    by_id = histories(session, [c.id for c in concerns])
    return [concern_public(c, by_id[c.id]) for c in concerns]


def concern_json_for(session: Session) -> Callable[[Concern], dict]:
    """The event payload builder for a concern whose history is already in the database."""

    def public(c: Concern) -> dict:
        return concern_public(c, histories(session, [c.id])[c.id]).model_dump(mode="json")

    return public


def _change(
    access: Access, concern_id: uuid.UUID, from_status: str | None, to: str, at: datetime
) -> ConcernStatusChange:
    return ConcernStatusChange(
        workspace_id=access.workspace_id,
        concern_id=concern_id,
        from_status=from_status,
        to_status=to,
        changed_at=at,
        changed_by=access.actor_user_id,
        changed_by_token=access.principal.token_id,
    )


def _check_refs(session: Session, access: Access, values: dict) -> None:
    ensure_stakeholder(session, access, values)
    ensure_conversation(session, access, values)


def create_concern(session: Session, access: Access, data: ConcernCreate) -> Concern:
    values = data.model_dump()
    _check_refs(session, access, values)
    if values["raised_at"] is None:
        conversation_id = values["conversation_id"]
        values["raised_at"] = (
            session.get(Conversation, conversation_id).occurred_at if conversation_id else utcnow()
        )
    values["status_changed_at"] = values["raised_at"]
    values["id"] = uuid7()
    first = _change(access, values["id"], None, values["status"], values["raised_at"])
    concern = crud.create(
        session,
        access,
        Concern,
        values,
        lambda c: concern_public(c, [first]).model_dump(mode="json"),
    )
    session.add(first)
    session.flush()
    return concern


def _move_raised_at(history: History, raised_at: datetime) -> None:
    """Keep the initial entry dated `raised_at`; it may not move past a later change."""
    later = [h for h in history if h.from_status is not None]
    if later and raised_at > later[0].changed_at:
        raise InvalidInput("body.raised_at", "must not be after the concern's first status change")
    for h in history:
        if h.from_status is None:
            h.changed_at = raised_at


def update_concern(session: Session, access: Access, concern: Concern, changes: dict) -> Concern:
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, concern)
    changed_at = changes.pop("status_changed_at", None)
    values = crud.merge_for_patch(concern, changes, ConcernCreate)
    _check_refs(session, access, values)
    history = histories(session, [concern.id])[concern.id]
    raised_at = values["raised_at"]
    if raised_at != concern.raised_at:
        _move_raised_at(history, raised_at)
        if len(history) <= 1:
            values["status_changed_at"] = raised_at

    new_row = None
    if values["status"] != concern.status:
        previous = history[-1].changed_at if history else raised_at
        if changed_at is None:
            changed_at = max(utcnow(), raised_at, previous)
        elif changed_at < raised_at:
            raise InvalidInput("body.status_changed_at", "must not be before raised_at")
        elif changed_at < previous:
            raise InvalidInput(
                "body.status_changed_at", "must not be before the previous status change"
            )
        new_row = _change(access, concern.id, concern.status, values["status"], changed_at)
        history.append(new_row)
        values["status_changed_at"] = changed_at
    elif changed_at is not None:
        raise InvalidInput("body.status_changed_at", "only applies together with a new status")

    concern = crud.apply(
        session,
        access,
        concern,
        values,
        lambda c: concern_public(c, history).model_dump(mode="json"),
    )
    if new_row is not None:
        session.add(new_row)
        session.flush()
    return concern


def list_concerns_stmt(
    workspace_id: uuid.UUID,
    *,
    stakeholder_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    conversation_id: uuid.UUID | None,
    status: str | None,
    severity: int | None,
    cfir_domain: str | None,
    cfir_construct: str | None,
    raised_from: datetime | None,
    raised_to: datetime | None,
    q: str | None,
):
    """The concerns matching every filter given. `cfir_domain` and `cfir_construct` take a
    value or `none` (concerns that name none); a construct must belong to the domain given.
    `q` matches the concern's text or its stakeholder's name, as the concerns board's search
    does."""
    if (
        cfir_construct not in (None, NOT_GIVEN)
        and cfir_domain is not None
        and not construct_in_domain(cfir_domain, cfir_construct)
    ):
        raise InvalidInput("query.cfir_construct", f"is not a construct of {cfir_domain}")
    stmt = scoped_records(Concern, workspace_id, stakeholder_id, team_id)
    if conversation_id is not None:
        stmt = stmt.where(Concern.conversation_id == conversation_id)
    if status is not None:
        stmt = stmt.where(Concern.status == status)
    if severity is not None:
        stmt = stmt.where(Concern.severity == severity)
    for column, value in (
        (Concern.cfir_domain, cfir_domain),
        (Concern.cfir_construct, cfir_construct),
    ):
        if value == NOT_GIVEN:
            stmt = stmt.where(column.is_(None))
        elif value is not None:
            stmt = stmt.where(column == value)
    if q and q.strip():
        text = q.strip()
        named = select(Stakeholder.id).where(
            Stakeholder.workspace_id == workspace_id, contains(Stakeholder.name, text)
        )
        stmt = stmt.where(or_(contains(Concern.text, text), col(Concern.stakeholder_id).in_(named)))
    return in_range(stmt, Concern.raised_at, raised_from, raised_to)


def concern_public_one(session: Session, concern: Concern) -> ConcernPublic:
    return concern_public(concern, histories(session, [concern.id])[concern.id])
