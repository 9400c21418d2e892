"""Forward decay (Cormode et al., ICDE 2009): O(1) insert, delete and read of the decayed sums.

A record at time t adds `w*v*2^((t - L)/H)` to a sum, for a fixed landmark L. Reading at `now`
multiplies by `2^(-(now - L)/H)`, which equals summing `w*v*2^(-(now - t)/H)` record by record.
So a database layer keeps one `ForwardSums` per stakeholder, adds `record_terms(record)` on
insert, subtracts it on delete, and for an update subtracts the old terms and adds the new.

Not in the accumulator, because they are not decayed sums:

- open concerns do not decay, so they sit in the separate `open_*` sums; a status change moves
  the concern's terms from there to the decaying sums (subtract old terms, add new ones);
- acknowledgements beyond the monthly cap: which ones count is a property of the month, so on
  insert or delete of an acknowledgement the layer recomputes that month with
  `counted_acknowledgements` and adds or subtracts the terms of those that changed side;
- everything in `StakeholderFacts`: latest times (the 180-day "unknown" window, the 90-day
  champion-behaviour window, the R1/R5 one-on-one windows), the latest ADKAR check, open
  concerns for R2, peer nominations (a 365-day window), and open team commitments, whose
  "overdue by more than 7 days" competence input depends on `now` and is added at read time.

Range: a term grows as 2^((t - L)/H). Terms are refused beyond `MAX_EXPONENT` half-lives after
the landmark, which leaves 2^64 of float64 headroom (its maximum is about 2^1024) for the sums.
With H = 90 days that horizon is year 2256 (2200 is 2^730); with H = 180 it is 2492. A workspace
that sets a much shorter half-life shortens the horizon in proportion (`horizon()`).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from api.scoring.decay import age_days, decay_factor
from api.scoring.engine import derive_reading, stance_category
from api.scoring.facts import StakeholderFacts
from api.scoring.inputs import (
    AcknowledgementIn,
    CommitmentIn,
    ConcernIn,
    ConversationIn,
    RecordLog,
    SignalIn,
    StakeholderIn,
    aware_utc,
)
from api.scoring.reading import Reading
from api.scoring.settings import DEFAULT_SETTINGS, ScoringSettings
from api.scoring.stance import StanceItem, StanceSums, stance_items
from api.scoring.trust import DimensionSums, TrustItem, TrustSums, overdue_at, trust_items

LANDMARK = datetime(2020, 1, 1, tzinfo=UTC)
MAX_EXPONENT = 960.0

Record = ConversationIn | ConcernIn | AcknowledgementIn | SignalIn | CommitmentIn


@dataclass(frozen=True)
class ForwardSums:
    """The per-stakeholder accumulator; one record's terms have the same shape."""

    evidence: float = 0.0
    champion: float = 0.0
    reluctance: float = 0.0
    open_evidence: float = 0.0
    open_reluctance: float = 0.0
    authenticity_weight: float = 0.0
    authenticity_value: float = 0.0
    competence_weight: float = 0.0
    competence_value: float = 0.0
    empathy_weight: float = 0.0
    empathy_value: float = 0.0

    def __add__(self, other: ForwardSums) -> ForwardSums:
        return ForwardSums(*map(operator.add, _values(self), _values(other)))

    def __sub__(self, other: ForwardSums) -> ForwardSums:
        return ForwardSums(*map(operator.sub, _values(self), _values(other)))


SUM_FIELDS = tuple(f.name for f in fields(ForwardSums))
_values = operator.attrgetter(*SUM_FIELDS)


def horizon(half_life_days: float) -> datetime:
    """The last moment a record may be dated, or read at, with this half-life."""
    return LANDMARK + timedelta(days=MAX_EXPONENT * half_life_days)


def _exponent(at: datetime, half_life_days: float) -> float:
    x = age_days(LANDMARK, at) / half_life_days
    if abs(x) > MAX_EXPONENT:
        raise ValueError(
            f"{at.isoformat()} is beyond the forward-decay range of {MAX_EXPONENT:g} half-lives "
            f"({half_life_days:g} days) from the landmark {LANDMARK.date().isoformat()}"
        )
    return x


def growth(at: datetime, half_life_days: float) -> float:
    """2^((at - L)/H): how much a record dated `at` is scaled up when stored."""
    return math.exp2(_exponent(at, half_life_days))


def _read_factor(now: datetime, half_life_days: float) -> float:
    return math.exp2(-_exponent(now, half_life_days))


