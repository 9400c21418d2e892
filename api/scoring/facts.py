"""Facts about a stakeholder's record log that the rules need besides the decayed sums.

They are what a forward-decay accumulator cannot hold: latest times, the latest ADKAR check,
the open concerns, window-bound peer nominations and commitments whose lateness depends on
"now". A database layer can keep them as columns (or answer them with indexed queries) and
pass them to `forward.read`; `evaluate` derives them from the log itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from api.scoring.inputs import ADKAR_ELEMENTS, RecordLog
from api.scoring.stance import has_stance


@dataclass(frozen=True)
class OpenConcern:
    concern_id: str
    raised_at: datetime
    severity: int
    # A one-on-one later than this answers the concern: the conversation it was raised in,
    # or the moment it was raised when it came from elsewhere.
    answered_after: datetime


@dataclass(frozen=True)
class StakeholderFacts:
    last_stance_record_at: datetime | None = None
    last_champion_behavior_at: datetime | None = None
    last_conversation_at: datetime | None = None
    next_contact_on: date | None = None
    next_contact_scheduled: bool = False
    last_concern_or_resistance_at: datetime | None = None
    open_concerns: tuple[OpenConcern, ...] = ()
    # The latest ADKAR check, one value (or None) per element in ADKAR order.
    latest_adkar: tuple[float | None, ...] | None = None
    # (observed_at, nominated_by_id) of every peer nomination received.
    peer_nominations: tuple[tuple[datetime, str], ...] = ()
    open_team_commitment_due_dates: tuple[date, ...] = ()


def _latest(times: list[datetime]) -> datetime | None:
    return max(times, default=None)


def facts_from_log(log: RecordLog, at: datetime | None = None) -> StakeholderFacts:
    """Facts of `log` with statuses as they stood at `at` (None: the latest statuses).

    `log` must already be limited to records dated at or before `at`.
    """
    conversations = sorted(log.conversations, key=lambda c: (c.occurred_at, c.id))
    latest = conversations[-1] if conversations else None
    conversation_times = {c.id: c.occurred_at for c in conversations}
    stance_signals = [s for s in log.signals if has_stance(s)]
    adkar = max(
        (s for s in log.signals if s.kind == "adkar"),
        key=lambda s: (s.observed_at, s.id),
        default=None,
    )
    open_concerns = tuple(
        OpenConcern(
            c.id,
            c.raised_at,
            c.severity,
            conversation_times.get(c.conversation_id or "", c.raised_at),
        )
        for c in sorted(log.concerns, key=lambda c: (c.raised_at, c.id))
        if c.status_at(at) == "open"
    )
    return StakeholderFacts(
        last_stance_record_at=_latest(
            [c.occurred_at for c in log.conversations]
            + [c.raised_at for c in log.concerns]
            + [s.observed_at for s in stance_signals]
        ),
        last_champion_behavior_at=_latest(
            [s.observed_at for s in log.signals if s.kind == "champion_behavior"]
        ),
        last_conversation_at=latest.occurred_at if latest else None,
        next_contact_on=latest.next_contact_on if latest else None,
        next_contact_scheduled=latest.next_contact_scheduled if latest else False,
        last_concern_or_resistance_at=_latest(
            [c.raised_at for c in log.concerns]
            + [s.observed_at for s in log.signals if s.kind == "resistance_behavior"]
        ),
        open_concerns=open_concerns,
        latest_adkar=tuple(adkar.values[e] for e in ADKAR_ELEMENTS) if adkar else None,
        peer_nominations=tuple(
            sorted(
                (s.observed_at, s.values["nominated_by_id"])
                for s in log.signals
                if s.kind == "peer_nomination"
            )
        ),
        open_team_commitment_due_dates=tuple(
            sorted(
                c.due_on
                for c in log.commitments
                if c.owner == "team" and c.due_on is not None and c.status_at(at) == "open"
            )
        ),
    )
