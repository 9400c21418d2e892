"""A request's transaction on one pooled connection, with an ORM session only if asked for.

The request session (`api.db.get_session`) is an ORM `Session`: right for reading and
changing objects, but a hot create pays for machinery it does not use (the session's
transaction bookkeeping, its flush and commit events, the identity map). A `Unit` is the
same transaction without that: a connection from the engine's pool with its transaction
begun (on SQLite `BEGIN IMMEDIATE`, as for every request), on which the statements of
`api.kit.prepared` run, and one commit or rollback at the end.

It offers what the shared write steps use of a session (`info`, `get_bind`, `flush`,
`commit`, `rollback`, `close`, and `connection_of`), so `api.kit.crud.create`, the
reference checks, the event log and the stored readings take either. Code that needs ORM
objects (a signed-in user's row, a reading rebuilt from the log) asks for `unit.session`: a
`Session` joined to the unit's transaction, made on first use, flushed before the unit
commits. Its own `commit` writes and runs its hooks but leaves the transaction to the unit;
its `rollback` rolls the whole transaction back.

An endpoint asks for one with `tx: UnitDep`; `api.kit.routing.Route` opens it in the
endpoint's worker-thread trip and commits or rolls it back there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlmodel import Session

from api.db import NO_WAIT, app_engine

# Run at the start of `Unit.commit`, in order, while the transaction is still open (the
# stored readings register theirs: api/insights/readings.py).
BEFORE_COMMIT: list[Callable[[Unit], None]] = []


class Unit:
    __slots__ = ("_connection", "_engine", "_session", "info")

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._connection: sa.Connection | None = None
        self._session: Session | None = None
        self.info: dict[str, Any] = {}

    def connection(self) -> sa.Connection:
        """The unit's connection, its transaction begun on first use."""
        if self._connection is None:
            self.begin()
        return self._connection

    def begin(self, wait: bool = True) -> None:
        """Begin the unit's transaction now. With `wait=False` (SQLite), take the write lock
        at once or raise `api.db.WriteLockBusy`, and leave the WAL checkpoint to the caller
        (`api.db.checkpoint_due`)."""
        if self._connection is not None:
            return
        connection = self._engine.connect()
        try:
            if not wait:
                connection.execution_options(**{NO_WAIT: True})
            connection.begin()
        except BaseException:
            connection.close()
            raise
        self._connection = connection

    def get_bind(self) -> sa.Engine:
        return self._engine

    @property
    def session(self) -> Session:
        """An ORM session in this unit's transaction: its commit flushes and runs the
        session's commit hooks but leaves the transaction to the unit."""
        if self._session is None:
            self._session = Session(
                bind=self.connection(),
                expire_on_commit=False,
                join_transaction_mode="rollback_only",
            )
            self._session.info["if_match"] = self.info.get("if_match")
        return self._session

    def flush(self) -> None:
        """Write what the unit's session holds, so rows added through it exist for the
        statements that follow."""
        if self._session is not None:
            self._session.flush()

    def commit(self) -> None:
        for hook in BEFORE_COMMIT:
            hook(self)
        if self._session is not None:
            self._session.commit()
        if self._connection is not None:
            self._connection.commit()

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
        if self._connection is not None:
            self._connection.rollback()

    def close(self) -> None:
        """Give the connection back to the pool (rolling back what was not committed)."""
        session, connection = self._session, self._connection
        self._session = self._connection = None
        try:
            if session is not None:
                session.close()
        finally:
            if connection is not None:
                connection.close()


def open_unit(request: Request) -> Unit:
    """The request's unit: no I/O until first used."""
    unit = Unit(app_engine(request.app))
    # The write path checks If-Match against the row it locks (api/kit/etag.py).
    unit.info["if_match"] = request.headers.get("if-match")
    return unit


def get_unit() -> Unit:
    """Stands for the unit in an endpoint's signature; `api.kit.routing.Route` provides it."""
    raise RuntimeError("a UnitDep endpoint must be a synchronous endpoint of a kit Route")


UnitDep = Annotated[Unit, Depends(get_unit)]

# A session or a unit: what the shared write steps take.
Tx = Session | Unit


def orm(tx: Tx) -> Session:
    """The ORM session of `tx`: itself, or a unit's joined session."""
    return tx.session if isinstance(tx, Unit) else tx
