"""Conversations: fields, strict input, private summaries, patch, delete, filters and paging."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from api.insights.readings import reconcile
from tests.api.records import feed, fields, ids, last_seq, user_id

FUTURE = (datetime.now(UTC) + timedelta(days=1)).isoformat()


def test_create_fills_defaults_or_takes_every_field(ws):
    s = ws.stakeholder()
    c = ws.conversation(s["id"])
    assert {k: v for k, v in c.items() if k not in ("id", "created_at", "updated_at")} == {
        "workspace_id": ws.id,
        "stakeholder_id": s["id"],
        "occurred_at": "2026-03-02T09:30:00Z",
        "held_by": str(ws.owner.id),
        "mode": "in_person",
        "duration_minutes": None,
        "summary": "",
        "private": False,
        "tone": 1,
        "ratings": {"authenticity": None, "competence": None, "empathy": None},
        "topics": [],
        "next_contact_on": None,
        "next_contact_scheduled": False,
    }
    r = ws.client.get(ws.url(f"/conversations/{c['id']}"))
    assert r.status_code == 200
    assert r.json() == c

    lead_id = user_id(ws.member("lead"))
    c = ws.conversation(
        s["id"],
        occurred_at="2026-02-10T16:45:00+01:00",
        held_by=lead_id,
        mode="video",
        duration_minutes=45,
        summary="Worried about the night-shift workload.",
        tone=-2,
        ratings={"authenticity": 4, "empathy": 2},
        topics=["workload", "sepsis screen"],
        next_contact_on="2026-12-15",
        next_contact_scheduled=True,
    )
    assert c["occurred_at"] == "2026-02-10T15:45:00Z"
    assert c["held_by"] == lead_id
    assert c["mode"] == "video"
    assert c["duration_minutes"] == 45
    assert c["tone"] == -2
    assert c["ratings"] == {"authenticity": 4, "competence": None, "empathy": 2}
    assert c["topics"] == ["workload", "sepsis screen"]
    assert c["next_contact_on"] == "2026-12-15"
    assert c["next_contact_scheduled"] is True


INVALID = [
    ({"tone": 3}, "body.tone"),
    ({"tone": -3}, "body.tone"),
    ({"tone": "1"}, "body.tone"),
    ({"tone": True}, "body.tone"),
    ({"tone": 1.5}, "body.tone"),
    ({"tone": None}, "body.tone"),
    ({"duration_minutes": 0}, "body.duration_minutes"),
    ({"duration_minutes": 1441}, "body.duration_minutes"),
    ({"duration_minutes": "30"}, "body.duration_minutes"),
    ({"occurred_at": FUTURE}, "body.occurred_at"),
    ({"occurred_at": "2026-03-02T09:30:00"}, "body.occurred_at"),
    ({"occurred_at": 1767225600}, "body.occurred_at"),
    ({"occurred_at": "1999-12-31T23:59:59Z"}, "body.occurred_at"),
    ({"occurred_at": "0001-01-01T00:00:00+00:01"}, "body.occurred_at"),
    ({"next_contact_on": "2100-01-01"}, "body.next_contact_on"),
    ({"mode": "email"}, "body.mode"),
    ({"private": "true"}, "body.private"),
    ({"private": 1}, "body.private"),
    ({"ratings": {"empathy": 6}}, "body.ratings.empathy"),
    ({"ratings": {"empathy": "4"}}, "body.ratings.empathy"),
    ({"ratings": {"warmth": 3}}, "body.ratings.warmth"),
    ({"topics": ["t"] * 31}, "body.topics"),
    ({"topics": ["x" * 61]}, "body.topics.0"),
    ({"summary": "x" * 10_001}, "body.summary"),
    ({"summary": "nul \x00 byte"}, "body.summary"),
    ({"next_contact_on": "15/12/2026"}, "body.next_contact_on"),
    ({"next_contact_scheduled": True}, "body.next_contact_scheduled"),
    ({"stakeholder_id": "not-a-uuid"}, "body.stakeholder_id"),
    ({"colour": "blue"}, "body.colour"),
]


def test_invalid_input_is_rejected_naming_the_field_and_changes_nothing(ws):
    s = ws.stakeholder()
    seq = last_seq(ws)
    for change, field in INVALID:
        body = {"stakeholder_id": s["id"], "occurred_at": "2026-03-02T09:30:00Z", "tone": 1}
        body.update(change)
        r = ws.client.post(ws.url("/conversations"), json=body)
        assert r.status_code == 422, change
        assert r.json()["error"]["code"] == "validation_error"
        assert fields(r) == [field], change
    missing = ws.client.post(ws.url("/conversations"), json={"stakeholder_id": s["id"]})
    assert missing.status_code == 422
    assert fields(missing) == ["body.occurred_at", "body.tone"]
    assert ws.client.get(ws.url("/conversations")).json() == {"items": [], "next_cursor": None}
    assert feed(ws, seq) == []


def test_tenancy_references_and_held_by(ws, other_ws):
    s = ws.stakeholder()
    foreign = other_ws.stakeholder()
    body = {"stakeholder_id": foreign["id"], "occurred_at": "2026-03-02T09:30:00Z", "tone": 0}
    r = ws.client.post(ws.url("/conversations"), json=body)
    assert r.status_code == 422
    assert fields(r) == ["body.stakeholder_id"]

    body["stakeholder_id"] = s["id"]
    r = ws.client.post(ws.url("/conversations"), json={**body, "held_by": str(other_ws.owner.id)})
    assert r.status_code == 422
    assert fields(r) == ["body.held_by"]
    assert ws.client.get(ws.url("/conversations")).json()["items"] == []

    # A token holds nothing unless it says who held the conversation.
    token = ws.token_client("write")
    assert ws.conversation(s["id"], client=token)["held_by"] is None
    lead_id = user_id(ws.member("lead"))
    assert ws.conversation(s["id"], client=token, held_by=lead_id)["held_by"] == lead_id
    assert ws.conversation(s["id"], held_by=None)["held_by"] is None

    # Another workspace's conversation in the path is not found.
    theirs = other_ws.conversation(other_ws.stakeholder()["id"], summary="Theirs")
    url = ws.url(f"/conversations/{theirs['id']}")
    assert ws.client.get(url).status_code == 404
    assert ws.client.patch(url, json={"tone": 2}).status_code == 404
    assert ws.client.delete(url).status_code == 404
    r = other_ws.client.get(other_ws.url(f"/conversations/{theirs['id']}"))
    assert r.json() == theirs
    assert len(ws.client.get(ws.url("/conversations")).json()["items"]) == 3


def test_private_summary_is_shown_only_to_the_user_who_held_it(ws):
    s = ws.stakeholder()
    lead = ws.member("lead")
    lead_id = user_id(lead)
    token = ws.token_client("read")
    mine = ws.conversation(s["id"], summary="Fears for her job", private=True)
    theirs = ws.conversation(s["id"], summary="Burnt out", private=True, held_by=lead_id)
    open_ = ws.conversation(s["id"], summary="Keen on the pilot")
    assert mine["summary"] == "Fears for her job"
    assert theirs["summary"] is None  # the owner created it but does not hold it

    def summaries(client):
        r = client.get(ws.url("/conversations"))
        assert r.status_code == 200
        return [c["summary"] for c in r.json()["items"]]

    assert summaries(ws.client) == ["Fears for her job", None, "Keen on the pilot"]
    assert summaries(lead) == [None, "Burnt out", "Keen on the pilot"]
    assert summaries(token) == [None, None, "Keen on the pilot"]
    assert lead.get(ws.url(f"/conversations/{mine['id']}")).json()["summary"] is None
    assert lead.get(ws.url(f"/conversations/{theirs['id']}")).json()["summary"] == "Burnt out"

    # The feed is read by integrations, so it never carries a private summary.
    created = feed(ws, type="conversation.created")
    assert [e["payload"]["summary"] for e in created] == [None, None, "Keen on the pilot"]

    # Patching another field keeps the hidden summary intact for its holder.
    r = ws.client.patch(ws.url(f"/conversations/{theirs['id']}"), json={"tone": 2})
    assert r.status_code == 200
    assert r.json()["summary"] is None
    assert lead.get(ws.url(f"/conversations/{theirs['id']}")).json()["summary"] == "Burnt out"
    assert open_["private"] is False


def test_patch_changes_only_the_fields_sent_and_records_an_event(ws):
    s = ws.stakeholder()
    c = ws.conversation(s["id"], summary="First talk", topics=["audit"], ratings={"empathy": 3})
    seq = last_seq(ws)
    r = ws.client.patch(
        ws.url(f"/conversations/{c['id']}"), json={"tone": -1, "ratings": {"competence": 5}}
    )
    assert r.status_code == 200
    after = r.json()
    assert after["tone"] == -1
    assert after["ratings"] == {"authenticity": None, "competence": 5, "empathy": None}
    unchanged = {k: v for k, v in after.items() if k not in ("tone", "ratings", "updated_at")}
    assert unchanged == {k: v for k, v in c.items() if k not in ("tone", "ratings", "updated_at")}
    assert after["updated_at"] > c["updated_at"]
    events = feed(ws, seq)
    assert [(e["type"], e["resource_id"]) for e in events] == [("conversation.updated", c["id"])]
    assert events[0]["payload"] == after


def test_patch_is_validated_as_a_whole_and_a_rejected_patch_changes_nothing(ws, other_ws):
    s = ws.stakeholder()
    c = ws.conversation(s["id"])
    seq = last_seq(ws)
    cases = [
        ({"tone": None}, "body.tone"),
        ({"tone": 3}, "body.tone"),
        ({"occurred_at": FUTURE}, "body.occurred_at"),
        ({"next_contact_scheduled": True}, "body.next_contact_scheduled"),
        ({"stakeholder_id": other_ws.stakeholder()["id"]}, "body.stakeholder_id"),
        ({"held_by": str(other_ws.owner.id)}, "body.held_by"),
        ({"id": c["id"]}, "body.id"),
    ]
    for change, field in cases:
        r = ws.client.patch(ws.url(f"/conversations/{c['id']}"), json=change)
        assert r.status_code == 422, change
        assert fields(r) == [field], change
    assert ws.client.get(ws.url(f"/conversations/{c['id']}")).json() == c
    assert feed(ws, seq) == []

    # Moving a conversation that concerns point at to another stakeholder conflicts.
    other = ws.stakeholder(name="Sam Rivera")
    ws.concern(s["id"], conversation_id=c["id"])
    r = ws.client.patch(ws.url(f"/conversations/{c['id']}"), json={"stakeholder_id": other["id"]})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "conflict"
    assert fields(r) == ["body.stakeholder_id"]
    free = ws.conversation(s["id"])
    r = ws.client.patch(
        ws.url(f"/conversations/{free['id']}"), json={"stakeholder_id": other["id"]}
    )
    assert r.status_code == 200
    assert r.json()["stakeholder_id"] == other["id"]


def test_a_move_with_move_linked_takes_what_was_logged_in_it_along(ws, db):
    wrong, right = ws.stakeholder(name="Ada Obi"), ws.stakeholder(name="Sam Lee")
    c = ws.conversation(wrong["id"], tone=-1)
    worry = ws.concern(wrong["id"], conversation_id=c["id"], severity=2)
    promise = ws.commitment(wrong["id"], conversation_id=c["id"])
    elsewhere = ws.concern(wrong["id"])  # not from this conversation: stays with Ada
    seq = last_seq(ws)

    r = ws.client.patch(
        ws.url(f"/conversations/{c['id']}"),
        params={"move_linked": "true"},
        json={"stakeholder_id": right["id"]},
    )
    assert r.status_code == 200, r.text
    assert r.json()["stakeholder_id"] == right["id"]
    for kind, row in (("concerns", worry), ("commitments", promise)):
        moved = ws.client.get(ws.url(f"/{kind}/{row['id']}")).json()
        assert (moved["stakeholder_id"], moved["conversation_id"]) == (right["id"], c["id"])
    assert (
        ws.client.get(ws.url(f"/concerns/{elsewhere['id']}")).json()["stakeholder_id"]
        == (wrong["id"])
    )
    events = feed(ws, seq)
    assert [(e["type"], e["resource_id"]) for e in events if e["type"].endswith(".updated")] == [
        ("conversation.updated", c["id"]),
        ("concern.updated", worry["id"]),
        ("commitment.updated", promise["id"]),
    ]
    assert all(
        e["payload"]["stakeholder_id"] == right["id"]
        for e in events
        if e["type"].endswith(".updated")
    )
    # Both people's scores follow the records.
    for who, concerns in ((wrong, 1), (right, 1)):
        timeline = ws.client.get(ws.url(f"/stakeholders/{who['id']}/timeline")).json()["items"]
        assert [i["type"] for i in timeline].count("concern") == concerns
    with Session(db) as s:
        assert reconcile(s, uuid.UUID(ws.id)) == []

    # Without it, the same move still conflicts and changes nothing.
    back = ws.client.patch(
        ws.url(f"/conversations/{c['id']}"), json={"stakeholder_id": wrong["id"]}
    )
    assert back.status_code == 409
    assert "move_linked=true" in back.json()["error"]["message"]
    assert (
        ws.client.get(ws.url(f"/conversations/{c['id']}")).json()["stakeholder_id"] == (right["id"])
    )


def test_delete_detaches_concerns_and_commitments_and_leaves_a_tombstone(ws):
    s = ws.stakeholder()
    c = ws.conversation(s["id"])
    concern = ws.concern(s["id"], conversation_id=c["id"])
    commitment = ws.commitment(s["id"], conversation_id=c["id"])
    url = ws.url(f"/conversations/{c['id']}")
    etag = ws.client.get(url).headers["etag"]
    seq = last_seq(ws)
    # A stale If-Match changes nothing, not even the records that would be detached.
    ws.client.patch(url, json={"tone": 2})
    r = ws.client.delete(url, headers={"If-Match": etag})
    assert r.status_code == 412
    assert ws.client.get(ws.url(f"/concerns/{concern['id']}")).json() == concern
    assert [e["type"] for e in feed(ws, seq)] == ["conversation.updated"]

    # If-Match is about the conversation, not the concern and commitment it detaches.
    seq = last_seq(ws)
    r = ws.client.delete(url, headers={"If-Match": ws.client.get(url).headers["etag"]})
    assert r.status_code == 204
    assert ws.client.get(url).status_code == 404
    assert ws.client.get(ws.url(f"/concerns/{concern['id']}")).json()["conversation_id"] is None
    got = ws.client.get(ws.url(f"/commitments/{commitment['id']}")).json()
    assert got["conversation_id"] is None
    events = feed(ws, seq)
    assert [(e["type"], e["resource_id"]) for e in events] == [
        ("concern.updated", concern["id"]),
        ("commitment.updated", commitment["id"]),
        ("conversation.deleted", c["id"]),
    ]
    assert events[2]["payload"] == {"id": c["id"], "deleted": True}
    assert ws.client.delete(ws.url(f"/conversations/{c['id']}")).status_code == 404


def test_list_filters(ws):
    team = ws.team()
    a = ws.stakeholder(team_id=team["id"])
    b = ws.stakeholder(name="Sam Rivera")
    lead = ws.member("lead")
    lead_id = user_id(lead)
    c1 = ws.conversation(a["id"], occurred_at="2026-01-10T08:00:00Z")
    c2 = ws.conversation(a["id"], occurred_at="2026-02-10T08:00:00Z", held_by=lead_id)
    c3 = ws.conversation(b["id"], occurred_at="2026-03-10T08:00:00Z")

    def listed(**params):
        r = ws.client.get(ws.url("/conversations"), params=params)
        assert r.status_code == 200, r.text
        return ids(r)

    assert listed() == [c1["id"], c2["id"], c3["id"]]
    assert listed(stakeholder_id=a["id"]) == [c1["id"], c2["id"]]
    assert listed(team_id=team["id"]) == [c1["id"], c2["id"]]
    assert listed(held_by=lead_id) == [c2["id"]]
    assert listed(occurred_from="2026-02-10T08:00:00Z") == [c2["id"], c3["id"]]
    assert listed(occurred_to="2026-02-10T08:00:00Z") == [c1["id"], c2["id"]]
    assert listed(occurred_from="2026-01-11T00:00:00Z", occurred_to="2026-03-01T00:00:00Z") == [
        c2["id"]
    ]
    r = ws.client.get(ws.url("/conversations"), params={"occurred_from": "2026-01-11"})
    assert r.status_code == 422
    assert fields(r) == ["query.occurred_from"]

    changed = ws.client.patch(ws.url(f"/conversations/{c2['id']}"), json={"tone": 2}).json()
    r = ws.client.get(ws.url("/conversations"), params={"updated_since": changed["updated_at"]})
    assert ids(r) == [c2["id"]]
    r = ws.client.get(ws.url("/conversations"), params={"updated_since": c3["created_at"]})
    assert ids(r) == [c2["id"], c3["id"]]


def test_paging_returns_every_conversation_once_in_order_even_while_inserting(ws):
    s = ws.stakeholder()
    created = [ws.conversation(s["id"], tone=i % 3)["id"] for i in range(5)]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        r = ws.client.get(ws.url("/conversations"), params=params)
        assert r.status_code == 200
        page = r.json()
        seen += ids(r)
        pages += 1
        if pages == 1:
            created.append(ws.conversation(s["id"])["id"])  # lands after the cursor
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == created
    assert pages == 3
    r = ws.client.get(ws.url("/conversations"), params={"cursor": "not-a-cursor"})
    assert r.status_code == 422
    assert fields(r) == ["query.cursor"]
    for limit in (0, 201, "two"):
        r = ws.client.get(ws.url("/conversations"), params={"limit": limit})
        assert r.status_code == 422
        assert fields(r) == ["query.limit"]
