"""R4, R5, the scheduled one-on-one exclusion and the ordering of SCORING.md section 7."""

from datetime import UTC, date, datetime, timedelta

import pytest
from scipy.stats import beta as beta_dist

from api.scoring import (
    ConcernIn,
    ConversationIn,
    SignalIn,
    StakeholderIn,
    evaluate,
    one_on_one_queue,
    rank_by_lower_bound,
)

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
TODAY = date(2025, 6, 2)
EVE = StakeholderIn("eve")
LEADER = StakeholderIn("lee", "high_level_leader")


def ago(days: float, seconds: float = 0) -> datetime:
    return NOW - timedelta(days=days, seconds=seconds)


def codes(reading) -> list[str]:
    return [r.code for r in reading.reasons]


# R4 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elements", "reason", "suggestion"),
    [
        ({"awareness": 2, "desire": 5}, "awareness (2 of 5)", None),
        ({"awareness": 4, "desire": 3}, "desire (3 of 5)", None),
        ({"awareness": 3.5, "desire": 3.5, "knowledge": 3}, None, "knowledge (3 of 5)"),
        ({"knowledge": 4, "ability": 1, "awareness": 1}, "awareness (1 of 5)", None),
        ({"ability": 2.5}, None, "ability (2.5 of 5)"),
        ({"desire": 4, "reinforcement": 1}, None, None),
        ({"awareness": 3.01, "desire": 4}, None, None),
    ],
)
def test_r4_the_first_adkar_gap(elements, reason, suggestion):
    reading = evaluate(EVE, signals=[SignalIn.adkar("a", NOW, **elements)], as_of=NOW)

    if reason is None:
        assert codes(reading) == []
    else:
        assert reading.reasons[0].message == (
            f"The latest ADKAR check shows a gap in {reason}: talk it through in person"
        )
        assert codes(reading) == ["R4"]
    if suggestion is None:
        assert reading.suggestions == ()
    else:
        [s] = reading.suggestions
        assert s.code == "R4"
        assert s.message.startswith(f"The latest ADKAR check shows a gap in {suggestion}: share")
        assert reading.needs_one_on_one is False


def test_r4_reads_only_the_latest_adkar_check():
    signals = [
        SignalIn.adkar("old", ago(10), awareness=1),
        SignalIn.adkar("new", ago(1), awareness=4, desire=5, knowledge=4),
        SignalIn.adkar("future", ago(-1), desire=1),
    ]
    assert codes(evaluate(EVE, signals=signals, as_of=NOW)) == []
    assert codes(evaluate(EVE, signals=signals, as_of=ago(5))) == ["R4"]


# R5 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_talk", "expected"),
    [(None, ["R5"]), (ago(60), []), (ago(60, seconds=1), ["R5"])],
)
def test_r5_an_influential_unknown_without_a_one_on_one_in_60_days(last_talk, expected):
    talks = [] if last_talk is None else [ConversationIn("c", last_talk, 0)]
    reading = evaluate(LEADER, conversations=talks, as_of=NOW)

    assert reading.category == "unknown"
    assert codes(reading) == expected


def test_r5_message_and_neutral_category():
    talk = ConversationIn("c", ago(61), 0)
    signals = [SignalIn.stage_of_change("s", NOW, "preparation")]
    reading = evaluate(LEADER, conversations=[talk], signals=signals, as_of=NOW)

    assert reading.category == "neutral"
    assert reading.reasons[0].message == (
        "Influential (1.5), neutral so far, and no one-on-one in the last 60 days"
    )


@pytest.mark.parametrize(("nominations", "expected"), [(3, ["R5"]), (2, [])])
def test_r5_influence_threshold_includes_nominations(nominations, expected):
    mid = StakeholderIn("m", "mid_level_leader")
    signals = [SignalIn.peer_nomination(f"n{i}", ago(i), f"p{i}") for i in range(nominations)]

    assert codes(evaluate(mid, signals=signals, as_of=NOW)) == expected


