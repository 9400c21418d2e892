"""Champion and reluctance scores: SCORING.md sections 1 to 3."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scipy.special import betaincinv

from api.scoring.decay import decay_factor
from api.scoring.inputs import STAGES, ConcernIn, ConversationIn, RecordLog, SignalIn
from api.scoring.settings import ScoringSettings


@dataclass(frozen=True)
class StanceItem:
    """What one record says about stance, before decay.

    `decays_from` is None for an open concern: it keeps full weight until someone acts on it.
    """

    record_type: str
    record_id: str
    kind: str | None
    at: datetime
    decays_from: datetime | None
    weight: float
    a: float
    r: float


@dataclass(frozen=True)
class StanceSums:
    """E, A and R of SCORING.md section 3, already decayed to one moment."""

    evidence: float
    champion: float
    reluctance: float


@dataclass(frozen=True)
class StanceScores:
    champion_score: float
    reluctance_score: float
    confidence: float
    champion_interval: tuple[float, float]


def _pos(x: float) -> float:
    return max(0.0, x)


def conversation_item(c: ConversationIn, s: ScoringSettings) -> StanceItem:
    return StanceItem(
        "conversation",
        c.id,
        None,
        c.occurred_at,
        c.occurred_at,
        s.conversation_weight,
        s.conversation_champion_multiplier * _pos(c.tone),
        s.conversation_reluctance_multiplier * _pos(-c.tone),
    )


def concern_item(c: ConcernIn, s: ScoringSettings, at: datetime | None = None) -> StanceItem:
    """The concern with its status at `at` (None: its latest status)."""
    status = c.status_at(at) or "open"
    factor = getattr(s, f"concern_factor_{status}")
    decays_from = None if status == "open" else c.status_changed_at(at)
    r = s.concern_multiplier * (c.severity / 3) * factor
    return StanceItem("concern", c.id, None, c.raised_at, decays_from, s.concern_weight, 0.0, r)


def readiness_stance(commitment: float, efficacy: float) -> float:
    """ORIC-style readiness mapped onto -1..1 (SCORING.md section 1)."""
    rho = (0.6 * commitment + 0.4 * efficacy - 1) / 4
    return 2 * rho - 1


def has_stance(sig: SignalIn) -> bool:
    """Peer nominations and quick wins carry no stance, nor does an ADKAR check without a
    desire rating: the stance reads desire only."""
    if sig.kind == "adkar":
        return sig.values["desire"] is not None
    return sig.kind not in ("peer_nomination", "quick_win")


def signal_item(sig: SignalIn, s: ScoringSettings) -> StanceItem | None:
    if not has_stance(sig):
        return None
    v = sig.values
    if sig.kind in ("champion_behavior", "resistance_behavior"):
        k = v["intensity"] / 3
        if sig.kind == "champion_behavior":
            weight, a, r = s.champion_behavior_weight, k, 0.0
        else:
            weight, a, r = s.resistance_behavior_weight, 0.0, k
    else:
        if sig.kind == "readiness_check":
            weight, mult = s.readiness_weight, s.readiness_multiplier
            x = readiness_stance(v["commitment"], v["efficacy"])
        elif sig.kind == "stage_of_change":
            weight, mult, x = s.stage_weight, s.stage_multiplier, STAGES[v["stage"]]
        else:
            weight, mult, x = s.adkar_weight, s.adkar_multiplier, (v["desire"] - 3) / 2
        a, r = mult * _pos(x), mult * _pos(-x)
    return StanceItem("signal", sig.id, sig.kind, sig.observed_at, sig.observed_at, weight, a, r)


def stance_items(
    log: RecordLog, s: ScoringSettings, at: datetime | None = None
) -> list[StanceItem]:
    """Every stance record of `log`, concerns with their status at `at`, oldest first."""
    items = [conversation_item(c, s) for c in log.conversations]
    items += [concern_item(c, s, at) for c in log.concerns]
    items += [i for sig in log.signals if (i := signal_item(sig, s)) is not None]
    items.sort(key=lambda i: (i.at, i.record_type, i.record_id))
    return items


def item_decay(item: StanceItem, as_of: datetime, s: ScoringSettings) -> float:
    if item.decays_from is None:
        return 1.0
    return decay_factor(item.decays_from, as_of, s.stance_half_life_days)


def stance_sums(items: Iterable[StanceItem], as_of: datetime, s: ScoringSettings) -> StanceSums:
    e = a = r = 0.0
    for item in items:
        wd = item.weight * item_decay(item, as_of, s)
        e += wd
        a += wd * item.a
        r += wd * item.r
    return StanceSums(e, a, r)


def stance_points(sums: StanceSums, s: ScoringSettings) -> tuple[float, float, float]:
    """Champion score, reluctance score and confidence (the scores without the interval)."""
    prior = s.prior_mass * s.prior_mean
    denominator = s.prior_mass + sums.evidence
    return (
        100 * (prior + sums.champion) / denominator,
        100 * (prior + sums.reluctance) / denominator,
        sums.evidence / denominator,
    )


def stance_scores(sums: StanceSums, s: ScoringSettings) -> StanceScores:
    champion, reluctance, confidence = stance_points(sums, s)
    alpha = s.prior_mass * s.prior_mean + sums.champion
    beta = s.prior_mass * (1 - s.prior_mean) + sums.evidence - sums.champion
    tail = (1 - s.credible_interval) / 2
    low, high = (100 * float(betaincinv(alpha, beta, q)) for q in (tail, 1 - tail))
    return StanceScores(
        champion_score=champion,
        reluctance_score=reluctance,
        confidence=confidence,
        champion_interval=(low, high),
    )
