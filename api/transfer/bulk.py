"""Bulk inserts for imports: ids in file order, rows handed to the driver in batches.

SQLAlchemy Core's executemany runs a Python bind processor for every value (UTC conversion,
JSON, UUIDs), which costs more than validating the row. Imports instead encode a batch a
column at a time, each distinct value once, into the form the ORM stores, then hand the batch
to the driver in the session's transaction: `executemany` on SQLite, `COPY ... FROM STDIN` in
text format on PostgreSQL (every value as text, parsed by the server by its column's type).
`tests/api/test_transfer.py` checks that what lands in the table equals what the ORM writes.
"""

import operator
import os
import queue
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import Session

from api.db import UTCDateTime, json_text
from api.kit.time import as_utc

BATCH = 5000
QUEUED = 2  # encoded batches made ahead of the one being written


class IdSequence:
    """UUIDv7s that increase strictly in the order they are drawn (RFC 9562, counter method).

    `api.kit.ids.uuid7` is random within a millisecond; an import draws thousands of ids in
    one, and lists are ordered by id, so imported rows keep the order of the file this way.
    """

    def __init__(self) -> None:
        ms = time.time_ns() // 1_000_000
        rand = int.from_bytes(os.urandom(8), "big")
        self._high = (ms & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | (rand >> 52) << 64 | 0b10 << 62
        self._counter = rand & ((1 << 40) - 1)  # leaves 2^62 - 2^40 ids before rand_b overflows

    def __call__(self) -> uuid.UUID:
        self._counter += 1
        # uuid.UUID(int=...) checks the range and the version bits: known good here.
        u = _new_uuid(uuid.UUID)
        _set(u, "int", self._high | self._counter)
        _set(u, "is_safe", uuid.SafeUUID.unknown)
        return u

    def stored(self) -> str:
        """The next id as both databases take it in a bulk insert: 32 hex digits (SQLite's
        stored form; PostgreSQL reads a uuid written without hyphens)."""
        self._counter += 1
        return "%032x" % (self._high | self._counter)


_new_uuid, _set = object.__new__, object.__setattr__
_NEW = object()  # not in an encoder's cache yet


def _sqlite_time(value: datetime) -> str:
    # What UTCDateTime + SQLite's DATETIME store: naive UTC, always with microseconds.
    if value.tzinfo is UTC:  # validated times are: drop the "+00:00"
        return value.isoformat(" ", "microseconds")[:-6]
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def _pg_time(value: datetime) -> str:
    return as_utc(value).isoformat()


def _text(value: Any) -> Any:
    return value if type(value) is str else str(value)  # StrEnum -> str


def _uuid(value: uuid.UUID) -> str:
    return value.hex


def _date(value) -> str:
    return value.isoformat()


def _pg_bool(value: bool) -> str:
    return "t" if value else "f"


def _encoder(column: sa.Column, dialect: str) -> Callable[[Any], Any] | None:
    """How to turn one Python value (not None) into what the driver stores; None: as it is.

    PostgreSQL gets text for every column: COPY's text format parses each value by its column
    type on the server, and psycopg writes a str without looking up an adapter per value.
    """
    kind = column.type
    if isinstance(kind, sa.JSON):
        return json_text  # as the engine's JSON columns do (None is stored as JSON null)
    if isinstance(kind, sa.String):
        return _text
    if isinstance(kind, sa.Uuid):
        return _uuid if dialect == "sqlite" else str
    if isinstance(kind, UTCDateTime):
        return _sqlite_time if dialect == "sqlite" else _pg_time
    if isinstance(kind, sa.Date):
        return _date
    if isinstance(kind, sa.Boolean):
        return int if dialect == "sqlite" else _pg_bool
    if dialect == "postgresql":
        return str  # integers and floats (str(float) is the shortest exact form)
    return None


# COPY's text format: a tab between values, a newline after each row, \N for NULL, and
# these four escaped wherever they occur in a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_NULL = "\\N"


def _as_is(value: Any) -> Any:
    return value


def _copy_escaped(f: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda value: f(value).translate(_COPY_ESCAPES)


def _column_encoder(
    column: sa.Column, dialect: str, copy: bool = False, stored: bool = False
) -> Callable[[list], list] | None:
    """Encodes one column of a batch, each distinct value once (imported rows repeat
    stakeholders, timestamps, ratings and topics); None means the values go as they are.
    `stored`: the values are in the table's form already. `copy`: as text for COPY (every
    value escaped, NULL as `\\N`)."""
    f = _as_is if stored else _encoder(column, dialect)
    null = None
    if copy:
        f, null = _copy_escaped(f), COPY_NULL
    elif f is _as_is or f is None:
        return None
    if column.primary_key:  # every value differs
        return lambda values: [null if v is None else f(v) for v in values]
    json_column = isinstance(column.type, sa.JSON) and not stored  # None is JSON null
    cache: dict = {} if json_column else {None: null}
    # JSON values by identity first: imported rows share their lists and dicts where the
    # cells were the same. The value is kept with its text, so its id cannot be reused; the
    # rows' values must not change while they are inserted.
    same: dict[int, tuple[Any, Any]] = {}

    def miss(key: Any, value: Any) -> Any:
        out = cache[key] = f(value)
        return out

    def encode(values: list) -> list:
        c = cache
        first = values[0]
        if not json_column and values[-1] == first and values.count(first) == len(values):
            # One value throughout (the workspace, the import's time, a default): encoded once.
            out = c.get(first, _NEW)
            return [miss(first, first) if out is _NEW else out] * len(values)
        if not json_column:
            get = c.get
            return [out if (out := get(v, _NEW)) is not _NEW else miss(v, v) for v in values]
        known = same.get
        out = []
        for v in values:
            hit = known(id(v))
            if hit is None or hit[0] is not v:
                try:
                    key = orjson.dumps(v)
                except (TypeError, orjson.JSONEncodeError):
                    return [f(v) for v in values]  # not JSON orjson can write: no cache
                hit = same[id(v)] = (v, c[key] if key in c else miss(key, v))
            out.append(hit[1])
        return out

    return encode


@contextmanager
def roomy_cache(session: Session, kib: int = 128 * 1024) -> Iterator[None]:
    """On SQLite, a page cache that holds a large import's table and index pages.

    With the default 2 MB, pages spill to the WAL in the middle of the transaction and each
    index page is written again and again; with the pages kept, inserting 100,000
    conversations took about a third less CPU. The connection goes back to its own cache size
    afterwards.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _encoded_batches(
    rows: Iterable[dict[str, Any]],
    columns: list[sa.Column],
    dialect: str,
    stored: tuple[str, ...] = (),
    copy_encoding: str | None = None,
) -> Iterator[tuple[int, Any]]:
    """`rows` a batch at a time, as (how many, the batch): each row a tuple of `columns`'
    values as stored (those of the columns named in `stored` already are), or with
    `copy_encoding` the whole batch as COPY text in that encoding."""
    get = operator.itemgetter(*(c.name for c in columns))
    copy = copy_encoding is not None
    encode = [_column_encoder(c, dialect, copy, c.name in stored) for c in columns]
    source = iter(rows)
    while batch := [get(row) for row in islice(source, BATCH)]:
        if len(columns) == 1:
            batch = [(value,) for value in batch]
        encoded = [
            values if f is None else f(values)
            for f, values in zip(encode, zip(*batch, strict=True), strict=True)
        ]
        if copy:
            text = "\n".join(map("\t".join, zip(*encoded, strict=True)))
            yield len(batch), (text + "\n").encode(copy_encoding)
        else:
            yield len(batch), list(zip(*encoded, strict=True))


def insert_rows(
    session: Session,
    model: Any,
    rows: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
    skip: tuple[str, ...] = (),
    stored: tuple[str, ...] = (),
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Insert `rows` (dicts with every column but those in `skip`, which take their server
    defaults) into `model`'s table, in the session's transaction; returns how many. Values
    of the columns in `stored` are already in the form the table stores (JSON as text).
    `meanwhile` is called once every row has been made, while the last batches are written;
    it must not use the connection.

    Rows are taken a batch at a time and encoded a column at a time, then the batch goes to
    the driver: `executemany` on SQLite, `COPY ... FROM STDIN` (text format) on PostgreSQL.
    """
    session.flush()  # ORM objects the rows refer to (the workspace, say) must exist first
    connection = session.connection()
    dialect = connection.dialect.name
    table = model.__table__
    columns = [c for c in table.columns if c.name not in skip]

    driver = connection.connection.driver_connection
    cursor = driver.cursor()
    copy_encoding = None
    if dialect == "postgresql":
        quote = connection.dialect.identifier_preparer.quote
        target = f"{quote(table.name)} ({', '.join(quote(c.name) for c in columns)})"
        copy_encoding = driver.info.encoding

        def write(batch: bytes) -> None:
            # One COPY a batch, its text made whole by the thread that made the rows: this
            # one only hands it over (a few calls, each letting go of the GIL while libpq
            # sends). The server checks a batch's foreign keys at the end of its statement,
            # while the next batch is being made.
            with cursor.copy(f"COPY {target} FROM STDIN") as copy:
                copy.write(batch)
    else:
        # Compiled for SQLite: positional `?` parameters in the order of `columns`.
        insert = sa.insert(table).values({c.name: sa.bindparam(c.name) for c in columns})
        sql = str(insert.compile(dialect=connection.dialect))

        def write(batch: list[tuple]) -> None:
            cursor.executemany(sql, batch)

    batches = _encoded_batches(rows, columns, dialect, stored, copy_encoding)
    try:
        if isinstance(rows, list) and len(rows) <= BATCH:  # nothing to overlap
            done = sum(write(batch) or n for n, batch in batches)
            if progress is not None and done:
                progress(done)
            if meanwhile is not None:
                meanwhile()
        else:
            handoffs = prompt_gil_handoffs() if dialect == "postgresql" else nullcontext()
            with handoffs:
                done = _overlapped(batches, write, progress, meanwhile)
    finally:
        cursor.close()
    if progress is not None and done == 0:
        progress(done)
    return done


# While a COPY is fed from a thread of its own, that thread wakes each time libpq can send
# more and needs the GIL back, which the thread making rows holds for up to the interpreter's
# switch interval (5 ms): the server sat idle for those waits. A shorter interval while the
# COPY runs hands the GIL over sooner; PostgreSQL imports took 5-10% less time. (SQLite's
# writer showed no such gain.) The interval is the process's: it is restored when the last
# import using it ends.
HANDOFF_SECONDS = 0.0005
_handoff_lock = threading.Lock()
_handoff_users = [0, 0.0]  # imports running, the interval before the first


@contextmanager
def prompt_gil_handoffs() -> Iterator[None]:
    with _handoff_lock:
        if _handoff_users[0] == 0:
            _handoff_users[1] = sys.getswitchinterval()
            sys.setswitchinterval(min(HANDOFF_SECONDS, _handoff_users[1]))
        _handoff_users[0] += 1
    try:
        yield
    finally:
        with _handoff_lock:
            _handoff_users[0] -= 1
            if _handoff_users[0] == 0:
                sys.setswitchinterval(_handoff_users[1])


def _overlapped(
    batches: Iterator[tuple[int, Any]],
    write: Callable[[Any], None],
    progress: Callable[[int], None] | None,
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Write each batch in a worker thread while this one makes the next (and, once they
    are all made, runs `meanwhile`); returns how many rows were written.

    Making a batch (validating and encoding rows) is Python, while the drivers let go of the
    GIL as the database works on one (sqlite3's steps, libpq's waits), so the two overlap. The
    worker is the only user of the connection until it has written the last batch; the rows'
    source must not use it either (as for COPY). The first error either side raises stops
    both, and is raised here once the worker is done.
    """
    pending: queue.Queue = queue.Queue(maxsize=QUEUED)
    written = [0]
    failed: list[BaseException] = []

    def work() -> None:
        while (item := pending.get()) is not None:
            if failed:
                continue  # drain, so that the producer never blocks
            n, batch = item
            try:
                write(batch)
            except BaseException as exc:  # raised again by the producer
                failed.append(exc)
            else:
                written[0] += n

    reported = 0

    def report() -> None:  # here, not in the worker: the callback may print
        nonlocal reported
        if progress is not None and written[0] != reported:
            reported = written[0]
            progress(reported)

    worker = threading.Thread(target=work, name="bulk-insert", daemon=True)
    worker.start()
    try:
        for item in batches:
            pending.put(item)
            if failed:
                break
            report()
        if meanwhile is not None and not failed:
            meanwhile()
    finally:
        pending.put(None)
        worker.join()
    if failed:
        raise failed[0]
    report()
    return written[0]


def update_rows(
    session: Session,
    model: Any,
    key: str,
    rows: list[dict[str, Any]],
    stored: tuple[str, ...] = (),
) -> int:
    """Set columns of existing rows of `model`'s table, found by the column `key`, in the
    session's transaction; returns how many rows were given. Every dict has the same keys:
    `key` and the columns to set. Values are encoded as `insert_rows` encodes them (`stored`
    as there) and go to the driver's `executemany` (on PostgreSQL as untyped text, which the
    server reads by the column's type, as COPY does)."""
    if not rows:
        return 0
    session.flush()
    connection = session.connection()
    dialect = connection.dialect.name
    table = model.__table__
    names = [name for name in rows[0] if name != key]
    stmt = (
        sa.update(table)
        .where(table.c[key] == sa.bindparam(f"k_{key}"))
        .values({name: sa.bindparam(f"v_{name}") for name in names})
    )
    compiled = stmt.compile(dialect=connection.dialect)
    columns = [table.c[name] for name in names] + [table.c[key]]
    params = [f"v_{name}" for name in names] + [f"k_{key}"]
    cursor = connection.connection.driver_connection.cursor()
    for _, batch in _encoded_batches(rows, columns, dialect, stored):
        if compiled.positional:
            at = {name: i for i, name in enumerate(params)}
            order = [at[name] for name in compiled.positiontup]
            cursor.executemany(compiled.string, [[row[i] for i in order] for row in batch])
        else:
            named = [dict(zip(params, row, strict=True)) for row in batch]
            cursor.executemany(compiled.string, named)
    cursor.close()
    return len(rows)
