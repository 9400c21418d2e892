"""The records the scoring model reads, as plain frozen values.

The database layer maps its rows onto these. Every time is normalised to UTC on construction
because calendar rules (the monthly acknowledgement cap, "scheduled within 7 days") are defined
on UTC dates, and a naive datetime is refused rather than guessed at.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

ROLE_TYPES = frozenset(
    {
        "high_level_leader",
        "mid_level_leader",
        "opinion_leader",
        "implementation_facilitator",
        "implementation_lead",
        "implementation_team_member",
        "innovation_deliverer",
        "innovation_recipient",
        "other",
    }
)
CONCERN_STATUSES = ("open", "being_addressed", "resolved", "dismissed")
COMMITMENT_OWNERS = ("team", "stakeholder")
COMMITMENT_STATUSES = ("open", "kept", "broken", "cancelled")
CHAMPION_FACETS = frozenset(
    {"enthusiasm", "persistence", "involving_others", "ownership", "presence", "persuasiveness"}
)
RESISTANCE_FACETS = frozenset({"cognitive", "emotional", "behavioral"})
STAGES: Mapping[str, float] = MappingProxyType(
    {
        "precontemplation": -1.0,
        "contemplation": -0.5,
        "preparation": 0.0,
        "action": 0.5,
        "maintenance": 1.0,
    }
)
ADKAR_ELEMENTS = ("awareness", "desire", "knowledge", "ability", "reinforcement")
SIGNAL_KINDS = (
    "champion_behavior",
    "resistance_behavior",
    "readiness_check",
    "stage_of_change",
    "adkar",
    "peer_nomination",
    "quick_win",
)
MANUAL_INFLUENCE_RANGE = (1.0, 2.0)


def _utc(obj: object, name: str) -> None:
    value = getattr(obj, name)
    object.__setattr__(obj, name, aware_utc(value, name))


def aware_utc(value: object, name: str) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{name}: must be a timezone-aware datetime")
    return value.astimezone(UTC)


def _number(value: object, name: str, low: float, high: float, *, whole: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}: must be a number")
    if whole and value != int(value):
        raise ValueError(f"{name}: must be a whole number")
    if not low <= value <= high:
        raise ValueError(f"{name}: must be between {low:g} and {high:g}")


def _one_of(value: object, name: str, allowed: Any) -> None:
    if value not in allowed:
        raise ValueError(f"{name}: must be one of {', '.join(sorted(allowed))}")


@dataclass(frozen=True)
class StakeholderIn:
    id: str
    role_type: str = "other"
    influence_manual: float | None = None

    def __post_init__(self) -> None:
        _one_of(self.role_type, "role_type", ROLE_TYPES)
        if self.influence_manual is not None:
            _number(self.influence_manual, "influence_manual", *MANUAL_INFLUENCE_RANGE)


@dataclass(frozen=True)
class ConversationIn:
    id: str
    occurred_at: datetime
    tone: float
    authenticity: float | None = None
    competence: float | None = None
    empathy: float | None = None
    next_contact_on: date | None = None
    next_contact_scheduled: bool = False

    def __post_init__(self) -> None:
        _utc(self, "occurred_at")
        _number(self.tone, "tone", -2, 2)
        for name in ("authenticity", "competence", "empathy"):
            if getattr(self, name) is not None:
                _number(getattr(self, name), name, 1, 5)


@dataclass(frozen=True)
class ConcernIn:
    """A concern and its status history, oldest change first.

    The status at a moment T is the last history entry dated at or before T; a concern raised
    by T with no such entry is open.
    """

    id: str
    raised_at: datetime
    severity: int
    conversation_id: str | None = None
    history: tuple[tuple[datetime, str], ...] = ()

    def __post_init__(self) -> None:
        _utc(self, "raised_at")
        _number(self.severity, "severity", 1, 3, whole=True)
        entries = []
        for changed_at, status in self.history:
            _one_of(status, "history.status", CONCERN_STATUSES)
            entries.append((aware_utc(changed_at, "history.changed_at"), status))
        # Stable sort: two changes at the same instant keep their given order, the later wins.
        object.__setattr__(self, "history", tuple(sorted(entries, key=lambda e: e[0])))

    def _last_change(self, at: datetime | None) -> tuple[datetime, str] | None:
        found = None
        for entry in self.history:
            if at is not None and entry[0] > at:
                break
            found = entry
        return found

    def status_at(self, at: datetime | None = None) -> str | None:
        """Status at `at` (None means the latest), or None when not yet raised by then."""
        if at is not None and self.raised_at > at:
            return None
        change = self._last_change(at)
        return "open" if change is None else change[1]

    def status_changed_at(self, at: datetime | None = None) -> datetime | None:
        """When the status in force at `at` was set; None while no change has happened."""
        change = self._last_change(at)
        return None if change is None else change[0]


@dataclass(frozen=True)
class AcknowledgementIn:
    id: str
    acknowledged_at: datetime

    def __post_init__(self) -> None:
        _utc(self, "acknowledged_at")


_SIGNAL_FIELDS: Mapping[str, tuple[str, ...]] = {
    "champion_behavior": ("facet", "intensity"),
    "resistance_behavior": ("facet", "intensity"),
    "readiness_check": ("commitment", "efficacy"),
    "stage_of_change": ("stage",),
    "adkar": ADKAR_ELEMENTS,
    "peer_nomination": ("nominated_by_id",),
    "quick_win": (),
}


@dataclass(frozen=True)
class SignalIn:
    """One signal; `values` holds the fields of its kind, exactly as the API stores them."""

    id: str
    observed_at: datetime
    kind: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _utc(self, "observed_at")
        _one_of(self.kind, "kind", SIGNAL_KINDS)
        allowed = _SIGNAL_FIELDS[self.kind]
        values = dict(self.values)
        for key in values:
            if key not in allowed:
                raise ValueError(f"{key}: not a field of a {self.kind} signal")
        if self.kind == "adkar":
            values = {name: values.get(name) for name in ADKAR_ELEMENTS}
            present = [name for name, v in values.items() if v is not None]
            if not present:
                raise ValueError("adkar: at least one element must be given")
            for name in present:
                _number(values[name], name, 1, 5)
        else:
            for key in allowed:
                if values.get(key) is None:
                    raise ValueError(f"{key}: required for a {self.kind} signal")
        if self.kind in ("champion_behavior", "resistance_behavior"):
            facets = CHAMPION_FACETS if self.kind == "champion_behavior" else RESISTANCE_FACETS
            _one_of(values["facet"], "facet", facets)
            _number(values["intensity"], "intensity", 1, 3, whole=True)
        elif self.kind == "readiness_check":
            _number(values["commitment"], "commitment", 1, 5)
            _number(values["efficacy"], "efficacy", 1, 5)
        elif self.kind == "stage_of_change":
            _one_of(values["stage"], "stage", STAGES)
        elif self.kind == "peer_nomination" and not isinstance(values["nominated_by_id"], str):
            raise ValueError("nominated_by_id: must be a stakeholder id")
        object.__setattr__(self, "values", MappingProxyType(values))

    # Shorthands so callers (and tests) need not spell out the values mapping.
    @classmethod
    def champion_behavior(
        cls, id: str, observed_at: datetime, intensity: int, facet: str = "enthusiasm"
    ) -> SignalIn:
        return cls(id, observed_at, "champion_behavior", {"facet": facet, "intensity": intensity})

    @classmethod
    def resistance_behavior(
        cls, id: str, observed_at: datetime, intensity: int, facet: str = "cognitive"
    ) -> SignalIn:
        return cls(id, observed_at, "resistance_behavior", {"facet": facet, "intensity": intensity})

    @classmethod
    def readiness_check(
        cls, id: str, observed_at: datetime, commitment: float, efficacy: float
    ) -> SignalIn:
        values = {"commitment": commitment, "efficacy": efficacy}
        return cls(id, observed_at, "readiness_check", values)

    @classmethod
    def stage_of_change(cls, id: str, observed_at: datetime, stage: str) -> SignalIn:
        return cls(id, observed_at, "stage_of_change", {"stage": stage})

    @classmethod
    def adkar(cls, id: str, observed_at: datetime, **elements: float | None) -> SignalIn:
        return cls(id, observed_at, "adkar", elements)

    @classmethod
    def peer_nomination(cls, id: str, observed_at: datetime, nominated_by_id: str) -> SignalIn:
        return cls(id, observed_at, "peer_nomination", {"nominated_by_id": nominated_by_id})

    @classmethod
    def quick_win(cls, id: str, observed_at: datetime) -> SignalIn:
        return cls(id, observed_at, "quick_win", {})


@dataclass(frozen=True)
class CommitmentIn:
    """A follow-up promise. Only team-owned ones feed trust.

    Only the current status is stored, so the status at an earlier moment T is taken to be
    `open` when the status changed after T. A `cancelled` commitment may lack
    `status_changed_at`; it then counts as cancelled from its creation.
    """

    id: str
    owner: str
    due_on: date | None
    status: str
    status_changed_at: datetime | None
    created_at: datetime

    def __post_init__(self) -> None:
        _one_of(self.owner, "owner", COMMITMENT_OWNERS)
        _one_of(self.status, "status", COMMITMENT_STATUSES)
        _utc(self, "created_at")
        if self.status_changed_at is not None:
            _utc(self, "status_changed_at")
        elif self.status in ("kept", "broken"):
            raise ValueError(f"status_changed_at: required when the status is {self.status}")

    def status_at(self, at: datetime | None = None) -> str | None:
        """Status at `at` (None means the latest), or None when it did not exist yet."""
        if at is None:
            return self.status
        if self.created_at > at:
            return None
        if self.status == "open" or (
            self.status_changed_at is not None and self.status_changed_at > at
        ):
            return "open"
        return self.status


@dataclass(frozen=True)
class RecordLog:
    """All records of one stakeholder."""

    conversations: tuple[ConversationIn, ...] = ()
    concerns: tuple[ConcernIn, ...] = ()
    acknowledgements: tuple[AcknowledgementIn, ...] = ()
    signals: tuple[SignalIn, ...] = ()
    commitments: tuple[CommitmentIn, ...] = ()

    def __post_init__(self) -> None:
        for name in ("conversations", "concerns", "acknowledgements", "signals", "commitments"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def up_to(self, as_of: datetime) -> RecordLog:
        """The records dated at or before `as_of`; later ones did not exist yet."""
        return RecordLog(
            tuple(c for c in self.conversations if c.occurred_at <= as_of),
            tuple(c for c in self.concerns if c.raised_at <= as_of),
            tuple(a for a in self.acknowledgements if a.acknowledged_at <= as_of),
            tuple(s for s in self.signals if s.observed_at <= as_of),
            tuple(c for c in self.commitments if c.created_at <= as_of),
        )
