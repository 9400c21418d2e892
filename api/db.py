"""Engine, the one-transaction-per-request session, and the column types every table shares."""

import asyncio
import logging
import sqlite3
import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import orjson
import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel
from starlette.concurrency import run_in_threadpool

from api.kit.fold import SQLITE_FUNCTION, sqlite_fold
from api.kit.prepared import echo as echo_statement
from api.kit.time import as_utc
from api.settings import get_settings

log = logging.getLogger("rapport.db")

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


class _WriterQueue:
    """Threads of this process take turns at SQLite's write lock here.

    Every transaction begins with BEGIN IMMEDIATE (the write lock). A connection that finds
    it taken is left to SQLite's busy handler, which polls with growing sleeps (up to 100 ms
    each): under a few concurrent requests, waits were quantised to those sleeps and the
    slowest took seconds. Threads of one process instead wait on this lock, and the next is
    woken the moment the transaction before it commits or rolls back; the busy handler then
    only arbitrates between processes (the CLI, a second server).
    """

    def __init__(self, timeout: float) -> None:
        self._lock = threading.Lock()
        self._holders: set[int] = set()  # id() of the DBAPI connection in a transaction
        self.timeout = timeout

    @staticmethod
    def _key(connection) -> int:
        # The driver's connection, whether given it or the pool's proxy around it.
        return id(getattr(connection, "dbapi_connection", connection))

    def enter(self, connection, wait: bool = True) -> None:
        if not self._lock.acquire(timeout=self.timeout if wait else 0):
            if not wait:
                raise WriteLockBusy
            raise sqlite3.OperationalError("database is locked")
        self._holders.add(self._key(connection))

    def leave(self, connection) -> None:
        key = self._key(connection)
        if key in self._holders:
            self._holders.discard(key)
            self._lock.release()


class WriteLockBusy(Exception):
    """SQLite's write lock is taken (by a thread of this process or by another process): a
    transaction begun with `NO_WAIT` would have had to wait for it."""


# Execution option of a SQLite connection whose transaction must take the write lock at once
# or not at all (`WriteLockBusy`), and whose commit leaves the WAL checkpoint to its caller
# (`api.kit.routing`: a create's transaction run on the event loop).
NO_WAIT = "rapport_no_wait"
_AUTOCHECKPOINT_OFF = "rapport_autocheckpoint_off"

_GATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def writer_gate(app) -> asyncio.Lock | None:
    """On SQLite, the lock a request whose `Unit` runs in one trip (the record creates:
    api/kit/routing.py) takes on the event loop first; None on PostgreSQL. Holding it, the
    request runs its transaction right there if SQLite's write lock is free at once
    (`NO_WAIT`), or in a worker thread if it has to wait for it.

    Every SQLite transaction here holds the write lock (BEGIN IMMEDIATE), so such requests
    run one at a time whatever happens. Waiting for that turn in a worker thread, at the
    `_WriterQueue`, kept up to one blocked thread per request in flight, each woken in turn
    to compete for the GIL with the one writing: under a few concurrent writes that cost a
    tenth of the server's time. Waiting on the event loop costs nothing; the writer queue
    still orders everything else (sessions, which may commit and go on without the lock,
    the CLI, background threads)."""
    engine = app_engine(app)
    if engine.dialect.name != "sqlite":
        return None
    loop = asyncio.get_running_loop()  # an asyncio lock belongs to one loop
    gates = _GATES.get(loop)
    if gates is None:
        gates = _GATES[loop] = weakref.WeakKeyDictionary()
    gate = gates.get(engine)
    if gate is None:
        gate = gates[engine] = asyncio.Lock()
    return gate