def test_r5_not_for_a_supporter():
    signals = [SignalIn.stage_of_change(f"s{i}", NOW, "maintenance") for i in range(5)]
    reading = evaluate(LEADER, signals=signals, as_of=NOW)

    assert reading.category == "supporter"
    assert codes(reading) == []


# Scheduled one-on-one -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("next_on", "scheduled", "excluded"),
    [
        (TODAY, True, True),
        (TODAY + timedelta(days=7), True, True),
        (TODAY + timedelta(days=8), True, False),
        (TODAY - timedelta(days=1), True, False),
        (TODAY + timedelta(days=3), False, False),
        (None, True, False),
    ],
)
def test_a_one_on_one_scheduled_in_the_next_7_days_suppresses_the_flag(
    next_on, scheduled, excluded
):
    talk = ConversationIn(
        "c", ago(61), 0, next_contact_on=next_on, next_contact_scheduled=scheduled
    )
    reading = evaluate(LEADER, conversations=[talk], as_of=NOW)

    assert codes(reading) == ["R5"]
    assert reading.needs_one_on_one is not excluded
    assert reading.one_on_one_scheduled_on == (next_on if excluded else None)


def test_only_the_latest_conversation_schedules():
    talks = [
        ConversationIn("old", ago(90), 0, next_contact_on=TODAY, next_contact_scheduled=True),
        ConversationIn("new", ago(61), 0),
    ]
    reading = evaluate(LEADER, conversations=talks, as_of=NOW)

    assert reading.needs_one_on_one is True


# Ordering ------------------------------------------------------------------------------------


def test_the_queue_orders_by_reluctance_times_influence_and_drops_the_unflagged():
    concern = [ConcernIn("k", ago(20), 3)]
    a = evaluate(StakeholderIn("a"), concerns=concern, as_of=NOW)  # 29.9 x 1.0
    b = evaluate(StakeholderIn("b", "mid_level_leader"), concerns=concern, as_of=NOW)  # x 1.2
    c = evaluate(StakeholderIn("c", "opinion_leader"), as_of=NOW)  # 16 x 1.5 = 24, R5
    d = evaluate(StakeholderIn("d"), as_of=NOW)  # not flagged
    tie = evaluate(StakeholderIn("a0"), concerns=concern, as_of=NOW)

    queue = one_on_one_queue([d, c, a, tie, b])
    assert [r.stakeholder_id for r in queue] == ["b", "a", "a0", "c"]
    assert [r.one_on_one_priority for r in queue] == pytest.approx(
        [100 * 0.8225 / 2.75 * 1.2, 100 * 0.8225 / 2.75, 100 * 0.8225 / 2.75, 24.0], abs=1e-9
    )


def test_champions_rank_by_the_lower_bound_not_the_mean():
    bold = evaluate(
        StakeholderIn("bold"), signals=[SignalIn.champion_behavior("b", NOW, 3)], as_of=NOW
    )
    steady_signals = [SignalIn.stage_of_change(f"s{i}", NOW, "maintenance") for i in range(6)]
    steady = evaluate(StakeholderIn("steady"), signals=steady_signals, as_of=NOW)
    blank = evaluate(StakeholderIn("blank"), as_of=NOW)

    assert (bold.champion_score, steady.champion_score) == pytest.approx((52.0, 49.0), abs=1e-9)
    assert bold.champion_interval[0] == pytest.approx(100 * beta_dist.ppf(0.1, 1.82, 1.68))
    assert steady.champion_interval[0] == pytest.approx(100 * beta_dist.ppf(0.1, 3.92, 4.08))
    assert [r.stakeholder_id for r in rank_by_lower_bound([blank, bold, steady])] == [
        "steady",
        "bold",
        "blank",
    ]
    assert sorted([bold, blank, steady], key=lambda r: r.sort_key) == [steady, bold, blank]
