"""Adding many new conversations to the stored readings at once, as a CSV import does.

Stored readings are forward-decayed sums (SCORING.md section 9), so new records only add
their terms: the import need not read back every record of every stakeholder it touched, as
`readings.rebuild` does. The terms of all the new conversations are computed as columns and
summed per stakeholder; the facts a conversation can move (the latest stance record, the latest
conversation and its next contact) are merged into the stored ones; categories come from
`api.scoring.vector.read_many`, and the rows and `stakeholder.category_changed` events are
those `readings.rebuild` writes for such a result, written with the import's bulk writers.
`add_conversations` is `read_stored` + `plan` (no database access, so an import can run it
while its last rows are written) + `write`.

A stakeholder is rebuilt from the log instead where the stored state cannot tell the result:
its reading was stored under older settings, it has records but no stored reading, or a new
conversation is dated exactly at its stored latest one (which is latest then depends on ids
the facts do not keep). The terms are those of `api.scoring.bulk.Bulk.conversation`;
`tests/api/test_transfer.py` checks the result against a rebuild and `reconcile`.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import orjson
import sqlalchemy as sa
from sqlmodel import Session

from api.events.models import Event
from api.events.service import lock_feed
from api.insights.factsdoc import fact_columns, plain_facts
from api.insights.loader import raw
from api.insights.models import StakeholderReading
from api.insights.readings import (
    SUM_FIELDS,
    Computed,
    category_event_row,
    current_settings,
    rebuild,
)
from api.kit.time import utcnow
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal
from api.scoring import ScoringSettings, StakeholderFacts, StakeholderIn
from api.scoring.bulk import _LANDMARK_US, AUTH_W, COMP_W, EMP_W, A, E, R, _growth
from api.scoring.facts import EPOCH, day_of, facts_to_plain
from api.scoring.forward import MAX_EXPONENT
from api.scoring.vector import read_many
from api.stakeholders.models import Stakeholder
from api.transfer.bulk import IdSequence, insert_rows, update_rows

# Above this many stakeholders, select the workspace's rows rather than list the ids (and
# stay under SQLite's limit on bound parameters).
LIST_IDS_UP_TO = 5000
_US = timedelta(microseconds=1)
_EMPTY_FACTS = facts_to_plain(StakeholderFacts())
_RATINGS = (("authenticity", AUTH_W), ("competence", COMP_W), ("empathy", EMP_W))

# One new conversation: (stakeholder_id, occurred_at (aware UTC), tone, ratings,
# next_contact_on, next_contact_scheduled), in the order of the conversations' ids.
NewConversation = tuple[uuid.UUID, datetime, int, dict, date | None, bool]


def stakeholders_without_reading(session: Session, workspace_id: uuid.UUID) -> set[uuid.UUID]:
    """Stakeholders that have records but no stored reading: their sums are not a base to add
    to. Asked before the import writes (on PostgreSQL its rows go in by COPY)."""
    S, Rd = Stakeholder, StakeholderReading
    has_records = sa.or_(
        *(
            sa.exists().where(model.stakeholder_id == S.id)
            for model in (Conversation, Concern, Acknowledgement, Signal, Commitment)
        )
    )
    stmt = sa.select(S.id).where(
        S.workspace_id == workspace_id,
        ~sa.exists().where(Rd.stakeholder_id == S.id),
        has_records,
    )
    return set(session.execute(stmt).scalars())


def _terms(
    rows: Sequence[NewConversation], index: np.ndarray, n: int, settings
) -> tuple[np.ndarray, np.ndarray]:
    """Per stakeholder, the summed terms (n, 11) of the new conversations; per row, its time in
    microseconds."""
    s = settings
    at = np.array([(r[1] - EPOCH) // _US for r in rows], dtype=np.int64)
    tone = np.array([r[2] for r in rows], dtype=float)
    ratings = [r[3] for r in rows]
    days = (at - _LANDMARK_US) / 1_000_000 / 86_400.0
    out = np.zeros((n, len(SUM_FIELDS)))
    for half_life in (s.stance_half_life_days, s.trust_half_life_days):
        x = days / half_life
        outside = np.abs(x) > MAX_EXPONENT
        if outside.any():
            _growth(float(days[np.argmax(outside)]), half_life)  # raises, as Bulk does
    g = s.conversation_weight * np.exp2(days / s.stance_half_life_days)
    out[:, E] = np.bincount(index, g, n)
    champion = s.conversation_champion_multiplier * np.maximum(0.0, tone)
    reluctance = s.conversation_reluctance_multiplier * np.maximum(0.0, -tone)
    out[:, A] = np.bincount(index, g * champion, n)
    out[:, R] = np.bincount(index, g * reluctance, n)
    gt = s.trust_rating_weight * np.exp2(days / s.trust_half_life_days)
    for name, slot in _RATINGS:
        rating = np.array([d.get(name) for d in ratings], dtype=float)  # None: NaN
        rated = ~np.isnan(rating)
        if rated.any():
            where, w = index[rated], gt[rated]
            out[:, slot] = np.bincount(where, w, n)
            out[:, slot + 1] = np.bincount(where, w * ((rating[rated] - 1) / 4), n)
    return out, at


@dataclass
class Stored:
    """The stored readings (and their stakeholders) that new conversations add to."""

    version: int
    settings: ScoringSettings
    people: dict[uuid.UUID, tuple]  # (raw id, id, role_type, influence_manual)
    rows: dict[uuid.UUID, tuple]  # (id, *sums, facts as text, category, settings_version)
    without_reading: set[uuid.UUID]


def read_stored(
    session: Session,
    workspace_id: uuid.UUID,
    ids: list[uuid.UUID] | None = None,
    without_reading: set[uuid.UUID] = frozenset(),
) -> Stored:
    """The stored readings of the stakeholders `ids` (None: the whole workspace), locked
    until the transaction ends. `without_reading` must come from
    `stakeholders_without_reading`, asked before the new conversations were written."""
    version, settings = current_settings(session, workspace_id)
    S, Rd = Stakeholder, StakeholderReading
    people_stmt = sa.select(raw(S.id), S.id, S.role_type, S.influence_manual).where(
        S.workspace_id == workspace_id
    )
    stored_stmt = (
        sa.select(
            Rd.stakeholder_id,
            *[getattr(Rd, name) for name in SUM_FIELDS],
            sa.cast(Rd.facts, sa.Text),
            Rd.category,
            Rd.settings_version,
        )
        .where(Rd.workspace_id == workspace_id)
        # Read-modify-write, as `readings.add_created`: a concurrent writer waits here.
        .with_for_update()
    )
    if ids is not None:
        people_stmt = people_stmt.where(S.id.in_(ids))
        stored_stmt = stored_stmt.where(Rd.stakeholder_id.in_(ids))
    people = {p[1]: p for p in session.execute(people_stmt).all()}
    rows = {r[0]: r for r in session.execute(stored_stmt).all()}
    return Stored(version, settings, people, rows, set(without_reading))


@dataclass
class Plan:
    """What adding the new conversations writes: `computed` for the stakeholders whose
    stored state is a base to add to, a rebuild for the `fallback` ones."""

    version: int
    computed: Computed | None
    existing: dict[uuid.UUID, str]  # the stored category of each stakeholder with a reading
    fallback: list[uuid.UUID]


def plan(rows: Sequence[NewConversation], stored: Stored) -> Plan:
    """The stored readings after adding `rows` (no database access)."""
    version, settings = stored.version, stored.settings
    order: dict[uuid.UUID, int] = {}
    index = np.fromiter(
        (order.setdefault(r[0], len(order)) for r in rows), dtype=np.intp, count=len(rows)
    )
    n = len(order)
    added, at = _terms(rows, index, n, settings)
    # Each stakeholder's latest new conversation: by time, then id (file order).
    by = np.lexsort((np.arange(len(rows)), at, index))
    ends = np.flatnonzero(np.r_[index[by][1:] != index[by][:-1], True])
    latest = by[ends].tolist()  # in stakeholder order 0..n-1

    ids = list(order)
    kept, base, documents, fallback = [], [], [], []
    for i, sid in enumerate(ids):
        row = stored.rows.get(sid)
        if row is None:
            if sid in stored.without_reading:
                fallback.append(sid)
                continue
            sums, doc = [0.0] * len(SUM_FIELDS), dict(_EMPTY_FACTS)
        elif row[-1] != version:
            fallback.append(sid)
            continue
        else:
            sums = row[1 : 1 + len(SUM_FIELDS)]
            text = row[-3]
            doc = {**_EMPTY_FACTS, **(plain_facts(orjson.loads(text) if text else None) or {})}
        j = latest[i]
        newest = int(at[j])
        last = doc["last_conversation_at"]
        if last is not None and newest == last:
            fallback.append(sid)
            continue
        if last is None or newest > last:
            _, _, _, _, next_on, scheduled = rows[j]
            doc["last_conversation_at"] = newest
            doc["next_contact_on"] = day_of(next_on)
            doc["next_contact_scheduled"] = scheduled
        stance = doc["last_stance_record_at"]
        if stance is None or newest > stance:
            doc["last_stance_record_at"] = newest
        kept.append(i)
        base.append(sums)
        documents.append(doc)

    existing = {sid: row[-2] for sid, row in stored.rows.items()}
    if not kept:
        return Plan(version, None, existing, fallback)
    who = [stored.people[ids[i]] for i in kept]
    sums = np.asarray(base, dtype=float).reshape(len(kept), len(SUM_FIELDS)) + added[kept]
    now = utcnow()
    subjects = [StakeholderIn(str(p[1]), p[2], p[3]) for p in who]
    categories = read_many(sums, fact_columns(documents, settings), subjects, now, settings)
    computed = Computed(who, sums, documents, categories.category, now)
    return Plan(version, computed, existing, fallback)


def write(session: Session, workspace_id: uuid.UUID, planned: Plan, actor=None) -> int:
    """Store `planned`; returns how many stakeholders changed category."""
    changed = 0
    if planned.computed is not None:
        changed += _store(
            session, workspace_id, planned.version, planned.computed, planned.existing, actor
        )
    if planned.fallback:
        changed += rebuild(session, workspace_id, planned.fallback, actor)
    return changed


def add_conversations(
    session: Session,
    workspace_id: uuid.UUID,
    rows: Sequence[NewConversation],
    actor=None,
    without_reading: set[uuid.UUID] = frozenset(),
) -> int:
    """Add `rows`, conversations just written, to their stakeholders' stored readings;
    returns how many stakeholders changed category. `without_reading` must come from
    `stakeholders_without_reading`, asked before the rows were written."""
    if not rows:
        return 0
    session.flush()
    ids = list(dict.fromkeys(r[0] for r in rows))
    listed = ids if len(ids) <= LIST_IDS_UP_TO else None
    stored = read_stored(session, workspace_id, listed, without_reading)
    return write(session, workspace_id, plan(rows, stored), actor)


def _store(
    session: Session,
    workspace_id: uuid.UUID,
    version: int,
    computed: Computed,
    existing: dict[uuid.UUID, str],
    actor,
) -> int:
    """Write `computed` as `readings.rebuild` writes it (the same rows and category-change
    events), with the import's bulk writers; `existing`: the stored category of each
    stakeholder that has a stored reading."""
    now = computed.now
    same, moved, fresh, events = [], [], [], []
    next_id = IdSequence()
    for (_, sid, *_), row, facts, new in zip(
        computed.people,
        computed.sums.tolist(),
        computed.documents,
        computed.categories,
        strict=True,
    ):
        values = dict(zip(SUM_FIELDS, row, strict=True))
        # Facts as orjson text, as `rebuild` writes them.
        text = orjson.dumps(facts).decode()
        values.update(stakeholder_id=sid, facts=text, settings_version=version, updated_at=now)
        old = existing.get(sid)
        if sid not in existing:
            values.update(workspace_id=workspace_id, category=new, category_as_of=now)
            fresh.append(values)
        elif old == new:
            same.append(values)
        else:
            values.update(category=new, category_as_of=now)
            moved.append(values)
        event = category_event_row(next_id(), workspace_id, sid, old, new, now, actor)
        if event is not None:
            events.append(event)
    update_rows(session, StakeholderReading, "stakeholder_id", same, stored=("facts",))
    update_rows(session, StakeholderReading, "stakeholder_id", moved, stored=("facts",))
    insert_rows(session, StakeholderReading, fresh, stored=("facts",))
    if events:
        lock_feed(session, workspace_id)
        insert_rows(session, Event, events, skip=("seq",))
    return len(events)
