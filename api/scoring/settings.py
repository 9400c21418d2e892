"""Every tunable number of SCORING.md, with the documented default.

A workspace keeps its settings as versioned JSON, so `to_dict`/`from_dict` must round-trip and
`from_dict` must refuse anything that would make a score meaningless (a multiplier above 1
breaks the Beta posterior, a half-life of 0 divides by zero).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

# Each field carries a "kind"; the kind decides its type and its allowed range.
_CHECKS: dict[str, tuple[type, Callable[[float], bool], str]] = {
    "weight": (float, lambda v: v >= 0, "must be 0 or more"),
    "fraction": (float, lambda v: 0 <= v <= 1, "must be between 0 and 1"),
    "half_life": (float, lambda v: v > 0, "must be more than 0 days"),
    "mass": (float, lambda v: v > 0, "must be more than 0"),
    "mean": (float, lambda v: 0 < v < 1, "must be strictly between 0 and 1"),
    "points": (float, lambda v: 0 <= v <= 100, "must be between 0 and 100"),
    "influence": (float, lambda v: v > 0, "must be more than 0"),
    "days": (int, lambda v: v >= 0, "must be a whole number of days, 0 or more"),
    "count": (int, lambda v: v >= 0, "must be a whole number, 0 or more"),
    "probability": (float, lambda v: 0 < v < 1, "must be strictly between 0 and 1"),
    "rating": (float, lambda v: 1 <= v <= 5, "must be between 1 and 5"),
    "severity": (int, lambda v: 1 <= v <= 3, "must be a whole number from 1 to 3"),
}


def _s(default: float, kind: str) -> Any:
    return field(default=default, metadata={"kind": kind})


@dataclass(frozen=True)
class ScoringSettings:
    # Stance evidence (SCORING.md section 1). Multipliers must stay within [0, 1] so that
    # a and r stay within [0, 1] and the Beta posterior stays proper.
    champion_behavior_weight: float = _s(1.5, "weight")
    resistance_behavior_weight: float = _s(1.5, "weight")
    readiness_weight: float = _s(2.0, "weight")
    readiness_multiplier: float = _s(0.8, "fraction")
    stage_weight: float = _s(1.0, "weight")
    stage_multiplier: float = _s(0.6, "fraction")
    adkar_weight: float = _s(1.0, "weight")
    adkar_multiplier: float = _s(0.6, "fraction")
    conversation_weight: float = _s(1.0, "weight")
    conversation_champion_multiplier: float = _s(0.25, "fraction")
    conversation_reluctance_multiplier: float = _s(0.5, "fraction")
    concern_weight: float = _s(0.75, "weight")
    concern_multiplier: float = _s(0.67, "fraction")
    concern_factor_open: float = _s(1.0, "fraction")
    concern_factor_being_addressed: float = _s(0.5, "fraction")
    concern_factor_resolved: float = _s(0.0, "fraction")
    concern_factor_dismissed: float = _s(0.0, "fraction")

    # Decay and priors (sections 2 and 3).
    stance_half_life_days: float = _s(90.0, "half_life")
    prior_mass: float = _s(2.0, "mass")
    prior_mean: float = _s(0.16, "mean")
    credible_interval: float = _s(0.80, "probability")

    # Trust (section 4).
    trust_half_life_days: float = _s(180.0, "half_life")
    trust_prior_mass: float = _s(2.0, "mass")
    trust_prior_mean: float = _s(0.5, "mean")
    trust_rating_weight: float = _s(1.0, "weight")
    trust_concern_weight: float = _s(0.5, "weight")
    trust_acknowledgement_weight: float = _s(0.5, "weight")
    trust_commitment_weight: float = _s(1.0, "weight")
    trust_quick_win_weight: float = _s(0.5, "weight")
    acknowledgement_monthly_cap: int = _s(2, "count")
    commitment_overdue_grace_days: int = _s(7, "days")
    trust_unknown_evidence_below: float = _s(1.0, "weight")
    trust_developing_from: float = _s(40.0, "points")
    trust_established_from: float = _s(60.0, "points")
    trust_high_from: float = _s(80.0, "points")
    trust_wobble_below: float = _s(40.0, "points")
    trust_wobble_min_evidence: float = _s(1.0, "weight")

    # Categories (section 5).
    unknown_evidence_below: float = _s(1.0, "weight")
    unknown_window_days: int = _s(180, "days")
    ambivalent_champion_min: float = _s(45.0, "points")
    ambivalent_reluctance_min: float = _s(35.0, "points")
    champion_min: float = _s(65.0, "points")
    champion_reluctance_below: float = _s(30.0, "points")
    champion_confidence_min: float = _s(0.6, "fraction")
    champion_behavior_window_days: int = _s(90, "days")
    reluctant_min: float = _s(55.0, "points")
    reluctant_confidence_min: float = _s(0.5, "fraction")
    supporter_min: float = _s(45.0, "points")
    hesitant_min: float = _s(35.0, "points")

    # Influence (section 6).
    influence_high_level_leader: float = _s(1.5, "influence")
    influence_opinion_leader: float = _s(1.5, "influence")
    influence_mid_level_leader: float = _s(1.2, "influence")
    influence_default: float = _s(1.0, "influence")
    nomination_bonus: float = _s(0.1, "weight")
    nomination_cap: int = _s(5, "count")
    nomination_window_days: int = _s(365, "days")

    # Needs a one-on-one (section 7).
    r1_window_days: int = _s(30, "days")
    r2_min_age_days: int = _s(14, "days")
    r2_severity: int = _s(3, "severity")
    r4_gap_at_most: float = _s(3.0, "rating")
    r5_min_influence: float = _s(1.5, "influence")
    r5_window_days: int = _s(60, "days")
    scheduled_window_days: int = _s(7, "days")

    def __post_init__(self) -> None:
        for f in fields(self):
            expected, ok, rule = _CHECKS[f.metadata["kind"]]
            value = getattr(self, f.name)
            # bool is an int subclass; a JSON `true` must not pass as a weight of 1.
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{f.name}: must be a number")
            if not math.isfinite(value):
                raise ValueError(f"{f.name}: must be finite")
            if expected is int:
                if value != int(value):
                    raise ValueError(f"{f.name}: {rule}")
                value = int(value)
            else:
                value = float(value)
            if not ok(value):
                raise ValueError(f"{f.name}: {rule}")
            object.__setattr__(self, f.name, value)
        if not (self.trust_developing_from <= self.trust_established_from <= self.trust_high_from):
            raise ValueError(
                "trust_developing_from: trust cut-offs must rise: developing <= established <= high"
            )

    def to_dict(self) -> dict[str, float | int]:
        """Every key, always, so stored JSON never depends on a later change of defaults."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoringSettings:
        """Build settings from JSON; missing keys take the default, unknown keys are refused."""
        if not isinstance(data, Mapping):
            raise ValueError("scoring settings must be a JSON object")
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise ValueError(f"{key}: unknown scoring setting")
        return cls(**dict(data))


DEFAULT_SETTINGS = ScoringSettings()
