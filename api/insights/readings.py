"""Stored readings: kept in step with the record log inside the writing transaction.

Any write through `api.kit.crud` marks the record's stakeholder dirty on the session; just
before the transaction commits, each dirty stakeholder's stored forward-decay sums and facts
are brought up to date and a category change is appended to the event log. Creating a
conversation, a signal (not an ADKAR check) or a commitment adds that record's terms in O(1)
(`add_created`); anything else rebuilds the stakeholder from its records (`rebuild`, the same
columnar path `rapport recompute` runs for a whole workspace). Every path that writes records,
API, import or demo, keeps readings exact; `reconcile` checks them against a recomputation.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, select

from api.auth.deps import Access, Principal
from api.events.models import Event
from api.events.service import append_event, lock_feed, record_event
from api.insights.factsdoc import fact_columns, plain_facts
from api.insights.loader import (
    commitment_in,
    conversation_in,
    feed_bulk,
    raw,
    signal_in,
    stakeholder_in,
)
from api.insights.models import ScoringSettingsVersion, StakeholderReading
from api.kit.dirty import INSERTED, take_dirty
from api.kit.ids import uuid7
from api.kit.prepared import Prepared, connection_of
from api.kit.time import iso_z, utcnow
from api.kit.unit import BEFORE_COMMIT, Tx, orm
from api.records.models import (
    Acknowledgement,
    Commitment,
    Concern,
    ConcernStatusChange,
    Conversation,
    Signal,
)
from api.scoring import (
    DEFAULT_SETTINGS,
    ForwardSums,
    Reading,
    ScoringSettings,
    StakeholderFacts,
    StakeholderIn,
    read,
)
from api.scoring.bulk import Bulk
from api.scoring.facts import facts_from_plain, facts_to_plain
from api.scoring.forward import SUM_FIELDS, category_at
from api.scoring.incremental import add_record
from api.scoring.vector import read_many
from api.stakeholders.models import Stakeholder
from api.workspaces.models import Role

# --- settings ---------------------------------------------------------------------------


_V = ScoringSettingsVersion
_SETTINGS = Prepared(
    sa.select(_V.version, sa.cast(_V.values, sa.Text))
    .where(_V.workspace_id == sa.bindparam("workspace_id"))
    .order_by(_V.version.desc())
    .limit(1)
)
# Parsed settings by their stored JSON: validating 60 fields on every request adds up.
_PARSED: dict[str, ScoringSettings] = {}


def current_settings(session: Tx, workspace_id: uuid.UUID) -> tuple[int, ScoringSettings]:
    row = _SETTINGS.first(connection_of(session), {"workspace_id": workspace_id})
    if row is None:
        return 0, DEFAULT_SETTINGS
    version, text = row
    settings = _PARSED.get(text)
    if settings is None:
        if len(_PARSED) > 256:
            _PARSED.clear()
        settings = _PARSED[text] = ScoringSettings.from_dict(orjson.loads(text))
    return version, settings


# --- facts as JSON ------------------------------------------------------------------------
#
# Stored in the plain form of `api.scoring.facts` (integer microseconds and day numbers, so
# the map parses no date strings). Rows written before that held ISO strings and {...}
# concerns; `facts_from_json` reads both, and `rapport recompute` rewrites them.


def facts_to_json(f: StakeholderFacts) -> dict:
    return facts_to_plain(f)


def facts_from_json(data: dict | None) -> StakeholderFacts:
    return facts_from_plain(plain_facts(data) or {})


def sums_of(row: StakeholderReading | None) -> ForwardSums:
    if row is None:
        return ForwardSums()
    return ForwardSums(**{name: getattr(row, name) for name in SUM_FIELDS})


# --- reading -------------------------------------------------------------------------------


def read_row(
    stakeholder: Stakeholder,
    row: StakeholderReading | None,
    now: datetime,
    settings: ScoringSettings,
) -> Reading:
    facts = facts_from_json(row.facts) if row is not None else StakeholderFacts()
    return read(sums_of(row), facts, stakeholder_in(stakeholder), now, settings)


def stored_readings(
    session: Session, workspace_id: uuid.UUID, now: datetime | None = None
) -> list[tuple[Stakeholder, Reading]]:
    """Every stakeholder's reading at `now` from the stored sums, without touching the log."""
    now = now or utcnow()
    _, settings = current_settings(session, workspace_id)
    rows = session.exec(
        select(Stakeholder, StakeholderReading)
        .join(
            StakeholderReading,
            StakeholderReading.stakeholder_id == Stakeholder.id,
            isouter=True,
        )
        .where(Stakeholder.workspace_id == workspace_id)
        .order_by(Stakeholder.id)
    ).all()
    return [(s, read_row(s, r, now, settings)) for s, r in rows]


