"""A `Unit` (api/kit/unit.py): one transaction on one pooled connection, an ORM session only
when asked for, and logging a conversation runs on one."""

import threading
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, select

from api.insights.readings import reconcile
from api.kit.unit import Unit
from api.stakeholders.models import Team


@pytest.fixture
def scratch(db):
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS unit_note (name VARCHAR(20) NOT NULL)")
        conn.exec_driver_sql("DELETE FROM unit_note")
    yield db
    with db.begin() as conn:
        conn.exec_driver_sql("DROP TABLE unit_note")


def _names(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.exec_driver_sql("SELECT name FROM unit_note"))


def _note(unit: Unit, name: str) -> None:
    unit.connection().execute(sa.text("INSERT INTO unit_note (name) VALUES (:n)"), {"n": name})


def test_a_unit_commits_its_statements_and_gives_the_connection_back(scratch):
    pool = scratch.pool
    unit = Unit(scratch)
    _note(unit, "kept")
    assert pool.checkedout() == 1
    unit.commit()
    unit.close()
    assert pool.checkedout() == 0
    assert _names(scratch) == ["kept"]


def test_a_unit_closed_without_commit_writes_nothing_and_lets_the_next_writer_in(scratch):
    unit = Unit(scratch)
    _note(unit, "dropped")
    unit.close()
    assert _names(scratch) == []
    # On SQLite a unit holds the process's writer turn from BEGIN: closing must give it back,
    # or this second unit (same thread) would wait for it.
    done = threading.Event()

    def second() -> None:
        again = Unit(scratch)
        _note(again, "second")
        again.commit()
        again.close()
        done.set()

    worker = threading.Thread(target=second, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done.is_set()
    assert _names(scratch) == ["second"]


def test_rollback_undoes_the_units_statements_and_its_sessions_rows(scratch, ws):
    workspace_id = uuid.UUID(ws.id)
    unit = Unit(scratch)
    _note(unit, "gone")
    unit.session.add(Team(workspace_id=workspace_id, name="Gone team"))
    unit.flush()
    unit.rollback()
    unit.close()
    assert _names(scratch) == []
    with Session(scratch) as session:
        assert session.exec(select(Team).where(Team.name == "Gone team")).all() == []


def test_the_session_joins_the_units_transaction_and_commits_with_it(scratch, ws):
    workspace_id = uuid.UUID(ws.id)
    unit = Unit(scratch)
    _note(unit, "with team")
    session = unit.session
    assert session is unit.session  # made once
    session.add(Team(workspace_id=workspace_id, name="Joined"))
    # The session sees the unit's rows: one transaction, one connection.
    count = session.execute(sa.text("SELECT count(*) FROM unit_note")).scalar_one()
    assert count == 1
    assert scratch.pool.checkedout() == 1
    unit.commit()
    unit.close()
    assert _names(scratch) == ["with team"]
    with Session(scratch) as check:
        assert [t.name for t in check.exec(select(Team).where(Team.name == "Joined"))] == ["Joined"]


def test_the_sessions_commit_does_not_end_the_units_transaction(scratch, ws):
    workspace_id = uuid.UUID(ws.id)
    unit = Unit(scratch)
    unit.session.add(Team(workspace_id=workspace_id, name="Not yet"))
    unit.session.commit()  # flushes; the transaction is the unit's
    unit.rollback()
    unit.close()
    with Session(scratch) as session:
        assert session.exec(select(Team).where(Team.name == "Not yet")).all() == []


@pytest.fixture
def orm_transactions(db):
    """ORM session transactions begun, counted."""
    begun: list[Session] = []

    def count(session, _transaction, _connection):
        begun.append(session)

    event.listen(Session, "after_begin", count)
    yield begun
    event.remove(Session, "after_begin", count)


def test_logging_a_conversation_with_a_token_makes_no_orm_session(db, ws, orm_transactions):
    client = ws.token_client("write")
    sid = ws.stakeholder(name="Unit")["id"]
    body = {"stakeholder_id": sid, "occurred_at": "2026-01-05T10:00:00Z", "tone": 2}
    # A stakeholder's first record has no stored sums to add to yet: its reading is built
    # from the log, by the ORM code, in a session joined to the unit's transaction.
    orm_transactions.clear()
    first = client.post(ws.url("/conversations"), json=body)
    assert first.status_code == 201
    assert len(orm_transactions) == 1
    # After that a conversation is added to the stored sums on the unit alone.
    orm_transactions.clear()
    later = {**body, "occurred_at": "2026-01-12T10:00:00Z", "tone": -1}
    second = client.post(ws.url("/conversations"), json=later)
    assert second.status_code == 201
    assert orm_transactions == []
    # Written, with its event and the stakeholder's reading, as before.
    conversation = second.json()
    assert ws.client.get(ws.url(f"/conversations/{conversation['id']}")).json() == conversation
    events = ws.client.get(ws.url("/events"), params={"limit": 200}).json()["items"]
    created = [e["resource_id"] for e in events if e["type"] == "conversation.created"]
    assert created == [first.json()["id"], conversation["id"]]
    score = ws.client.get(ws.url(f"/stakeholders/{sid}/score")).json()
    contributions = score["explanation"]["contributions"]
    assert sorted(c["record_id"] for c in contributions) == sorted(created)
    # The stored reading took both conversations in their transactions.
    with Session(db) as session:
        assert reconcile(session, uuid.UUID(ws.id)) == []


def test_the_other_record_creates_run_on_a_unit_too(db, ws, orm_transactions):
    client = ws.token_client("write")
    sid = ws.stakeholder(name="Units")["id"]
    talk = ws.conversation(sid, client=client)  # the first record builds the reading
    other = ws.conversation(ws.stakeholder(name="Someone else")["id"], client=client)
    # A signal and a commitment are added to the stored sums in O(1): no ORM session.
    orm_transactions.clear()
    signal = ws.signal(sid, client=client, observed_at="2026-03-04T12:00:00Z")
    commitment = ws.commitment(sid, client=client, conversation_id=talk["id"], owner="team")
    assert orm_transactions == []
    # An acknowledgement's reading is rebuilt from the log, by the ORM code, in a session
    # joined to the unit's transaction.
    ack = ws.acknowledgement(sid, client=client, acknowledged_at="2026-03-05T09:45:00Z")
    assert len(orm_transactions) == 1
    made = {"signals": signal, "commitments": commitment, "acknowledgements": ack}
    for path, created in made.items():
        assert ws.client.get(ws.url(f"/{path}/{created['id']}")).json() == created
    # The conversation named must be one with the same stakeholder, in this workspace.
    wrong = client.post(
        ws.url("/commitments"),
        json={"stakeholder_id": sid, "description": "x", "conversation_id": other["id"]},
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"] == [
        {
            "field": "body.conversation_id",
            "message": "is a conversation with another stakeholder",
            "type": "invalid",
        }
    ]
    with Session(db) as session:
        assert reconcile(session, uuid.UUID(ws.id)) == []
