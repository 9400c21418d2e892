"""`api.demo.feed._moment_of`: when a category reached since a person's last record was reached."""

from datetime import UTC, datetime, timedelta

from api.demo.feed import _moment_of

LAST = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def test_found_to_the_minute():
    turned = datetime(2026, 8, 28, 14, 37, 20, tzinfo=UTC)  # 180 days after the last record, say

    def category_at(at: datetime) -> str:
        return "unknown" if at >= turned else "neutral"

    found = _moment_of(category_at, "unknown", LAST, NOW)
    assert turned <= found < turned + timedelta(minutes=1)
    assert category_at(found) == "unknown"


def test_not_there_by_now_is_now():
    assert _moment_of(lambda at: "neutral", "unknown", LAST, NOW) == NOW
