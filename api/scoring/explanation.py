"""The explanation of a reading: the prior plus one exact contribution per record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from api.scoring.decay import decay_factor
from api.scoring.settings import ScoringSettings
from api.scoring.stance import StanceItem, StanceSums, item_decay
from api.scoring.trust import TrustItem


@dataclass(frozen=True)
class Contribution:
    """One stance record's share of the scores. `weight` is w*d; a record with 0 points still
    lowers the uncertainty, which is why it is listed."""

    record_type: str
    record_id: str
    kind: str | None
    at: datetime
    decay: float
    weight: float
    champion_points: float
    reluctance_points: float


@dataclass(frozen=True)
class TrustInput:
    record_type: str
    record_id: str
    at: datetime
    dimension: str
    value: float
    weight: float  # w*d, with the trust half-life


@dataclass(frozen=True)
class Explanation:
    """`prior_*_points` plus the sum of the contributions' points equals each score."""

    prior_champion_points: float
    prior_reluctance_points: float
    evidence: float
    contributions: tuple[Contribution, ...]
    trust_inputs: tuple[TrustInput, ...]


def explain(
    stance: Iterable[StanceItem],
    sums: StanceSums,
    trust: Iterable[TrustItem],
    as_of: datetime,
    s: ScoringSettings,
) -> Explanation:
    denominator = s.prior_mass + sums.evidence
    prior_points = 100 * s.prior_mass * s.prior_mean / denominator
    contributions = []
    for item in stance:
        d = item_decay(item, as_of, s)
        wd = item.weight * d
        contributions.append(
            Contribution(
                item.record_type,
                item.record_id,
                item.kind,
                item.at,
                d,
                wd,
                100 * wd * item.a / denominator,
                100 * wd * item.r / denominator,
            )
        )
    trust_inputs = tuple(
        TrustInput(
            t.record_type,
            t.record_id,
            t.at,
            t.dimension,
            t.value,
            t.weight * decay_factor(t.at, as_of, s.trust_half_life_days),
        )
        for t in trust
    )
    return Explanation(
        prior_points, prior_points, sums.evidence, tuple(contributions), trust_inputs
    )
