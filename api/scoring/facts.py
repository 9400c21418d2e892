"""Facts about a stakeholder's record log that the rules need besides the decayed sums.

They are what a forward-decay accumulator cannot hold: latest times, the latest ADKAR check,
the open concerns, window-bound peer nominations and commitments whose lateness depends on
"now". A database layer can keep them as columns (or answer them with indexed queries) and
pass them to `forward.read`; `evaluate` derives them from the log itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

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


# --- a plain (JSON-ready) form, for storing facts next to the forward-decay sums ------------------
#
# Times are integer microseconds since the Unix epoch (UTC) and dates are days since
# 1970-01-01, so that a reader of thousands of stored facts parses no date strings. Open
# concerns are [concern_id, raised_at, severity, answered_after] lists.

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_EPOCH_DAY = date(1970, 1, 1).toordinal()


def us_of(value: datetime | None) -> int | None:
    return None if value is None else (value - EPOCH) // _US


def day_of(value: date | None) -> int | None:
    return None if value is None else value.toordinal() - _EPOCH_DAY


def at_us(value: int | None) -> datetime | None:
    return None if value is None else EPOCH + timedelta(microseconds=value)


def on_day(value: int | None) -> date | None:
    return None if value is None else date.fromordinal(value + _EPOCH_DAY)


PLAIN_FORMAT = 2  # the "format" key of a plain document (1: ISO strings, before it existed)


def facts_to_plain(f: StakeholderFacts) -> dict:
    return {
        "format": PLAIN_FORMAT,
        "last_stance_record_at": us_of(f.last_stance_record_at),
        "last_champion_behavior_at": us_of(f.last_champion_behavior_at),
        "last_conversation_at": us_of(f.last_conversation_at),
        "next_contact_on": day_of(f.next_contact_on),
        "next_contact_scheduled": f.next_contact_scheduled,
        "last_concern_or_resistance_at": us_of(f.last_concern_or_resistance_at),
        "open_concerns": [
            [c.concern_id, us_of(c.raised_at), c.severity, us_of(c.answered_after)]
            for c in f.open_concerns
        ],
        "latest_adkar": None if f.latest_adkar is None else list(f.latest_adkar),
        "peer_nominations": [[us_of(at), who] for at, who in f.peer_nominations],
        "open_team_commitment_due_dates": [day_of(d) for d in f.open_team_commitment_due_dates],
    }


def facts_from_plain(data: dict) -> StakeholderFacts:
    if not data:
        return StakeholderFacts()
    return StakeholderFacts(
        last_stance_record_at=at_us(data["last_stance_record_at"]),
        last_champion_behavior_at=at_us(data["last_champion_behavior_at"]),
        last_conversation_at=at_us(data["last_conversation_at"]),
        next_contact_on=on_day(data["next_contact_on"]),
        next_contact_scheduled=data["next_contact_scheduled"],
        last_concern_or_resistance_at=at_us(data["last_concern_or_resistance_at"]),
        open_concerns=tuple(
            OpenConcern(c[0], at_us(c[1]), c[2], at_us(c[3])) for c in data["open_concerns"]
        ),
        latest_adkar=None if data["latest_adkar"] is None else tuple(data["latest_adkar"]),
        peer_nominations=tuple((at_us(at), who) for at, who in data["peer_nominations"]),
        open_team_commitment_due_dates=tuple(
            on_day(d) for d in data["open_team_commitment_due_dates"]
        ),
    )
