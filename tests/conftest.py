"""Test databases: every API test runs once on SQLite and once on PostgreSQL.

Each pytest run creates a throwaway PostgreSQL database and drops it at the end. Under
CI=true a missing PostgreSQL fails the run instead of skipping. Between tests every table is
emptied, so each test starts from nothing.
"""

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from api.db import make_engine

PG_ADMIN_URL = os.environ.get(
    "RAPPORT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
# Apps built with `Settings(environment="test")` need a real secret, as anywhere outside
# development mode.
os.environ.setdefault("RAPPORT_SECRET_KEY", secrets.token_urlsafe(32))


def _pg_available() -> bool:
    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@contextmanager
def new_pg_database(base_url: str, prefix: str = "rapport_test") -> Iterator[str]:
    """An empty PostgreSQL database of its own beside `base_url`'s, dropped afterwards."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


REDIS_URL = os.environ.get("RAPPORT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A running Redis for the shared rate-limit store (a real one: CI=true fails without)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=3, socket_connect_timeout=3).ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_URL} and CI=true")
        pytest.skip("Redis is not reachable; set RAPPORT_TEST_REDIS_URL")
    return REDIS_URL


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory) -> Iterator[str]:
    if not _pg_available():
        if IN_CI:
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} and CI=true")
        pytest.skip("PostgreSQL is not reachable; set RAPPORT_TEST_PG_URL")
    with new_pg_database(PG_ADMIN_URL) as url:
        yield url


@pytest.fixture
def fresh_pg(pg_url) -> Iterator[str]:
    """An empty PostgreSQL database for one test (the shared test database stays migrated)."""
    with new_pg_database(pg_url, "rapport_fresh") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_url(request, tmp_path) -> Iterator[str]:
    """An empty database for one test, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    yield request.getfixturevalue("fresh_pg")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "rapport.db"
    return f"sqlite:///{path}"


def migrate(url: str) -> None:
    from api.migrations import upgrade

    upgrade(url)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def engine(request) -> Iterator[Engine]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    migrate(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _empty_all_tables(engine: Engine) -> None:
    from sqlmodel import SQLModel

    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
        else:
            for t in tables:
                conn.exec_driver_sql(f'DELETE FROM "{t}"')  # noqa: S608 - our own table names


@pytest.fixture
def db(engine) -> Iterator[Engine]:
    from api.auth.ratelimit import reset_login_limits

    reset_login_limits()
    yield engine
    _empty_all_tables(engine)