# --- refreshing from the log ---------------------------------------------------------------


@dataclass
class Computed:
    """Readings recomputed from the records, as columns, before they are stored."""

    people: list  # (raw id, id, role_type, influence_manual) rows
    sums: np.ndarray
    documents: list[dict]
    categories: list[str]
    now: datetime

    def category_of(self) -> dict[uuid.UUID, str]:
        return {p[1]: c for p, c in zip(self.people, self.categories, strict=True)}


def compute(
    session: Session,
    workspace_id: uuid.UUID,
    settings: ScoringSettings,
    stakeholder_ids: Iterable[uuid.UUID] | None = None,
    step: Callable[[int], None] | None = None,
) -> Computed:
    """Every reading of the workspace (or of the given stakeholders) from its records, under
    `settings`, without storing anything: six Core selects feed `api.scoring.bulk.Bulk`
    and categories come from `api.scoring.vector.read_many`. `step(n)` counts the kinds of
    record read (`loader.RECORD_KINDS`)."""
    S = Stakeholder
    stmt = sa.select(raw(S.id), S.id, S.role_type, S.influence_manual).where(
        S.workspace_id == workspace_id
    )
    ids = None if stakeholder_ids is None else list(stakeholder_ids)
    if ids is not None:
        stmt = stmt.where(S.id.in_(ids))
    people = session.execute(stmt).all()
    now = utcnow()
    if not people:
        return Computed([], np.zeros((0, len(SUM_FIELDS))), [], [], now)
    bulk = Bulk(settings)
    for key, *_ in people:
        bulk.stakeholder(key)
    feed_bulk(bulk, session, workspace_id, ids, step)
    done = bulk.finish()
    keys = [p[0] for p in people]
    sums = np.array([done[k][0] for k in keys], dtype=float).reshape(len(keys), len(SUM_FIELDS))
    documents = [done[k][1] for k in keys]
    stakeholders = [StakeholderIn(str(p[1]), p[2], p[3]) for p in people]
    categories = read_many(
        sums, fact_columns(documents, settings), stakeholders, now, settings
    ).category
    return Computed(people, sums, documents, categories, now)


def category_event_row(
    event_id: uuid.UUID,
    workspace_id: uuid.UUID,
    stakeholder_id: uuid.UUID,
    old: str | None,
    new: str,
    now: datetime,
    actor: tuple | None,
) -> dict | None:
    """The `stakeholder.category_changed` event row a bulk write of readings appends, or None
    when there is nothing to announce (no change, or a new stakeholder starting unknown)."""
    if old == new or (old is None and new == "unknown"):
        return None
    user_id, token_id = actor if actor else (None, None)
    return {
        "id": event_id,
        "workspace_id": workspace_id,
        "type": "stakeholder.category_changed",
        "resource_type": "stakeholder",
        "resource_id": stakeholder_id,
        "actor_user_id": user_id,
        "actor_token_id": token_id,
        "occurred_at": now,
        "payload": {
            "stakeholder_id": str(stakeholder_id),
            "old": old or "unknown",
            "new": new,
            "as_of": now.isoformat(),
        },
    }


