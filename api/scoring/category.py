"""Categories (SCORING.md section 5): the first rule that holds wins."""

from __future__ import annotations

from datetime import datetime

from api.scoring.decay import within_days
from api.scoring.settings import ScoringSettings

CATEGORIES = ("unknown", "ambivalent", "champion", "reluctant", "supporter", "hesitant", "neutral")


def categorize(
    *,
    champion_score: float,
    reluctance_score: float,
    confidence: float,
    evidence: float,
    last_stance_record_at: datetime | None,
    last_champion_behavior_at: datetime | None,
    as_of: datetime,
    settings: ScoringSettings,
) -> str:
    s = settings
    if evidence < s.unknown_evidence_below or not within_days(
        last_stance_record_at, as_of, s.unknown_window_days
    ):
        return "unknown"
    if (
        champion_score >= s.ambivalent_champion_min
        and reluctance_score >= s.ambivalent_reluctance_min
    ):
        return "ambivalent"
    if (
        champion_score >= s.champion_min
        and reluctance_score < s.champion_reluctance_below
        and confidence >= s.champion_confidence_min
        and within_days(last_champion_behavior_at, as_of, s.champion_behavior_window_days)
    ):
        return "champion"
    if reluctance_score >= s.reluctant_min and confidence >= s.reluctant_confidence_min:
        return "reluctant"
    if champion_score >= s.supporter_min:
        return "supporter"
    if reluctance_score >= s.hesitant_min:
        return "hesitant"
    return "neutral"
