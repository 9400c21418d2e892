"""The champion map at "now", read from the stored sums and computed on arrays.

`GET /scores` for a whole workspace is the hot read: 10,000 stakeholders must come back in well
under 150 ms. So this path selects only the columns it needs (raw, without per-row ORM or
type processing), keeps parsed stored readings in memory, keeps the rows it read between
requests and brings them up to date from the event log (`map_rows`), computes every reading
with `api.scoring.vector.read_many` and builds the response from columns. It returns exactly
what `service.score_dict` gives for the scalar path (tests/api/test_scores_vectorised.py holds
it to that; tests/api/test_scores_rows.py holds the kept rows to rows read afresh).
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import repeat
from operator import itemgetter
from typing import Any, NamedTuple

import msgspec
import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from api.events.models import Event
from api.insights.factsdoc import EMPTY_ROW, parse_row, row_columns
from api.insights.models import StakeholderReading
from api.insights.scorecache import log_position
from api.kit.fold import fold, fold_name
from api.scoring import ScoringSettings
from api.scoring.vector import SUM_FIELDS, FactColumns, ReadingColumns, read_many
from api.stakeholders.filters import TeamScope, team_clause
from api.stakeholders.models import Stakeholder

VIEWER_CATEGORY = {"champion": "champion", "supporter": "supporter"}


def uuid_text(value: Any) -> str | None:
    """A UUID column's raw driver value as the canonical string (SQLite keeps 32 hex digits)."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 32:
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return value
    return str(value)


class Subject(NamedTuple):
    """What the reader needs of a stakeholder (a `StakeholderIn` without re-validation of
    values the API validated when it stored them)."""

    id: str
    role_type: str
    influence_manual: float | None


_ID_TEXT: dict[Any, str] = {}


def _id_text(value: Any) -> str:
    if len(_ID_TEXT) > 500_000:
        _ID_TEXT.clear()
    text = _ID_TEXT[value] = uuid_text(value)
    return text


def _raw(column):
    return sa.type_coerce(column, sa.String)


@dataclass
class ScoreMap:
    """Every selected stakeholder with its reading, as columns."""

    ids: list[str]
    names: list[str]
    team_ids: list[str | None]
    role_types: list[str]
    readings: ReadingColumns
    id_rank: np.ndarray  # each row's place among the ids in ascending order

    def __len__(self) -> int:
        return len(self.ids)


# The parts of stored readings the map needs, kept in memory and keyed by (stakeholder id,
# reading updated_at) as the driver returns them, one dict per R2 severity threshold (which
# the parsed facts depend on): the sums packed as float64 bytes and the facts document
# parsed into a row of columns. Fetching and parsing 10,000 facts documents (8 MB) and
# eleven sums per row cost more than everything else the map does. Every write of a reading
# sets a new updated_at, so a changed reading is simply a new key and nothing can go stale;
# the map reads only the stakeholder columns and the key for rows it has seen. Bounded.
_READINGS: dict[int, dict[tuple[Any, Any], tuple[bytes, tuple]]] = {}
READINGS_LIMIT = 200_000
_NO_READING = (np.zeros(len(SUM_FIELDS)).tobytes(), EMPTY_ROW)


def _stored(connection, ids: list) -> Iterator[tuple[Any, str | None, bytes]]:
    """(raw stakeholder id, facts text, packed sums) of these stakeholders' stored readings."""
    r = StakeholderReading
    for i in range(0, len(ids), 500):
        found = connection.execute(
            sa.select(
                _raw(r.stakeholder_id),
                sa.cast(r.facts, sa.Text),
                *[getattr(r, name) for name in SUM_FIELDS],
            ).where(_raw(r.stakeholder_id).in_(ids[i : i + 500]))
        ).fetchall()
        for sid, text, *values in found:
            yield sid, text, np.array(values, dtype=float).tobytes()


def _map_select(workspace_id: uuid.UUID, team: TeamScope, include_archived: bool):
    s, r = Stakeholder, StakeholderReading
    stmt = (
        sa.select(
            _raw(s.id),
            s.name,
            _raw(s.team_id),
            s.role_type,
            s.influence_manual,
            _raw(r.updated_at),
        )
        .select_from(s)
        .outerjoin(r, r.stakeholder_id == s.id)
        .where(s.workspace_id == workspace_id)
    )
    if (clause := team_clause(s.team_id, team)) is not None:
        stmt = stmt.where(clause)
    if not include_archived:
        stmt = stmt.where(s.archived.is_(False))
    return stmt


