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


def test_records_keep_their_rows_and_gain_one_workspace_key(fresh_url):
    """0006: the records' two foreign keys become one to the stakeholder's (id, workspace_id);
    rows written before it stay, a record can no longer name another workspace's
    stakeholder, and deleting a workspace still deletes its records."""
    import pytest
    from sqlmodel import Session, select

    from api.auth.models import User
    from api.records.models import Conversation
    from api.stakeholders.models import Stakeholder
    from api.workspaces.schemas import WorkspaceCreate
    from api.workspaces.service import create_workspace

    upgrade(fresh_url, "0005")
    engine = make_engine(fresh_url)
    try:
        with Session(engine, expire_on_commit=False) as s:
            user = User(email="m@example.org", name="M", password_hash="-")
            s.add(user)
            s.flush()
            mine = create_workspace(s, user, WorkspaceCreate(name="Mine"))
            other = create_workspace(s, user, WorkspaceCreate(name="Other"))
            people = [Stakeholder(workspace_id=w.id, name=w.name) for w in (mine, other)]
            s.add_all(people)
            s.flush()
            kept = Conversation(
                workspace_id=mine.id, stakeholder_id=people[0].id, occurred_at=sa.func.now()
            )
            s.add(kept)
            s.commit()
        engine.dispose()
        upgrade(fresh_url)
        with Session(engine) as s:
            assert s.exec(select(Conversation.id)).all() == [kept.id]
            s.add(Conversation(workspace_id=mine.id, stakeholder_id=people[1].id,
                               occurred_at=sa.func.now()))  # fmt: skip
            with pytest.raises(sa.exc.IntegrityError):
                s.commit()
            s.rollback()
            key = mine.id.hex if engine.dialect.name == "sqlite" else mine.id
            s.execute(sa.text("DELETE FROM workspace WHERE id = :id"), {"id": key})
            s.commit()
            assert s.exec(select(Conversation.id)).all() == []
            assert s.exec(select(Stakeholder.name)).all() == ["Other"]
    finally:
        engine.dispose()
