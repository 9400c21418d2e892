"""The champion map's rows kept between requests (`scoremap.map_rows(reuse=True)`): brought
up to date from the event log after each write, they always equal the rows read afresh."""

import random
import uuid
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

import numpy as np
import orjson
import pytest
from sqlmodel import Session

from api.insights import scorecache, scoremap
from api.insights.readings import current_settings
from api.insights.scoremap import MapRows
from api.scoring import vector
from api.stakeholders.filters import NO_TEAM


@pytest.fixture(autouse=True)
def _nothing_kept():
    scoremap.forget_rows()
    scorecache.clear()
    yield
    scoremap.forget_rows()
    scorecache.clear()


@pytest.fixture
def seen(monkeypatch):
    """What `_touched` answered, call by call (None: every row read again)."""
    answers: list = []
    real = scoremap._touched

    def spy(*args):
        answers.append(real(*args))
        return answers[-1]

    monkeypatch.setattr(scoremap, "_touched", spy)
    return answers


def by_id(rows: scoremap.MapRows) -> dict:
    return {
        sid: (
            rows.names[n],
            rows.team_ids[n],
            rows.role_types[n],
            rows.subjects[n],
            rows.stored[n],
        )
        for n, sid in enumerate(rows.ids)
    }


SELECTIONS = ({"include_archived": True}, {"include_archived": False})


def check(ws, team_id=None) -> list[scoremap.MapRows]:
    """Kept rows (updated in place) equal fresh rows, for every selection; returns them."""
    workspace_id = uuid.UUID(ws.id)
    selections = [
        *SELECTIONS,
        {"include_archived": False, "team": team_id and uuid.UUID(team_id)},
        {"include_archived": False, "team": NO_TEAM},
    ]
    out = []
    with Session(ws.engine) as s:
        _, settings = current_settings(s, workspace_id)
        for selection in selections if team_id else SELECTIONS:
            kept = scoremap.map_rows(s, workspace_id, settings.r2_severity, reuse=True, **selection)
            fresh = scoremap.map_rows(s, workspace_id, settings.r2_severity, **selection)
            assert len(set(kept.ids)) == len(kept.ids)
            assert by_id(kept) == by_id(fresh)
            # What the map derives from its rows, carried over a patch or worked out afresh.
            assert kept.index == {sid: n for n, sid in enumerate(kept.ids)}
            ranked = sorted(kept.ids)
            assert kept.id_rank.tolist() == [ranked.index(sid) for sid in kept.ids]
            afresh = MapRows(*[getattr(kept, f.name) for f in fields(MapRows)])
            assert kept.sums.tolist() == afresh.sums.tolist()
            for f in fields(kept.facts):
                got, want = getattr(kept.facts, f.name), getattr(afresh.facts, f.name)
                assert list(got) == list(want), f.name
            unpacked = replace(kept.facts, packed_concerns=None, packed_due_days=None)
            for name in ("concern_arrays", "due_arrays"):
                got, want = getattr(kept.facts, name), getattr(unpacked, name)
                assert [a.tolist() for a in got] == [a.tolist() for a in want], name
            out.append(kept)
    return out


def test_a_new_record_updates_only_its_stakeholder(ws, seen):
    a, b = ws.stakeholder(name="Ada")["id"], ws.stakeholder(name="Grace")["id"]
    first = check(ws)[0]
    ws.signal(a, facet="ownership", intensity=3)
    after = check(ws)[0]
    assert seen[-2:] == [{a}, {a}]  # both selections patched, from the one event
    assert after.position > first.position
    n = after.ids.index(a)
    assert after.stored[n] != first.stored[first.ids.index(a)]
    # The untouched stakeholder's row is the very same object.
    assert after.stored[after.ids.index(b)] is first.stored[first.ids.index(b)]
    ws.conversation(b, tone=-2)
    ws.concern(b, severity=3)
    ws.commitment(a, owner="team", due_on="2026-01-05")
    ws.acknowledgement(a)
    check(ws)
    assert seen[-1] == {a, b}
    # Several open concerns and commitments on each, so their flattened columns have order.
    for day in (4, 9, 2):
        ws.concern(a, severity=3, raised_at=f"2026-02-{day:02d}T08:00:00Z")
        ws.commitment(b, owner="team", due_on=f"2026-01-{day:02d}")
    rows = check(ws)[0]
    at = {sid: rows.ids.index(sid) for sid in (a, b)}
    concern_rows = rows.facts.concern_arrays[0].tolist()
    due_rows = rows.facts.due_arrays[0].tolist()
    assert sorted(concern_rows) == sorted([at[a]] * 3 + [at[b]])
    assert sorted(due_rows) == sorted([at[a]] + [at[b]] * 3)


def test_nothing_new_reuses_the_rows(ws, seen):
    ws.stakeholder()
    first = check(ws)[0]
    again = check(ws)[0]
    assert again is first
    assert seen == []


