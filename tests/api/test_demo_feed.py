"""The demo's change feed reads as its nine months happened (api/demo/feed.py): what the
Activity page and an integration following the feed see of the demo."""

from collections import defaultdict
from datetime import datetime, timedelta

from sqlmodel import Session, select

from api.demo.story import SUMMARIES, create_demo
from api.insights.models import StakeholderReading
from api.kit.time import utcnow
from tests.factories import signed_in_client

RECORDS = ("conversations", "concerns", "acknowledgements", "signals", "commitments")


def _all(client, url: str, params: dict | None = None) -> list[dict]:
    items: list[dict] = []
    params = {"limit": 200, **(params or {})}
    while True:
        r = client.get(url, params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        params = {**params, ("after" if url.endswith("/events") else "cursor"): page["next_cursor"]}


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_the_demo_feed_tells_nine_months_in_order(app, db):
    with Session(db, expire_on_commit=False) as s:
        ws, user = create_demo(s, "demo@example.org", "demo-password")
        s.commit()
    client = signed_in_client(app, db, user)
    base = f"/api/v1/workspaces/{ws.id}"
    events = _all(client, f"{base}/events")

    # In the order it happened, from the day the workspace was set up nine months ago.
    times = [_at(e["occurred_at"]) for e in events]
    assert times == sorted(times)
    assert events[0]["type"] == "workspace.created"
    assert times[0] < utcnow() - timedelta(days=240)
    assert {e["actor"]["user_id"] for e in events} == {str(user.id)}
    # The viewer joined on the first day, as the members list says.
    joined = [e for e in events if e["type"] == "member.created"]
    members = client.get(f"{base}/members").json()
    viewer = next(m for m in members if m["role"] == "viewer")
    assert [e["payload"] for e in joined] == [viewer]
    assert _at(joined[0]["occurred_at"]) == _at(viewer["created_at"])
    assert _at(viewer["created_at"]).date() == times[0].date()

    latest: dict[str, dict] = {}
    by_resource: dict[str, list[dict]] = defaultdict(list)
    for e in events:
        latest[e["resource_id"]] = e
        by_resource[e["resource_id"]].append(e)

    # One `created` event per record, at the time it happened, with what the API serves now
    # (unless it moved since); nothing else about records.
    for kind in RECORDS:
        rows = _all(client, f"{base}/{kind}")
        assert rows
        name = kind.removesuffix("s")
        for row in rows:
            told = [e for e in by_resource[row["id"]] if e["type"].startswith(name)]
            created = told[0]
            assert created["type"] == f"{name}.created"
            assert _at(created["occurred_at"]) == _at(row["created_at"])
            assert told[-1]["payload"] == _as_feed_shows(name, row)
            moved = row.get("status", "open") != "open" and row.get("status_changed_at")
            if moved:
                # Told as it stood when logged, then its move when it moved.
                assert [e["type"] for e in told] == [f"{name}.created", f"{name}.updated"]
                assert created["payload"]["status"] == "open"
                assert _at(told[1]["occurred_at"]) == _at(row["status_changed_at"])
                assert _at(row["updated_at"]) == _at(row["status_changed_at"])
            else:
                assert [e["type"] for e in told] == [f"{name}.created"]
    # What the leads wrote after each one-on-one varies, and matches how it went.
    conversations = _all(client, f"{base}/conversations")
    assert len({c["summary"] for c in conversations}) == 14  # of 15 (seeded)
    for c in conversations:
        mood = "cool" if c["tone"] < 0 else "warm" if c["tone"] > 0 else "even"
        assert c["summary"] in SUMMARIES[mood]
    concern_moves = [e for e in events if e["type"] == "concern.updated"]
    assert {e["payload"]["status"] for e in concern_moves} == {
        "resolved",
        "dismissed",
        "being_addressed",
    }

    # Categories: each person's changes form one chain from "unknown" to the category their
    # stored reading holds, which it reached at the time of the last change.
    changes: dict[str, list[dict]] = defaultdict(list)
    for e in events:
        if e["type"] == "stakeholder.category_changed":
            changes[e["payload"]["stakeholder_id"]].append(e)
    with Session(db) as s:
        readings = {
            str(r.stakeholder_id): r
            for r in s.exec(
                select(StakeholderReading).where(StakeholderReading.workspace_id == ws.id)
            )
        }
    assert len(readings) == 60
    moved_people = 0
    for sid, reading in readings.items():
        chain = changes.get(sid, [])
        if reading.category == "unknown" and not chain:
            continue
        olds = [e["payload"]["old"] for e in chain]
        news = [e["payload"]["new"] for e in chain]
        assert olds == ["unknown", *news[:-1]]
        assert news[-1] == reading.category
        assert _at(chain[-1]["payload"]["as_of"]) == _at(chain[-1]["occurred_at"])
        assert reading.category_as_of.replace(tzinfo=None) == _at(chain[-1]["occurred_at"]).replace(
            tzinfo=None
        )
        moved_people += len(chain) > 1
    # Most of the cast moved more than once over the nine months: the feed tells a story.
    assert moved_people > 20


def _as_feed_shows(name: str, row: dict) -> dict:
    """What the feed carries for `row` as its lead reads it: a private conversation's summary
    is for its holder only, and the feed is no one's."""
    if name == "conversation" and row["private"]:
        return {**row, "summary": None}
    return row
