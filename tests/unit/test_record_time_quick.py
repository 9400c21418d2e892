"""`quick_record_time` gives exactly what the `RecordTime` validator gives, or steps aside.

The CSV import reads time cells with it before falling back to the validator, so it must
never accept what the validator refuses, nor read a time differently.
"""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from api.kit.time import utcnow
from api.records.types import RecordTime, quick_record_time

ADAPTER = TypeAdapter(RecordTime)


def validated(text: str) -> datetime | None:
    try:
        return ADAPTER.validate_python(text)
    except ValidationError:
        return None


def agrees(text: str) -> None:
    quick = quick_record_time(text)
    if quick is not None:
        full = validated(text)
        assert full is not None, f"{text!r} is refused by the validator"
        assert quick == full
        assert quick.tzinfo is UTC and full.tzinfo is UTC
        assert quick.utcoffset() == full.utcoffset()


def spelled(moment: datetime, fraction: int, offset_minutes: int, zulu: bool) -> str:
    local = moment + timedelta(minutes=offset_minutes)
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if fraction:
        text += "." + f"{local.microsecond:06d}"[:fraction]
    if zulu and offset_minutes == 0:
        return text + "Z"
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


@settings(max_examples=400, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1999, 6, 1), max_value=datetime(2030, 1, 1)),
    fraction=st.integers(0, 6),
    offset_minutes=st.integers(-23 * 60 - 59, 23 * 60 + 59),
    zulu=st.booleans(),
)
def test_plain_spellings_read_as_the_validator_reads_them(moment, fraction, offset_minutes, zulu):
    text = spelled(moment, fraction, offset_minutes, zulu)
    agrees(text)
    # And every plain spelling the validator accepts is read here, not passed on.
    assert (quick_record_time(text) is None) == (validated(text) is None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-:T Zz+.tW", max_size=32))
def test_anything_else_is_left_to_the_validator(text):
    agrees(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01T09:30:00Z", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
        ("2026-03-01T09:30:00.25+01:00", datetime(2026, 3, 1, 8, 30, 0, 250000, tzinfo=UTC)),
        ("2000-01-01T00:00:00Z", datetime(2000, 1, 1, tzinfo=UTC)),
    ],
)
def test_reads_plain_times(text, expected):
    assert quick_record_time(text) == expected
    assert validated(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01T09:30Z",  # no seconds: the validator's call
        "2026-03-01 09:30:00Z",  # a space for the T
        "2026-03-01T09:30:00",  # no offset: refused by the validator
        "2026-02-30T09:30:00Z",  # no such day
        "1999-12-31T23:59:59Z",  # before 2000
        "2000-01-01T00:30:00+01:00",  # before 2000 once in UTC
        "2026-03-01T09:30:00.1234567Z",  # seven digits of fraction
        "20260301T093000Z",
    ],
)
def test_leaves_the_rest_to_the_validator(text):
    assert quick_record_time(text) is None


def test_the_future_is_the_validators_to_refuse():
    soon = utcnow() + timedelta(seconds=200)
    later = utcnow() + timedelta(seconds=400)
    assert quick_record_time(soon.strftime("%Y-%m-%dT%H:%M:%S.%fZ")) is not None
    assert quick_record_time(later.strftime("%Y-%m-%dT%H:%M:%S.%fZ")) is None
    assert validated(later.strftime("%Y-%m-%dT%H:%M:%S.%fZ")) is None