def test_stakeholders_come_go_move_and_archive(ws, seen):
    team = ws.team(name="ICU")["id"]
    people = [ws.stakeholder(name=f"P{i}")["id"] for i in range(4)]
    check(ws, team)
    moved = ws.client.patch(ws.url(f"/stakeholders/{people[0]}"), json={"team_id": team})
    assert moved.status_code == 200, moved.text
    renamed = ws.client.patch(ws.url(f"/stakeholders/{people[1]}"), json={"name": "Zed"})
    assert renamed.status_code == 200, renamed.text
    _, _, in_team, in_no_team = check(ws, team)
    assert in_team.ids == [people[0]]
    assert sorted(in_no_team.ids) == sorted(people[1:])
    archived = ws.client.patch(
        ws.url(f"/stakeholders/{people[0]}"), json={"archived": True, "influence_manual": 1.5}
    )
    assert archived.status_code == 200, archived.text
    kept_all, kept_active, kept_team, _ = check(ws, team)
    assert people[0] in kept_all.ids
    assert people[0] not in kept_active.ids
    assert kept_team.ids == []
    # Into the team: no longer among those in no team; out again: back among them.
    moved_in = ws.client.patch(ws.url(f"/stakeholders/{people[3]}"), json={"team_id": team})
    assert moved_in.status_code == 200, moved_in.text
    assert people[3] not in check(ws, team)[3].ids
    left = ws.client.patch(ws.url(f"/stakeholders/{people[3]}"), json={"team_id": None})
    assert left.status_code == 200, left.text
    assert people[3] in check(ws, team)[3].ids
    moved_in = ws.client.patch(ws.url(f"/stakeholders/{people[3]}"), json={"team_id": team})
    assert moved_in.status_code == 200, moved_in.text
    assert ws.client.delete(ws.url(f"/stakeholders/{people[2]}")).status_code == 204
    added = ws.stakeholder(name="New", team_id=team)["id"]
    kept_all, _, kept_team, kept_no_team = check(ws, team)
    assert people[2] not in kept_all.ids
    assert sorted(kept_team.ids) == sorted([added, people[3]])
    assert kept_no_team.ids == [people[1]]
    assert all(answer is not None for answer in seen)  # every step patched


@pytest.mark.parametrize("change", ["edit", "delete", "move"])
def test_an_edited_or_deleted_record_updates_the_readings_it_changed(ws, seen, monkeypatch, change):
    a, b, c = (ws.stakeholder(name=n)["id"] for n in ("A", "B", "C"))
    concern = ws.concern(a, severity=3)
    ws.signal(c)
    first = check(ws)[0]
    # No margin: exactly the readings written since the change's event are read again.
    monkeypatch.setattr(scoremap, "WRITE_SPAN", timedelta(0))
    if change == "edit":
        r = ws.client.patch(ws.url(f"/concerns/{concern['id']}"), json={"status": "resolved"})
    elif change == "delete":
        r = ws.client.delete(ws.url(f"/concerns/{concern['id']}"))
    else:  # to another stakeholder: the event names only the new one
        r = ws.client.patch(ws.url(f"/concerns/{concern['id']}"), json={"stakeholder_id": b})
    assert r.status_code == (204 if change == "delete" else 200), r.text
    after = check(ws)[0]
    assert seen[-1] == ({a, b} if change == "move" else {a})
    # C's reading was written before the change: its row is the very same object.
    assert after.stored[after.ids.index(c)] is first.stored[first.ids.index(c)]


@pytest.mark.parametrize("change", ["delete team", "settings"])
def test_changes_that_can_touch_unnamed_rows_read_everything(ws, seen, change):
    team = ws.team(name="ICU")["id"]
    s = ws.stakeholder(team_id=team)["id"]
    ws.concern(s, severity=3)
    check(ws, team)
    if change == "delete team":
        assert ws.client.delete(ws.url(f"/teams/{team}")).status_code == 204
    else:
        r = ws.client.put(ws.url("/scoring-settings"), json={"values": {"prior_mean": 0.4}})
        assert r.status_code == 200, r.text
    check(ws, team)
    assert seen and seen[-1] is None


def test_too_many_readings_written_just_before_an_edit_read_everything(ws, seen, monkeypatch):
    monkeypatch.setattr(scoremap, "PATCH_ROWS_LIMIT", 2)
    people = [ws.stakeholder(name=f"P{i}")["id"] for i in range(3)]
    concerns = [ws.concern(p, severity=2) for p in people]
    check(ws)
    r = ws.client.patch(ws.url(f"/concerns/{concerns[0]['id']}"), json={"severity": 3})
    assert r.status_code == 200, r.text
    check(ws)
    assert seen[-1] is None  # all three readings were written within the span


