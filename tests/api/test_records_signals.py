"""Signals: one flat resource per kind, strict per-kind fields, patch rules, filters."""

from datetime import UTC, datetime, timedelta

from api.main import create_app
from api.settings import Settings
from tests.api.records import feed, fields, ids

FUTURE = (datetime.now(UTC) + timedelta(days=1)).isoformat()
COMMON_KEYS = {"id", "workspace_id", "stakeholder_id", "observed_at", "source", "note"}
STAMPS = {"created_at", "updated_at"}


# kind -> (its own fields in a valid body, one invalid change with the field it names)
KINDS = {
    "champion_behavior": (
        {"facet": "involving_others", "intensity": 3},
        ({"facet": "cognitive"}, "body.facet"),
    ),
    "resistance_behavior": (
        {"facet": "emotional", "intensity": 1},
        ({"intensity": 4}, "body.intensity"),
    ),
    "readiness_check": (
        {"commitment": 4.8, "efficacy": 2},
        ({"efficacy": 5.5}, "body.efficacy"),
    ),
    "stage_of_change": (
        {"stage": "contemplation"},
        ({"stage": "denial"}, "body.stage"),
    ),
    "adkar": (
        {"awareness": 4, "desire": 2, "knowledge": None},
        ({"awareness": None, "desire": None}, "body"),
    ),
    "peer_nomination": (
        {"nominated_by_id": "NOMINATOR"},
        ({"nominated_by_id": "SELF"}, "body.nominated_by_id"),
    ),
    "quick_win": (
        {},
        ({"intensity": 2}, "body.intensity"),
    ),
}
EXPECTED_OWN = {
    "champion_behavior": {"facet": "involving_others", "intensity": 3},
    "resistance_behavior": {"facet": "emotional", "intensity": 1},
    "readiness_check": {"commitment": 4.8, "efficacy": 2.0},
    "stage_of_change": {"stage": "contemplation"},
    "adkar": {
        "awareness": 4,
        "desire": 2,
        "knowledge": None,
        "ability": None,
        "reinforcement": None,
    },
    "peer_nomination": {"nominated_by_id": "NOMINATOR"},
    "quick_win": {},
}


def _fill(values: dict, ids_: dict) -> dict:
    return {k: ids_.get(v, v) if isinstance(v, str) else v for k, v in values.items()}


def test_each_kind_is_created_flat_and_its_invalid_case_rejected(ws):
    s = ws.stakeholder()
    nominator = ws.stakeholder(name="Sam Rivera")
    refs = {"NOMINATOR": nominator["id"], "SELF": s["id"]}
    created_ids = []
    for kind, (own, (bad, field)) in KINDS.items():
        body = {
            "stakeholder_id": s["id"],
            "observed_at": "2026-03-01T12:00:00Z",
            "kind": kind,
            "source": "survey",
            "note": "From the pulse survey",
            **_fill(own, refs),
        }
        r = ws.client.post(ws.url("/signals"), json={**body, **_fill(bad, refs)})
        assert r.status_code == 422, r.text
        assert fields(r) == [field], kind

        r = ws.client.post(ws.url("/signals"), json=body)
        assert r.status_code == 201, r.text
        created = r.json()
        created_ids.append(created["id"])
        expected_own = _fill(EXPECTED_OWN[kind], refs)
        assert set(created) == COMMON_KEYS | STAMPS | {"kind"} | set(expected_own), kind
        common = ("stakeholder_id", "observed_at", "kind", "source", "note")
        assert {k: created[k] for k in common} == {
            "stakeholder_id": s["id"],
            "observed_at": "2026-03-01T12:00:00Z",
            "kind": kind,
            "source": "survey",
            "note": "From the pulse survey",
        }
        assert {k: created[k] for k in expected_own} == expected_own, kind
        assert ws.client.get(ws.url(f"/signals/{created['id']}")).json() == created
        assert feed(ws, type="signal.created")[-1]["payload"] == created

    assert ids(ws.client.get(ws.url("/signals"))) == created_ids
    assert len(feed(ws, type="signal.created")) == len(KINDS)


def test_common_rules_and_the_kind_tag(ws, other_ws):
    s = ws.stakeholder()
    base = {"stakeholder_id": s["id"], "observed_at": "2026-03-01T12:00:00Z"}
    champion = {**base, "kind": "champion_behavior", "facet": "presence", "intensity": 2}
    cases = [
        ({**base}, ["body.kind"]),
        ({**base, "kind": "gossip"}, ["body.kind"]),
        ({**champion, "intensity": "2"}, ["body.intensity"]),
        ({**champion, "intensity": True}, ["body.intensity"]),
        ({**champion, "stage": "action"}, ["body.stage"]),
        ({**champion, "observed_at": FUTURE}, ["body.observed_at"]),
        ({**champion, "source": "rumour"}, ["body.source"]),
        ({**champion, "note": "x" * 10_001}, ["body.note"]),
        ({**champion, "stakeholder_id": other_ws.stakeholder()["id"]}, ["body.stakeholder_id"]),
        (
            {**base, "kind": "readiness_check", "commitment": "4", "efficacy": 3},
            ["body.commitment"],
        ),
        (
            {**base, "kind": "readiness_check", "commitment": 0.5, "efficacy": 3},
            ["body.commitment"],
        ),
        ({**base, "kind": "adkar", "ability": 6}, ["body.ability"]),
        (
            {**base, "kind": "resistance_behavior", "facet": "ownership"},
            ["body.facet", "body.intensity"],
        ),
        (
            {**base, "kind": "peer_nomination", "nominated_by_id": other_ws.stakeholder()["id"]},
            ["body.nominated_by_id"],
        ),
    ]
    for body, expected in cases:
        r = ws.client.post(ws.url("/signals"), json=body)
        assert r.status_code == 422, body
        assert fields(r) == expected, body
    assert ws.client.get(ws.url("/signals")).json() == {"items": [], "next_cursor": None}
    assert feed(ws, type="signal.created") == []