@dataclass(frozen=True)
class MapRows:
    """What the map reads from the database, as of one position of the workspace's event
    log: the selected stakeholders' columns and their stored readings (packed sums, parsed
    facts). Never changed once built: a newer position makes a new one."""

    position: int
    ids: list[str]
    names: list[str]
    team_ids: list[str | None]
    role_types: list[str]
    subjects: list[Subject]
    stored: list[tuple[bytes, tuple]]

    @cached_property
    def index(self) -> dict[str, int]:
        return {i: n for n, i in enumerate(self.ids)}

    # What every map of these rows computes from, worked out on first use and kept with them.

    @cached_property
    def sums(self) -> np.ndarray:
        """The stored sums as an (N, 11) array."""
        sums = np.frombuffer(b"".join([got[0] for got in self.stored]), dtype=float)
        return sums.reshape(len(self.stored), len(SUM_FIELDS))

    @cached_property
    def facts(self) -> FactColumns:
        return row_columns([got[1] for got in self.stored])

    @cached_property
    def id_rank(self) -> np.ndarray:
        rank = np.empty(len(self.ids), dtype=np.int64)
        rank[sorted(range(len(self.ids)), key=self.ids.__getitem__)] = np.arange(len(self.ids))
        return rank


def _fetch(connection, stmt, severity: int, position: int) -> MapRows:
    """The map's rows as `stmt` selects them, with their stored readings (from the parsed
    readings cache where the reading's updated_at is one seen before)."""
    rows = connection.execute(stmt).fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    ids = [_ID_TEXT.get(v) or _id_text(v) for v in columns[0]]
    cache = _READINGS.setdefault(severity, {})
    if len(cache) > READINGS_LIMIT:
        cache.clear()
    keys = list(zip(columns[0], columns[5], strict=True))
    found = list(map(cache.get, keys))
    # Rows not seen before (a stakeholder without a stored reading has no updated_at).
    missing = {k[0]: k for k, got in zip(keys, found, strict=True) if got is None and k[1]}
    if missing:
        for sid, text, packed in _stored(connection, list(missing)):
            cache[missing[sid]] = (packed, parse_row(text, severity))
        found = [got or cache.get(k) for k, got in zip(keys, found, strict=True)]
    return MapRows(
        position=position,
        ids=ids,
        names=list(columns[1]),
        team_ids=[None if v is None else _ID_TEXT.get(v) or _id_text(v) for v in columns[2]],
        role_types=list(columns[3]),
        subjects=[
            Subject(i, role, manual)
            for i, role, manual in zip(ids, columns[3], columns[4], strict=True)
        ],
        stored=[got or _NO_READING for got in found],
    )


def _patched(prior: MapRows, fresh: MapRows, touched: set[str]) -> MapRows:
    """`prior` with the touched stakeholders' rows replaced by `fresh` (their rows now):
    changed rows in place, new ones appended, those no longer selected dropped."""
    ids, names, teams = list(prior.ids), list(prior.names), list(prior.team_ids)
    roles, subjects, stored = list(prior.role_types), list(prior.subjects), list(prior.stored)
    where = prior.index
    columns = (ids, names, teams, roles, subjects, stored)
    for n, sid in enumerate(fresh.ids):
        values = (
            sid,
            fresh.names[n],
            fresh.team_ids[n],
            fresh.role_types[n],
            fresh.subjects[n],
            fresh.stored[n],
        )
        at = where.get(sid)
        for column, value in zip(columns, values, strict=True):
            if at is None:
                column.append(value)
            else:
                column[at] = value
    gone = {where[sid] for sid in touched - set(fresh.ids) if sid in where}
    if gone:
        columns = tuple([v for n, v in enumerate(c) if n not in gone] for c in columns)
    patched = MapRows(fresh.position, *columns)
    if not gone and len(ids) == len(prior.ids):
        # The same ids in the same places: what depends on the ids alone carries over, and
        # the columns worked out from the prior rows are patched where rows changed (set
        # where cached_property keeps its values).
        changed = [where[sid] for sid in fresh.ids]
        derived = {"index": where, "id_rank": prior.id_rank}
        if "sums" in prior.__dict__:
            sums = prior.sums.copy()
            sums[changed] = fresh.sums
            derived["sums"] = sums
        if "facts" in prior.__dict__:
            derived["facts"] = prior.facts.replaced(changed, fresh.facts)
        patched.__dict__.update(derived)
    return patched


