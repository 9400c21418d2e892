"""Logging a conversation written out (api/records/conversation_write.py) does what the shared
steps every other record takes do (`service.create_conversation`: `crud.create` and the
readings' before-commit hook): the same row, events, stored reading, answer and refusals.

Each case runs both ways from the same state, each in a transaction that is rolled back once
what it wrote has been read, on SQLite and on PostgreSQL."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from api.auth.deps import Access, Principal, TokenIdentity
from api.auth.models import User
from api.events.models import Event
from api.insights.models import StakeholderReading
from api.kit.errors import AppError
from api.kit.etag import etag_for
from api.kit.unit import BEFORE_COMMIT, Unit
from api.records import service
from api.records.conversation_write import log_conversation
from api.records.models import Conversation
from api.records.schemas import ConversationCreate
from api.scoring.forward import SUM_FIELDS
from api.workspaces.models import Role
from tests.factories import make_user

# Made anew by each write: compared as "present", not by value.
FRESH = {"id", "created_at", "updated_at"}


def _iso(days_ago: float) -> str:
    at = datetime.now(UTC) - timedelta(days=days_ago)
    return at.isoformat().replace("+00:00", "Z")


def _quick(unit: Unit, access: Access, body: ConversationCreate) -> dict:
    response = log_conversation(unit, access, body)
    assert response.status_code == 201
    answer = json.loads(response.body)
    assert response.headers["etag"] == etag_for(answer["id"], answer["updated_at"])
    return answer


def _shared(unit: Unit, access: Access, body: ConversationCreate) -> dict:
    conversation = service.create_conversation(unit, access, body)
    return service.conversation_public(conversation, access.actor_user_id).model_dump(mode="json")


def _after(engine, access: Access, body: dict, write) -> dict:
    """What `write` leaves, read inside its transaction before it is rolled back."""
    unit = Unit(engine)
    e = Event.__table__
    try:
        seen = unit.connection().execute(sa.select(sa.func.max(e.c.seq))).scalar()
        try:
            answer = write(unit, access, ConversationCreate.model_validate(body))
        except AppError as exc:
            return {"refused": (type(exc).__name__, exc.status_code, str(exc))}
        for hook in BEFORE_COMMIT:  # what Unit.commit runs before it commits
            hook(unit)
        unit.flush()
        connection = unit.connection()
        sid = uuid.UUID(body["stakeholder_id"])
        c = Conversation.__table__
        row = connection.execute(sa.select(c).where(c.c.id == uuid.UUID(answer["id"]))).one()
        events = connection.execute(
            sa.select(
                e.c.type, e.c.resource_type, e.c.actor_user_id, e.c.actor_token_id, e.c.payload
            )
            .where(e.c.workspace_id == access.workspace_id, e.c.seq > seen)
            .order_by(e.c.seq)
        ).all()
        r = StakeholderReading.__table__
        reading = connection.execute(sa.select(r).where(r.c.stakeholder_id == sid)).one()
        return {
            "answer": answer,
            "row": row._asdict(),
            "events": [tuple(ev) for ev in events],
            "reading": reading._asdict(),
        }
    finally:
        unit.rollback()
        unit.close()


def _plain(value: dict, skip: set[str]) -> dict:
    return {k: v for k, v in value.items() if k not in skip}


def _event(event: tuple) -> tuple:
    """An event with the write's fresh values set aside (a category change is dated now)."""
    kind, resource, user, token, payload = event
    if kind == "stakeholder.category_changed":
        payload = _plain(payload, {"as_of"})
    elif kind == "conversation.created":
        assert payload.keys() >= FRESH
        payload = _plain(payload, FRESH)
    return kind, resource, user, token, payload


def assert_same(quick: dict, shared: dict) -> None:
    assert quick.keys() == shared.keys()
    if "refused" in shared:
        assert quick == shared
        return
    assert _plain(quick["answer"], FRESH) == _plain(shared["answer"], FRESH)
    assert quick["answer"]["id"] == str(quick["row"]["id"])
    assert _plain(quick["row"], FRESH) == _plain(shared["row"], FRESH)
    # The event names the row's own id (the shared path's id differs: another write).
    created = [e for e in quick["events"] if e[0] == "conversation.created"]
    assert [e[4]["id"] for e in created] == [quick["answer"]["id"]]
    assert [_event(e) for e in quick["events"]] == [_event(e) for e in shared["events"]]
    a, b = quick["reading"], shared["reading"]
    for name in SUM_FIELDS:
        assert a[name] == pytest.approx(b[name], rel=1e-12, abs=1e-12), name
    skip = {*SUM_FIELDS, "updated_at", "category_as_of"}
    assert _plain(a, skip) == _plain(b, skip)
    assert (a["category_as_of"] == a["updated_at"]) == (b["category_as_of"] == b["updated_at"])


@pytest.fixture
def setting(ws, db):
    """A workspace with its own scoring settings, a second member, and a stakeholder with a
    history; the caller is its owner."""
    values = ws.client.get(ws.url("/scoring-settings")).json()["values"]
    values.update(stance_half_life_days=45.0, trust_half_life_days=120.0)
    saved = ws.client.put(ws.url("/scoring-settings"), json={"values": values})
    assert saved.status_code == 200, saved.text
    member = make_user(db)
    added = ws.client.post(ws.url("/members"), json={"email": member.email, "role": "lead"})
    assert added.status_code == 201, added.text
    sid = ws.stakeholder(name="Dr. Ines Moreau")["id"]
    ws.conversation(sid, occurred_at=_iso(20), tone=-1, ratings={"empathy": 2})
    ws.signal(sid, observed_at=_iso(10), intensity=2)
    with Session(db) as s:
        owner = s.get(User, ws.owner.id)
    access = Access(uuid.UUID(ws.id), Principal(user=owner), Role.owner, can_write=True)
    return {"sid": sid, "access": access, "member": member}