def test_patch_changes_own_fields_but_never_the_kind(ws):
    s = ws.stakeholder()
    other = ws.stakeholder(name="Sam Rivera")
    signal = ws.signal(s["id"], facet="ownership", intensity=1)
    url = ws.url(f"/signals/{signal['id']}")

    r = ws.client.patch(url, json={"intensity": 3, "note": "Ran the huddle herself"})
    assert r.status_code == 200
    changed = r.json()
    assert (changed["facet"], changed["intensity"], changed["note"]) == (
        "ownership",
        3,
        "Ran the huddle herself",
    )
    assert changed["kind"] == "champion_behavior"
    assert ws.client.patch(url, json={"kind": "champion_behavior"}).status_code == 200

    cases = [
        ({"kind": "resistance_behavior"}, "body.kind"),
        ({"facet": "cognitive"}, "body.facet"),
        ({"stage": "action"}, "body.stage"),
        ({"intensity": None}, "body.intensity"),
        ({"observed_at": FUTURE}, "body.observed_at"),
        ({"values": {}}, "body.values"),
    ]
    for change, field in cases:
        r = ws.client.patch(url, json=change)
        assert r.status_code == 422, change
        assert fields(r) == [field], change
    assert ws.client.get(url).json()["intensity"] == 3

    adkar = ws.create(
        "/signals",
        {
            "stakeholder_id": s["id"],
            "observed_at": "2026-03-01T12:00:00Z",
            "kind": "adkar",
            "desire": 3,
        },
    )
    r = ws.client.patch(ws.url(f"/signals/{adkar['id']}"), json={"desire": None})
    assert r.status_code == 422
    assert fields(r) == ["body"]
    r = ws.client.patch(ws.url(f"/signals/{adkar['id']}"), json={"desire": None, "ability": 2})
    assert r.status_code == 200
    assert (r.json()["desire"], r.json()["ability"]) == (None, 2)

    nomination = ws.create(
        "/signals",
        {
            "stakeholder_id": s["id"],
            "observed_at": "2026-03-01T12:00:00Z",
            "kind": "peer_nomination",
            "nominated_by_id": other["id"],
        },
    )
    nom_url = ws.url(f"/signals/{nomination['id']}")
    r = ws.client.patch(nom_url, json={"stakeholder_id": other["id"]})
    assert r.status_code == 422
    assert fields(r) == ["body.nominated_by_id"]
    r = ws.client.patch(nom_url, json={"stakeholder_id": other["id"], "nominated_by_id": s["id"]})
    assert r.status_code == 200
    assert (r.json()["stakeholder_id"], r.json()["nominated_by_id"]) == (other["id"], s["id"])
    assert [e["type"] for e in feed(ws) if e["resource_type"] == "signal"] == [
        "signal.created",
        "signal.updated",
        "signal.updated",
        "signal.created",
        "signal.updated",
        "signal.created",
        "signal.updated",
    ]


def test_signal_filters_paging_and_delete(ws):
    team = ws.team()
    a = ws.stakeholder(team_id=team["id"])
    b = ws.stakeholder(name="Sam Rivera")
    s1 = ws.signal(a["id"], observed_at="2026-01-10T00:00:00Z")
    s2 = ws.create(
        "/signals",
        {
            "stakeholder_id": a["id"],
            "observed_at": "2026-02-10T00:00:00Z",
            "kind": "stage_of_change",
            "stage": "action",
            "source": "self_reported",
        },
    )
    s3 = ws.signal(b["id"], observed_at="2026-03-10T00:00:00Z", facet="presence")

    def listed(**params):
        r = ws.client.get(ws.url("/signals"), params=params)
        assert r.status_code == 200, r.text
        return ids(r)

    assert listed() == [s1["id"], s2["id"], s3["id"]]
    assert listed(stakeholder_id=a["id"]) == [s1["id"], s2["id"]]
    assert listed(team_id=team["id"]) == [s1["id"], s2["id"]]
    assert listed(kind="champion_behavior") == [s1["id"], s3["id"]]
    assert listed(source="self_reported") == [s2["id"]]
    assert listed(observed_from="2026-02-10T00:00:00Z") == [s2["id"], s3["id"]]
    assert listed(observed_to="2026-02-10T00:00:00Z") == [s1["id"], s2["id"]]
    r = ws.client.get(ws.url("/signals"), params={"kind": "gossip"})
    assert r.status_code == 422
    assert fields(r) == ["query.kind"]

    first = ws.client.get(ws.url("/signals"), params={"limit": 2}).json()
    rest = ws.client.get(ws.url("/signals"), params={"limit": 2, "cursor": first["next_cursor"]})
    assert [x["id"] for x in first["items"]] + ids(rest) == [s1["id"], s2["id"], s3["id"]]
    assert rest.json()["next_cursor"] is None

    assert ws.client.delete(ws.url(f"/signals/{s2['id']}")).status_code == 204
    assert listed() == [s1["id"], s3["id"]]
    assert feed(ws, type="signal.deleted")[0]["payload"] == {"id": s2["id"], "deleted": True}


def test_openapi_documents_every_kind():
    spec = create_app(Settings(_env_file=None, environment="development")).openapi()
    body = spec["paths"]["/api/v1/workspaces/{workspace_id}/signals"]["post"]["requestBody"]
    mapping = body["content"]["application/json"]["schema"]["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(KINDS)
    champion = spec["components"]["schemas"]["ChampionBehaviorCreate"]
    assert champion["properties"]["intensity"]["maximum"] == 3
    assert champion["additionalProperties"] is False
