"""Migrations upgrade, downgrade and upgrade again, and match the models, on both databases."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import api.models  # noqa: F401
from api.db import make_engine
from api.migrations import downgrade, head_revision, upgrade


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    # A database of its own: the API tests' database stays migrated.
    import uuid

    base = request.getfixturevalue("pg_url")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"rapport_mig_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(fresh_url):
    expected = set(SQLModel.metadata.tables) | {"alembic_version"}
    upgrade(fresh_url)
    assert _tables(fresh_url) == expected
    downgrade(fresh_url, "base")
    assert _tables(fresh_url) == {"alembic_version"}
    upgrade(fresh_url)
    assert _tables(fresh_url) == expected


def test_models_match_migrations(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
        current = ctx.get_current_revision()
    engine.dispose()
    assert diff == [], f"models and migrations differ; add a migration: {diff}"
    assert current == head_revision(fresh_url)