# The rows of recent maps, per process, keyed by database, workspace, selection and R2
# severity (see `map_rows`). Bounded, and rebuilt from scratch at least every
# `ROWS_MAX_AGE` seconds.
_ROWS: OrderedDict[tuple, tuple[float, MapRows]] = OrderedDict()
_ROWS_LOCK = threading.Lock()
ROWS_ENTRIES = 8
ROWS_MAX_AGE = 60.0
# More events than this since the rows were read, or more rows to read again: read them all.
PATCH_EVENTS_LIMIT = 500
PATCH_ROWS_LIMIT = 1000

# Events that change no row of the map.
_NEUTRAL = frozenset(
    {
        "workspace.updated",
        "team.created",
        "team.updated",
        "focus_challenge.updated",
        "member.created",
        "member.updated",
        "member.deleted",
        "webhook.created",
        "webhook.updated",
        "webhook.deleted",
        "webhook.test",
    }
)
_RECORD_KINDS = ("conversation", "concern", "acknowledgement", "signal", "commitment")
_RECORD_CREATED = frozenset(f"{kind}.created" for kind in _RECORD_KINDS)
_RECORD_CHANGED = frozenset(
    f"{kind}.{change}" for kind in _RECORD_KINDS for change in ("updated", "deleted")
)
# A record's readings are written when its request's transaction commits (the readings'
# before_commit hook), after its event, by the same process's clock: their updated_at is
# never before the event's occurred_at. This margin only absorbs small clock corrections.
WRITE_SPAN = timedelta(seconds=5)


def _touched(connection, workspace_id: uuid.UUID, after: int, upto: int) -> set[str] | None:
    """The stakeholders whose map rows events (after, upto] of the log may have changed, or
    None when one of them can change rows it gives no way to find (a team deleted, new
    scoring settings, an import): then all rows are read.

    A new record names its stakeholder. An edited or deleted record may have moved from, or
    left, a stakeholder it does not name; every stakeholder whose reading it changed had that
    reading written in the same transaction, after the event, so the readings written since
    the earliest such event (less `WRITE_SPAN`) include them all."""
    e = Event
    events = connection.execute(
        sa.select(e.type, e.resource_id, e.payload, e.occurred_at)
        .where(e.workspace_id == workspace_id, e.seq > after, e.seq <= upto)
        .limit(PATCH_EVENTS_LIMIT + 1)
    ).fetchall()
    if len(events) > PATCH_EVENTS_LIMIT:
        return None
    touched: set[str] = set()
    since: datetime | None = None
    for type_, resource_id, payload, occurred_at in events:
        if type_ in _NEUTRAL:
            continue
        if type_.startswith("stakeholder."):
            touched.add(str(resource_id))
        elif (
            type_ in _RECORD_CREATED and isinstance(payload, dict) and payload.get("stakeholder_id")
        ):
            touched.add(str(uuid.UUID(str(payload["stakeholder_id"]))))
        elif type_ in _RECORD_CHANGED:
            since = occurred_at if since is None else min(since, occurred_at)
        else:
            return None
    if since is not None:
        r = StakeholderReading
        written = connection.execute(
            sa.select(r.stakeholder_id)
            .where(r.workspace_id == workspace_id, r.updated_at >= since - WRITE_SPAN)
            .limit(PATCH_ROWS_LIMIT + 1)
        ).all()
        if len(written) > PATCH_ROWS_LIMIT:
            return None  # e.g. just after an import or a recompute: reading all is quicker
        touched.update(str(sid) for (sid,) in written)
    return touched


