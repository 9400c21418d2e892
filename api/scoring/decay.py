"""Half-life decay and the time windows used by the category and one-on-one rules."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

SECONDS_PER_DAY = 86_400.0


def age_days(at: datetime, as_of: datetime) -> float:
    """Fractional days from `at` to `as_of`; negative when `at` is later."""
    return (as_of - at).total_seconds() / SECONDS_PER_DAY


def decay_factor(at: datetime, as_of: datetime, half_life_days: float) -> float:
    return math.exp2(-age_days(at, as_of) / half_life_days)


def within_days(at: datetime | None, as_of: datetime, days: int) -> bool:
    """True when `at` falls in the last `days` days, both ends included."""
    return at is not None and at <= as_of and as_of - at <= timedelta(days=days)


def start_of_day(day: date) -> datetime:
    """A calendar date as the instant it begins, in UTC (dates in Rapport are UTC dates)."""
    return datetime.combine(day, time(0), tzinfo=UTC)
