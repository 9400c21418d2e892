"""Concerns: defaults, CFIR vocabulary, loop closing, status history, filters."""

from datetime import UTC, datetime, timedelta

from api.records.cfir import CFIR_CONSTRUCTS
from tests.api.records import feed, fields, ids, last_seq, user_id

NOW = datetime.now(UTC)
FUTURE = (NOW + timedelta(days=1)).isoformat()


def test_cfir_vocabulary_has_five_domains_and_unique_constructs():
    assert list(CFIR_CONSTRUCTS) == [
        "innovation",
        "outer_setting",
        "inner_setting",
        "individuals",
        "implementation_process",
    ]
    constructs = [c for domain in CFIR_CONSTRUCTS.values() for c in domain]
    assert len(constructs) == len(set(constructs)) == 67
    assert max(len(c) for c in constructs) <= 80  # the column's width


def test_create_defaults_raised_at_and_starts_the_status_history(ws):
    s = ws.stakeholder()
    c = ws.conversation(s["id"], occurred_at="2026-02-03T14:00:00Z")
    from_talk = ws.concern(s["id"], conversation_id=c["id"])
    assert {k: v for k, v in from_talk.items() if k not in ("id", "created_at", "updated_at")} == {
        "workspace_id": ws.id,
        "stakeholder_id": s["id"],
        "conversation_id": c["id"],
        "raised_at": "2026-02-03T14:00:00Z",
        "text": "Night shift has no time for huddles",
        "severity": 1,
        "cfir_domain": None,
        "cfir_construct": None,
        "status": "open",
        "status_changed_at": "2026-02-03T14:00:00Z",
        "resolution_note": "",
        "loop_closed_on": None,
        "status_history": [
            {
                "status": "open",
                "from_status": None,
                "changed_at": "2026-02-03T14:00:00Z",
                "changed_by": str(ws.owner.id),
                "changed_by_token": None,
            }
        ],
    }
    before = datetime.now(UTC)
    now_ = ws.concern(s["id"], client=ws.token_client("write"))
    raised = datetime.fromisoformat(now_["raised_at"])
    assert before <= raised <= datetime.now(UTC)
    assert now_["status_history"][0]["changed_by"] is None
    token_id = ws.client.get(ws.url("/tokens")).json()["items"][0]["id"]
    assert now_["status_history"][0]["changed_by_token"] == token_id
    explicit = ws.concern(
        s["id"],
        conversation_id=c["id"],
        raised_at="2026-02-04T09:00:00Z",
        severity=3,
        cfir_domain="inner_setting",
        cfir_construct="available_resources",
        status="resolved",
        resolution_note="Extra HCA on nights",
        loop_closed_on="2026-02-20",
    )
    assert explicit["raised_at"] == "2026-02-04T09:00:00Z"
    assert explicit["cfir_construct"] == "available_resources"
    assert explicit["loop_closed_on"] == "2026-02-20"
    assert [
        (h["from_status"], h["status"], h["changed_at"]) for h in explicit["status_history"]
    ] == [(None, "resolved", "2026-02-04T09:00:00Z")]
    assert ws.client.get(ws.url(f"/concerns/{explicit['id']}")).json() == explicit


