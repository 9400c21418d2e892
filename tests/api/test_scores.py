"""Scores over the API: SCORING.md's golden cases end to end, explanations, as_of, roles."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from api.scoring.settings import DEFAULT_SETTINGS


def iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def ago(**kw) -> str:
    return iso(datetime.now(UTC) - timedelta(**kw))


def readiness(ws, sid, observed_at, commitment, efficacy) -> dict:
    body = {
        "stakeholder_id": sid,
        "observed_at": observed_at,
        "kind": "readiness_check",
        "commitment": commitment,
        "efficacy": efficacy,
    }
    return ws.create("/signals", body)


def score_of(ws, sid, client=None):
    items = (client or ws.client).get(ws.url("/scores")).json()["items"]
    return next(i for i in items if i["stakeholder_id"] == sid)


def test_golden_case_2_champion_with_explanation(ws):
    s = ws.stakeholder()["id"]
    ids = [
        ws.signal(s, observed_at=ago(days=d), facet="ownership", intensity=3)["id"]
        for d in (5, 20, 40)
    ]
    ready = readiness(ws, s, ago(seconds=2), 4.8, 4.2)
    score = score_of(ws, s)
    assert score["champion_score"] == pytest.approx(68.9, abs=0.05)
    assert score["reluctance_score"] == pytest.approx(4.1, abs=0.05)
    assert score["confidence"] == pytest.approx(0.74, abs=0.005)
    assert score["category"] == "champion"
    low, high = score["champion_interval"]
    assert low < score["champion_score"] < high

    explained = ws.client.get(ws.url(f"/stakeholders/{s}/score")).json()
    e = explained["explanation"]
    assert e["prior_champion_points"] == pytest.approx(4.1, abs=0.05)
    points = {c["record_id"]: c["champion_points"] for c in e["contributions"]}
    assert [round(points[i], 1) for i in ids] == [18.4, 16.4, 14.1]
    assert round(points[ready["id"]], 1) == 15.9
    total = e["prior_champion_points"] + sum(points.values())
    assert total == pytest.approx(explained["champion_score"], abs=1e-3)
    assert [c["record_type"] for c in e["contributions"]] == ["signal"] * 4
    assert "not a validated instrument" in explained["disclaimer"]


def test_golden_case_3_hesitant_with_r1(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(days=10), tone=-1)
    for _ in range(2):
        ws.concern(s, severity=3, raised_at=ago(seconds=5))
    score = score_of(ws, s)
    assert score["reluctance_score"] == pytest.approx(40.4, abs=0.05)
    assert score["champion_score"] == pytest.approx(7.2, abs=0.05)
    assert score["category"] == "hesitant"
    assert [r["code"] for r in score["reasons"]] == ["R1"]
    assert score["needs_one_on_one"] is True
    actions = ws.client.get(ws.url("/insights/next-actions")).json()
    assert [a["stakeholder_id"] for a in actions["one_on_ones"]] == [s]


def test_scores_follow_record_changes_and_log_category_changes(ws):
    s = ws.stakeholder()["id"]
    assert score_of(ws, s)["category"] == "unknown"
    # One conversation is less than one unit of evidence once it is a moment old: unknown.
    conv = ws.conversation(s, occurred_at=ago(minutes=1), tone=2)
    assert score_of(ws, s)["category"] == "unknown"
    ws.conversation(s, occurred_at=ago(minutes=2), tone=2)
    assert score_of(ws, s)["category"] == "neutral"
    ws.client.patch(ws.url(f"/conversations/{conv['id']}"), json={"tone": -2})
    assert score_of(ws, s)["reluctance_score"] == pytest.approx(100 * (0.32 + 1.0) / 4, abs=0.01)
    assert ws.client.delete(ws.url(f"/conversations/{conv['id']}")).status_code == 204
    assert score_of(ws, s)["champion_score"] == pytest.approx(100 * (0.32 + 0.5) / 3, abs=0.01)
    events = ws.client.get(ws.url("/events?type=stakeholder.category_changed")).json()["items"]
    assert [(e["payload"]["old"], e["payload"]["new"]) for e in events] == [
        ("unknown", "neutral"),
        ("neutral", "unknown"),
    ]


def test_as_of_uses_history(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(days=30), tone=0)
    concern = ws.concern(s, severity=3, raised_at=ago(days=20))
    r = ws.client.patch(
        ws.url(f"/concerns/{concern['id']}"),
        json={"status": "resolved", "status_changed_at": ago(days=5)},
    )
    assert r.status_code == 200, r.text
    now = score_of(ws, s)
    then = ws.client.get(ws.url(f"/scores?as_of={ago(days=10)}")).json()["items"][0]
    # Ten days ago the concern was still open and counted in full; now it adds no reluctance.
    assert then["reluctance_score"] == pytest.approx(
        100 * (0.32 + 0.75 * 0.67) / (2 + 0.75 + 2 ** (-20 / 90)), abs=0.01
    )
    assert now["reluctance_score"] < then["reluctance_score"]
    future = ws.client.get(ws.url(f"/scores?as_of={iso(datetime.now(UTC) + timedelta(days=2))}"))
    assert future.status_code == 422
    assert future.json()["error"]["details"][0]["field"] == "query.as_of"


def test_viewer_sees_collapsed_categories_and_no_reluctance(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(days=1), tone=-2)
    ws.conversation(s, occurred_at=ago(days=2), tone=-1)
    ws.concern(s, severity=3, raised_at=ago(seconds=5))
    assert score_of(ws, s)["category"] == "hesitant"
    viewer = ws.member("viewer")
    item = score_of(ws, s, viewer)
    assert item["category"] == "other"
    assert (item["reluctance_score"], item["trust"], item["reasons"]) == (None, None, None)
    assert viewer.get(ws.url(f"/stakeholders/{s}/score")).status_code == 403
    assert viewer.get(ws.url("/insights/next-actions")).status_code == 403
    assert viewer.get(ws.url("/scores?sort=-reluctance_score")).status_code == 422
    challenges = viewer.get(ws.url("/insights/challenges")).json()
    assert [(g["open_concerns"], g["stakeholder_ids"]) for g in challenges["groups"]] == [(1, None)]


def test_scores_carry_the_role_type_for_leads_and_viewers(ws):
    a = ws.stakeholder(name="A", role_type="opinion_leader")["id"]
    b = ws.stakeholder(name="B")["id"]
    ws.signal(a, observed_at=ago(days=1), intensity=3)
    lead, viewer = ws.member("lead"), ws.member("viewer")

    def role_types(client, **params) -> list[tuple[str, str]]:
        r = client.get(ws.url("/scores"), params={"sort": "name", **params})
        assert r.status_code == 200, r.text
        return [(i["stakeholder_id"], i["role_type"]) for i in r.json()["items"]]

    # Now (the stored map) and in the past (computed from the log) alike.
    for client in (lead, viewer):
        assert role_types(client) == [(a, "opinion_leader"), (b, "other")]
        assert role_types(client, as_of=ago(seconds=30)) == [(a, "opinion_leader"), (b, "other")]
    r = ws.client.patch(ws.url(f"/stakeholders/{b}"), json={"role_type": "mid_level_leader"})
    assert r.status_code == 200, r.text
    for client in (lead, viewer):
        assert role_types(client) == [(a, "opinion_leader"), (b, "mid_level_leader")]
    explained = lead.get(ws.url(f"/stakeholders/{a}/score")).json()
    assert explained["role_type"] == "opinion_leader"


def test_scores_filters_sorting_and_paging(ws):
    team = ws.team()["id"]
    a = ws.stakeholder(name="A", team_id=team)["id"]
    b = ws.stakeholder(name="B")["id"]
    c = ws.stakeholder(name="C", team_id=team)["id"]
    ws.signal(a, observed_at=ago(days=1), intensity=3)
    ws.signal(c, observed_at=ago(days=1), intensity=1)
    r = ws.client.get(ws.url(f"/scores?team_id={team}&sort=-champion_score")).json()
    assert [i["stakeholder_id"] for i in r["items"]] == [a, c]
    page1 = ws.client.get(ws.url("/scores?sort=name&limit=2")).json()
    assert [i["name"] for i in page1["items"]] == ["A", "B"]
    page2 = ws.client.get(ws.url(f"/scores?sort=name&limit=2&cursor={page1['next_cursor']}")).json()
    assert ([i["name"] for i in page2["items"]], page2["next_cursor"]) == (["C"], None)
    unknown = ws.client.get(ws.url("/scores?category=unknown")).json()["items"]
    assert [i["stakeholder_id"] for i in unknown] == [b]


def test_category_filter_names_a_category_and_other_is_the_viewers_grouping(ws):
    champ = ws.stakeholder(name="Champ")["id"]
    for days in (1, 2, 3, 4):
        ws.signal(champ, observed_at=ago(days=days), intensity=3)
    doubter = ws.stakeholder(name="Doubter")["id"]
    ws.conversation(doubter, occurred_at=ago(days=1), tone=-2)
    ws.conversation(doubter, occurred_at=ago(days=2), tone=-1)
    ws.concern(doubter, severity=3, raised_at=ago(seconds=5))
    new = ws.stakeholder(name="New")["id"]
    assert [score_of(ws, x)["category"] for x in (champ, doubter, new)] == [
        "champion",
        "hesitant",
        "unknown",
    ]
    viewer = ws.member("viewer")

    def names(client, category, **params) -> list[str]:
        r = client.get(ws.url("/scores"), params={"sort": "name", "category": category, **params})
        assert r.status_code == 200, r.text
        return [i["name"] for i in r.json()["items"]]

    # Now (the stored map) and in the past (computed from the log) alike.
    for at in ({}, {"as_of": ago(seconds=1)}):
        assert names(ws.client, "hesitant", **at) == ["Doubter"]
        assert names(ws.client, "other", **at) == ["Doubter", "New"]
        assert names(viewer, "other", **at) == ["Doubter", "New"]
        assert names(viewer, "champion", **at) == ["Champ"]
    csv = ws.client.get(ws.url("/export/scores.csv"), params={"category": "other", "sort": "name"})
    assert csv.status_code == 200, csv.text
    assert [line.split(",")[1] for line in csv.text.splitlines()[1:]] == ["Doubter", "New"]

    # A misspelt category is refused rather than answered with an empty list.
    for path in ("/scores", "/export/scores.csv"):
        for client, category in ((ws.client, "champoin"), (viewer, "hesitant")):
            r = client.get(ws.url(path), params={"category": category})
            assert r.status_code == 422, r.text
            assert r.json()["error"]["details"][0]["field"] == "query.category"
    r = viewer.get(ws.url("/scores"), params={"category": "hesitant"})
    assert r.json()["error"]["details"][0]["message"] == (
        "viewers may filter by champion, supporter or other"
    )


def test_scores_of_people_in_no_team_now_as_of_and_as_csv(ws):
    team = ws.team()["id"]
    a = ws.stakeholder(name="A, in a team", team_id=team)["id"]
    b = ws.stakeholder(name="B")["id"]
    c = ws.stakeholder(name="C")["id"]
    archived = ws.stakeholder(name="D, archived", archived=True)["id"]

    def ids(**params) -> list[str]:
        r = ws.client.get(ws.url("/scores"), params={"no_team": "true", "sort": "name", **params})
        assert r.status_code == 200, r.text
        return [i["stakeholder_id"] for i in r.json()["items"]]

    assert ids() == [b, c]
    assert ids(as_of=ago(seconds=30)) == [b, c]  # from the log, not the stored readings
    assert ids(include_archived="true") == [b, c, archived]
    assert ids(no_team="false") == [a, b, c]
    csv = ws.client.get(ws.url("/export/scores.csv"), params={"no_team": "true", "sort": "name"})
    assert csv.status_code == 200, csv.text
    assert [line.split(",")[1] for line in csv.text.splitlines()[1:]] == ["B", "C"]
    # Placed in a team: no longer listed (the kept map rows follow the move).
    moved = ws.client.patch(ws.url(f"/stakeholders/{b}"), json={"team_id": team})
    assert moved.status_code == 200, moved.text
    assert ids() == [c]


@pytest.mark.parametrize("path", ["/scores", "/export/scores.csv"])
def test_no_team_and_a_team_together_are_refused(ws, path):
    team = ws.team()["id"]
    r = ws.client.get(ws.url(path), params={"no_team": "true", "team_id": team})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"] == [
        {"field": "query.no_team", "message": "cannot be combined with team_id", "type": "invalid"}
    ]
    # Who is asking is decided first.
    outsider = ws.client.get(
        ws.url(path),
        params={"no_team": "true", "team_id": team},
        headers={"Authorization": "Bearer rpt_not-a-token"},
    )
    assert outsider.status_code == 401, outsider.text


def test_scores_name_search_now_and_as_of(ws):
    ws.stakeholder(name="Dr Ada Lovelace")
    ws.stakeholder(name="Grace Hopper")
    ws.stakeholder(name="ada 100% sure_x")
    found = ws.client.get(ws.url("/scores"), params={"q": "ADA", "sort": "name"}).json()
    assert [i["name"] for i in found["items"]] == ["ada 100% sure_x", "Dr Ada Lovelace"]
    literal = ws.client.get(ws.url("/scores"), params={"q": "100% sure_"}).json()
    assert [i["name"] for i in literal["items"]] == ["ada 100% sure_x"]
    at = ago(seconds=30)
    past = ws.client.get(ws.url("/scores"), params={"q": "hopper", "as_of": at}).json()
    assert [i["name"] for i in past["items"]] == ["Grace Hopper"]
    csv = ws.client.get(ws.url("/export/scores.csv"), params={"q": "grace"})
    assert csv.status_code == 200, csv.text
    assert [line.split(",")[1] for line in csv.text.splitlines()[1:]] == ["Grace Hopper"]


def test_scoring_settings_preview_then_save(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(minutes=1), tone=2)
    ws.conversation(s, occurred_at=ago(minutes=2), tone=2)
    assert score_of(ws, s)["category"] == "neutral"
    got = ws.client.get(ws.url("/scoring-settings")).json()
    assert got["version"] == 0 and got["values"] == DEFAULT_SETTINGS.to_dict()
    stricter = {"unknown_evidence_below": 5.0}
    preview = ws.client.put(ws.url("/scoring-settings?preview=true"), json={"values": stricter})
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert (body["preview"], body["version"], body["category_changes"]) == (True, 0, 1)
    assert body["changes"] == [{"stakeholder_id": s, "old": "neutral", "new": "unknown"}]
    assert ws.client.get(ws.url("/scoring-settings")).json()["version"] == 0
    assert score_of(ws, s)["category"] == "neutral"
    saved = ws.client.put(ws.url("/scoring-settings"), json={"values": stricter}).json()
    assert (saved["version"], saved["category_changes"]) == (1, 1)
    assert score_of(ws, s)["category"] == "unknown"
    bad = ws.client.put(ws.url("/scoring-settings"), json={"values": {"nonsense": 1}})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "body.values.nonsense"
    assert ws.member("lead").get(ws.url("/scoring-settings")).status_code == 403


NDJSON = {"Accept": "application/x-ndjson"}
STEPS = [
    "Reading the current categories",
    "Reading the records",
    "Computing every reading",
    "Storing the readings",
]


def _stream(response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.headers["x-accel-buffering"] == "no"
    return [json.loads(line) for line in response.text.splitlines()]


def _progress_of(lines: list[dict]) -> tuple[list[str], list[float]]:
    progress = [x for x in lines[:-1] if x["type"] == "progress"]
    assert len(progress) == len(lines) - 1  # every line but the last is progress
    steps = list(dict.fromkeys(x["step"] for x in progress))
    return steps, [x["fraction"] for x in progress]


def test_scoring_settings_save_streams_its_progress(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(minutes=1), tone=2)
    ws.conversation(s, occurred_at=ago(minutes=2), tone=2)
    stricter = {"values": {"unknown_evidence_below": 5.0}}

    preview = _stream(
        ws.client.put(ws.url("/scoring-settings?preview=true"), json=stricter, headers=NDJSON)
    )
    steps, fractions = _progress_of(preview)
    assert steps == STEPS[:3]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 0.95
    assert preview[-1]["type"] == "result"
    assert preview[-1]["result"]["preview"] is True
    assert preview[-1]["result"]["changes"] == [
        {"stakeholder_id": s, "old": "neutral", "new": "unknown"}
    ]
    assert ws.client.get(ws.url("/scoring-settings")).json()["version"] == 0

    saved = _stream(ws.client.put(ws.url("/scoring-settings"), json=stricter, headers=NDJSON))
    steps, fractions = _progress_of(saved)
    assert steps == STEPS
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    storing = [x for x in saved if x.get("step") == "Storing the readings"]
    assert (storing[0]["done"], storing[-1]["done"], storing[-1]["total"]) == (0, 1, 1)
    result = saved[-1]
    assert result["type"] == "result"
    assert {k: result["result"][k] for k in ("version", "preview", "category_changes")} == {
        "version": 1,
        "preview": False,
        "category_changes": 1,
    }
    assert ws.client.get(ws.url("/scoring-settings")).json()["version"] == 1
    assert score_of(ws, s)["category"] == "unknown"


def test_scoring_settings_stream_errors(ws, other_ws, monkeypatch):
    from api.insights import settings_service

    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(minutes=1), tone=2)
    ws.conversation(s, occurred_at=ago(minutes=2), tone=2)
    assert score_of(ws, s)["category"] == "neutral"
    # Found before the work starts: the usual JSON errors.
    bad = ws.client.put(
        ws.url("/scoring-settings"), json={"values": {"nonsense": 1}}, headers=NDJSON
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "body.values.nonsense"
    lead = ws.member("lead").put(ws.url("/scoring-settings"), json={"values": {}}, headers=NDJSON)
    assert lead.status_code == 403
    outsider = other_ws.client.put(ws.url("/scoring-settings"), json={"values": {}}, headers=NDJSON)
    assert outsider.status_code == 404

    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(settings_service, "rebuild", failing)
    lines = _stream(
        ws.client.put(
            ws.url("/scoring-settings"),
            json={"values": {"unknown_evidence_below": 5.0}},
            headers=NDJSON,
        )
    )
    assert lines[-1] == {
        "type": "error",
        "status": 500,
        "error": {
            "code": "internal_error",
            "message": "Something went wrong on our side.",
            "details": None,
        },
    }
    monkeypatch.undo()
    # Nothing of the failed save was kept.
    assert ws.client.get(ws.url("/scoring-settings")).json()["version"] == 0
    assert score_of(ws, s)["category"] == "neutral"


def test_team_insights_flag_champion_gap(ws):
    icu = ws.team(name="ICU")["id"]
    ward = ws.team(name="Ward 4B")["id"]
    champ = ws.stakeholder(team_id=icu)["id"]
    for d in (3, 10, 20, 30, 40):
        ws.signal(champ, observed_at=ago(days=d), intensity=3)
    readiness(ws, champ, ago(days=1), 5, 5)
    ws.stakeholder(team_id=ward)
    assert score_of(ws, champ)["category"] == "champion"
    teams = {t["name"]: t for t in ws.client.get(ws.url("/insights/teams")).json()}
    assert (teams["ICU"]["champions"], teams["ICU"]["champion_gap"]) == ([champ], False)
    assert (teams["Ward 4B"]["counts"], teams["Ward 4B"]["champion_gap"]) == ({"unknown": 1}, True)


def test_challenges_group_by_cfir_and_focus(ws):
    a = ws.stakeholder(role_type="opinion_leader")["id"]
    b = ws.stakeholder()["id"]
    for sid, sev in ((a, 1), (b, 3)):
        ws.concern(
            sid, severity=sev, cfir_domain="inner_setting", cfir_construct="available_resources"
        )
    ws.concern(b, severity=2, cfir_domain="innovation")
    groups = ws.client.get(ws.url("/insights/challenges")).json()["groups"]
    assert [(g["cfir_construct"], g["open_concerns"], g["weight"]) for g in groups] == [
        ("available_resources", 2, 1 * 1.5 + 3 * 1.0),
        (None, 1, 2.0),
    ]
    # Heaviest first: b's one severity-3 concern outweighs the opinion leader's severity 1.
    assert [g["stakeholder_ids"] for g in groups] == [[b, a], [b]]
    assert groups[0]["strategy_hints"][0] == "Access new funding"
    r = ws.client.put(
        ws.url("/insights/challenges/focus"),
        json={"cfir_domain": "inner_setting", "cfir_construct": "available_resources"},
    )
    assert r.status_code == 200
    focus = ws.client.get(ws.url("/insights/challenges")).json()["focus"]
    assert (focus["cfir_domain"], focus["cfir_construct"]) == (
        "inner_setting",
        "available_resources",
    )
    chosen_at = focus["chosen_at"]
    assert focus["note"] == ""

    def focus_events():
        events = ws.client.get(ws.url("/events"), params={"type": "focus_challenge.updated"})
        return [e["payload"] for e in events.json()["items"]]

    assert len(focus_events()) == 1
    # The same challenge again: a note is added, and it was still chosen when it was chosen.
    body = {"cfir_domain": "inner_setting", "cfir_construct": "available_resources"}
    noted = ws.client.put(
        ws.url("/insights/challenges/focus"), json={**body, "note": "Review on Dec 15"}
    ).json()
    assert (noted["note"], noted["chosen_at"]) == ("Review on Dec 15", chosen_at)
    assert focus_events()[-1]["note"] == "Review on Dec 15"
    again = ws.client.put(
        ws.url("/insights/challenges/focus"), json={**body, "note": "Review on Dec 15"}
    )
    assert (again.status_code, again.json()) == (200, noted)
    assert len(focus_events()) == 2
    # Another challenge: chosen now, and the old note goes with the old challenge.
    other = ws.client.put(
        ws.url("/insights/challenges/focus"), json={"cfir_domain": "innovation"}
    ).json()
    assert (other["cfir_construct"], other["note"]) == (None, "")
    assert other["chosen_at"] > chosen_at
    assert len(focus_events()) == 3
    bad = ws.client.put(
        ws.url("/insights/challenges/focus"),
        json={"cfir_domain": "innovation", "cfir_construct": "available_resources"},
    )
    assert bad.status_code == 422
    assert (
        ws.member("viewer")
        .put(ws.url("/insights/challenges/focus"), json={"cfir_domain": "innovation"})
        .status_code
        == 403
    )


def test_trends_count_categories_per_week(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(hours=1), tone=2)
    ws.conversation(s, occurred_at=ago(hours=2), tone=2)
    weeks = ws.client.get(ws.url("/insights/trends")).json()["weeks"]
    assert len(weeks) == 13
    assert weeks[-1]["counts"] == {"neutral": 1}
    assert weeks[0]["counts"] == {}
    # Records start in 2000, and so may a range (it once reached the scoring's limit: a 500).
    early = ws.client.get(
        ws.url("/insights/trends"), params={"from": "2000-01-01", "to": "2000-02-01"}
    )
    assert early.status_code == 200, early.text
    assert {tuple(w["counts"].items()) for w in early.json()["weeks"]} == {()}
    for start in ("1999-12-31", "1700-01-01"):
        r = ws.client.get(ws.url("/insights/trends"), params={"from": start, "to": "2000-02-01"})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["details"] == [
            {"field": "query.from", "message": "must be on or after 2000-01-01", "type": "invalid"}
        ]


def test_score_history_weekly(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(days=20), tone=2)
    ws.conversation(s, occurred_at=ago(days=19), tone=1)
    today = datetime.now(UTC).date()
    r = ws.client.get(
        ws.url(f"/stakeholders/{s}/score-history?from={today - timedelta(days=28)}&step=week")
    ).json()
    cats = [p["category"] for p in r["points"]]
    assert len(cats) == 5
    assert cats[0] == "unknown" and cats[-1] == "neutral"


@pytest.fixture
def computes(monkeypatch):
    """The sessions `settings_service.compute` ran on, in order; `computes.first` (if set)
    runs before the first one reads anything."""
    from api.insights import settings_service

    real = settings_service.compute

    class Calls(list):
        first = None

    calls = Calls()

    def compute(session, *args, **kwargs):
        calls.append(session)
        if len(calls) == 1 and calls.first is not None:
            calls.first()
        return real(session, *args, **kwargs)

    monkeypatch.setattr(settings_service, "compute", compute)
    return calls


@pytest.mark.parametrize("stream", [False, True])
def test_a_save_reads_without_holding_up_writers_and_loses_no_write(ws, computes, stream):
    """The records are read on a snapshot: a conversation logged meanwhile is written at
    once (on SQLite it would otherwise wait for the save's write lock), and the save, seeing
    the event log moved, computes again under the lock, so the stored readings include it."""
    import threading
    import uuid

    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from api.insights import readings

    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(minutes=3), tone=2)
    # One event loop for both requests, as under uvicorn: the conversation must not wait
    # for anything the save holds there either (on SQLite: `api.db.writer_gate`).
    client = TestClient(ws.app)
    client.cookies = ws.client.cookies
    client.headers.update(ws.client.headers)
    logged: list[int] = []

    def log_meanwhile() -> None:
        body = {"stakeholder_id": s, "occurred_at": ago(minutes=1), "tone": -2}
        post = threading.Thread(
            target=lambda: logged.append(
                client.post(ws.url("/conversations"), json=body).status_code
            )
        )
        post.start()
        post.join(timeout=20)
        assert logged == [201]

    computes.first = log_meanwhile
    body = {"values": {"unknown_evidence_below": 5.0}}
    headers = NDJSON if stream else {}
    with client:
        r = client.put(ws.url("/scoring-settings"), json=body, headers=headers)
    assert r.status_code == 200, r.text
    result = _stream(r)[-1]["result"] if stream else r.json()
    assert result["version"] == 1
    assert len(computes) == 2  # the snapshot's, then again under the lock
    assert computes[0].get_bind() is not computes[1].get_bind()
    conversations = ws.client.get(ws.url("/conversations"), params={"stakeholder_id": s})
    assert len(conversations.json()["items"]) == 2
    with Session(ws.engine) as session:
        assert readings.reconcile(session, uuid.UUID(ws.id)) == []
        _, settings = readings.current_settings(session, uuid.UUID(ws.id))
    assert settings.unknown_evidence_below == 5.0


def test_a_quiet_save_or_a_preview_reads_the_records_once(ws, computes):
    s = ws.stakeholder()["id"]
    ws.conversation(s, occurred_at=ago(minutes=3), tone=2)
    body = {"values": {"unknown_evidence_below": 5.0}}
    preview = ws.client.put(ws.url("/scoring-settings"), json=body, params={"preview": True})
    assert preview.status_code == 200, preview.text
    assert ws.client.put(ws.url("/scoring-settings"), json=body).status_code == 200
    assert len(computes) == 2
    assert ws.client.get(ws.url("/scoring-settings")).json()["version"] == 1


def test_next_actions_remind_of_passed_plans_overdue_promises_and_open_loops(ws):
    today = datetime.now(UTC).date()

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    def planned(name: str, held_days_ago: int, plan: int | None, booked: bool = True) -> str:
        s = ws.stakeholder(name=name)["id"]
        plan_fields = {} if plan is None else {"next_contact_on": day(plan)}
        if plan is not None and booked:
            plan_fields["next_contact_scheduled"] = True
        ws.conversation(s, occurred_at=ago(days=held_days_ago), **plan_fields)
        return s

    booked = planned("Booked and passed", 20, -10)
    intended = planned("Intended, passed", 30, -3, booked=False)
    planned("Too long ago", 40, -29)  # outside the four weeks
    planned("Soon", 2, 5)
    planned("Today", 2, 0)  # today has not passed
    talked_since = planned("Talked since", 20, -10)
    later = ws.conversation(talked_since, occurred_at=ago(days=5))  # no plan: the latest counts
    archived = planned("Archived", 20, -10)
    ws.client.patch(ws.url(f"/stakeholders/{archived}"), json={"archived": True})

    def lapsed() -> list[tuple[str, str, bool]]:
        actions = ws.client.get(ws.url("/insights/next-actions")).json()
        items = actions["lapsed_one_on_ones"]
        assert all(i["type"] == "lapsed_one_on_one" for i in items)
        return [(i["name"], i["planned_on"], i["booked"]) for i in items]

    assert lapsed() == [
        ("Booked and passed", day(-10), True),
        ("Intended, passed", day(-3), False),
    ]
    # Held after all: logging it clears the reminder; deleting the later one-on-one brings
    # the earlier plan back; moving a plan to next week clears it too.
    ws.conversation(booked, occurred_at=ago(hours=1))
    assert ws.client.delete(ws.url(f"/conversations/{later['id']}")).status_code == 204
    first = ws.client.get(ws.url(f"/conversations?stakeholder_id={intended}")).json()["items"][0]
    r = ws.client.patch(ws.url(f"/conversations/{first['id']}"), json={"next_contact_on": day(7)})
    assert r.status_code == 200, r.text
    assert lapsed() == [("Talked since", day(-10), True)]

    # The team's overdue promises (not theirs, not kept ones) and resolved concerns whose
    # loop is still open.
    s = ws.stakeholder(name="Promised")["id"]
    late = ws.create(
        "/commitments", {"stakeholder_id": s, "description": "Send the audit", "due_on": day(-3)}
    )
    ws.create("/commitments", {"stakeholder_id": s, "description": "Not yet due", "due_on": day(3)})
    ws.create(
        "/commitments",
        {"stakeholder_id": s, "description": "Theirs", "due_on": day(-3), "owner": "stakeholder"},
    )
    kept = ws.create(
        "/commitments", {"stakeholder_id": s, "description": "Kept", "due_on": day(-5)}
    )
    r = ws.client.patch(ws.url(f"/commitments/{kept['id']}"), json={"status": "kept"})
    assert r.status_code == 200, r.text
    concern = ws.concern(s, text="Huddles run over")
    r = ws.client.patch(
        ws.url(f"/concerns/{concern['id']}"),
        json={"status": "resolved", "resolution_note": "Huddles capped at ten minutes"},
    )
    assert r.status_code == 200, r.text
    actions = ws.client.get(ws.url("/insights/next-actions")).json()
    assert [
        (a["type"], a["name"], a["record_id"], a["due_on"], a["description"])
        for a in actions["overdue_commitments"]
    ] == [("overdue_commitment", "Promised", late["id"], day(-3), "Send the audit")]
    assert [(a["type"], a["record_id"], a["description"]) for a in actions["loops_to_close"]] == [
        ("close_the_loop", concern["id"], "Huddles run over")
    ]
    r = ws.client.patch(ws.url(f"/concerns/{concern['id']}"), json={"loop_closed_on": day(0)})
    assert r.status_code == 200, r.text
    assert ws.client.get(ws.url("/insights/next-actions")).json()["loops_to_close"] == []


def test_next_actions_count_passed_and_overdue_by_the_callers_date(ws):
    """Ahead of UTC it is already tomorrow: what was due or planned for today has passed;
    behind it, yesterday's has not."""
    today = datetime.now(UTC).date()
    s = ws.stakeholder(name="Plans today")["id"]
    ws.conversation(
        s,
        occurred_at=ago(days=3),
        next_contact_on=today.isoformat(),
        next_contact_scheduled=True,
    )
    ws.create(
        "/commitments",
        {"stakeholder_id": s, "description": "Due today", "due_on": today.isoformat()},
    )

    def actions(**params) -> tuple[list, list]:
        r = ws.client.get(ws.url("/insights/next-actions"), params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        return (
            [i["planned_on"] for i in body["lapsed_one_on_ones"]],
            [i["description"] for i in body["overdue_commitments"]],
        )

    assert actions() == ([], [])
    assert actions(today=today.isoformat()) == ([], [])
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert actions(today=tomorrow) == ([today.isoformat()], ["Due today"])
    assert actions(today=(today - timedelta(days=1)).isoformat()) == ([], [])
    for bad in ((today + timedelta(days=2)).isoformat(), "2026-13-01", "tomorrow"):
        r = ws.client.get(ws.url("/insights/next-actions"), params={"today": bad})
        assert r.status_code == 422, (bad, r.text)
        assert [d["field"] for d in r.json()["error"]["details"]] == ["query.today"]
