"""`api.kit.prepared.Prepared` writes and reads exactly what SQLAlchemy's own execution does,
on both databases: ids, aware datetimes, JSON, floats, NULLs, RETURNING and a statement's own
LIMIT."""

import logging
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from api.events.models import Event
from api.kit.prepared import Prepared, insert_of
from tests.factories import Workspace

E = Event.__table__
INSERT = Prepared(insert_of(E, skip=("seq",)).returning(E.c.seq, E.c.id, E.c.occurred_at))
NEWEST = Prepared(
    sa.select(E.c.seq, E.c.id, E.c.resource_id, E.c.actor_token_id, E.c.occurred_at, E.c.payload)
    .where(E.c.workspace_id == sa.bindparam("workspace_id"))
    .order_by(E.c.seq.desc())
    .limit(1)
)


def _event(ws: Workspace, **changes) -> dict:
    return {
        "id": uuid.uuid4(),
        "workspace_id": uuid.UUID(ws.id),
        "type": "test.prepared",
        "resource_type": "test",
        "resource_id": uuid.uuid4(),
        "actor_user_id": None,
        "actor_token_id": None,
        "occurred_at": datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC),
        "payload": {"n": 1.25, "words": ["a", "b"], "none": None},
        **changes,
    }


def test_insert_returning_and_select_match_sqlalchemy(ws: Workspace, db):
    first, second = _event(ws), _event(ws, actor_token_id=uuid.uuid4(), payload={"x": "é"})
    with db.begin() as conn:
        seq1, id1, at1 = INSERT.first(conn, first)
        seq2, id2, at2 = INSERT.first(conn, second)
    assert (id1, id2) == (first["id"], second["id"])
    assert at1 == at2 == first["occurred_at"]
    assert seq2 > seq1

    with db.connect() as conn:
        stored = conn.execute(
            sa.select(E).where(E.c.id.in_([first["id"], second["id"]])).order_by(E.c.seq)
        ).all()
        newest = NEWEST.first(conn, {"workspace_id": uuid.UUID(ws.id)})
        again = conn.execute(NEWEST.statement, {"workspace_id": uuid.UUID(ws.id)}).first()
    assert [row._mapping["seq"] for row in stored] == [seq1, seq2]
    for row, sent in zip(stored, (first, second), strict=True):
        assert {k: row._mapping[k] for k in sent} == sent
    # The LIMIT the statement carries applies: the newest event, as SQLAlchemy reads it.
    assert newest == tuple(again)
    assert newest == (
        seq2,
        second["id"],
        second["resource_id"],
        second["actor_token_id"],
        second["occurred_at"],
        {"x": "é"},
    )
    assert isinstance(newest[1], uuid.UUID) and newest[4].tzinfo is not None


def test_nothing_found_and_scalars(ws: Workspace, db):
    owner = Prepared(sa.select(E.c.workspace_id).where(E.c.id == sa.bindparam("id")))
    with db.begin() as conn:
        assert owner.first(conn, {"id": uuid.uuid4()}) is None
        assert owner.scalar(conn, {"id": uuid.uuid4()}) is None
        INSERT.execute(conn, (event := _event(ws)))
        assert owner.scalar(conn, {"id": event["id"]}) == uuid.UUID(ws.id)


def test_a_missing_parameter_is_an_error_not_a_null(ws: Workspace, db):
    event = _event(ws)
    del event["resource_id"]
    with db.begin() as conn, pytest.raises(KeyError, match="resource_id"):
        INSERT.execute(conn, event)


def test_echo_shows_the_statements_run_on_the_driver(db, caplog):
    """With RAPPORT_SQL_ECHO, the hot statements (and SQLite's BEGIN IMMEDIATE) are logged
    like every other: the statement, then its parameters."""
    from api.db import make_engine

    engine = make_engine(db.url.render_as_string(hide_password=False), echo=True)
    workspace_id = uuid.uuid4()
    try:
        logged = caplog.at_level(logging.INFO, logger="sqlalchemy.engine.Engine")
        with logged, engine.begin() as conn:
            assert NEWEST.first(conn, {"workspace_id": workspace_id}) is None
        messages = [r.getMessage() for r in caplog.records if r.name == "sqlalchemy.engine.Engine"]
        compiled = NEWEST.statement.compile(dialect=engine.dialect).string
        assert compiled in messages
        # The parameters as the driver got them (the id as SQLite stores it, and the LIMIT).
        sent = NEWEST._by_dialect[engine.dialect.name].parameters({"workspace_id": workspace_id})
        assert messages[messages.index(compiled) + 1] == f"[prepared] {sent!r}"
        stored = workspace_id.hex if engine.dialect.name == "sqlite" else workspace_id
        assert repr(stored) in repr(sent)
        if engine.dialect.name == "sqlite":
            assert messages.index("BEGIN IMMEDIATE") < messages.index(compiled)
    finally:
        engine.dispose()