def map_rows(
    session: Session,
    workspace_id: uuid.UUID,
    severity: int,
    *,
    team: TeamScope = None,
    include_archived: bool = True,
    reuse: bool = False,
) -> MapRows:
    """The map's rows now. With `reuse` (read-only requests only: what is kept must be
    committed), the rows read for an earlier request are brought up to date from the event
    log instead of read again: every change to a stakeholder or a stored reading appends an
    event in its transaction, and events are numbered in commit order (`lock_feed`), so the
    events after the rows' position lead to every row that may differ (`_touched`). Logging,
    editing or deleting a record or changing a stakeholder then costs a small query or two for
    those rows; a change that can touch rows there is no way to find reads them all again."""
    connection = session.connection()
    stmt = _map_select(workspace_id, team, include_archived)
    if not reuse:
        return _fetch(connection, stmt, severity, 0)
    # The position first: rows read after it are at least as new as it says.
    position = log_position(session, workspace_id)
    key = (id(session.get_bind()), workspace_id, team, include_archived, severity)
    now = time.monotonic()
    with _ROWS_LOCK:
        kept = _ROWS.get(key)
    rows = None
    if kept is not None and now - kept[0] < ROWS_MAX_AGE:
        built, prior = kept
        if prior.position == position:
            return prior
        if prior.position < position:
            touched = _touched(connection, workspace_id, prior.position, position)
            if touched is not None:
                fresh = (
                    _fetch(
                        connection,
                        stmt.where(Stakeholder.id.in_(map(uuid.UUID, touched))),
                        severity,
                        position,
                    )
                    if touched
                    else MapRows(position, [], [], [], [], [], [])
                )
                rows = _patched(prior, fresh, touched)
    if rows is None:
        built, rows = now, _fetch(connection, stmt, severity, position)
    with _ROWS_LOCK:
        _ROWS[key] = (built, rows)
        _ROWS.move_to_end(key)
        while len(_ROWS) > ROWS_ENTRIES:
            _ROWS.popitem(last=False)
    return rows


def forget_rows() -> None:
    with _ROWS_LOCK:
        _ROWS.clear()
        _INTERVALS.clear()


# The champion intervals last worked out for a map's rows (ids, low, high), per map: where
# the next read of the same rows starts looking for them (`read_many`'s `interval_start`),
# which saves two of the three rounds of finding them. Only a starting point: a stakeholder
# whose sums changed since just takes a round or two more.
_INTERVALS: OrderedDict[tuple, tuple[list[str], np.ndarray, np.ndarray]] = OrderedDict()


def load_score_map(
    session: Session,
    workspace_id: uuid.UUID,
    settings: ScoringSettings,
    now: datetime,
    *,
    team: TeamScope = None,
    include_archived: bool = True,
    reuse: bool = False,
) -> ScoreMap:
    """Every selected stakeholder's reading at `now` (see `map_rows` for `reuse`)."""
    rows = map_rows(
        session,
        workspace_id,
        settings.r2_severity,
        team=team,
        include_archived=include_archived,
        reuse=reuse,
    )
    key = (id(session.get_bind()), workspace_id, team, include_archived) if reuse else None
    start = None
    if key is not None:
        with _ROWS_LOCK:
            last = _INTERVALS.get(key)
        if last is not None and (last[0] is rows.ids or last[0] == rows.ids):
            start = (last[1], last[2])
    readings = read_many(rows.sums, rows.facts, rows.subjects, now, settings, interval_start=start)
    if key is not None:
        with _ROWS_LOCK:
            _INTERVALS[key] = (rows.ids, readings.interval_low, readings.interval_high)
            _INTERVALS.move_to_end(key)
            while len(_INTERVALS) > ROWS_ENTRIES:
                _INTERVALS.popitem(last=False)
    return ScoreMap(rows.ids, rows.names, rows.team_ids, rows.role_types, readings, rows.id_rank)


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a map is built.

    A map allocates a few hundred thousand small objects (parsed facts, readings, response
    dicts), none of them in cycles; each allocation burst would trigger collections that
    walk the whole heap, which doubled the request's CPU time. Reference counting still
    frees everything; the collector resumes (and catches up) afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def round4(values: np.ndarray) -> list[float]:
    """`round(x, 4)` for every element, exactly as Python rounds.

    numpy's round is rint(x * 1e4) / 1e4, which agrees with Python's correctly rounded
    `round` except where x * 1e4 lands within rounding error of a half; those few are
    rounded by Python.
    """
    values = np.asarray(values, dtype=float)
    out = np.round(values, 4).tolist()
    scaled = values * 1e4
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for i in np.flatnonzero(near_half).tolist():
        out[i] = round(float(values[i]), 4)
    return out


SORT_COLUMNS = {
    "champion_score": lambda m: m.readings.champion_score,
    "reluctance_score": lambda m: m.readings.reluctance_score,
    "confidence": lambda m: m.readings.confidence,
    "influence": lambda m: np.asarray(m.readings.influence, dtype=float),
    "trust": lambda m: m.readings.trust_score,
    "champion_lower_bound": lambda m: m.readings.interval_low,
    "needs_one_on_one": lambda m: (
        m.readings.reluctance_score * np.asarray(m.readings.influence, dtype=float)
    ),
}


