"""A deterministic large workspace for benchmarks: N stakeholders, M records, seeded.

Rows go in with bulk inserts (no per-record events: this is benchmark data, not history),
then the stored readings are rebuilt once from the log, as `rapport recompute` would.
"""

import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from api.auth.service import create_user
from api.insights.readings import rebuild
from api.kit.ids import uuid7
from api.kit.time import utcnow
from api.records.models import (
    Acknowledgement,
    Commitment,
    Concern,
    ConcernStatusChange,
    Conversation,
    Signal,
)
from api.stakeholders.models import Stakeholder, Team
from api.workspaces.models import Membership, Role, Workspace

ROLES = [
    "high_level_leader",
    "mid_level_leader",
    "opinion_leader",
    "innovation_deliverer",
    "innovation_deliverer",
    "innovation_deliverer",
    "innovation_recipient",
    "other",
]
KINDS = [
    ("champion_behavior", 3),
    ("resistance_behavior", 2),
    ("readiness_check", 1),
    ("stage_of_change", 1),
    ("adkar", 1),
    ("quick_win", 1),
]
STAGES = ["precontemplation", "contemplation", "preparation", "action", "maintenance"]
BATCH = 5000


def _insert(session: Session, model, rows: list[dict]) -> None:
    table = model.__table__
    for i in range(0, len(rows), BATCH):
        session.execute(sa.insert(table), rows[i : i + BATCH])


def generate(
    session: Session,
    stakeholders: int,
    records: int,
    seed: int,
    owner_email: str,
    password: str,
    progress: Callable[[str, int, int], None] | None = None,
) -> Workspace:
    rng = random.Random(seed)
    now = utcnow()
    say = progress or (lambda *_: None)
    user = create_user(session, owner_email, password, "Benchmark owner")
    ws = Workspace(name=f"Generated {stakeholders} x {records} (seed {seed})")
    session.add(ws)
    session.flush()
    session.add(Membership(workspace_id=ws.id, user_id=user.id, role=Role.owner))
    teams = [
        {
            "id": uuid7(),
            "workspace_id": ws.id,
            "name": f"Team {i + 1}",
            "description": "",
            "created_at": now,
            "updated_at": now,
        }
        for i in range(max(1, stakeholders // 200))
    ]
    _insert(session, Team, teams)
    people = []
    for i in range(stakeholders):
        people.append(
            {
                "id": uuid7(),
                "workspace_id": ws.id,
                "name": f"Person {i + 1:05d}",
                "title": "",
                "team_id": rng.choice(teams)["id"],
                "role_type": rng.choice(ROLES),
                "discipline": "",
                "email": None,
                "tags": [],
                "influence_manual": None,
                "archived": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    _insert(session, Stakeholder, people)
    say("stakeholders", stakeholders, stakeholders)
    ids = [p["id"] for p in people]
    lean = {sid: rng.uniform(-1, 1) for sid in ids}  # each person leans one way
    rows: dict[type, list[dict]] = {
        m: []
        for m in (Conversation, Concern, ConcernStatusChange, Acknowledgement, Signal, Commitment)
    }

    def when() -> datetime:
        return now - timedelta(days=rng.uniform(0.01, 270))

    kinds = [k for k, w in KINDS for _ in range(w)]
    for n in range(records):
        sid = rng.choice(ids)
        lv = lean[sid]
        base = {
            "id": uuid7(),
            "workspace_id": ws.id,
            "stakeholder_id": sid,
            "created_at": now,
            "updated_at": now,
        }
        roll = rng.random()
        if roll < 0.3:
            rows[Conversation].append(
                {
                    **base,
                    "occurred_at": when(),
                    "held_by": user.id,
                    "mode": "in_person",
                    "duration_minutes": 20,
                    "summary": "",
                    "private": False,
                    "tone": max(-2, min(2, round(lv * 2 + rng.gauss(0, 0.7)))),
                    "ratings": {"competence": rng.randint(2, 5)},
                    "topics": [],
                    "next_contact_on": None,
                    "next_contact_scheduled": False,
                }
            )
        elif roll < 0.45:
            raised = when()
            status = rng.choice(["open", "open", "being_addressed", "resolved", "dismissed"])
            changed = raised if status == "open" else raised + (now - raised) * rng.random()
            rows[Concern].append(
                {
                    **base,
                    "conversation_id": None,
                    "raised_at": raised,
                    "text": "Concern",
                    "severity": rng.randint(1, 3),
                    "cfir_domain": "inner_setting",
                    "cfir_construct": "available_resources",
                    "status": status,
                    "status_changed_at": changed,
                    "resolution_note": "",
                    "loop_closed_on": None,
                }
            )
            rows[ConcernStatusChange].append(
                {
                    "id": uuid7(),
                    "workspace_id": ws.id,
                    "concern_id": base["id"],
                    "from_status": None,
                    "to_status": "open",
                    "changed_at": raised,
                    "changed_by": None,
                    "changed_by_token": None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if status != "open":
                rows[ConcernStatusChange].append(
                    {
                        "id": uuid7(),
                        "workspace_id": ws.id,
                        "concern_id": base["id"],
                        "from_status": "open",
                        "to_status": status,
                        "changed_at": changed,
                        "changed_by": None,
                        "changed_by_token": None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        elif roll < 0.55:
            rows[Acknowledgement].append(
                {
                    **base,
                    "acknowledged_at": when(),
                    "area": "QI: run charts",
                    "setting": "team_meeting",
                    "acknowledged_by": user.id,
                    "note": "",
                }
            )
        elif roll < 0.6:
            rows[Commitment].append(
                {
                    **base,
                    "conversation_id": None,
                    "description": "Follow up",
                    "owner": rng.choice(["team", "stakeholder"]),
                    "due_on": (now - timedelta(days=rng.randint(-20, 200))).date(),
                    "status": "open",
                    "status_changed_at": None,
                }
            )
        else:
            kind = rng.choice(kinds)
            if kind == "champion_behavior" and lv < -0.3:
                kind = "resistance_behavior"
            values = {
                "champion_behavior": lambda: {"facet": "ownership", "intensity": rng.randint(1, 3)},
                "resistance_behavior": lambda: {
                    "facet": "emotional",
                    "intensity": rng.randint(1, 3),
                },
                "readiness_check": lambda lv=lv: {
                    "commitment": max(1, min(5, round(3 + 2 * lv))),
                    "efficacy": rng.randint(2, 5),
                },
                "stage_of_change": lambda lv=lv: {
                    "stage": STAGES[max(0, min(4, round(2 + 2 * lv)))]
                },
                "adkar": lambda: {
                    "awareness": rng.randint(1, 5),
                    "desire": rng.randint(1, 5),
                    "knowledge": None,
                    "ability": None,
                    "reinforcement": None,
                },
                "quick_win": dict,
            }[kind]()
            rows[Signal].append(
                {
                    **base,
                    "observed_at": when(),
                    "kind": kind,
                    "source": "observed",
                    "note": "",
                    "values": values,
                    "nominated_by_id": None,
                }
            )
        if (n + 1) % 100_000 == 0:
            say("records", n + 1, records)
    for model in (Conversation, Concern, ConcernStatusChange, Acknowledgement, Signal, Commitment):
        _insert(session, model, rows[model])
    say("records", records, records)
    session.flush()
    rebuild(
        session,
        ws.id,
        None,
        None,
        lambda d, t: say("readings", d, t) if d % 1000 == 0 or d == t else None,
    )
    return ws


__all__ = ["generate", "uuid"]
