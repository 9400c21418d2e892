"""A stakeholder's reading: the score resource of DESIGN.md, plus its explanation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from api.scoring.explanation import Explanation
from api.scoring.trust import TrustReading


@dataclass(frozen=True)
class Reason:
    code: str  # "R1".."R5"
    message: str


@dataclass(frozen=True)
class Reading:
    """`reasons` lists every rule that holds, even while a scheduled one-on-one suppresses
    `needs_one_on_one`; `suggestions` holds advice that is not a call for a conversation
    (an ADKAR gap in knowledge or ability). `explanation` is None when read from the
    forward-decay accumulator, which has no per-record detail."""

    stakeholder_id: str
    champion_score: float
    reluctance_score: float
    confidence: float
    champion_interval: tuple[float, float]
    category: str
    influence: float
    influence_is_manual: bool
    trust: TrustReading
    needs_one_on_one: bool
    reasons: tuple[Reason, ...]
    suggestions: tuple[Reason, ...]
    one_on_one_scheduled_on: date | None
    as_of: datetime
    explanation: Explanation | None = None

    @property
    def sort_key(self) -> tuple[float, float, str]:
        """Champions first by the interval's lower bound, so thin evidence ranks low."""
        return (-self.champion_interval[0], -self.champion_score, self.stakeholder_id)

    @property
    def one_on_one_priority(self) -> float:
        return self.reluctance_score * self.influence