def select_and_sort(
    m: ScoreMap,
    *,
    viewer: bool,
    category: str | None,
    needs_one_on_one: bool | None,
    sort: str,
    q: str | None = None,
) -> list[int]:
    """Row indexes in the order `service.filter_and_sort` gives (ties by id)."""
    r = m.readings
    keep = range(len(m))
    if q:
        needle = fold(q)
        keep = [i for i in keep if needle in fold_name(m.names[i])]
    if category is not None:
        grouped = viewer or category == "other"
        shown = [VIEWER_CATEGORY.get(c, "other") for c in r.category] if grouped else r.category
        keep = [i for i in keep if shown[i] == category]
    if needs_one_on_one is not None:
        keep = [i for i in keep if r.needs_one_on_one[i] == needs_one_on_one]
    desc = sort.startswith("-")
    name = sort.lstrip("-")
    if name == "name":
        order = sorted(keep, key=m.ids.__getitem__)
        keys = [fold_name(n) for n in m.names]
        order.sort(key=keys.__getitem__, reverse=desc)
        return order
    # By the score, then by id: a stable sort (Python's, descending included) of rows in id
    # order keeps equal scores in id order. Negating a float reverses its order exactly.
    rows = np.arange(len(m)) if isinstance(keep, range) else np.asarray(keep, dtype=np.int64)
    key = SORT_COLUMNS[name](m)[rows]
    return rows[np.lexsort((m.id_rank[rows], -key if desc else key))].tolist()


class TrustItem(msgspec.Struct, gc=False):
    level: str
    score: float
    authenticity: float
    competence: float
    empathy: float
    wobble: tuple[str, ...]


class ScoreItem(msgspec.Struct, gc=False):
    """One score resource (`schemas.ScoreOut`), fields in its order.

    A struct rather than a dict: 10,000 of them are built per map, and structs are created in
    a fraction of a dict's time and are not tracked by the garbage collector.
    """

    stakeholder_id: str
    name: str
    team_id: str | None
    role_type: str
    champion_score: float
    confidence: float
    champion_interval: tuple[float, float]
    influence: float
    influence_is_manual: bool
    as_of: str
    category: str
    reluctance_score: float | None = None
    trust: TrustItem | None = None
    needs_one_on_one: bool | None = None
    # Tuples of `Reason` dataclasses, which encode as {"code", "message"} objects.
    reasons: tuple | None = None
    suggestions: tuple | None = None
    one_on_one_scheduled_on: str | None = None


encode = msgspec.json.Encoder().encode


def score_items(m: ScoreMap, rows: list[int], viewer: bool) -> list[ScoreItem]:
    """The score resources of the given rows, as `service.score_dict` builds them.

    Column by column: each column's values for the rows in order (numpy's take for numbers,
    `itemgetter` for lists), then the structs made by `map`, without a Python-level loop."""
    r = m.readings
    if not rows:
        return []
    idx = np.asarray(rows, dtype=np.int64)
    pick = itemgetter(*rows) if len(rows) > 1 else lambda column: (column[rows[0]],)
    as_of = repeat(r.as_of.astimezone(UTC).isoformat().replace("+00:00", "Z"))
    common = (
        pick(m.ids),
        pick(m.names),
        pick(m.team_ids),
        pick(m.role_types),
        round4(r.champion_score[idx]),
        round4(r.confidence[idx]),
        zip(round4(r.interval_low[idx]), round4(r.interval_high[idx]), strict=True),
        round4(np.asarray(r.influence, dtype=float)[idx]),
        pick(r.influence_is_manual),
        as_of,
    )
    if viewer:
        shown = VIEWER_CATEGORY.get
        category = [shown(c, "other") for c in pick(r.category)]
        return list(map(ScoreItem, *common, category))
    trust = map(
        TrustItem,
        pick(r.trust_level),
        round4(r.trust_score[idx]),
        round4(r.trust_authenticity[idx]),
        round4(r.trust_competence[idx]),
        round4(r.trust_empathy[idx]),
        pick(r.wobble),
    )
    scheduled = [day and day.isoformat() for day in pick(r.one_on_one_scheduled_on)]
    return list(
        map(
            ScoreItem,
            *common,
            pick(r.category),
            round4(r.reluctance_score[idx]),
            trust,
            pick(r.needs_one_on_one),
            pick(r.reasons),
            pick(r.suggestions),
            scheduled,
        )
    )
