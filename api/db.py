"""Engine, the one-transaction-per-request session, and the column types every table shares."""

from collections.abc import AsyncIterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel
from starlette.concurrency import run_in_threadpool

from api.kit.time import as_utc
from api.settings import get_settings

# Named constraints make migrations reproducible on every backend.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator):
    """Stores aware datetimes as UTC and always returns them aware, on SQLite too."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else as_utc(value)


def make_engine(url: str, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            # The sqlite3 module's own transaction handling would defer BEGIN and let two
            # writers both read before either writes; take the write lock at BEGIN instead.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, settings.sql_echo)


def app_engine(app) -> Engine:
    """The engine of the app serving a request (create_app may be given its own)."""
    return getattr(app.state, "engine", None) or get_engine()


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: services flush, this commits once or rolls back.

    Async on purpose: creating a Session does no I/O (it connects on first use, in the
    endpoint's worker thread), so only the commit needs a worker thread. A sync generator
    would cost two thread hops per request, one in and one out.
    """
    session = Session(app_engine(request.app), expire_on_commit=False)
    # The write path checks If-Match against the row it locks (api/kit/etag.py).
    session.info["if_match"] = request.headers.get("if-match")
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_finish, session, False)
        raise
    await run_in_threadpool(_finish, session, True)


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
