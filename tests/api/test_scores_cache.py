"""The `GET /scores` answer cache (api/insights/scorecache.py): reused only while nothing
changed, never across a write, a settings change, another audience or another query."""

from datetime import UTC, datetime, timedelta

import pytest

from api.insights import scorecache
from api.kit import time as kit_time


@pytest.fixture(autouse=True)
def _empty_cache():
    scorecache.clear()
    yield
    scorecache.clear()


def scores(ws, client=None, **params):
    response = (client or ws.client).get(ws.url("/scores"), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_repeated_read_is_the_same_answer_until_a_write(ws):
    s = ws.stakeholder()["id"]
    first = scores(ws)
    assert scores(ws) == first  # the cached answer, as_of included
    ws.signal(s, facet="ownership", intensity=3)
    after_write = scores(ws)
    assert after_write["items"][0]["as_of"] > first["items"][0]["as_of"]
    assert after_write["items"][0]["champion_score"] > first["items"][0]["champion_score"]


def test_a_new_stakeholder_shows_at_once(ws):
    ws.stakeholder(name="Ada")
    assert [i["name"] for i in scores(ws)["items"]] == ["Ada"]
    ws.stakeholder(name="Grace")
    assert sorted(i["name"] for i in scores(ws)["items"]) == ["Ada", "Grace"]


def test_settings_change_is_seen_at_once(ws):
    s = ws.stakeholder()["id"]
    ws.signal(s, facet="ownership", intensity=3)
    before = scores(ws)["items"][0]["champion_score"]
    saved = ws.client.put(ws.url("/scoring-settings"), json={"values": {"prior_mean": 0.5}})
    assert saved.status_code == 200, saved.text
    assert scores(ws)["items"][0]["champion_score"] != before


def test_viewers_never_get_the_leads_answer(ws):
    s = ws.stakeholder()["id"]
    ws.signal(s, facet="ownership", intensity=3)
    viewer_client = ws.member("viewer")
    lead = scores(ws)["items"][0]
    assert lead["reluctance_score"] is not None
    viewer = scores(ws, viewer_client)["items"][0]
    assert viewer["reluctance_score"] is None
    assert scores(ws)["items"][0] == lead


def test_queries_do_not_share_answers(ws):
    a = ws.stakeholder(name="Ada")["id"]
    ws.stakeholder(name="Grace")
    ws.signal(a, facet="ownership", intensity=3)
    by_name = [i["name"] for i in scores(ws, sort="name")["items"]]
    by_name_desc = [i["name"] for i in scores(ws, sort="-name")["items"]]
    assert by_name == ["Ada", "Grace"]
    assert by_name_desc == ["Grace", "Ada"]
    assert [i["name"] for i in scores(ws, limit=1, sort="name")["items"]] == ["Ada"]


def test_an_answer_older_than_the_window_is_rebuilt(ws, monkeypatch):
    ws.stakeholder()
    first = scores(ws)["items"][0]["as_of"]
    later = datetime.now(UTC) + timedelta(seconds=61)
    monkeypatch.setattr("api.insights.routes.utcnow", lambda: later)
    monkeypatch.setattr(kit_time, "utcnow", lambda: later)
    rebuilt = scores(ws)["items"][0]["as_of"]
    assert rebuilt != first
    assert rebuilt.startswith(later.strftime("%Y-%m-%dT%H:%M"))


def test_explicit_as_of_is_never_cached(ws):
    s = ws.stakeholder()["id"]
    ws.signal(s, facet="ownership", intensity=3)
    scores(ws)
    at = (datetime.now(UTC) - timedelta(days=400)).isoformat().replace("+00:00", "Z")
    old = scores(ws, as_of=at)["items"][0]
    assert old["champion_score"] != scores(ws)["items"][0]["champion_score"]


def test_cache_off(ws, monkeypatch):
    from api.settings import get_settings

    monkeypatch.setattr(get_settings(), "scores_cache_seconds", 0.0)
    ws.stakeholder()
    scores(ws)
    scores(ws)
    assert scorecache._entries == {}


def test_trends_answer_is_reused_until_a_write(ws):
    s = ws.stakeholder()["id"]

    def last_week() -> dict:
        r = ws.client.get(ws.url("/insights/trends"))
        assert r.status_code == 200, r.text
        return r.json()["weeks"][-1]["counts"]

    assert last_week() == {"unknown": 1}
    assert last_week() == {"unknown": 1}
    for days in (2, 9, 16):
        at = (datetime.now(UTC) - timedelta(days=days)).isoformat().replace("+00:00", "Z")
        ws.signal(s, observed_at=at, facet="ownership", intensity=3)
    category = scores(ws)["items"][0]["category"]
    assert category != "unknown"
    assert last_week() == {category: 1}
