"""Weekly readings of a whole workspace in one pass over its records.

Reading every stakeholder "as of" the end of each week from its record log costs a full
evaluation per stakeholder per week: minutes for 10,000 people and a million records. Here
the records are read once (the six queries of `loader.feed_bulk`) and replayed in time order:

- conversations, signals and acknowledgements only ever add to the forward-decayed sums and
  the facts, so they go into one running `Bulk` as their dates pass each week's end;
- concerns and commitments change status over time, so each week gets a copy of the running
  state plus every concern and commitment that existed by then, with its status as of then
  (the concern's history up to that moment; a commitment is open until its status changed);
- each week is then read on arrays at its own moment (`api.scoring.vector.read_many`).

That is what `api.scoring.evaluate(as_of=...)` computes from each log, and
tests/api/test_trends.py holds the two to the same answer.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from api.insights.factsdoc import fact_columns
from api.insights.loader import feed_bulk, raw
from api.scoring import ScoringSettings, StakeholderIn
from api.scoring.bulk import Bulk
from api.scoring.vector import SUM_FIELDS, ReadingColumns, read_many, to_us
from api.stakeholders.models import Stakeholder


class _Recorder:
    """Takes `feed_bulk`'s calls and keeps them, to be replayed in time order."""

    def __init__(self) -> None:
        self.additive: list[tuple[int, str, tuple]] = []
        self.concerns: list[tuple] = []
        self.commitments: list[tuple] = []

    def stakeholder(self, key: Any) -> None:  # every stakeholder is added by the caller
        pass

    def conversation(self, key, id, occurred_at, *rest) -> None:
        self.additive.append((occurred_at, "conversation", (key, id, occurred_at, *rest)))

    def signal(self, key, id, observed_at, *rest) -> None:
        self.additive.append((observed_at, "signal", (key, id, observed_at, *rest)))

    def acknowledgement(self, key, id, acknowledged_at) -> None:
        self.additive.append((acknowledged_at, "acknowledgement", (key, id, acknowledged_at)))

    def concern(self, key, id, raised_at, severity, conversation_id, history) -> None:
        self.concerns.append((key, id, raised_at, severity, conversation_id, tuple(history)))

    def commitment(self, key, id, owner, due_on, status, status_changed_at, created_at) -> None:
        self.commitments.append((key, id, owner, due_on, status, status_changed_at, created_at))


def _snapshot(base: Bulk) -> Bulk:
    """A copy of the running state that a week's concerns, commitments and `finish` may
    change without touching the next week's."""
    snap = copy.copy(base)
    snap.sums = {k: list(v) for k, v in base.sums.items()}
    facts = {}
    for k, f in base.facts.items():
        g = copy.copy(f)
        g.open_concerns = list(f.open_concerns)
        g.nominations = list(f.nominations)
        g.due_days = list(f.due_days)
        facts[k] = g
    snap.facts = facts
    snap._acks = {k: list(v) for k, v in base._acks.items()}
    return snap


def weekly_readings(
    session: Session,
    workspace_id: uuid.UUID,
    settings: ScoringSettings,
    moments: Sequence[datetime],
) -> tuple[list[datetime], list[ReadingColumns]]:
    """Every stakeholder's reading at each of `moments` (ascending); returns the
    stakeholders' creation times (in reading order) and one `ReadingColumns` per moment."""
    S = Stakeholder
    people = session.execute(
        sa.select(raw(S.id), S.id, S.role_type, S.influence_manual, S.created_at).where(
            S.workspace_id == workspace_id
        )
    ).all()
    recorded = _Recorder()
    feed_bulk(recorded, session, workspace_id)  # type: ignore[arg-type]
    recorded.additive.sort(key=lambda item: item[0])
    subjects = [StakeholderIn(str(p[1]), p[2], p[3]) for p in people]
    keys = [p[0] for p in people]
    base = Bulk(settings)
    for key in keys:
        base.stakeholder(key)
    feeders = {
        "conversation": base.conversation,
        "signal": base.signal,
        "acknowledgement": base.acknowledgement,
    }

    out: list[ReadingColumns] = []
    position = 0
    additive = recorded.additive
    for moment in moments:
        cut = to_us(moment)
        while position < len(additive) and additive[position][0] <= cut:
            _, kind, args = additive[position]
            feeders[kind](*args)
            position += 1
        snap = _snapshot(base)
        for key, id, raised, severity, conversation_id, history in recorded.concerns:
            if raised <= cut:
                past = [entry for entry in history if entry[0] <= cut]
                snap.concern(key, id, raised, severity, conversation_id, past)
        for key, id, owner, due, status, changed, created in recorded.commitments:
            if created is not None and created > cut:
                continue
            if status != "open" and changed is not None and changed > cut:
                status = "open"
            snap.commitment(key, id, owner, due, status, changed)
        done = snap.finish()
        sums = np.array([done[k][0] for k in keys], dtype=float).reshape(len(keys), len(SUM_FIELDS))
        documents = [done[k][1] for k in keys]
        out.append(read_many(sums, fact_columns(documents, settings), subjects, moment, settings))
    return [p[4] for p in people], out
