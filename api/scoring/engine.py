"""The full computation from the record log: the source of truth for every reading."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from api.scoring.category import categorize
from api.scoring.explanation import Explanation, explain
from api.scoring.facts import StakeholderFacts, facts_from_log
from api.scoring.influence import influence
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
from api.scoring.one_on_one import one_on_one_reasons, scheduled_one_on_one
from api.scoring.reading import Reading
from api.scoring.settings import DEFAULT_SETTINGS, ScoringSettings
from api.scoring.stance import (
    StanceSums,
    stance_items,
    stance_points,
    stance_scores,
    stance_sums,
)
from api.scoring.trust import TrustSums, trust_items, trust_reading, trust_sums


def stance_category(
    stance: StanceSums,
    facts: StakeholderFacts,
    as_of: datetime,
    settings: ScoringSettings,
    points: tuple[float, float, float] | None = None,
) -> str:
    """The category (SCORING.md §5) from the stance sums; `points` are the stance's point
    scores when already worked out (`stance_points`)."""
    champion, reluctance, confidence = points or stance_points(stance, settings)
    return categorize(
        champion_score=champion,
        reluctance_score=reluctance,
        confidence=confidence,
        evidence=stance.evidence,
        last_stance_record_at=facts.last_stance_record_at,
        last_champion_behavior_at=facts.last_champion_behavior_at,
        as_of=as_of,
        settings=settings,
    )


def derive_reading(
    stakeholder: StakeholderIn,
    stance: StanceSums,
    trust: TrustSums,
    facts: StakeholderFacts,
    as_of: datetime,
    settings: ScoringSettings,
    explanation: Explanation | None = None,
) -> Reading:
    """Everything after the sums. Shared by `evaluate` and the forward-decay path so that the
    two can only differ in how the sums were obtained."""
    s = settings
    scores = stance_scores(stance, s)
    points = (scores.champion_score, scores.reluctance_score, scores.confidence)
    category = stance_category(stance, facts, as_of, s, points)
    value, is_manual = influence(stakeholder, facts.peer_nominations, as_of, s)
    trust_now = trust_reading(trust, s)
    reasons, suggestions = one_on_one_reasons(
        category=category, trust=trust_now, influence=value, facts=facts, as_of=as_of, settings=s
    )
    scheduled_on = scheduled_one_on_one(facts, as_of, s)
    return Reading(
        stakeholder_id=stakeholder.id,
        champion_score=scores.champion_score,
        reluctance_score=scores.reluctance_score,
        confidence=scores.confidence,
        champion_interval=scores.champion_interval,
        category=category,
        influence=value,
        influence_is_manual=is_manual,
        trust=trust_now,
        needs_one_on_one=bool(reasons) and scheduled_on is None,
        reasons=reasons,
        suggestions=suggestions,
        one_on_one_scheduled_on=scheduled_on,
        as_of=as_of,
        explanation=explanation,
    )


def evaluate(
    stakeholder: StakeholderIn,
    *,
    conversations: Sequence[ConversationIn] = (),
    concerns: Sequence[ConcernIn] = (),
    acknowledgements: Sequence[AcknowledgementIn] = (),
    signals: Sequence[SignalIn] = (),
    commitments: Sequence[CommitmentIn] = (),
    as_of: datetime,
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> Reading:
    """The reading as it stood at `as_of`: only records dated at or before it count, and each
    concern and commitment has the status it had then. Later records are ignored, not refused:
    refusing future-dated records is the API's job."""
    as_of = aware_utc(as_of, "as_of")
    log = RecordLog(conversations, concerns, acknowledgements, signals, commitments).up_to(as_of)
    stance = stance_items(log, settings, as_of)
    trust = trust_items(log, settings, as_of)
    sums = stance_sums(stance, as_of, settings)
    return derive_reading(
        stakeholder,
        sums,
        trust_sums(trust, as_of, settings),
        facts_from_log(log, as_of),
        as_of,
        settings,
        explain(stance, sums, trust, as_of, settings),
    )


def rank_by_lower_bound(readings: Iterable[Reading]) -> list[Reading]:
    """Champion ranking: by the lower bound of the champion interval, highest first."""
    return sorted(readings, key=lambda r: r.sort_key)
