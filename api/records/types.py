"""Time types for records, shared by the record schemas and the list filters."""

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, WrapValidator

from api.kit.time import utcnow
from api.kit.types import FUTURE_SKEW_SECONDS, Date, PastDatetime, UTCDatetime

# Records describe a change initiative now; a date before this is a typo (or a year-0001
# probe), and the scores' decay arithmetic is only defined over a bounded range of dates.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def _representable(value: Any, handler) -> datetime:
    # Normalising e.g. 0001-01-01T00:00+00:01 to UTC leaves the datetime range: a 422, not a 500.
    try:
        return handler(value)
    except OverflowError:
        raise ValueError("is outside the supported range of dates") from None


def _not_too_early(value: Any, handler) -> datetime:
    value = _representable(value, handler)
    if value < EARLIEST:
        raise ValueError("must not be before 2000-01-01")
    return value


RecordTime = Annotated[PastDatetime, WrapValidator(_not_too_early)]
"""When something happened: ISO 8601 with an offset, not in the future, not before 2000."""

# The everyday spelling of a time: date, "T", hours, minutes, seconds, an optional fraction
# and an offset. Python's parser reads more than the contract allows; this is the part of it
# on which the two agree.
_PLAIN_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")
_SKEW = timedelta(seconds=FUTURE_SKEW_SECONDS)


def quick_record_time(text: str) -> datetime | None:
    """What validating `text` as a `RecordTime` gives, for a valid time in the plain
    spelling (`2026-03-01T09:30:00Z`, `...00.250+01:00`); None for anything else, which the
    full validator must judge (and explain). A CSV import reads thousands of times a second;
    this is the same answer without the validator's per-value overhead."""
    if not _PLAIN_TIME.fullmatch(text):
        return None
    try:
        value = datetime.fromisoformat(text).astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    if value < EARLIEST or value - utcnow() > _SKEW:
        return None
    return value


TimeFilter = Annotated[UTCDatetime, WrapValidator(_representable)]


def _plausible_date(value: date) -> date:
    if not EARLIEST.date() <= value <= LATEST_DATE:
        raise ValueError(f"must be between {EARLIEST.date()} and {LATEST_DATE}")
    return value


LATEST_DATE = date(2099, 12, 31)
RecordDate = Annotated[Date, AfterValidator(_plausible_date)]
"""A calendar date (YYYY-MM-DD) from 2000-01-01 to 2099-12-31."""
