"""Maps the record tables onto the scoring core's inputs, for one stakeholder or a workspace."""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import orjson
import sqlalchemy as sa
from sqlmodel import Session, select

from api.records.models import (
    Acknowledgement,
    Commitment,
    Concern,
    ConcernStatusChange,
    Conversation,
    Signal,
)
from api.scoring import (
    AcknowledgementIn,
    CommitmentIn,
    ConcernIn,
    ConversationIn,
    RecordLog,
    SignalIn,
    StakeholderIn,
)
from api.scoring.bulk import Bulk
from api.stakeholders.models import Stakeholder


@dataclass
class LogBuilder:
    conversations: list[ConversationIn] = field(default_factory=list)
    concerns: list[ConcernIn] = field(default_factory=list)
    acknowledgements: list[AcknowledgementIn] = field(default_factory=list)
    signals: list[SignalIn] = field(default_factory=list)
    commitments: list[CommitmentIn] = field(default_factory=list)

    def log(self, as_of: datetime | None = None) -> RecordLog:
        log = RecordLog(
            tuple(self.conversations),
            tuple(self.concerns),
            tuple(self.acknowledgements),
            tuple(self.signals),
            tuple(self.commitments),
        )
        return log if as_of is None else log.up_to(as_of)

    def kwargs(self) -> dict:
        return {
            "conversations": tuple(self.conversations),
            "concerns": tuple(self.concerns),
            "acknowledgements": tuple(self.acknowledgements),
            "signals": tuple(self.signals),
            "commitments": tuple(self.commitments),
        }


def stakeholder_in(s: Stakeholder) -> StakeholderIn:
    return StakeholderIn(str(s.id), s.role_type, s.influence_manual)


def conversation_in(c: Conversation) -> ConversationIn:
    ratings = c.ratings or {}
    return ConversationIn(
        str(c.id),
        c.occurred_at,
        c.tone,
        ratings.get("authenticity"),
        ratings.get("competence"),
        ratings.get("empathy"),
        c.next_contact_on,
        c.next_contact_scheduled,
    )


def signal_in(s: Signal) -> SignalIn:
    values = dict(s.values or {})
    if s.kind == "peer_nomination":
        values["nominated_by_id"] = str(s.nominated_by_id)
    return SignalIn(str(s.id), s.observed_at, s.kind, values)


def commitment_in(c: Commitment) -> CommitmentIn:
    # A commitment created already kept or broken changed status when it was created.
    changed_at = c.status_changed_at or (c.created_at if c.status != "open" else None)
    return CommitmentIn(str(c.id), c.owner, c.due_on, c.status, changed_at, c.created_at)


def _in_scope(model, workspace_id: uuid.UUID, stakeholder_ids: Iterable[uuid.UUID] | None):
    stmt = select(model).where(model.workspace_id == workspace_id)
    if stakeholder_ids is not None:
        stmt = stmt.where(model.stakeholder_id.in_(list(stakeholder_ids)))
    return stmt


def load_logs(
    session: Session, workspace_id: uuid.UUID, stakeholder_ids: Iterable[uuid.UUID] | None = None
) -> dict[uuid.UUID, LogBuilder]:
    """Every record of the given stakeholders (or of the whole workspace), in six queries."""
    ids = None if stakeholder_ids is None else list(stakeholder_ids)
    logs: dict[uuid.UUID, LogBuilder] = defaultdict(LogBuilder)
    for c in session.exec(_in_scope(Conversation, workspace_id, ids)):
        logs[c.stakeholder_id].conversations.append(conversation_in(c))
    concerns = list(session.exec(_in_scope(Concern, workspace_id, ids)))
    history: dict[uuid.UUID, list[tuple[datetime, str]]] = defaultdict(list)
    if concerns:
        stmt = select(ConcernStatusChange).where(ConcernStatusChange.workspace_id == workspace_id)
        if ids is not None:
            stmt = stmt.where(ConcernStatusChange.concern_id.in_([c.id for c in concerns]))
        for ch in session.exec(
            stmt.order_by(ConcernStatusChange.changed_at, ConcernStatusChange.id)
        ):
            history[ch.concern_id].append((ch.changed_at, ch.to_status))
    for c in concerns:
        logs[c.stakeholder_id].concerns.append(
            ConcernIn(
                str(c.id),
                c.raised_at,
                c.severity,
                str(c.conversation_id) if c.conversation_id else None,
                tuple(history.get(c.id, ())) or ((c.status_changed_at, c.status),),
            )
        )
    for a in session.exec(_in_scope(Acknowledgement, workspace_id, ids)):
        logs[a.stakeholder_id].acknowledgements.append(
            AcknowledgementIn(str(a.id), a.acknowledged_at)
        )
    for s in session.exec(_in_scope(Signal, workspace_id, ids)):
        logs[s.stakeholder_id].signals.append(signal_in(s))
    for c in session.exec(_in_scope(Commitment, workspace_id, ids)):
        logs[c.stakeholder_id].commitments.append(commitment_in(c))
    return logs


# --- the recompute path: plain rows into `api.scoring.bulk.Bulk` -----------------------------
#
# No ORM objects and no per-row type processing: the database turns times into integer
# microseconds since the epoch and dates into day numbers, ids come back raw (SQLite keeps a
# UUID as 32 hex digits, PostgreSQL as a uuid.UUID; both order like the ids' strings), and
# JSON comes back as text for orjson.