def _both(db, access: Access, body: dict) -> None:
    assert_same(_after(db, access, body, _quick), _after(db, access, body, _shared))


@pytest.mark.parametrize(
    "extra",
    [
        {"tone": 2, "ratings": {"competence": 4}, "summary": "Wants the audit first"},
        {"tone": -2, "mode": "phone", "duration_minutes": 25, "topics": ["staffing", "audit"]},
        {"tone": 0, "private": True, "summary": "Worried about her team"},
        {"tone": 1, "next_contact_on": "2027-01-10", "next_contact_scheduled": True},
        {"tone": 1, "held_by": None},
        {"tone": 1, "occurred_at": "2000-01-01T00:00:00Z"},
    ],
    ids=["ratings", "mode", "private", "next-contact", "held-by-nobody", "long-ago"],
)
def test_the_same_write_as_the_shared_steps(setting, db, extra):
    body = {"stakeholder_id": setting["sid"], "occurred_at": _iso(3), **extra}
    _both(db, setting["access"], body)


def test_held_by_another_member_or_a_stranger(setting, db):
    body = {"stakeholder_id": setting["sid"], "occurred_at": _iso(3), "tone": 1}
    _both(db, setting["access"], {**body, "held_by": str(setting["member"].id)})
    stranger = make_user(db)
    refused = _after(db, setting["access"], {**body, "held_by": str(stranger.id)}, _quick)
    assert refused == {
        "refused": ("InvalidInput", 422, "body.held_by: is not a member of this workspace")
    }
    _both(db, setting["access"], {**body, "held_by": str(stranger.id)})


def test_a_stakeholder_outside_the_workspace_is_refused_alike(setting, db, other_ws):
    elsewhere = other_ws.stakeholder(name="Not yours")["id"]
    for sid in (elsewhere, str(uuid.uuid4())):
        body = {"stakeholder_id": sid, "occurred_at": _iso(3), "tone": 1}
        refused = _after(db, setting["access"], body, _quick)
        message = "body.stakeholder_id: does not name an object in this workspace"
        assert refused == {"refused": ("InvalidInput", 422, message)}
        _both(db, setting["access"], body)


def test_a_conversation_that_moves_the_category_moves_it_alike(setting, ws, db):
    sid = ws.stakeholder(name="New to the ward")["id"]
    body = {"stakeholder_id": sid, "tone": 2, "ratings": {"empathy": 5}}
    for day in range(30, 0, -5):  # warm conversations until the next one moves them
        body["occurred_at"] = _iso(day)
        moved = _after(db, setting["access"], body, _quick)
        if moved["events"][-1][0] == "stakeholder.category_changed":
            break
        ws.conversation(sid, tone=2, ratings={"empathy": 5}, occurred_at=_iso(day + 0.5))
    kinds = [e[0] for e in moved["events"]]
    assert kinds == ["conversation.created", "stakeholder.category_changed"]
    assert_same(moved, _after(db, setting["access"], body, _shared))


def test_where_the_stored_reading_cannot_tell_the_stakeholder_is_rebuilt_alike(setting, ws, db):
    sid = setting["sid"]
    # At the very moment of the latest conversation: which one is latest depends on ids.
    latest = ws.conversation(sid, occurred_at=_iso(2), tone=1)["occurred_at"]
    _both(db, setting["access"], {"stakeholder_id": sid, "occurred_at": latest, "tone": -1})
    # A reading stored under older settings, and no reading at all.
    r = StakeholderReading.__table__
    with db.begin() as conn:
        conn.execute(
            sa.update(r).where(r.c.stakeholder_id == uuid.UUID(sid)).values(settings_version=0)
        )
    _both(db, setting["access"], {"stakeholder_id": sid, "occurred_at": _iso(1), "tone": 2})
    with db.begin() as conn:
        conn.execute(sa.delete(r).where(r.c.stakeholder_id == uuid.UUID(sid)))
    _both(db, setting["access"], {"stakeholder_id": sid, "occurred_at": _iso(1), "tone": 2})


def test_an_api_token_logs_alike(setting, ws, db):
    ws.token_client("write")  # a real token row, for the event's actor
    [token_id] = [t["id"] for t in ws.client.get(ws.url("/tokens")).json()["items"]]
    identity = TokenIdentity(uuid.UUID(token_id), uuid.UUID(ws.id), "write")
    access = Access(uuid.UUID(ws.id), Principal(token=identity), Role.lead, can_write=True)
    body = {"stakeholder_id": setting["sid"], "occurred_at": _iso(2), "tone": 1}
    for extra in ({}, {"private": True, "summary": "Only for the one who held it"}):
        quick = _after(db, access, {**body, **extra}, _quick)
        assert quick["answer"]["held_by"] is None
        assert quick["answer"]["summary"] == ("" if not extra else None)
        assert_same(quick, _after(db, access, {**body, **extra}, _shared))
