"""Influence for the champion map (SCORING.md section 6)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from api.scoring.decay import within_days
from api.scoring.inputs import StakeholderIn
from api.scoring.settings import ScoringSettings


def role_influence(role_type: str, s: ScoringSettings) -> float:
    return {
        "high_level_leader": s.influence_high_level_leader,
        "opinion_leader": s.influence_opinion_leader,
        "mid_level_leader": s.influence_mid_level_leader,
    }.get(role_type, s.influence_default)


def influence(
    stakeholder: StakeholderIn,
    peer_nominations: Iterable[tuple[datetime, str]],
    as_of: datetime,
    s: ScoringSettings,
) -> tuple[float, bool]:
    """(influence, is_manual).

    Nominations count once per nominator within the window, and never from the stakeholder
    themself: a repeated survey or a self-nomination says nothing new about who peers turn to.
    """
    if stakeholder.influence_manual is not None:
        return float(stakeholder.influence_manual), True
    nominators = {
        by
        for at, by in peer_nominations
        if by != stakeholder.id and within_days(at, as_of, s.nomination_window_days)
    }
    bonus = s.nomination_bonus * min(len(nominators), s.nomination_cap)
    return role_influence(stakeholder.role_type, s) + bonus, False