def test_invalid_concerns_are_rejected_naming_the_field(ws, other_ws):
    s = ws.stakeholder()
    other_person = ws.stakeholder(name="Sam Rivera")
    their_talk = ws.conversation(other_person["id"])
    foreign_talk = other_ws.conversation(other_ws.stakeholder()["id"])
    seq = last_seq(ws)
    cases = [
        ({"severity": 4}, "body.severity"),
        ({"severity": "2"}, "body.severity"),
        ({"severity": True}, "body.severity"),
        ({"text": ""}, "body.text"),
        ({"text": "x" * 10_001}, "body.text"),
        ({"raised_at": FUTURE}, "body.raised_at"),
        ({"cfir_domain": "culture"}, "body.cfir_domain"),
        ({"cfir_construct": "culture"}, "body.cfir_construct"),
        ({"cfir_domain": "innovation", "cfir_construct": "culture"}, "body.cfir_construct"),
        ({"cfir_domain": "inner_setting", "cfir_construct": "vibes"}, "body.cfir_construct"),
        ({"status": "closed"}, "body.status"),
        ({"loop_closed_on": "2026-02-20"}, "body.loop_closed_on"),
        ({"status": "being_addressed", "loop_closed_on": "2026-02-20"}, "body.loop_closed_on"),
        (
            {"status": "resolved", "loop_closed_on": (NOW + timedelta(days=3)).date().isoformat()},
            "body.loop_closed_on",
        ),
        ({"status_changed_at": "2026-02-20T00:00:00Z"}, "body.status_changed_at"),
        ({"conversation_id": their_talk["id"]}, "body.conversation_id"),
        ({"conversation_id": foreign_talk["id"]}, "body.conversation_id"),
        ({"stakeholder_id": other_ws.stakeholder()["id"]}, "body.stakeholder_id"),
    ]
    for change, field in cases:
        body = {"stakeholder_id": s["id"], "text": "Too many audits", **change}
        r = ws.client.post(ws.url("/concerns"), json=body)
        assert r.status_code == 422, change
        assert fields(r) == [field], change
    assert ws.client.get(ws.url("/concerns")).json() == {"items": [], "next_cursor": None}
    assert feed(ws, seq) == []


def test_status_changes_build_the_history_with_who_and_when(ws):
    s = ws.stakeholder()
    lead = ws.member("lead")
    lead_id = user_id(lead)
    token = ws.token_client("write")
    concern = ws.concern(s["id"], raised_at="2026-01-05T10:00:00Z")
    url = ws.url(f"/concerns/{concern['id']}")

    r = lead.patch(
        url, json={"status": "being_addressed", "status_changed_at": "2026-01-12T08:00:00Z"}
    )
    assert r.status_code == 200
    assert r.json()["status_changed_at"] == "2026-01-12T08:00:00Z"

    r = lead.patch(url, json={"resolution_note": "Audit cut to monthly"})
    assert r.status_code == 200
    assert r.json()["status_changed_at"] == "2026-01-12T08:00:00Z"  # no status change

    before = datetime.now(UTC)
    r = token.patch(url, json={"status": "resolved", "loop_closed_on": "2026-02-01"})
    assert r.status_code == 200
    done = r.json()
    changed_at = datetime.fromisoformat(done["status_changed_at"])
    assert before <= changed_at <= datetime.now(UTC)
    token_id = ws.client.get(ws.url("/tokens")).json()["items"][0]["id"]
    assert done["status_history"] == [
        {
            "status": "open",
            "from_status": None,
            "changed_at": "2026-01-05T10:00:00Z",
            "changed_by": str(ws.owner.id),
            "changed_by_token": None,
        },
        {
            "status": "being_addressed",
            "from_status": "open",
            "changed_at": "2026-01-12T08:00:00Z",
            "changed_by": lead_id,
            "changed_by_token": None,
        },
        {
            "status": "resolved",
            "from_status": "being_addressed",
            "changed_at": done["status_changed_at"],
            "changed_by": None,
            "changed_by_token": token_id,
        },
    ]
    events = feed(ws, type="concern.updated")
    assert [len(e["payload"]["status_history"]) for e in events] == [2, 2, 3]
    assert events[-1]["payload"] == done
    assert [e["type"] for e in feed(ws) if e["resource_id"] == concern["id"]] == [
        "concern.created",
        "concern.updated",
        "concern.updated",
        "concern.updated",
    ]

    # A status change against a stale version is refused and leaves the history alone.
    stale = ws.client.get(url).headers["etag"]
    assert ws.client.patch(url, json={"severity": 2}).status_code == 200
    r = ws.client.patch(url, json={"status": "dismissed"}, headers={"If-Match": stale})
    assert r.status_code == 412
    assert len(ws.client.get(url).json()["status_history"]) == 3

    # Reopening needs the loop-closed date cleared in the same request.
    r = ws.client.patch(url, json={"status": "open"})
    assert r.status_code == 422
    assert fields(r) == ["body.loop_closed_on"]
    r = ws.client.patch(url, json={"status": "open", "loop_closed_on": None})
    assert r.status_code == 200
    assert [h["status"] for h in r.json()["status_history"]] == [
        "open",
        "being_addressed",
        "resolved",
        "open",
    ]


