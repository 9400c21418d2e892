"""Time types for records, shared by the record schemas and the list filters."""

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, WrapValidator

from api.kit.types import Date, PastDatetime, UTCDatetime

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

TimeFilter = Annotated[UTCDatetime, WrapValidator(_representable)]


def _plausible_date(value: date) -> date:
    if not EARLIEST.date() <= value <= LATEST_DATE:
        raise ValueError(f"must be between {EARLIEST.date()} and {LATEST_DATE}")
    return value


LATEST_DATE = date(2099, 12, 31)
RecordDate = Annotated[Date, AfterValidator(_plausible_date)]
"""A calendar date (YYYY-MM-DD) from 2000-01-01 to 2099-12-31."""