def json_text(value) -> str:
    """JSON columns' text: orjson's, several times quicker than the json module's, which
    SQLAlchemy uses unless told (a few JSON values go with every write). Compact, and
    datetimes and UUIDs as the API writes them."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            json_serializer=json_text,
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
            # Searches fold case and accents as PostgreSQL's query does (api/kit/fold.py).
            dbapi_conn.create_function(SQLITE_FUNCTION, 1, sqlite_fold, deterministic=True)

        queue = _WriterQueue(timeout=30)

        @event.listens_for(engine, "begin")
        def _begin(conn):
            if conn.get_execution_options().get(SNAPSHOT):
                # Read only: a deferred transaction, whose first read fixes what it sees
                # (WAL), and which holds up no writer.
                conn.exec_driver_sql("BEGIN")
                return
            if conn.get_execution_options().get(NO_WAIT):
                _begin_now(conn)
                return
            queue.enter(conn.connection)
            try:
                # On the driver: SQLAlchemy's execute path for one fixed statement cost
                # more than the statement.
                if engine.echo:
                    echo_statement(engine, "BEGIN IMMEDIATE")
                conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")
            except BaseException:
                queue.leave(conn.connection)
                raise

        def _begin_now(conn):
            queue.enter(conn.connection, wait=False)
            raw = conn.connection.dbapi_connection
            try:
                if engine.echo:
                    echo_statement(engine, "BEGIN IMMEDIATE (no wait)")
                # Another process may hold the lock: ask once, without the busy handler.
                raw.execute("PRAGMA busy_timeout=0")
                try:
                    raw.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                        raise
                    raise WriteLockBusy from exc
                finally:
                    raw.execute("PRAGMA busy_timeout=30000")
                # Its commit copies no WAL back (the caller checkpoints in a thread).
                raw.execute("PRAGMA wal_autocheckpoint=0")
                conn.connection.info[_AUTOCHECKPOINT_OFF] = True
            except BaseException:
                queue.leave(conn.connection)
                raise

        dialect = engine.dialect
        commit, rollback = dialect.do_commit, dialect.do_rollback

        def do_commit(dbapi_conn):
            try:
                commit(dbapi_conn)
            finally:
                queue.leave(dbapi_conn)

        def do_rollback(dbapi_conn):
            try:
                rollback(dbapi_conn)
            finally:
                queue.leave(dbapi_conn)

        dialect.do_commit, dialect.do_rollback = do_commit, do_rollback

        @event.listens_for(engine, "invalidate")
        @event.listens_for(engine, "close")
        def _gone(dbapi_conn, *_):
            queue.leave(dbapi_conn)

        @event.listens_for(engine, "checkin")
        def _checkpoint_deferred(dbapi_conn, record):
            off = record.info.pop(_AUTOCHECKPOINT_OFF, False)  # a NO_WAIT transaction's
            deferred = record.info.pop(CHECKPOINT_DEFERRED, False)  # `defer_checkpoint`'s
            if (off or deferred) and dbapi_conn is not None:
                dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")
                if deferred and path and path != ":memory:":
                    checkpoint_in_background(path)

        return engine
    return sa.create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        json_serializer=json_text,
    )


SNAPSHOT = "rapport_snapshot"

# SQLite copies its write-ahead log back into the database (a checkpoint) in the commit that
# takes the log past this many pages. After a large import that copy is a tenth of the
# import's time, spent while the caller waits.
WAL_AUTOCHECKPOINT = 1000
CHECKPOINT_DEFERRED = "rapport_checkpoint_deferred"
_checkpoints: list[threading.Thread] = []  # started, for tests to wait on


def defer_checkpoint(session: Session) -> None:
    """On SQLite, leave the checkpoint that this transaction's commit would run to a
    background thread once the transaction is over (committed or rolled back), as
    PostgreSQL leaves it to its checkpointer; elsewhere, nothing. For large writes only."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
    connection.connection.info[CHECKPOINT_DEFERRED] = True


# A transaction begun with `NO_WAIT` leaves the checkpoint to its caller, which asks
# `checkpoint_due` after each: every CHECKPOINT_EVERY such transactions (a create writes
# about fifteen pages, so about every WAL_AUTOCHECKPOINT pages, SQLite's own cadence).
CHECKPOINT_EVERY = 64
_no_wait_commits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def checkpoint_due(engine: Engine) -> bool:
    count = _no_wait_commits.get(engine, 0) + 1
    _no_wait_commits[engine] = 0 if count >= CHECKPOINT_EVERY else count
    return count >= CHECKPOINT_EVERY