def _stance_term(item: StanceItem, s: ScoringSettings) -> dict[str, float]:
    if item.decays_from is None:
        return {"open_evidence": item.weight, "open_reluctance": item.weight * item.r}
    g = item.weight * growth(item.decays_from, s.stance_half_life_days)
    return {"evidence": g, "champion": g * item.a, "reluctance": g * item.r}


def _trust_term(item: TrustItem, s: ScoringSettings) -> dict[str, float]:
    g = item.weight * growth(item.at, s.trust_half_life_days)
    return {f"{item.dimension}_weight": g, f"{item.dimension}_value": g * item.value}


def _log_terms(log: RecordLog, s: ScoringSettings) -> ForwardSums:
    # Summed field by field in record order, as adding one ForwardSums per term would, but
    # building one object at the end: a frozen dataclass is slow to make, and a write makes
    # these for every record it adds.
    total = dict.fromkeys(SUM_FIELDS, 0.0)
    terms = [_stance_term(i, s) for i in stance_items(log, s)]
    terms += [_trust_term(i, s) for i in trust_items(log, s)]
    for term in terms:
        for name, value in term.items():
            total[name] += value
    return ForwardSums(**total)


def record_terms(record: Record, settings: ScoringSettings = DEFAULT_SETTINGS) -> ForwardSums:
    """One record's terms, with its latest status. For an acknowledgement these are the terms
    it adds when it is among the month's counted ones."""
    kind = {
        ConversationIn: "conversations",
        ConcernIn: "concerns",
        AcknowledgementIn: "acknowledgements",
        SignalIn: "signals",
        CommitmentIn: "commitments",
    }[type(record)]
    return _log_terms(RecordLog(**{kind: (record,)}), settings)


def accumulate(
    *,
    conversations: Sequence[ConversationIn] = (),
    concerns: Sequence[ConcernIn] = (),
    acknowledgements: Sequence[AcknowledgementIn] = (),
    signals: Sequence[SignalIn] = (),
    commitments: Sequence[CommitmentIn] = (),
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> ForwardSums:
    """The accumulator for a whole log, with latest statuses and the acknowledgement cap:
    what a recompute or the reconcile command compares against the stored sums."""
    log = RecordLog(conversations, concerns, acknowledgements, signals, commitments)
    return _log_terms(log, settings)


def read_sums(
    acc: ForwardSums, facts: StakeholderFacts, now: datetime, settings: ScoringSettings
) -> tuple[StanceSums, TrustSums]:
    """E, A, R and the trust sums at `now`. Valid for `now` at or after the latest record and
    status change in the accumulator; for an earlier moment use `evaluate`."""
    s = settings
    now = aware_utc(now, "now")
    k = _read_factor(now, s.stance_half_life_days)
    stance = StanceSums(
        evidence=acc.evidence * k + acc.open_evidence,
        champion=acc.champion * k,
        reluctance=acc.reluctance * k + acc.open_reluctance,
    )
    kt = _read_factor(now, s.trust_half_life_days)
    overdue = 0.0
    for due_on in facts.open_team_commitment_due_dates:
        late_from = overdue_at(due_on, s)
        if now > late_from:
            overdue += s.trust_commitment_weight * decay_factor(
                late_from, now, s.trust_half_life_days
            )
    trust = TrustSums(
        authenticity=DimensionSums(acc.authenticity_weight * kt, acc.authenticity_value * kt),
        competence=DimensionSums(acc.competence_weight * kt + overdue, acc.competence_value * kt),
        empathy=DimensionSums(acc.empathy_weight * kt, acc.empathy_value * kt),
    )
    return stance, trust


def read(
    acc: ForwardSums,
    facts: StakeholderFacts,
    stakeholder: StakeholderIn,
    now: datetime,
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> Reading:
    """The reading at `now` without touching the log (no explanation)."""
    now = aware_utc(now, "now")
    stance, trust = read_sums(acc, facts, now, settings)
    return derive_reading(stakeholder, stance, trust, facts, now, settings)


def category_at(
    acc: ForwardSums, facts: StakeholderFacts, now: datetime, settings: ScoringSettings
) -> str:
    """`read(...).category` alone: what a write needs to notice a category change, without
    the interval, trust, influence and one-on-one rules of a whole reading."""
    now = aware_utc(now, "now")
    stance, _ = read_sums(acc, facts, now, settings)
    return stance_category(stance, facts, now, settings)
