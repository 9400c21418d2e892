"""Strict, bounded input types shared by every schema.

Integers and booleans are strict (no "3", no true-for-1); every string and list is bounded;
NUL characters are refused because PostgreSQL cannot store them; datetimes must carry an
offset and are normalised to UTC.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, Strict, StringConstraints

from api.kit.time import as_utc, utcnow


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _require_string(value: object) -> object:
    if not isinstance(value, (str, datetime, date)):
        raise ValueError("must be an ISO 8601 string")
    return value


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must include a UTC offset, e.g. 2026-03-01T09:30:00Z")
    return as_utc(value)


def not_in_future(value: datetime) -> datetime:
    # A small allowance for clock skew between the caller and the server.
    if (value - utcnow()).total_seconds() > 300:
        raise ValueError("must not be in the future")
    return value


StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]
StrictFloat = Annotated[float, Strict()]  # ints are still accepted: 3 is a valid float
Text = Annotated[str, Strict(), AfterValidator(_no_nul)]


def bounded_text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        Strict(),
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(_no_nul),
    ]


Name = Annotated[
    str,
    Strict(),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_nul),
]
ShortText = bounded_text(200)
LongText = bounded_text(10_000)
Tag = Annotated[
    str,
    Strict(),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(_no_nul),
]
TagList = Annotated[list[Tag], Field(max_length=30)]

UTCDatetime = Annotated[datetime, BeforeValidator(_require_string), AfterValidator(_aware_utc)]
PastDatetime = Annotated[
    datetime,
    BeforeValidator(_require_string),
    AfterValidator(_aware_utc),
    AfterValidator(not_in_future),
]
Date = Annotated[date, BeforeValidator(_require_string)]