def rebuild(
    session: Session,
    workspace_id: uuid.UUID,
    stakeholder_ids: Iterable[uuid.UUID] | None = None,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    computed: Computed | None = None,
) -> int:
    """Rebuild stored readings from the records; returns how many changed category.

    The whole path is columnar (`compute`), rows are written with executemany, so a workspace
    of a million records recomputes in seconds. `reconcile` checks the result against the
    record-object path (`accumulate`, `facts_from_log`). `computed`, when given, must come
    from `compute` under the workspace's current settings.
    """
    session.flush()
    version, settings = current_settings(session, workspace_id)
    ids = None if stakeholder_ids is None else list(stakeholder_ids)
    if computed is None:
        computed = compute(session, workspace_id, settings, ids)
    people, sums, documents = computed.people, computed.sums, computed.documents
    categories, now = computed.categories, computed.now
    if not people:
        return 0
    R = StakeholderReading
    existing_stmt = sa.select(raw(R.stakeholder_id), R.category)
    existing_stmt = (
        existing_stmt.where(R.stakeholder_id.in_(ids))
        if ids is not None
        else existing_stmt.where(R.workspace_id == workspace_id)
    )
    existing = dict(session.execute(existing_stmt).all())

    same, moved, fresh, events = [], [], [], []
    total = len(people)
    for i, (key, sid, *_) in enumerate(people):
        values = dict(zip(SUM_FIELDS, sums[i].tolist(), strict=True))
        values.update(facts=documents[i], settings_version=version, updated_at=now)
        new = categories[i]
        if key in existing:
            old = existing[key]
            values["stakeholder_id"] = sid
            if old == new:
                same.append(values)
            else:
                moved.append({**values, "category": new, "category_as_of": now})
        else:
            old = None
            fresh.append(
                {
                    **values,
                    "stakeholder_id": sid,
                    "workspace_id": workspace_id,
                    "category": new,
                    "category_as_of": now,
                }
            )
        event = category_event_row(uuid7(), workspace_id, sid, old, new, now, actor)
        if event is not None:
            events.append(event)
        if progress is not None and ((i + 1) % 1000 == 0 or i + 1 == total):
            progress(i + 1, total)
    table = R.__table__

    def param(name: str):
        # Facts go in as orjson text: the JSON type's json.dumps per row costs more than the
        # whole recompute of the row.
        if name != "facts":
            return sa.bindparam(f"p_{name}", type_=table.c[name].type)
        text = sa.bindparam("p_facts", type_=sa.Text)
        return text if session.get_bind().dialect.name == "sqlite" else sa.cast(text, sa.JSON)

    where = table.c.stakeholder_id == param("stakeholder_id")
    for rows, update in ((same, True), (moved, True), (fresh, False)):
        if not rows:
            continue
        for values in rows:
            values["facts"] = orjson.dumps(values["facts"]).decode()
        names = list(rows[0])
        params = [{f"p_{k}": v for k, v in values.items()} for values in rows]
        if update:
            names.remove("stakeholder_id")
            stmt = sa.update(table).where(where).values({n: param(n) for n in names})
        else:
            stmt = sa.insert(table).values({n: param(n) for n in names})
        session.execute(stmt, params)
    if events:
        lock_feed(session, workspace_id)
        session.execute(sa.insert(Event.__table__), events)
    return len(events)


RECOMPUTED = "readings.recomputed"


