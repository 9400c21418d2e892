"""Forward-decay sums and plain facts of many stakeholders, straight from table rows.

A full recompute of a workspace (a million records) cannot afford a frozen, validated record
object per row, a sorted item list per stakeholder and a new `ForwardSums` per term. `Bulk`
takes each record as plain values, already checked by the API that stored it, and adds its
terms to per-stakeholder lists of floats; `finish` applies the acknowledgement cap and gives
every stakeholder's sums (in `ForwardSums` field order) and facts (in the plain form of
`facts.facts_to_plain`).

The rules are those of `stance.py`, `trust.py` and `facts.py` with the latest statuses;
`tests/unit/test_scoring_bulk.py` proves that `Bulk` gives what `forward.accumulate` and
`facts.facts_from_log` give for any log (sums to 1e-9 relative: only the order of addition
differs).

Times are integer microseconds since the Unix epoch (UTC), dates are days since 1970-01-01,
so that a loader can have the database convert them. Record ids may be any values that order
like the ids' strings (raw UUIDs do); concern ids and nominators are stored in the facts, so
pass those as strings.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from api.scoring.facts import EPOCH, PLAIN_FORMAT
from api.scoring.forward import LANDMARK, MAX_EXPONENT
from api.scoring.inputs import ADKAR_ELEMENTS, STAGES
from api.scoring.settings import ScoringSettings
from api.scoring.stance import readiness_stance

# ForwardSums field order.
E, A, R, OPEN_E, OPEN_R, AUTH_W, AUTH_V, COMP_W, COMP_V, EMP_W, EMP_V = range(11)
_LANDMARK_US = (LANDMARK - EPOCH) // timedelta(microseconds=1)
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_TRUST = {"authenticity": AUTH_W, "competence": COMP_W, "empathy": EMP_W}


def _days(at_us: int) -> float:
    """age_days(LANDMARK, at), exactly as timedelta.total_seconds() / 86400 gives it."""
    return (at_us - _LANDMARK_US) / 1_000_000 / 86_400.0


def _growth(days: float, half_life: float) -> float:
    x = days / half_life
    if abs(x) > MAX_EXPONENT:
        raise ValueError(
            f"a record {days:.0f} days from the landmark is beyond the forward-decay range"
        )
    return math.exp2(x)


class _Facts:
    __slots__ = (
        "adkar",
        "champion_at",
        "concern_or_resistance_at",
        "conversation",
        "due_days",
        "nominations",
        "open_concerns",
        "stance_at",
    )

    def __init__(self) -> None:
        self.stance_at: int | None = None
        self.champion_at: int | None = None
        # (occurred_at, id, next_contact_on, next_contact_scheduled) of the latest conversation
        self.conversation: tuple | None = None
        self.concern_or_resistance_at: int | None = None
        self.open_concerns: list[tuple] = []
        self.adkar: tuple | None = None  # (observed_at, id, values)
        self.nominations: list[tuple[int, str]] = []
        self.due_days: list[int] = []


def _later(a: int | None, b: int) -> int:
    return b if a is None or b > a else a


class Bulk:
    """Feed every record of the stakeholders to recompute, then call `finish`."""

    def __init__(self, settings: ScoringSettings) -> None:
        s = self.settings = settings
        self.sums: dict[Hashable, list[float]] = {}
        self.facts: dict[Hashable, _Facts] = {}
        self._acks: dict[Hashable, list[tuple[int, Any]]] = {}
        self._conversation_times: dict[tuple[Hashable, Any], int] = {}
        self._hs = s.stance_half_life_days
        self._ht = s.trust_half_life_days
        self._signal_stance = {
            "champion_behavior": (s.champion_behavior_weight, None),
            "resistance_behavior": (s.resistance_behavior_weight, None),
            "readiness_check": (s.readiness_weight, s.readiness_multiplier),
            "stage_of_change": (s.stage_weight, s.stage_multiplier),
            "adkar": (s.adkar_weight, s.adkar_multiplier),
        }

    def _of(self, key: Hashable) -> tuple[list[float], _Facts]:
        sums = self.sums.get(key)
        if sums is None:
            sums = self.sums[key] = [0.0] * 11
            self.facts[key] = _Facts()
        return sums, self.facts[key]

    def stakeholder(self, key: Hashable) -> None:
        """Make sure a stakeholder without records gets (zero) sums and empty facts."""
        self._of(key)

    def _stance(self, sums: list[float], days: float, w: float, a: float, r: float) -> None:
        g = w * _growth(days, self._hs)
        sums[E] += g
        sums[A] += g * a
        sums[R] += g * r

    def _trust(self, sums: list[float], days: float, slot: int, w: float, v: float) -> None:
        g = w * _growth(days, self._ht)
        sums[slot] += g
        sums[slot + 1] += g * v

    def conversation(
        self,
        key: Hashable,
        id: Any,
        occurred_at: int,
        tone: float,
        ratings: Mapping[str, float | None] | None,
        next_contact_on: int | None,
        next_contact_scheduled: bool,
    ) -> None:
        s = self.settings
        sums = self.sums.get(key)
        if sums is None:
            sums, facts = self._of(key)
        else:
            facts = self.facts[key]
        days = (occurred_at - _LANDMARK_US) / 1_000_000 / 86_400.0
        x = days / self._hs
        if x > MAX_EXPONENT or x < -MAX_EXPONENT:
            _growth(days, self._hs)  # raises
        g = s.conversation_weight * math.exp2(x)
        sums[E] += g
        sums[A] += g * (s.conversation_champion_multiplier * max(0.0, tone))
        sums[R] += g * (s.conversation_reluctance_multiplier * max(0.0, -tone))
        if ratings:
            for dim, slot in _TRUST.items():
                rating = ratings.get(dim)
                if rating is not None:
                    self._trust(sums, days, slot, s.trust_rating_weight, (rating - 1) / 4)
        if facts.stance_at is None or occurred_at > facts.stance_at:
            facts.stance_at = occurred_at
        latest = facts.conversation
        if latest is None or (occurred_at, id) > (latest[0], latest[1]):
            facts.conversation = (occurred_at, id, next_contact_on, next_contact_scheduled)
        self._conversation_times[key, id] = occurred_at

    def concern(
        self,
        key: Hashable,
        id: str,
        raised_at: int,
        severity: int,
        conversation_id: Any,
        history: Iterable[tuple[int, str]],
    ) -> None:
        """`history`: (changed_at, status) oldest first; the last entry is the status now."""
        s = self.settings
        sums, facts = self._of(key)
        last = None
        for entry in history:
            if last is None or entry[0] >= last[0]:
                last = entry
        status = "open" if last is None else last[1]
        w = s.concern_weight
        r = s.concern_multiplier * (severity / 3) * getattr(s, f"concern_factor_{status}")
        if status == "open":
            sums[OPEN_E] += w
            sums[OPEN_R] += w * r
            facts.open_concerns.append((raised_at, id, severity, conversation_id))
        else:
            self._stance(sums, _days(last[0]), w, 0.0, r)
        self._trust(sums, _days(raised_at), AUTH_W, s.trust_concern_weight, 1.0)
        facts.stance_at = _later(facts.stance_at, raised_at)
        facts.concern_or_resistance_at = _later(facts.concern_or_resistance_at, raised_at)

    def acknowledgement(self, key: Hashable, id: Any, acknowledged_at: int) -> None:
        self._of(key)
        self._acks.setdefault(key, []).append((acknowledged_at, id))

    def signal(
        self,
        key: Hashable,
        id: Any,
        observed_at: int,
        kind: str,
        values: Mapping[str, Any],
        nominated_by: str | None = None,
    ) -> None:
        s = self.settings
        sums, facts = self._of(key)
        if kind == "quick_win":
            self._trust(sums, _days(observed_at), COMP_W, s.trust_quick_win_weight, 1.0)
            return
        if kind == "peer_nomination":
            facts.nominations.append((observed_at, nominated_by))
            return
        if kind == "adkar":
            if facts.adkar is None or (observed_at, id) > (facts.adkar[0], facts.adkar[1]):
                facts.adkar = (observed_at, id, values)
            desire = values.get("desire")
            if desire is None:
                return
            x = (desire - 3) / 2
        elif kind == "readiness_check":
            x = readiness_stance(values["commitment"], values["efficacy"])
        elif kind == "stage_of_change":
            x = STAGES[values["stage"]]
        else:
            k = values["intensity"] / 3
            w = self._signal_stance[kind][0]
            if kind == "champion_behavior":
                self._stance(sums, _days(observed_at), w, k, 0.0)
                facts.champion_at = _later(facts.champion_at, observed_at)
            else:
                self._stance(sums, _days(observed_at), w, 0.0, k)
                facts.concern_or_resistance_at = _later(facts.concern_or_resistance_at, observed_at)
            facts.stance_at = _later(facts.stance_at, observed_at)
            return
        w, mult = self._signal_stance[kind]
        self._stance(sums, _days(observed_at), w, mult * max(0.0, x), mult * max(0.0, -x))
        facts.stance_at = _later(facts.stance_at, observed_at)

    def commitment(
        self,
        key: Hashable,
        id: Any,
        owner: str,
        due_on: int | None,
        status: str,
        status_changed_at: int | None,
        created_at: int | None = None,
    ) -> None:
        """`status_changed_at`: when a kept or broken status was set (for a commitment
        created already kept or broken, its creation time). `created_at` is for callers
        that replay history (`api.insights.trends`); the sums do not depend on it."""
        s = self.settings
        sums, facts = self._of(key)
        if owner != "team":
            return
        if status in ("kept", "broken"):
            value = 1.0 if status == "kept" else 0.0
            self._trust(sums, _days(status_changed_at), COMP_W, s.trust_commitment_weight, value)
        elif status == "open" and due_on is not None:
            facts.due_days.append(due_on)

    def finish(self) -> dict[Hashable, tuple[list[float], dict]]:
        """key -> (sums in ForwardSums order, facts in plain form)."""
        s = self.settings
        cap = s.acknowledgement_monthly_cap
        for key, acks in self._acks.items():
            sums = self.sums[key]
            per_month: dict[tuple[int, int], int] = {}
            for at, _ in sorted(acks):
                day = date.fromordinal(at // 86_400_000_000 + _EPOCH_DAY)
                month = (day.year, day.month)
                if per_month.get(month, 0) < cap:
                    per_month[month] = per_month.get(month, 0) + 1
                    self._trust(sums, _days(at), EMP_W, s.trust_acknowledgement_weight, 1.0)
        times = self._conversation_times
        out = {}
        for key, sums in self.sums.items():
            f = self.facts[key]
            latest = f.conversation
            open_concerns = []
            for raised, concern_id, severity, conversation_id in sorted(
                f.open_concerns, key=lambda c: (c[0], c[1])
            ):
                answered = times.get((key, conversation_id), raised)
                open_concerns.append([concern_id, raised, severity, answered])
            adkar = f.adkar
            out[key] = (
                sums,
                {
                    "format": PLAIN_FORMAT,
                    "last_stance_record_at": f.stance_at,
                    "last_champion_behavior_at": f.champion_at,
                    "last_conversation_at": latest[0] if latest else None,
                    "next_contact_on": latest[2] if latest else None,
                    "next_contact_scheduled": latest[3] if latest else False,
                    "last_concern_or_resistance_at": f.concern_or_resistance_at,
                    "open_concerns": open_concerns,
                    "latest_adkar": (
                        [adkar[2].get(e) for e in ADKAR_ELEMENTS] if adkar is not None else None
                    ),
                    "peer_nominations": [list(n) for n in sorted(f.nominations)],
                    "open_team_commitment_due_dates": sorted(f.due_days),
                },
            )
        return out