# A log this many frames long has not started over since checkpoints ran beside writers:
# the next checkpoint holds the process's writers back (`writer_gate`) so that it does.
RESTART_AFTER = 4 * WAL_AUTOCHECKPOINT


def checkpoint_now(engine: Engine) -> tuple[int, int]:
    """A PASSIVE checkpoint on one of `engine`'s connections (SQLite), as a commit past
    `WAL_AUTOCHECKPOINT` pages runs one: it waits for no reader or writer. Returns the
    frames in the log and the frames copied back; once all are copied with no writer in
    between, the next writer starts the log over."""
    raw = engine.raw_connection()
    try:
        _, frames, copied = raw.driver_connection.execute(
            "PRAGMA wal_checkpoint(PASSIVE)"
        ).fetchone()
    finally:
        raw.close()
    return frames, copied


def checkpoint_in_background(path: str) -> threading.Thread:
    """A PASSIVE checkpoint of the SQLite database at `path` on a connection of its own: it
    waits for no reader or writer (a later one finishes what it leaves), and sqlite3 lets go
    of the GIL while it copies."""

    def run() -> None:
        try:
            with closing(sqlite3.connect(path, timeout=30)) as conn:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as exc:  # the next commit past the threshold checkpoints anyway
            log.warning("background WAL checkpoint of %s failed: %s", path, exc)

    thread = threading.Thread(target=run, name="wal-checkpoint", daemon=True)
    thread.start()
    _checkpoints[:] = [t for t in _checkpoints if t.is_alive()] + [thread]
    return thread


def snapshot_engine(engine: Engine) -> Engine:
    """`engine` for long read-only work that must see one consistent state without holding
    up writers: on SQLite a deferred transaction (not BEGIN IMMEDIATE, so no write lock), on
    PostgreSQL a read-only REPEATABLE READ one. Nothing may be written through it."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{SNAPSHOT: True})
    return engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, settings.sql_echo)


def app_engine(app) -> Engine:
    """The engine of the app serving a request (create_app may be given its own)."""
    return getattr(app.state, "engine", None) or get_engine()


# The transaction was committed or rolled back in the endpoint's thread (api/kit/routing.py).
FINISHED = "rapport_finished"


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


def open_session(request: Request) -> Session:
    """The request's session: no I/O until first used."""
    session = Session(app_engine(request.app), expire_on_commit=False)
    # The write path checks If-Match against the row it locks (api/kit/etag.py).
    session.info["if_match"] = request.headers.get("if-match")
    return session


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: services flush, this commits once or rolls back.

    Async on purpose: creating a Session does no I/O (it connects on first use, in the
    endpoint's worker thread), so only the commit needs a worker thread. A sync generator
    would cost two thread hops per request, one in and one out.
    """
    session = open_session(request)
    try:
        yield session
    except BaseException:
        if session.info.pop(FINISHED, False):
            session.close()  # rolled back in the endpoint's thread (api/kit/routing.py)
        else:
            await run_in_threadpool(_finish, session, False)
        raise
    if session.info.pop(FINISHED, False):
        # Committed by the endpoint in its worker thread (api/kit/routing.py): the
        # transaction is over and the connection back in the pool; nothing left to wait for.
        session.close()
        return
    await run_in_threadpool(_finish, session, True)


def commit_in_place(session: Session) -> None:
    """Commit the request's transaction now, in the calling thread; `get_session` then only
    closes the session."""
    session.commit()
    session.info[FINISHED] = True


def rollback_in_place(session: Session) -> None:
    """Roll the request's transaction back now, in the calling thread; `get_session` then
    only closes the session."""
    session.rollback()
    session.info[FINISHED] = True


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
