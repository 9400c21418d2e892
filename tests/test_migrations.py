"""Migrations upgrade, downgrade and upgrade again, and match the models, on both databases."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import api.models  # noqa: F401
from api.db import make_engine
from api.migrations import downgrade, head_revision, upgrade


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
