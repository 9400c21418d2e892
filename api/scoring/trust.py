"""Trust: authenticity, competence and empathy (SCORING.md section 4)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from api.scoring.decay import decay_factor, start_of_day
from api.scoring.inputs import AcknowledgementIn, CommitmentIn, RecordLog
from api.scoring.settings import ScoringSettings

DIMENSIONS = ("authenticity", "competence", "empathy")
TRUST_LEVELS = ("unknown", "low", "developing", "established", "high")


@dataclass(frozen=True)
class TrustItem:
    """One trust input before decay: value v in [0, 1] on one dimension, with raw weight w."""

    record_type: str
    record_id: str
    at: datetime
    dimension: str
    value: float
    weight: float


@dataclass(frozen=True)
class DimensionSums:
    weight: float = 0.0  # sum of w*d
    weighted_value: float = 0.0  # sum of w*d*v


@dataclass(frozen=True)
class TrustSums:
    authenticity: DimensionSums = DimensionSums()
    competence: DimensionSums = DimensionSums()
    empathy: DimensionSums = DimensionSums()


@dataclass(frozen=True)
class TrustReading:
    level: str
    score: float
    authenticity: float
    competence: float
    empathy: float
    wobble: tuple[str, ...]
    evidence: float


def counted_acknowledgements(
    acknowledgements: Iterable[AcknowledgementIn], cap: int
) -> list[AcknowledgementIn]:
    """The acknowledgements that count: the earliest `cap` of each UTC calendar month.

    Earliest rather than latest so that a later acknowledgement never changes which earlier
    ones counted, which keeps past readings stable when a record is added.
    """
    per_month: dict[tuple[int, int], int] = {}
    counted = []
    for ack in sorted(acknowledgements, key=lambda a: (a.acknowledged_at, a.id)):
        month = (ack.acknowledged_at.year, ack.acknowledged_at.month)
        if per_month.get(month, 0) < cap:
            per_month[month] = per_month.get(month, 0) + 1
            counted.append(ack)
    return counted


def overdue_at(due_on: date, s: ScoringSettings) -> datetime:
    """The instant after which an open commitment counts as broken: start of due day + grace."""
    return start_of_day(due_on) + timedelta(days=s.commitment_overdue_grace_days)


def commitment_item(
    c: CommitmentIn, s: ScoringSettings, at: datetime | None = None
) -> TrustItem | None:
    """The competence input of a team commitment at `at` (None: its latest status, in which
    case an open commitment gives nothing: overdue depends on a moment)."""
    if c.owner != "team":
        return None
    status = c.status_at(at)
    w = s.trust_commitment_weight
    if status in ("kept", "broken"):
        assert c.status_changed_at is not None  # guaranteed by CommitmentIn
        value = 1.0 if status == "kept" else 0.0
        return TrustItem("commitment", c.id, c.status_changed_at, "competence", value, w)
    if status == "open" and at is not None and c.due_on is not None:
        late_from = overdue_at(c.due_on, s)
        if at > late_from:
            return TrustItem("commitment", c.id, late_from, "competence", 0.0, w)
    return None


def trust_items(log: RecordLog, s: ScoringSettings, at: datetime | None = None) -> list[TrustItem]:
    """Every trust input of `log`, commitments with their status at `at`, oldest first."""
    items = []
    for c in log.conversations:
        for dim in DIMENSIONS:
            rating = getattr(c, dim)
            if rating is not None:
                value = (rating - 1) / 4
                items.append(
                    TrustItem(
                        "conversation", c.id, c.occurred_at, dim, value, s.trust_rating_weight
                    )
                )
    # Raising a concern candidly is evidence of authenticity whatever later becomes of it.
    items += [
        TrustItem("concern", c.id, c.raised_at, "authenticity", 1.0, s.trust_concern_weight)
        for c in log.concerns
    ]
    ack_weight = s.trust_acknowledgement_weight
    items += [
        TrustItem("acknowledgement", a.id, a.acknowledged_at, "empathy", 1.0, ack_weight)
        for a in counted_acknowledgements(log.acknowledgements, s.acknowledgement_monthly_cap)
    ]
    items += [
        TrustItem("signal", q.id, q.observed_at, "competence", 1.0, s.trust_quick_win_weight)
        for q in log.signals
        if q.kind == "quick_win"
    ]
    items += [i for c in log.commitments if (i := commitment_item(c, s, at)) is not None]
    items.sort(key=lambda i: (i.at, i.record_type, i.record_id, i.dimension))
    return items


def trust_sums(items: Iterable[TrustItem], as_of: datetime, s: ScoringSettings) -> TrustSums:
    acc = {dim: [0.0, 0.0] for dim in DIMENSIONS}
    for item in items:
        wd = item.weight * decay_factor(item.at, as_of, s.trust_half_life_days)
        acc[item.dimension][0] += wd
        acc[item.dimension][1] += wd * item.value
    return TrustSums(**{dim: DimensionSums(w, wv) for dim, (w, wv) in acc.items()})


def trust_level(score: float, evidence: float, s: ScoringSettings) -> str:
    if evidence < s.trust_unknown_evidence_below:
        return "unknown"
    if score < s.trust_developing_from:
        return "low"
    if score < s.trust_established_from:
        return "developing"
    if score < s.trust_high_from:
        return "established"
    return "high"


def wobble(
    values: Sequence[float], weights: Sequence[float], s: ScoringSettings
) -> tuple[str, ...]:
    """Dimensions below the wobble line that have enough evidence of their own to mean it."""
    return tuple(
        dim
        for dim, value, weight in zip(DIMENSIONS, values, weights, strict=True)
        if weight >= s.trust_wobble_min_evidence and value < s.trust_wobble_below
    )


def trust_reading(sums: TrustSums, s: ScoringSettings) -> TrustReading:
    dims = [getattr(sums, dim) for dim in DIMENSIONS]
    prior = s.trust_prior_mass * s.trust_prior_mean
    values = [100 * (prior + d.weighted_value) / (s.trust_prior_mass + d.weight) for d in dims]
    weights = [d.weight for d in dims]
    score = sum(values) / len(values)
    evidence = sum(weights)
    return TrustReading(
        level=trust_level(score, evidence, s),
        score=score,
        authenticity=values[0],
        competence=values[1],
        empathy=values[2],
        wobble=wobble(values, weights, s),
        evidence=evidence,
    )
