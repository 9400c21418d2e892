"""Strict, bounded input types shared by every schema.

Integers and booleans are strict (no "3", no true-for-1); every string and list is bounded;
NUL characters are refused because PostgreSQL cannot store them; datetimes must carry an
offset and are normalised to UTC.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, Strict, StringConstraints

from api.kit.time import as_utc, utcnow


def _require_string(value: object) -> object:
    # Pydantic would read numbers (and numeric strings, as query parameters arrive) as Unix
    # timestamps; the contract is ISO 8601 only.
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
    elif isinstance(value, (datetime, date)):
        return value
    raise ValueError("must be an ISO 8601 date or date-time string")


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must include a UTC offset, e.g. 2026-03-01T09:30:00Z")
    return as_utc(value)


FUTURE_SKEW_SECONDS = 300  # allowed for clock skew between the caller and the server


def not_in_future(value: datetime) -> datetime:
    if (value - utcnow()).total_seconds() > FUTURE_SKEW_SECONDS:
        raise ValueError("must not be in the future")
    return value


# The patterns put these rules in the OpenAPI too, so clients can check before sending.
# Whitespace is spelled out: `\s` means different things to different regex engines.
NO_NUL = r"^[^\x00]*$"
VISIBLE = r"^[^\x00]*[^\x00\t\n\v\f\r ][^\x00]*$"  # something besides spaces, no NUL
_ASCII_SPACE = " \t\n\v\f\r"


def _trim(value: str) -> str:
    return value.strip(_ASCII_SPACE)


StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]
StrictFloat = Annotated[float, Strict()]  # ints are still accepted: 3 is a valid float
Text = Annotated[str, Strict(), StringConstraints(pattern=NO_NUL)]


def bounded_text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        Strict(),
        StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL),
    ]


Name = Annotated[
    str,
    Strict(),
    StringConstraints(min_length=1, max_length=200, pattern=VISIBLE),
    AfterValidator(_trim),
]
ShortText = bounded_text(200)
LongText = bounded_text(10_000)
Tag = Annotated[
    str,
    Strict(),
    StringConstraints(min_length=1, max_length=60, pattern=VISIBLE),
    AfterValidator(_trim),
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
