"""One stakeholder's records, newest first by each record's own date.

Paged by keyset on (at, id) descending across the five record tables: each table contributes
at most `limit + 1` rows past the cursor, the merge keeps the newest `limit`. Ids are unique
across tables, so the order is total and a page boundary never splits or repeats a record.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from api.auth.deps import Access
from api.kit.errors import InvalidInput
from api.kit.pagination import decode_cursor, encode_cursor
from api.kit.time import as_utc
from api.records.concerns import concerns_public
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal
from api.records.service import (
    acknowledgement_public,
    commitment_public,
    conversation_public,
    signal_public,
)

# (item type, table, the column that dates it)
SOURCES: list[tuple[str, Any, str]] = [
    ("conversation", Conversation, "occurred_at"),
    ("concern", Concern, "raised_at"),
    ("acknowledgement", Acknowledgement, "acknowledged_at"),
    ("signal", Signal, "observed_at"),
    ("commitment", Commitment, "created_at"),
]


def _position(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if not cursor:
        return None
    data = decode_cursor(cursor)
    try:
        return as_utc(datetime.fromisoformat(data["at"])), uuid.UUID(data["id"])
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise InvalidInput("query.cursor", "is not a cursor this API issued") from exc


def stakeholder_timeline(
    session: Session,
    access: Access,
    stakeholder_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict], str | None]:
    after = _position(cursor)
    found: list[tuple[datetime, uuid.UUID, str, Any]] = []
    for type_, model, at_name in SOURCES:
        at_col = col(getattr(model, at_name))
        stmt = select(model).where(
            model.workspace_id == access.workspace_id, model.stakeholder_id == stakeholder_id
        )
        if after is not None:
            at, last_id = after
            stmt = stmt.where(or_(at_col < at, and_(at_col == at, col(model.id) < last_id)))
        rows = session.exec(stmt.order_by(at_col.desc(), col(model.id).desc()).limit(limit + 1))
        found.extend((getattr(r, at_name), r.id, type_, r) for r in rows)

    found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    next_cursor = None
    if len(found) > limit:
        found = found[:limit]
        at, last_id = found[-1][0], found[-1][1]
        next_cursor = encode_cursor({"at": at.isoformat(), "id": str(last_id)})
    return _items(session, access, found), next_cursor


def _items(session: Session, access: Access, found: list) -> list[dict]:
    concerns = concerns_public(session, [r for _, _, t, r in found if t == "concern"])
    concern_by_id = {c.id: c for c in concerns}
    viewer = access.actor_user_id
    items = []
    for at, _, type_, row in found:
        if type_ == "conversation":
            record: Any = conversation_public(row, viewer)
        elif type_ == "concern":
            record = concern_by_id[row.id]
        elif type_ == "acknowledgement":
            record = acknowledgement_public(row)
        elif type_ == "signal":
            record = signal_public(row)
        else:
            record = commitment_public(row)
        items.append({"type": type_, "at": at, "record": record})
    return items