def recompute_workspace(
    session: Session,
    workspace_id: uuid.UUID,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Rebuild every stored reading of the workspace from its records (`rapport
    recompute`); returns how many stakeholders changed category.

    A `readings.recomputed` event goes into the log with the rows: readings may change
    without any category moving (after a fix, or records changed outside the API), and
    everything that keeps map rows or answers until the log moves (`scoremap`,
    `scorecache`) must read them again."""
    changed = rebuild(session, workspace_id, None, None, progress)
    system = Access(workspace_id, Principal(), Role.owner, can_write=True)
    now = utcnow()
    payload = {
        "category_changes": changed,
        "recomputed_at": iso_z(now),
    }
    record_event(session, system, RECOMPUTED, workspace_id, payload)
    return changed


def _category_event(session: Tx, workspace_id, stakeholder_id, old, new, as_of, actor) -> None:
    row = category_event_row(uuid7(), workspace_id, stakeholder_id, old, new, as_of, actor)
    if row is not None:
        lock_feed(session, workspace_id)
        append_event(session, row)


# --- keeping readings in step within the writing transaction ------------------------------
#
# Creating a conversation, a signal (other than an ADKAR check) or a commitment is the common
# write; for those the stored sums get the record's terms and the facts the few changes it
# makes (`api.scoring.incremental.add_record`), in O(1). Anything else that touches a
# stakeholder's records in the transaction (an edit, a delete, a concern, an acknowledgement)
# has its readings rebuilt from the log. `before_flush` sees every ORM change, so a
# stakeholder only takes the O(1) path when creations of those kinds are all that happened
# to its records.

CREATED = "rapport_created_records"
CHANGED = "rapport_changed_stakeholders"
ANY = "any"
RECORD_TYPES = (Conversation, Concern, ConcernStatusChange, Acknowledgement, Signal, Commitment)
QUICK_TYPES = (Conversation, Signal, Commitment)


def _forget_changes(session: Session) -> None:
    session.info.pop(CREATED, None)
    session.info.pop(CHANGED, None)
    session.info.pop(INSERTED, None)


def _note_created(session: Session, objs) -> None:
    for obj in objs:
        if isinstance(obj, QUICK_TYPES) and not (isinstance(obj, Signal) and obj.kind == "adkar"):
            session.info.setdefault(CREATED, []).append(obj)
        elif isinstance(obj, RECORD_TYPES):
            session.info.setdefault(CHANGED, set()).add(getattr(obj, "stakeholder_id", ANY))


@event.listens_for(Session, "before_flush")
def _note_record_changes(session: Session, _context, _instances) -> None:
    # Rows inserted by the unit of work, and those inserted directly (api.kit.crud.insert_now).
    _note_created(session, session.new)
    _note_created(session, session.info.pop(INSERTED, ()))
    for group in (session.dirty, session.deleted):
        for obj in group:
            if isinstance(obj, RECORD_TYPES):
                session.info.setdefault(CHANGED, set()).add(getattr(obj, "stakeholder_id", ANY))


@event.listens_for(Session, "after_rollback")
def _forget_dirty(session: Session) -> None:
    take_dirty(session)
    _forget_changes(session)


@event.listens_for(Session, "before_commit")
def _refresh_dirty(session: Tx) -> None:
    _note_created(session, session.info.pop(INSERTED, ()))
    dirty = take_dirty(session)
    created: list = session.info.pop(CREATED, None) or []
    changed: set = session.info.pop(CHANGED, None) or set()
    if not dirty:
        return
    session.flush()
    if isinstance(session, Session):
        # A record may also have been changed after its first flush.
        created = [obj for obj in created if obj not in session.dirty]
    changed |= session.info.pop(CHANGED, None) or set()
    session.info.pop(CREATED, None)
    new: dict[uuid.UUID, list] = {}
    if ANY not in changed:
        for obj in created:
            if obj.stakeholder_id not in changed:
                new.setdefault(obj.stakeholder_id, []).append(obj)
    by_workspace: dict[tuple, list] = {}
    for stakeholder_id, (workspace_id, actor) in dirty.items():
        by_workspace.setdefault((workspace_id, actor), []).append(stakeholder_id)
    for (workspace_id, actor), ids in by_workspace.items():
        quick = {i: new[i] for i in ids if i in new}
        slow = [i for i in ids if i not in quick]
        slow += add_created(session, workspace_id, quick, actor)
        if slow:
            rebuild(orm(session), workspace_id, slow, actor)


# A unit (api/kit/unit.py) has no session events: the same step runs as it commits.
BEFORE_COMMIT.append(_refresh_dirty)


def _record_in(obj):
    if isinstance(obj, Conversation):
        return conversation_in(obj)
    if isinstance(obj, Signal):
        return signal_in(obj)
    return commitment_in(obj)


_R = StakeholderReading


def stored_select(*extra) -> sa.Select:
    """A stakeholder's stored reading as `add_to_stored` takes it (the sums, the facts as
    text, the settings version and the category), then `extra`, by `:stakeholder_id`.

    Read-modify-write of the stored sums: on PostgreSQL a concurrent writer of the same
    stakeholder waits here and then sees this one's sums (SQLite's BEGIN IMMEDIATE already
    serialises writers)."""
    return (
        sa.select(
            *[getattr(_R, n) for n in SUM_FIELDS],
            sa.cast(_R.facts, sa.Text),
            _R.settings_version,
            _R.category,
            *extra,
        )
        .where(_R.stakeholder_id == sa.bindparam("stakeholder_id"))
        .with_for_update(of=_R)
    )


_STORED = Prepared(stored_select())


def _store(*extra: str):
    table = _R.__table__
    names = [*SUM_FIELDS, "facts", "updated_at", *extra]
    return Prepared(
        sa.update(table)
        .where(table.c.stakeholder_id == sa.bindparam("b_stakeholder_id"))
        .values({name: sa.bindparam(name, type_=table.c[name].type) for name in names})
    )


_STORE = _store()
_STORE_MOVED = _store("category", "category_as_of")


def add_created(
    session: Tx, workspace_id: uuid.UUID, created: dict[uuid.UUID, list], actor=None
) -> list[uuid.UUID]:
    """Add newly created records to their stakeholders' stored readings in O(1) each;
    returns the stakeholders that need a rebuild from the log instead."""
    if not created:
        return []
    version, settings = current_settings(session, workspace_id)
    connection = connection_of(session)
    now = utcnow()
    fallback = []
    for stakeholder_id, objs in created.items():
        row = _STORED.first(connection, {"stakeholder_id": stakeholder_id})
        if row is None or row[-2] != version:
            fallback.append(stakeholder_id)
            continue
        records = [_record_in(obj) for obj in objs]
        if not add_to_stored(
            session, workspace_id, stakeholder_id, row, records, settings, now, actor
        ):
            fallback.append(stakeholder_id)
    return fallback


def add_to_stored(
    session: Tx,
    workspace_id: uuid.UUID,
    stakeholder_id: uuid.UUID,
    stored_row: tuple,
    records: list,
    settings: ScoringSettings,
    now: datetime,
    actor=None,
) -> bool:
    """Write the stored reading after adding `records` (scoring inputs) to `stored_row` (the
    reading's sums, facts as text, settings version and category, read under a write lock),
    with a category-change event if the category moves. False, writing nothing, where the
    stored state cannot tell the result (`add_record`): rebuild the stakeholder instead."""
    *stored, text, _, old_category = stored_row[: len(SUM_FIELDS) + 3]
    state = (ForwardSums(*stored), facts_from_json(orjson.loads(text) if text else None))
    for record in records:
        state = add_record(*state, record, settings)
        if state is None:
            return False
    sums, facts = state
    values = {name: getattr(sums, name) for name in SUM_FIELDS}
    values.update(facts=facts_to_json(facts), updated_at=now)
    category = category_at(sums, facts, now, settings)
    if category != old_category:
        _category_event(session, workspace_id, stakeholder_id, old_category, category, now, actor)
        values.update(category=category, category_as_of=now)
    moved = "category" in values
    values["b_stakeholder_id"] = stakeholder_id
    (_STORE_MOVED if moved else _STORE).execute(connection_of(session), values)
    return True


def reconcile(session: Session, workspace_id: uuid.UUID, tolerance: float = 1e-6) -> list[dict]:
    """Compare stored sums and facts with a fresh computation from the log.

    Sums are compared relatively (they grow with forward decay); returns one entry per
    stakeholder that drifted. The fresh computation is the recompute path (`Bulk`, proven
    equal to `accumulate` and `facts_from_log` by tests/unit/test_scoring_bulk.py), so a
    million records reconcile in seconds.
    """
    _, settings = current_settings(session, workspace_id)
    S, R = Stakeholder, StakeholderReading
    rows = session.execute(
        sa.select(raw(S.id), S.id, *[getattr(R, n) for n in SUM_FIELDS], sa.cast(R.facts, sa.Text))
        .select_from(S)
        .outerjoin(R, R.stakeholder_id == S.id)
        .where(S.workspace_id == workspace_id)
    ).all()
    bulk = Bulk(settings)
    for row in rows:
        bulk.stakeholder(row[0])
    feed_bulk(bulk, session, workspace_id)
    done = bulk.finish()
    drifts = []
    for key, sid, *stored, text in rows:
        fresh, fresh_facts = done[key]
        bad = {}
        for name, a, b in zip(SUM_FIELDS, stored, fresh, strict=True):
            a = 0.0 if a is None else a
            if abs(a - b) > tolerance * max(1.0, abs(a), abs(b)):
                bad[name] = {"stored": a, "recomputed": b}
        document = orjson.loads(text) if text else None
        if facts_from_json(document) != facts_from_plain(fresh_facts):
            bad["facts"] = {"stored": document, "recomputed": fresh_facts}
        if bad:
            drifts.append({"stakeholder_id": str(sid), "fields": bad})
    return drifts
