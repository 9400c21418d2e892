"""Weekly trends in one pass over the records (api/insights/trends.py) give exactly what
evaluating every stakeholder's log as of each week's end gives."""

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from api.auth.deps import Access, Principal
from api.auth.models import User
from api.insights import service
from api.workspaces.models import Role


def _iso(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat().replace("+00:00", "Z")


def _history(ws, rng: random.Random) -> list[str]:
    people = [ws.stakeholder(name=f"P{i}")["id"] for i in range(6)]
    for _ in range(90):
        sid = rng.choice(people)
        kind = rng.choice(["conversation", "concern", "signal", "commitment", "ack"])
        if kind == "conversation":
            ws.conversation(
                sid,
                occurred_at=_iso(rng.uniform(0.01, 150)),
                tone=rng.randint(-2, 2),
                ratings={"competence": rng.choice([None, 1, 5]), "empathy": rng.choice([2, 4])},
            )
        elif kind == "concern":
            c = ws.concern(sid, severity=rng.randint(1, 3), raised_at=_iso(rng.uniform(1, 150)))
            if rng.random() < 0.5:
                status = rng.choice(["being_addressed", "resolved", "dismissed"])
                r = ws.client.patch(ws.url(f"/concerns/{c['id']}"), json={"status": status})
                assert r.status_code == 200, r.text
        elif kind == "commitment":
            due = (datetime.now(UTC) - timedelta(days=rng.randint(-10, 90))).date().isoformat()
            m = ws.commitment(sid, owner=rng.choice(["team", "stakeholder"]), due_on=due)
            if rng.random() < 0.4:
                status = rng.choice(["kept", "broken"])
                r = ws.client.patch(ws.url(f"/commitments/{m['id']}"), json={"status": status})
                assert r.status_code == 200, r.text
        elif kind == "ack":
            ws.acknowledgement(sid, acknowledged_at=_iso(rng.uniform(0.01, 120)))
        else:
            kinds = ["champion_behavior", "resistance_behavior", "readiness_check", "adkar"]
            choice = rng.choice([*kinds, "quick_win"])
            extra = {
                "champion_behavior": {"facet": "ownership", "intensity": rng.randint(1, 3)},
                "resistance_behavior": {"facet": "emotional", "intensity": rng.randint(1, 3)},
                "readiness_check": {"commitment": rng.randint(1, 5), "efficacy": rng.randint(1, 5)},
                "adkar": {"awareness": rng.randint(1, 5), "desire": rng.randint(1, 5)},
                "quick_win": {},
            }[choice]
            body = {"stakeholder_id": sid, "observed_at": _iso(rng.uniform(0.01, 150))}
            ws.create("/signals", {**body, "kind": choice, **extra})
    return people


def test_one_pass_trends_equal_the_log_by_log_answer(ws, db):
    _history(ws, random.Random(7))
    end = datetime.now(UTC).date()
    start = end - timedelta(weeks=22)
    with Session(db) as s:
        user = s.exec(select(User)).first()
        for role in (Role.lead, Role.viewer):
            access = Access(uuid.UUID(ws.id), Principal(user=user), role, role != Role.viewer)
            fast = service.trends(s, access, start, end)
            reference = service.trends_from_logs(s, access, start, end)
            assert [w["week_start"] for w in fast] == [w["week_start"] for w in reference]
            assert [w["counts"] for w in fast] == [w["counts"] for w in reference]
            assert [w["mean_trust"] for w in fast] == [w["mean_trust"] for w in reference]
            # The history really moves: several different weeks.
            assert len({tuple(sorted(w["counts"].items())) for w in fast}) >= 3


def test_trends_over_the_api(ws):
    sid = ws.stakeholder()["id"]
    for days in (3, 10, 20):
        ws.signal(sid, observed_at=_iso(days), facet="ownership", intensity=3)
    start = (datetime.now(UTC) - timedelta(weeks=6)).date().isoformat()
    weeks = ws.client.get(ws.url("/insights/trends"), params={"from": start}).json()
    assert len(weeks["weeks"]) == 7
    category = ws.client.get(ws.url("/scores")).json()["items"][0]["category"]
    assert weeks["weeks"][-1]["counts"] == {category: 1}
    # Six weeks ago none of the signals had happened and the person did not exist yet.
    assert weeks["weeks"][0]["counts"] == {}