def test_backdating_a_status_change_is_bounded_and_a_rejected_patch_changes_nothing(ws):
    s = ws.stakeholder()
    concern = ws.concern(s["id"], raised_at="2026-01-05T10:00:00Z")
    url = ws.url(f"/concerns/{concern['id']}")
    r = ws.client.patch(
        url, json={"status": "being_addressed", "status_changed_at": "2026-01-20T00:00:00Z"}
    )
    assert r.status_code == 200
    current = r.json()
    seq = last_seq(ws)
    cases = [
        (
            {"status": "resolved", "status_changed_at": "2026-01-04T00:00:00Z"},
            "body.status_changed_at",
        ),
        (
            {"status": "resolved", "status_changed_at": "2026-01-19T00:00:00Z"},
            "body.status_changed_at",
        ),
        ({"status": "resolved", "status_changed_at": FUTURE}, "body.status_changed_at"),
        ({"status_changed_at": "2026-01-25T00:00:00Z"}, "body.status_changed_at"),
        ({"raised_at": "2026-01-21T00:00:00Z"}, "body.raised_at"),
        ({"raised_at": None}, "body.raised_at"),
        ({"severity": 0}, "body.severity"),
        ({"cfir_construct": "planning"}, "body.cfir_construct"),
    ]
    for change, field in cases:
        r = ws.client.patch(url, json=change)
        assert r.status_code == 422, change
        assert fields(r) == [field], change
    assert ws.client.get(url).json() == current
    assert feed(ws, seq) == []

    # Moving raised_at earlier moves the first history entry with it.
    r = ws.client.patch(url, json={"raised_at": "2026-01-02T10:00:00Z"})
    assert r.status_code == 200
    assert [h["changed_at"] for h in r.json()["status_history"]] == [
        "2026-01-02T10:00:00Z",
        "2026-01-20T00:00:00Z",
    ]
    assert r.json()["status_changed_at"] == "2026-01-20T00:00:00Z"


def test_concern_filters_and_delete(ws):
    team = ws.team()
    a = ws.stakeholder(team_id=team["id"])
    b = ws.stakeholder(name="Sam Rivera")
    talk = ws.conversation(a["id"])
    c1 = ws.concern(
        a["id"], raised_at="2026-01-10T00:00:00Z", severity=3, conversation_id=talk["id"]
    )
    c2 = ws.concern(
        a["id"],
        raised_at="2026-02-10T00:00:00Z",
        cfir_domain="innovation",
        status="dismissed",
    )
    c3 = ws.concern(b["id"], raised_at="2026-03-10T00:00:00Z", severity=3)

    def listed(**params):
        r = ws.client.get(ws.url("/concerns"), params=params)
        assert r.status_code == 200, r.text
        return ids(r)

    assert listed() == [c1["id"], c2["id"], c3["id"]]
    assert listed(stakeholder_id=b["id"]) == [c3["id"]]
    assert listed(team_id=team["id"]) == [c1["id"], c2["id"]]
    assert listed(conversation_id=talk["id"]) == [c1["id"]]
    assert listed(status="open") == [c1["id"], c3["id"]]
    assert listed(status="dismissed") == [c2["id"]]
    assert listed(severity=3) == [c1["id"], c3["id"]]
    assert listed(cfir_domain="innovation") == [c2["id"]]
    c4 = ws.concern(
        b["id"],
        raised_at="2026-03-11T00:00:00Z",
        cfir_domain="innovation",
        cfir_construct="innovation_complexity",
    )
    # A construct, a domain with no construct named, or no domain at all.
    assert listed(cfir_construct="innovation_complexity") == [c4["id"]]
    assert listed(cfir_domain="innovation", cfir_construct="innovation_complexity") == [c4["id"]]
    assert listed(cfir_domain="innovation", cfir_construct="none") == [c2["id"]]
    assert listed(cfir_domain="none") == [c1["id"], c3["id"]]
    assert listed(cfir_construct="none") == [c1["id"], c2["id"], c3["id"]]
    wrong = ws.client.get(
        ws.url("/concerns"),
        params={"cfir_domain": "inner_setting", "cfir_construct": "innovation_complexity"},
    )
    assert (wrong.status_code, fields(wrong)) == (422, ["query.cfir_construct"])
    assert "is not a construct of inner_setting" in wrong.text
    # The export takes the same filters.
    csv = ws.client.get(
        ws.url("/export/concerns.csv"),
        params={"cfir_domain": "innovation", "cfir_construct": "none"},
    )
    assert csv.status_code == 200, csv.text
    assert [line.split(",")[0] for line in csv.text.splitlines()[1:]] == [c2["id"]]
    ws.client.delete(ws.url(f"/concerns/{c4['id']}"))
    assert listed(raised_from="2026-02-10T00:00:00Z") == [c2["id"], c3["id"]]
    assert listed(raised_to="2026-02-09T23:59:59Z") == [c1["id"]]
    page = ws.client.get(ws.url("/concerns"), params={"limit": 2}).json()
    assert [c["status_history"][0]["status"] for c in page["items"]] == ["open", "dismissed"]
    bad_params = (
        {"severity": 4},
        {"status": "closed"},
        {"raised_from": "yesterday"},
        {"raised_to": "0001-01-01T00:00:00+00:01"},
        {"cfir_construct": "not_a_construct"},
        {"cfir_domain": "nowhere"},
    )
    for bad in bad_params:
        r = ws.client.get(ws.url("/concerns"), params=bad)
        assert r.status_code == 422
        assert fields(r) == [f"query.{next(iter(bad))}"]

    seq = last_seq(ws)
    assert ws.client.delete(ws.url(f"/concerns/{c2['id']}")).status_code == 204
    assert ws.client.get(ws.url(f"/concerns/{c2['id']}")).status_code == 404
    assert listed() == [c1["id"], c3["id"]]
    assert [(e["type"], e["payload"]) for e in feed(ws, seq)] == [
        ("concern.deleted", {"id": c2["id"], "deleted": True})
    ]


