"""Acknowledgements and commitments: defaults, strict input, references, status, filters."""

from datetime import UTC, datetime, timedelta

from tests.api.records import feed, fields, ids, user_id

FUTURE = (datetime.now(UTC) + timedelta(days=1)).isoformat()


def test_acknowledgement_defaults_fields_and_invalid_input(ws, other_ws):
    s = ws.stakeholder()
    a = ws.acknowledgement(s["id"])
    assert {k: v for k, v in a.items() if k not in ("id", "created_at", "updated_at")} == {
        "workspace_id": ws.id,
        "stakeholder_id": s["id"],
        "acknowledged_at": "2026-03-02T09:45:00Z",
        "area": "QI: run charts",
        "setting": "one_on_one",
        "acknowledged_by": str(ws.owner.id),
        "note": "",
    }
    assert ws.client.get(ws.url(f"/acknowledgements/{a['id']}")).json() == a
    lead_id = user_id(ws.member("lead"))
    token = ws.token_client("write")
    ws_token_ack = ws.acknowledgement(s["id"], client=token)
    assert ws_token_ack["acknowledged_by"] is None
    by_lead = ws.acknowledgement(
        s["id"], client=token, acknowledged_by=lead_id, setting="public_credit", area="  PDSA  "
    )
    assert (by_lead["acknowledged_by"], by_lead["setting"], by_lead["area"]) == (
        lead_id,
        "public_credit",
        "PDSA",
    )

    cases = [
        ({"area": ""}, "body.area"),
        ({"area": "   "}, "body.area"),
        ({"area": "x" * 201}, "body.area"),
        ({"area": 5}, "body.area"),
        ({"setting": "hallway"}, "body.setting"),
        ({"acknowledged_at": FUTURE}, "body.acknowledged_at"),
        ({"acknowledged_by": str(other_ws.owner.id)}, "body.acknowledged_by"),
        ({"stakeholder_id": other_ws.stakeholder()["id"]}, "body.stakeholder_id"),
        ({"note": "x" * 10_001}, "body.note"),
        ({"praise": "lots"}, "body.praise"),
    ]
    before = len(feed(ws, type="acknowledgement.created"))
    for change, field in cases:
        body = {
            "stakeholder_id": s["id"],
            "acknowledged_at": "2026-03-02T09:45:00Z",
            "area": "5 Whys",
        }
        r = ws.client.post(ws.url("/acknowledgements"), json={**body, **change})
        assert r.status_code == 422, change
        assert fields(r) == [field], change
    assert len(ws.client.get(ws.url("/acknowledgements")).json()["items"]) == 3
    assert len(feed(ws, type="acknowledgement.created")) == before == 3

    r = ws.client.patch(ws.url(f"/acknowledgements/{a['id']}"), json={"area": None})
    assert r.status_code == 422
    assert fields(r) == ["body.area"]
    r = ws.client.patch(ws.url(f"/acknowledgements/{a['id']}"), json={"note": "Taught the team"})
    assert r.status_code == 200
    assert {k: v for k, v in r.json().items() if k not in ("note", "updated_at")} == {
        k: v for k, v in a.items() if k not in ("note", "updated_at")
    }
    assert r.json()["note"] == "Taught the team"
    assert feed(ws, type="acknowledgement.updated")[-1]["payload"] == r.json()

    # Filters and delete.
    team = ws.team()
    teamed = ws.stakeholder(name="Sam Rivera", team_id=team["id"])
    a1 = ws.acknowledgement(teamed["id"], acknowledged_at="2026-01-10T00:00:00Z")
    a2 = ws.acknowledgement(
        teamed["id"], acknowledged_at="2026-02-10T00:00:00Z", setting="team_meeting"
    )

    def listed(**params):
        r = ws.client.get(ws.url("/acknowledgements"), params=params)
        assert r.status_code == 200, r.text
        return ids(r)

    everyone = [a["id"], ws_token_ack["id"], by_lead["id"], a1["id"], a2["id"]]
    assert listed() == everyone
    assert listed(stakeholder_id=teamed["id"]) == [a1["id"], a2["id"]]
    assert listed(team_id=team["id"]) == [a1["id"], a2["id"]]
    assert listed(setting="team_meeting") == [a2["id"]]
    assert listed(acknowledged_from="2026-02-10T00:00:00Z") == [*everyone[:3], a2["id"]]
    assert listed(acknowledged_to="2026-02-10T00:00:00Z") == [a1["id"], a2["id"]]
    r = ws.client.get(ws.url("/acknowledgements"), params={"setting": "hallway"})
    assert r.status_code == 422
    assert fields(r) == ["query.setting"]
    assert ws.client.delete(ws.url(f"/acknowledgements/{a1['id']}")).status_code == 204
    assert listed(stakeholder_id=teamed["id"]) == [a2["id"]]
    assert feed(ws)[-1]["payload"] == {"id": a1["id"], "deleted": True}


