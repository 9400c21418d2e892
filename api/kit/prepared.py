"""Hot statements run on the driver's cursor, compiled once per dialect.

SQLAlchemy's `Connection.execute` looks the statement up in its compiled cache, builds an
execution context, processes every parameter and wraps the cursor in a `Result`: about a
tenth of a millisecond a statement, several times what SQLite takes to run a point query.
The statements every write runs (the token lookup, reference checks, the record and event
inserts, the reading's read-modify-write) go through `Prepared` instead: the same Core
statement, compiled once for the dialect, its parameters converted by the same type
processors SQLAlchemy would use, executed on the session connection's own DBAPI connection
(so inside the request's transaction, after its BEGIN).

What it skips is SQLAlchemy's per-execution machinery: cursor events and the result wrapper
(`echo` still shows each statement and its parameters: `echo` below). Rows come back as
tuples, each column converted by its type's result processor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ClauseElement
from sqlmodel import Session

if TYPE_CHECKING:
    from api.kit.unit import Unit

_UNSET = object()


class _Compiled:
    __slots__ = ("params", "positional", "results", "sql", "types")

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.positional = dialect.positional
        names = list(compiled.positiontup or []) if self.positional else list(compiled.binds)
        # (name, value the statement carries itself (a LIMIT) or _UNSET, type processor)
        self.params: list[tuple[str, Any, Callable[[Any], Any] | None]] = []
        for name in names:
            bind = compiled.binds[name]
            fixed = _UNSET if bind.required or bind.value is None else bind.value
            self.params.append((name, fixed, bind.type._cached_bind_processor(dialect)))
        if compiled._result_columns:
            self.types = [column.type for column in compiled._result_columns]
        else:  # INSERT/UPDATE ... RETURNING
            self.types = [column.type for column in getattr(statement, "_returning", ())]
        # Result processors may depend on the driver's column types (PostgreSQL numerics),
        # so they are made from the first answer's description.
        self.results: list[Callable[[Any], Any] | None] | None = None

    def parameters(self, values: Mapping[str, Any]) -> tuple | dict:
        out = []
        for name, fixed, process in self.params:
            value = values.get(name, fixed)
            if value is _UNSET:
                raise KeyError(f"no value for the statement's parameter {name!r}")
            out.append(process(value) if process is not None and value is not None else value)
        if self.positional:
            return tuple(out)
        return {name: value for (name, _, _), value in zip(self.params, out, strict=True)}

    def row(self, cursor, dialect: Dialect) -> tuple | None:
        row = cursor.fetchone()
        if row is None:
            return None
        if self.results is None:
            self.results = [
                type_._cached_result_processor(dialect, described[1])
                for type_, described in zip(self.types, cursor.description, strict=True)
            ]
        return tuple(
            process(value) if process is not None and value is not None else value
            for process, value in zip(self.results, row, strict=True)
        )


class Prepared:
    """One Core statement, run on the driver of a SQLAlchemy connection's transaction."""

    __slots__ = ("_by_dialect", "statement")

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def _compiled(self, connection: sa.Connection) -> _Compiled:
        dialect = connection.dialect
        key = dialect.name
        compiled = self._by_dialect.get(key)
        if compiled is None:
            compiled = self._by_dialect[key] = _Compiled(self.statement, dialect)
        return compiled

    def _run(self, connection: sa.Connection, values: Mapping[str, Any]):
        compiled = self._compiled(connection)
        parameters = compiled.parameters(values)
        if connection.engine.echo:
            echo(connection.engine, compiled.sql, parameters)
        cursor = connection.connection.dbapi_connection.cursor()
        cursor.execute(compiled.sql, parameters)
        return compiled, cursor

    def execute(self, connection: sa.Connection, values: Mapping[str, Any]) -> None:
        _, cursor = self._run(connection, values)
        cursor.close()

    def first(self, connection: sa.Connection, values: Mapping[str, Any]) -> tuple | None:
        compiled, cursor = self._run(connection, values)
        try:
            return compiled.row(cursor, connection.dialect)
        finally:
            cursor.close()

    def scalar(self, connection: sa.Connection, values: Mapping[str, Any]) -> Any:
        row = self.first(connection, values)
        return None if row is None else row[0]


def echo(engine: sa.Engine, sql: str, parameters: Any = None) -> None:
    """Show a statement run on the driver as `echo` shows SQLAlchemy's own (the engine's
    logger, at INFO), so RAPPORT_SQL_ECHO leaves nothing out."""
    engine.logger.info(sql)
    if parameters is not None:
        engine.logger.info("[prepared] %r", parameters)


def insert_of(table: sa.Table, skip: tuple[str, ...] = ()) -> sa.Insert:
    """INSERT of every column of `table` but `skip`, each from the parameter of its name (a
    statement for `Prepared`, which passes exactly the parameters the statement names)."""
    return table.insert().values(
        {c.name: sa.bindparam(c.name, type_=c.type) for c in table.columns if c.name not in skip}
    )


_CONNECTION = "rapport_prepared_connection"


def connection_of(session: Session | Unit) -> sa.Connection:
    """`session.connection()`, kept for as long as the session's transaction lasts (a
    unit's own connection for a `Unit`).

    Each call of `session.connection()` walks the session's transaction machinery again;
    a write asks for it half a dozen times (token, references, record, event, reading)."""
    if not isinstance(session, Session):
        return session.connection()
    kept = session.info.get(_CONNECTION)
    transaction = session._transaction
    if kept is not None and kept[0] is transaction and transaction.is_active:
        return kept[1]
    connection = session.connection()
    session.info[_CONNECTION] = (session._transaction, connection)
    return connection