def test_too_many_events_read_everything(ws, seen, monkeypatch):
    monkeypatch.setattr(scoremap, "PATCH_EVENTS_LIMIT", 2)
    s = ws.stakeholder()["id"]
    check(ws)
    ws.signal(s)
    ws.conversation(s)
    check(ws)
    assert seen[-1] == {s}
    for _ in range(3):
        ws.conversation(s)
    check(ws)
    assert seen[-1] is None


def test_random_writes_never_drift(ws):
    rng = random.Random(7)
    teams = [ws.team(name=f"T{i}")["id"] for i in range(2)]
    people = [ws.stakeholder(name=f"S{i}", team_id=rng.choice(teams))["id"] for i in range(6)]
    records: list[tuple[str, str]] = []
    for step in range(60):
        op = rng.choice(["record", "record", "record", "edit", "delete", "move", "archive", "new"])
        s = rng.choice(people)
        if op == "record":
            kind = rng.choice(["conversation", "concern", "signal", "acknowledgement"])
            made = getattr(ws, kind)(s)
            records.append((f"/{kind}s", made["id"]))
        elif op == "edit" and records:
            path, rid = rng.choice(records)
            body = {"tone": rng.randint(-2, 2)} if path == "/conversations" else {}
            if path == "/concerns":
                body = {"severity": rng.randint(1, 3)}
            if body:
                r = ws.client.patch(ws.url(f"{path}/{rid}"), json=body)
                assert r.status_code == 200, r.text
        elif op == "delete" and records:
            path, rid = records.pop(rng.randrange(len(records)))
            assert ws.client.delete(ws.url(f"{path}/{rid}")).status_code in (204, 404)
        elif op == "move":
            team = rng.choice([*teams, None])
            r = ws.client.patch(ws.url(f"/stakeholders/{s}"), json={"team_id": team})
            assert r.status_code == 200, r.text
        elif op == "archive":
            body = {"archived": rng.random() < 0.5}
            r = ws.client.patch(ws.url(f"/stakeholders/{s}"), json=body)
            assert r.status_code == 200, r.text
        elif op == "new":
            people.append(ws.stakeholder(name=f"S{step}", team_id=rng.choice(teams))["id"])
        if rng.random() < 0.6:
            check(ws, teams[0])


def test_the_answer_after_a_write_equals_a_fresh_one(ws, seen):
    people = [ws.stakeholder(name=f"S{i}")["id"] for i in range(3)]
    assert ws.client.get(ws.url("/scores")).status_code == 200
    ws.signal(people[1], facet="ownership", intensity=3)
    ws.conversation(people[2], tone=-2)
    answer = ws.client.get(ws.url("/scores"))
    assert answer.status_code == 200
    assert seen == [{people[1], people[2]}]
    items = answer.json()["items"]
    # The same map computed from rows read afresh, at the answer's own moment.
    at = datetime.fromisoformat(items[0]["as_of"].replace("Z", "+00:00"))
    workspace_id = uuid.UUID(ws.id)
    with Session(ws.engine) as s:
        _, settings = current_settings(s, workspace_id)
        m = scoremap.load_score_map(s, workspace_id, settings, at, include_archived=False)
        order = scoremap.select_and_sort(
            m, viewer=False, category=None, needs_one_on_one=None, sort="-champion_lower_bound"
        )
        fresh = orjson.loads(scoremap.encode(scoremap.score_items(m, order, False)))
    assert items == fresh


def test_the_next_map_starts_from_the_intervals_it_found_last_time(ws, monkeypatch):
    """Finding the champion intervals takes several rounds from the textbook guess and one from
    the last map's answers, for every row still there, and ends in the same place."""

    for i in range(6):
        sid = ws.stakeholder(name=f"S{i}")["id"]
        for _ in range(i):
            ws.signal(sid, facet="ownership", intensity=3)
    evaluated: list[int] = []
    real = vector.betainc

    def counting(a, b, x):
        evaluated.append(len(x))
        return real(a, b, x)

    monkeypatch.setattr(vector, "betainc", counting)
    workspace_id = uuid.UUID(ws.id)
    at = datetime.now(UTC)

    def load(reuse: bool) -> scoremap.ScoreMap:
        evaluated.clear()
        with Session(ws.engine) as s:  # one per read: SQLite's transactions lock for writing
            _, settings = current_settings(s, workspace_id)
            return scoremap.load_score_map(
                s, workspace_id, settings, at, include_archived=False, reuse=reuse
            )

    first = load(True)
    assert len(evaluated) > 1 and evaluated[0] == 12  # low and high for six people
    second = load(True)
    assert evaluated == [12]
    fresh = load(False)  # no kept rows, no start
    assert len(evaluated) > 1
    for got in (second.readings, first.readings):
        np.testing.assert_allclose(got.interval_low, fresh.readings.interval_low, rtol=1e-11)
        np.testing.assert_allclose(got.interval_high, fresh.readings.interval_high, rtol=1e-11)
    # A new person: other rows, so no start (and no wrong one).
    ws.stakeholder(name="New")
    load(True)
    assert len(evaluated) > 1 and evaluated[0] == 14
