"""Bulk inserts for imports: ids in file order, rows handed to the driver in batches.

SQLAlchemy Core's executemany runs a Python bind processor for every value (UTC conversion,
JSON, UUIDs), which costs more than validating the row. Imports instead encode each column
once per value into the form the ORM stores, then hand whole batches to the driver in the
session's transaction: `executemany` on SQLite, `COPY ... FROM STDIN` on PostgreSQL.
`tests/api/test_transfer.py` checks that what lands in the table equals what the ORM writes.
"""

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

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
        value = value.astimezone(UTC)
    return f"{value:%Y-%m-%d %H:%M:%S.%f}"


def _text(value: Any) -> Any:
    return value if value is None or type(value) is str else str(value)  # StrEnum -> str


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
        return lambda v: None if v is None else v.hex
    if isinstance(kind, UTCDateTime):
        return lambda v: None if v is None else _sqlite_time(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(kind, sa.Boolean):
        return lambda v: None if v is None else int(v)
    return None


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
    columns = list(table.columns)
    names = [c.name for c in columns]
    encoders = [(c.name, _encoder(c, dialect)) for c in columns]

    def encode(row: dict) -> tuple:
        return tuple(row[n] if f is None else f(row[n]) for n, f in encoders)

    done = 0
    batch: list[tuple] = []
    if dialect == "postgresql":
        quote = connection.dialect.identifier_preparer.quote
        target = f"{quote(table.name)} ({', '.join(quote(n) for n in names)})"
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(encode(row))
                done += 1
                if progress is not None and done % BATCH == 0:
                    progress(done)
        cursor.close()
    else:
        # Compiled for SQLite: positional `?` parameters in the order of `table.columns`.
        sql = str(sa.insert(table).compile(dialect=connection.dialect))
        for row in rows:
            batch.append(encode(row))
            if len(batch) == BATCH:
                connection.exec_driver_sql(sql, batch)
                done += len(batch)
                batch = []
                if progress is not None:
                    progress(done)
        if batch:
            connection.exec_driver_sql(sql, batch)
            done += len(batch)
    if progress is not None:
        progress(done)
    return done
