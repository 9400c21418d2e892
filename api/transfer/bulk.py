"""Bulk inserts for imports: ids in file order, rows handed to the driver in batches.

SQLAlchemy Core's executemany runs a Python bind processor for every value (UTC conversion,
JSON, UUIDs), which costs more than validating the row. Imports instead encode each column
once per value into the form the ORM stores, then hand whole batches to the driver in the
session's transaction: `executemany` on SQLite, `COPY ... FROM STDIN` on PostgreSQL.
`tests/api/test_transfer.py` checks that what lands in the table equals what the ORM writes.
"""

import json
import operator
import os
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import Session

from api.db import UTCDateTime

BATCH = 5000


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
        return uuid.UUID(int=self._high | self._counter)


def _sqlite_time(value: datetime) -> str:
    # What UTCDateTime + SQLite's DATETIME store: naive UTC, always with microseconds.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def _text(value: Any) -> Any:
    return value if type(value) is str else str(value)  # StrEnum -> str


def _uuid(value: uuid.UUID) -> str:
    return value.hex


def _date(value) -> str:
    return value.isoformat()


def _encoder(column: sa.Column, dialect: str) -> Callable[[Any], Any] | None:
    """How to turn one Python value into what the driver stores; None means as is."""
    kind = column.type
    if isinstance(kind, sa.JSON):
        return json.dumps  # as SQLAlchemy's JSON type does (None is stored as JSON null)
    if isinstance(kind, sa.String):
        return _text
    if dialect == "postgresql":
        return None  # psycopg's COPY adapts uuid, datetime, date, bool and numbers itself
    if isinstance(kind, sa.Uuid):
        return _uuid
    if isinstance(kind, UTCDateTime):
        return _sqlite_time
    if isinstance(kind, sa.Date):
        return _date
    if isinstance(kind, sa.Boolean):
        return int
    return None


def _memo(encode: Callable[[Any], Any], json_column: bool) -> Callable[[Any], Any]:
    """Encode each distinct value once: imported rows repeat timestamps, ids, ratings, topics."""
    cache: dict = {}

    def cached(value: Any) -> Any:
        if value is None and not json_column:
            return None
        try:
            key = orjson.dumps(value) if json_column else value
            return cache[key]
        except KeyError:
            out = cache[key] = encode(value)
            return out
        except (TypeError, orjson.JSONEncodeError):
            return encode(value)  # not hashable, or not JSON orjson can write: no cache

    return cached


def insert_rows(
    session: Session,
    model: Any,
    rows: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert `rows` (dicts with every column) into `model`'s table; returns how many."""
    session.flush()  # ORM objects the rows refer to (the workspace, say) must exist first
    connection = session.connection()
    dialect = connection.dialect.name
    table = model.__table__
    names = [c.name for c in table.columns]
    get = operator.itemgetter(*names)
    active = []
    for i, column in enumerate(table.columns):
        f = _encoder(column, dialect)
        if f is not None:
            active.append((i, f if column.primary_key else _memo(f, f is json.dumps)))

    def encode(row: dict) -> list:
        values = list(get(row))
        for i, f in active:
            values[i] = f(values[i])
        return values

    done = 0
    cursor = connection.connection.driver_connection.cursor()
    if dialect == "postgresql":
        quote = connection.dialect.identifier_preparer.quote
        target = f"{quote(table.name)} ({', '.join(quote(n) for n in names)})"
        with cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(encode(row))
                done += 1
                if progress is not None and done % BATCH == 0:
                    progress(done)
    else:
        # Compiled for SQLite: positional `?` parameters in the order of `table.columns`.
        sql = str(sa.insert(table).compile(dialect=connection.dialect))
        batch: list[list] = []
        for row in rows:
            batch.append(encode(row))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                done += len(batch)
                batch = []
                if progress is not None:
                    progress(done)
        if batch:
            cursor.executemany(sql, batch)
            done += len(batch)
    cursor.close()
    if progress is not None:
        progress(done)
    return done
