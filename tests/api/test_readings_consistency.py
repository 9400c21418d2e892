"""Stored readings stay exact under random writes, and the demo tells the story it promises."""

import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from api.insights.readings import reconcile, stored_readings
from api.kit.time import utcnow
from api.workspaces.models import Workspace


def _iso(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat().replace("+00:00", "Z")


def test_random_writes_leave_zero_drift(ws, db):
    rng = random.Random(20261126)
    people = [ws.stakeholder(name=f"P{i}")["id"] for i in range(4)]
    made: dict[str, list[str]] = {
        k: [] for k in ("conversations", "concerns", "signals", "commitments", "acknowledgements")
    }
    statuses = {
        "concerns": ["open", "being_addressed", "resolved", "dismissed"],
        "commitments": ["open", "kept", "broken", "cancelled"],
    }

    def body(kind: str) -> dict:
        sid = rng.choice(people)
        if kind == "conversations":
            return {
                "stakeholder_id": sid,
                "occurred_at": _iso(rng.uniform(0.01, 200)),
                "tone": rng.randint(-2, 2),
                "ratings": {"competence": rng.choice([None, 1, 3, 5])},
            }
        if kind == "concerns":
            return {
                "stakeholder_id": sid,
                "text": "Worry",
                "severity": rng.randint(1, 3),
                "raised_at": _iso(rng.uniform(1, 200)),
            }
        if kind == "commitments":
            return {
                "stakeholder_id": sid,
                "description": "Do it",
                "owner": rng.choice(["team", "stakeholder"]),
                "due_on": (datetime.now(UTC) - timedelta(days=rng.randint(-10, 60)))
                .date()
                .isoformat(),
            }
        if kind == "acknowledgements":
            return {
                "stakeholder_id": sid,
                "acknowledged_at": _iso(rng.uniform(0.01, 100)),
                "area": "QI: run charts",
            }
        choice = rng.choice(
            ["champion_behavior", "resistance_behavior", "stage_of_change", "adkar", "quick_win"]
        )
        extra = {
            "champion_behavior": {"facet": "ownership", "intensity": rng.randint(1, 3)},
            "resistance_behavior": {"facet": "emotional", "intensity": rng.randint(1, 3)},
            "stage_of_change": {"stage": rng.choice(["precontemplation", "action", "maintenance"])},
            "adkar": {"awareness": rng.randint(1, 5), "desire": rng.randint(1, 5)},
            "quick_win": {},
        }[choice]
        return {
            "stakeholder_id": sid,
            "observed_at": _iso(rng.uniform(0.01, 200)),
            "kind": choice,
            **extra,
        }

    ops = Counter()
    for _ in range(240):
        kind = rng.choice(list(made))
        action = (
            rng.choices(["create", "edit", "delete"], weights=[5, 3, 1])[0]
            if made[kind]
            else "create"
        )
        if action == "create":
            r = ws.client.post(ws.url(f"/{kind}"), json=body(kind))
            assert r.status_code == 201, r.text
            made[kind].append(r.json()["id"])
        elif action == "edit":
            rid = rng.choice(made[kind])
            change = {"stakeholder_id": rng.choice(people)}
            if kind in statuses:
                change["status"] = rng.choice(statuses[kind])
            r = ws.client.patch(ws.url(f"/{kind}/{rid}"), json=change)
            assert r.status_code == 200, r.text
        else:
            rid = made[kind].pop(rng.randrange(len(made[kind])))
            assert ws.client.delete(ws.url(f"/{kind}/{rid}")).status_code == 204
        ops[action] += 1
    assert ops["create"] > 100 and ops["edit"] > 50 and ops["delete"] > 10
    with Session(db) as s:
        assert reconcile(s, uuid.UUID(ws.id)) == []


def test_demo_shows_every_category_rule_wobble_and_gap(app, db):
    from api.auth.deps import Access, Principal
    from api.demo.story import FOCUS_NOTE, create_demo
    from api.insights import service
    from api.insights.models import FocusChallenge
    from api.workspaces.models import Role

    with Session(db, expire_on_commit=False) as s:
        ws, _ = create_demo(s, "demo@example.org", "demo-password")
        s.commit()
    with Session(db) as s:
        assert s.exec(select(Workspace)).one().name == "Sepsis bundle rollout (demo)"
        pairs = stored_readings(s, ws.id)
        assert len(pairs) == 60
        assert {r.category for _, r in pairs} == {
            "unknown",
            "ambivalent",
            "champion",
            "reluctant",
            "supporter",
            "hesitant",
            "neutral",
        }
        assert {x.code for _, r in pairs for x in r.reasons} == {"R1", "R2", "R3", "R4", "R5"}
        assert {x.code for _, r in pairs for x in r.suggestions} == {"R4"}
        assert any(r.trust.wobble for _, r in pairs)
        teams = service.team_insights(s, Access(ws.id, Principal(), Role.owner, True))
        assert [t["name"] for t in teams if t["champion_gap"]] == ["Ward 4B (Acute Medicine)"]
        # Two planned follow-ups have passed with nothing logged: one booked, one intended.
        today = utcnow().date()
        lapsed = service.lapsed_plans(s, ws.id, today)
        assert [((today - p["planned_on"]).days, p["booked"]) for p in lapsed] == [
            (7, False),
            (4, True),
        ]
        # Concerns at every stage, as the README says: one resolved and not yet told.
        from api.records.models import Concern

        concerns = s.exec(select(Concern)).all()
        assert {c.status for c in concerns} == {"open", "being_addressed", "resolved", "dismissed"}
        resolved = [c for c in concerns if c.status == "resolved"]
        assert [c.loop_closed_on for c in resolved].count(None) == 1
        assert len({c.resolution_note for c in resolved}) > 3
        assert all(c.loop_closed_on for c in concerns if c.status == "dismissed")
        # One challenge picked, with its note: the open construct most concerns name.
        focus = s.get(FocusChallenge, ws.id)
        named = Counter(
            (c.cfir_domain, c.cfir_construct)
            for c in concerns
            if c.status == "open" and c.cfir_construct
        )
        assert named[(focus.cfir_domain, focus.cfir_construct)] == max(named.values())
        assert focus.note == FOCUS_NOTE
        assert reconcile(s, ws.id) == []


def test_saved_settings_store_readings_under_the_new_half_lives(ws, db):
    people = [ws.stakeholder()["id"] for _ in range(3)]
    for i, sid in enumerate(people):
        ws.signal(sid, observed_at=_iso(10 + i), intensity=3)
        ws.conversation(sid, occurred_at=_iso(40 + i), tone=-1)
    before = {i["stakeholder_id"]: i for i in ws.client.get(ws.url("/scores")).json()["items"]}
    values = {"stance_half_life_days": 7.0, "trust_half_life_days": 20.0}
    preview = ws.client.put(ws.url("/scoring-settings?preview=true"), json={"values": values})
    assert preview.status_code == 200, preview.text
    saved = ws.client.put(ws.url("/scoring-settings"), json={"values": values}).json()
    assert (saved["version"], saved["stakeholders"]) == (1, 3)
    assert saved["category_changes"] == preview.json()["category_changes"]
    with Session(db) as s:
        assert reconcile(s, uuid.UUID(ws.id)) == []
    after = {i["stakeholder_id"]: i for i in ws.client.get(ws.url("/scores")).json()["items"]}
    # Shorter half-lives: the older conversation weighs less against the newer signal.
    for sid in people:
        assert after[sid]["champion_score"] != before[sid]["champion_score"]
        explained = ws.client.get(ws.url(f"/stakeholders/{sid}/score")).json()
        # The same reading, a moment later (decay moves the fourth decimal at most).
        assert abs(explained["champion_score"] - after[sid]["champion_score"]) < 1e-3


def test_rapport_recompute_repairs_readings_and_moves_the_log(tmp_path):
    """`rapport recompute` rebuilds readings that went wrong outside the API and appends
    `readings.recomputed`, so the map a server already answered is computed again."""
    import os

    import sqlalchemy as sa

    from api.db import make_engine
    from api.insights import scorecache, scoremap
    from api.main import create_app
    from api.migrations import upgrade
    from api.settings import Settings
    from tests.factories import make_workspace, run_rapport

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    engine = make_engine(url)
    app = create_app(Settings(environment="test", database_url=url), engine=engine)
    ws = make_workspace(app, engine)
    sid = ws.stakeholder(name="Dr. Amara Okafor")["id"]
    for days in (3, 10, 20):
        ws.conversation(sid, occurred_at=_iso(days), tone=2)

    def champion() -> float:
        r = ws.client.get(ws.url("/scores"))
        assert r.status_code == 200, r.text
        return r.json()["items"][0]["champion_score"]

    right = champion()
    # Readings changed behind the API's back (a restored backup, a manual fix): no event,
    # so a server keeps answering what it read before...
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE stakeholder_reading SET champion = 0, evidence = 0, updated_at = :t"),
            {"t": "2026-01-01 00:00:00.000000"},
        )
    assert champion() == right
    # ...and one started now reads the wrong rows, and keeps them.
    scorecache.clear()
    scoremap.forget_rows()
    wrong = champion()
    assert wrong != right
    ws.team(name="ICU")  # events that do not touch readings leave the kept rows as they are
    assert champion() == wrong

    env = {**os.environ, "RAPPORT_DATABASE_URL": url}
    done = run_rapport("recompute", "--workspace", ws.id, env=env)
    assert done.returncode == 0, done.stderr
    assert "Sepsis bundle rollout: recomputed; 0 category change(s)." in done.stdout
    assert champion() == right
    events = ws.client.get(ws.url("/events"), params={"type": "readings.recomputed"}).json()
    assert [e["payload"]["category_changes"] for e in events["items"]] == [0]
    engine.dispose()
