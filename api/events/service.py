import hashlib
import uuid
from typing import Any, NamedTuple

from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlmodel import Session

from api.auth.deps import Access
from api.events.models import Event
from api.kit.defaults import with_defaults
from api.kit.prepared import Prepared, connection_of, insert_of
from api.kit.unit import Tx

_LOCKED = "rapport_feed_locked"
_E = Event.__table__
_INSERT = Prepared(insert_of(_E, skip=("seq",)).returning(_E.c.seq))


def lock_feed(session: Tx, workspace_id: uuid.UUID) -> None:
    """Serialise event writers per workspace until commit, so `seq` order is commit order.

    Without this, a transaction that took seq 10 could commit after one that took seq 11, and
    a reader polling `after=11` would never see 10. On PostgreSQL a transaction-scoped advisory
    lock makes writers of one workspace take and publish their seqs in turn; SQLite writers are
    serialised by BEGIN IMMEDIATE already.
    """
    locked = session.info.setdefault(_LOCKED, set())
    if workspace_id in locked or session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(workspace_id.bytes).digest()[:8], "big", signed=True)
    connection_of(session).execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    locked.add(workspace_id)


@sa_event.listens_for(Session, "after_commit")
@sa_event.listens_for(Session, "after_rollback")
def _forget_locks(session: Session) -> None:
    # Transaction-scoped locks end with the transaction; a later one must take them again.
    session.info.pop(_LOCKED, None)


class Recorded(NamedTuple):
    """An event just appended: its id and its place in the log."""

    id: uuid.UUID
    seq: int


def record_event(
    session: Tx,
    access: Access,
    type_: str,
    resource_id: uuid.UUID,
    payload: dict[str, Any],
) -> Recorded:
    """Append to the log in the caller's transaction, so an event exists iff its change does."""
    lock_feed(session, access.workspace_id)
    values = {
        "workspace_id": access.workspace_id,
        "type": type_,
        "resource_type": type_.split(".", 1)[0],
        "resource_id": resource_id,
        "actor_user_id": access.principal.user_id,
        "actor_token_id": access.principal.token_id,
        "payload": payload,
    }
    return append_event(session, values)


def append_event(session: Tx, values: dict[str, Any]) -> Recorded:
    """Append one event row (`values` as the table's columns, defaults filled in here).

    Inserted now with one Core statement (its seq comes back) rather than by the next flush:
    the log is append-only, so the session never needs to track the row (nor an ORM object
    be made for it). Rows it refers to are flushed first (the workspace may have been
    created just now). The caller holds the feed's lock (`lock_feed`)."""
    values = with_defaults(Event, values)
    session.flush()
    seq = _INSERT.scalar(connection_of(session), values)
    return Recorded(values["id"], seq)