def raw(column):
    """A column's value exactly as the driver returns it."""
    return sa.type_coerce(column, sa.String)


def epoch_us(column, dialect: str):
    """A UTC datetime column as integer microseconds since 1970-01-01, computed exactly."""
    if dialect == "sqlite":
        # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTCDateTime keeps SQLite values naive UTC).
        # strftime('%s') rounds to milliseconds first, so give it whole seconds only.
        seconds = sa.cast(sa.func.strftime("%s", sa.func.substr(column, 1, 19)), sa.BigInteger)
        micros = sa.cast(sa.func.substr(column, 21, 6), sa.BigInteger)
        return sa.type_coerce(seconds * 1_000_000 + micros, sa.BigInteger)
    return sa.cast(sa.extract("epoch", column) * 1_000_000, sa.BigInteger)


def epoch_day(column, dialect: str):
    """A date column as days since 1970-01-01."""
    if dialect == "sqlite":
        return sa.cast(sa.func.julianday(column) - 2440587.5, sa.Integer)
    return sa.type_coerce(column - sa.literal_column("DATE '1970-01-01'"), sa.Integer)


def uuid_text(value) -> str | None:
    """A raw UUID value as its canonical string."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 32:
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return value
    return str(value)


def _loads(text: str | None) -> dict:
    return orjson.loads(text) if text else {}


RECORD_KINDS = 5  # conversations, concerns, acknowledgements, signals, commitments


def feed_bulk(
    bulk: Bulk,
    session: Session,
    workspace_id: uuid.UUID,
    stakeholder_ids: list[uuid.UUID] | None = None,
    step: Callable[[int], None] | None = None,
) -> None:
    """Every record of the given stakeholders (or of the whole workspace) into `bulk`, keyed by
    the raw stakeholder id. Six queries. `step(n)` is told when n of the `RECORD_KINDS` kinds
    of record are in."""
    step = step or (lambda _done: None)
    d = session.get_bind().dialect.name
    connection = session.connection()

    def scoped(model, *columns):
        stmt = sa.select(raw(model.stakeholder_id), *columns)
        # For a few stakeholders (of this workspace), filter by them alone: given the
        # workspace too, SQLite may walk the workspace's index over every record.
        if stakeholder_ids is None:
            stmt = stmt.where(model.workspace_id == workspace_id)
        else:
            stmt = stmt.where(model.stakeholder_id.in_(stakeholder_ids))
        return connection.execute(stmt).fetchall()

    C = Conversation
    add = bulk.conversation
    for key, cid, at, tone, ratings, next_on, scheduled in scoped(
        C,
        raw(C.id),
        epoch_us(C.occurred_at, d),
        C.tone,
        sa.cast(C.ratings, sa.Text),
        epoch_day(C.next_contact_on, d),
        C.next_contact_scheduled,
    ):
        add(key, cid, at, tone, _loads(ratings), next_on, bool(scheduled))
    step(1)

    K, H = Concern, ConcernStatusChange
    history: dict = defaultdict(list)
    stmt = sa.select(raw(H.concern_id), epoch_us(H.changed_at, d), H.to_status)
    if stakeholder_ids is None:
        stmt = stmt.where(H.workspace_id == workspace_id)
    else:
        # Through the stakeholders' concerns, so both indexes are used (not a workspace scan).
        stmt = stmt.join(K, K.id == H.concern_id).where(K.stakeholder_id.in_(stakeholder_ids))
    for concern_id, at, status in connection.execute(stmt.order_by(H.changed_at, H.id)).fetchall():
        history[concern_id].append((at, status))
    add = bulk.concern
    for key, kid, raised, severity, conversation_id, status, changed in scoped(
        K,
        raw(K.id),
        epoch_us(K.raised_at, d),
        K.severity,
        raw(K.conversation_id),
        K.status,
        epoch_us(K.status_changed_at, d),
    ):
        add(
            key,
            uuid_text(kid),
            raised,
            severity,
            conversation_id,
            history.get(kid) or ((changed, status),),
        )
    step(2)

    add = bulk.acknowledgement
    for key, aid, at in scoped(
        Acknowledgement, raw(Acknowledgement.id), epoch_us(Acknowledgement.acknowledged_at, d)
    ):
        add(key, aid, at)
    step(3)

    S = Signal
    add = bulk.signal
    for key, sid, at, kind, values, by in scoped(
        S,
        raw(S.id),
        epoch_us(S.observed_at, d),
        S.kind,
        sa.cast(S.values, sa.Text),
        raw(S.nominated_by_id),
    ):
        add(key, sid, at, kind, _loads(values), uuid_text(by))
    step(4)

    M = Commitment
    add = bulk.commitment
    for key, mid, owner, due, status, changed, created in scoped(
        M,
        raw(M.id),
        M.owner,
        epoch_day(M.due_on, d),
        M.status,
        epoch_us(M.status_changed_at, d),
        epoch_us(M.created_at, d),
    ):
        # A commitment created already kept or broken changed status when it was created.
        add(key, mid, owner, due, status, changed if changed is not None else created, created)
    step(5)