def test_commitment_status_changes_are_timed(ws, other_ws):
    s = ws.stakeholder()
    other = ws.stakeholder(name="Sam Rivera")
    talk = ws.conversation(s["id"])
    c = ws.commitment(s["id"], conversation_id=talk["id"], due_on="2026-12-01")
    assert {k: v for k, v in c.items() if k not in ("id", "created_at", "updated_at")} == {
        "workspace_id": ws.id,
        "stakeholder_id": s["id"],
        "conversation_id": talk["id"],
        "description": "Share the audit results",
        "owner": "team",
        "due_on": "2026-12-01",
        "status": "open",
        "status_changed_at": None,
    }
    url = ws.url(f"/commitments/{c['id']}")
    r = ws.client.patch(url, json={"description": "Share the September audit"})
    assert r.json()["status_changed_at"] is None

    before = datetime.now(UTC)
    r = ws.client.patch(url, json={"status": "kept"})
    assert r.status_code == 200
    kept_at = r.json()["status_changed_at"]
    assert before <= datetime.fromisoformat(kept_at) <= datetime.now(UTC)
    r = ws.client.patch(url, json={"owner": "stakeholder"})
    assert (r.json()["owner"], r.json()["status_changed_at"]) == ("stakeholder", kept_at)
    assert [e["type"] for e in feed(ws) if e["resource_id"] == c["id"]] == [
        "commitment.created",
        "commitment.updated",
        "commitment.updated",
        "commitment.updated",
    ]

    cases = [
        ({"description": ""}, "body.description"),
        ({"description": "x" * 2001}, "body.description"),
        ({"owner": "manager"}, "body.owner"),
        ({"status": "done"}, "body.status"),
        ({"due_on": "2026-13-01"}, "body.due_on"),
        ({"due_on": 20261201}, "body.due_on"),
        ({"due_on": "9999-12-31"}, "body.due_on"),
        ({"status_changed_at": "2026-01-01T00:00:00Z"}, "body.status_changed_at"),
        ({"conversation_id": ws.conversation(other["id"])["id"]}, "body.conversation_id"),
        (
            {"conversation_id": other_ws.conversation(other_ws.stakeholder()["id"])["id"]},
            "body.conversation_id",
        ),
    ]
    for change, field in cases:
        r = ws.client.post(
            ws.url("/commitments"),
            json={"stakeholder_id": s["id"], "description": "Call back", **change},
        )
        assert r.status_code == 422, change
        assert fields(r) == [field], change
    assert ids(ws.client.get(ws.url("/commitments"))) == [c["id"]]
    r = ws.client.patch(url, json={"stakeholder_id": other["id"]})
    assert r.status_code == 422
    assert fields(r) == ["body.conversation_id"]
    r = ws.client.patch(url, json={"stakeholder_id": other["id"], "conversation_id": None})
    assert r.status_code == 200
    assert (r.json()["stakeholder_id"], r.json()["conversation_id"]) == (other["id"], None)

    # Filters and delete.
    team = ws.team()
    teamed = ws.stakeholder(name="Kim Lee", team_id=team["id"])
    c1 = ws.commitment(teamed["id"], due_on="2026-11-01")
    c2 = ws.commitment(teamed["id"], due_on="2026-11-20", owner="stakeholder", status="broken")
    assert c2["status_changed_at"] == c2["created_at"]

    def listed(**params):
        r = ws.client.get(ws.url("/commitments"), params=params)
        assert r.status_code == 200, r.text
        return ids(r)

    assert listed() == [c["id"], c1["id"], c2["id"]]
    assert listed(stakeholder_id=teamed["id"]) == [c1["id"], c2["id"]]
    assert listed(team_id=team["id"]) == [c1["id"], c2["id"]]
    assert listed(conversation_id=talk["id"]) == []  # detached above
    assert listed(status="open") == [c1["id"]]
    assert listed(status="kept") == [c["id"]]
    assert listed(owner="stakeholder") == [c["id"], c2["id"]]
    assert listed(due_from="2026-11-20") == [c["id"], c2["id"]]
    assert listed(due_to="2026-11-19") == [c1["id"]]
    assert listed(due_from="2026-11-01", due_to="2026-11-20") == [c1["id"], c2["id"]]
    for bad in ("soon", "0"):
        r = ws.client.get(ws.url("/commitments"), params={"due_from": bad})
        assert r.status_code == 422, bad
        assert fields(r) == ["query.due_from"]
    assert ws.client.delete(ws.url(f"/commitments/{c1['id']}")).status_code == 204
    assert listed() == [c["id"], c2["id"]]
    assert feed(ws)[-1]["payload"] == {"id": c1["id"], "deleted": True}