def test_concern_search_matches_the_text_or_the_persons_name(ws, other_ws):
    sam = ws.stakeholder(name="Sam Rivera")["id"]
    ada = ws.stakeholder(name="Ada Okafor")["id"]
    night = ws.concern(sam, text="Night shift cover for the bundle checks")
    audit = ws.concern(ada, text="Audit forms take 20% of the round")
    under = ws.concern(ada, text="Who owns the sepsis_bundle page?")
    # Another workspace's person of the same name is not a match here.
    elsewhere = other_ws.stakeholder(name="Sam Elsewhere")["id"]
    other_ws.concern(elsewhere, text="Night shift cover")

    def listed(q, **params):
        r = ws.client.get(ws.url("/concerns"), params={"q": q, **params})
        assert r.status_code == 200, r.text
        return ids(r)

    assert listed("night SHIFT") == [night["id"]]  # the text, any case
    assert listed("okafor") == [audit["id"], under["id"]]  # the person's name
    assert listed("sam") == [night["id"]]  # the name, not the other workspace's
    # `%`, `_` and `\` are plain characters, not patterns.
    assert listed("20%") == [audit["id"]]
    assert listed("%") == [audit["id"]]
    assert listed("sepsis_b") == [under["id"]]
    assert listed("t_e") == []  # a wildcard `_` would match "the" everywhere
    assert listed("\\") == []
    # Blank is no filter; the search combines with the other filters.
    assert listed("  ") == [night["id"], audit["id"], under["id"]]
    assert listed("the", stakeholder_id=ada) == [audit["id"], under["id"]]
    assert listed("the", status="open", severity=3) == []
    # The export applies it too, so the board's file is what the board shows.
    csv = ws.client.get(ws.url("/export/concerns.csv"), params={"q": "okafor"})
    assert csv.status_code == 200, csv.text
    assert [line.split(",")[0] for line in csv.text.splitlines()[1:]] == [audit["id"], under["id"]]
    for bad in ("x" * 201, "a\x00b"):
        r = ws.client.get(ws.url("/concerns"), params={"q": bad})
        assert (r.status_code, fields(r)) == (422, ["query.q"])
