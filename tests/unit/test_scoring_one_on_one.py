"""R1 to R3 of SCORING.md section 7."""

from datetime import UTC, datetime, timedelta

import pytest

from api.scoring import (
    ConcernIn,
    ConversationIn,
    Reason,
    SignalIn,
    StakeholderIn,
    evaluate,
)

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
EVE = StakeholderIn("eve")


def ago(days: float, seconds: float = 0) -> datetime:
    return NOW - timedelta(days=days, seconds=seconds)


def codes(reading) -> list[str]:
    return [r.code for r in reading.reasons]


# R1 ------------------------------------------------------------------------------------------

PRECONTEMPLATION = [SignalIn.stage_of_change(f"p{i}", NOW, "precontemplation") for i in (1, 2)]


@pytest.mark.parametrize(
    ("last_talk", "expected"),
    [
        (ago(30), []),
        (ago(30, seconds=1), ["R1"]),
    ],
)
def test_r1_a_hesitant_stakeholder_without_a_one_on_one_in_30_days(last_talk, expected):
    reading = evaluate(
        EVE, conversations=[ConversationIn("c", last_talk, -2)], signals=PRECONTEMPLATION, as_of=NOW
    )

    assert reading.category == "hesitant"
    assert codes(reading) == expected
    assert reading.needs_one_on_one is bool(expected)


def test_r1_message_names_the_category_and_the_window():
    reading = evaluate(
        EVE, conversations=[ConversationIn("c", ago(31), -2)], signals=PRECONTEMPLATION, as_of=NOW
    )

    assert reading.reasons[0].message == "Hesitant, and no one-on-one in the last 30 days"


def test_r1_never_had_a_one_on_one():
    reading = evaluate(EVE, signals=PRECONTEMPLATION, as_of=NOW)

    assert reading.category == "hesitant"
    assert reading.reasons[0].message == "Hesitant, and has not had a one-on-one yet"


@pytest.mark.parametrize(
    ("resistance_at", "expected"),
    [
        (ago(5), []),
        (ago(5) + timedelta(seconds=1), ["R1"]),
        (ago(1), ["R1"]),
    ],
)
def test_r1_resistance_newer_than_the_last_one_on_one(resistance_at, expected):
    reading = evaluate(
        EVE,
        conversations=[ConversationIn("c", ago(5), -2)],
        signals=[*PRECONTEMPLATION, SignalIn.resistance_behavior("r", resistance_at, 3)],
        as_of=NOW,
    )

    assert reading.category == "reluctant"
    assert codes(reading) == expected


def test_r1_a_concern_newer_than_the_last_one_on_one():
    reading = evaluate(
        EVE,
        conversations=[ConversationIn("c", ago(5), -2)],
        concerns=[ConcernIn("k", ago(2), 1)],
        signals=PRECONTEMPLATION,
        as_of=NOW,
    )

    assert reading.category == "hesitant"
    assert codes(reading) == ["R1"]


def test_r1_does_not_apply_to_other_categories():
    reading = evaluate(
        EVE, signals=[SignalIn.stage_of_change("s", NOW, "contemplation")], as_of=NOW
    )

    assert reading.category == "neutral"
    assert codes(reading) == []


def test_r1_applies_to_ambivalent():
    signals = [SignalIn.champion_behavior(f"b{i}", NOW, 3) for i in range(4)]
    signals += [SignalIn.resistance_behavior(f"r{i}", NOW, 3) for i in range(3)]
    reading = evaluate(EVE, signals=signals, as_of=NOW)

    assert reading.category == "ambivalent"
    assert reading.champion_score == pytest.approx(100 * 6.32 / 12.5, abs=1e-9)
    assert reading.reluctance_score == pytest.approx(100 * 4.82 / 12.5, abs=1e-9)
    assert reading.reasons[0].message == "Ambivalent, and has not had a one-on-one yet"


# R2 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raised", "expected"),
    [(ago(14), ["R2"]), (ago(14) + timedelta(seconds=1), [])],
)
def test_r2_a_severe_open_concern_14_days_without_a_one_on_one(raised, expected):
    reading = evaluate(EVE, concerns=[ConcernIn("k", raised, 3)], as_of=NOW)

    assert reading.category == "unknown"
    assert codes(reading) == expected


def test_r2_message():
    reading = evaluate(EVE, concerns=[ConcernIn("k", ago(21.5), 3)], as_of=NOW)

    assert reading.reasons == (
        Reason("R2", "A severity-3 concern raised 21 days ago has had no one-on-one since"),
    )


def test_r2_message_for_several_concerns():
    concerns = [ConcernIn("k1", ago(15), 3), ConcernIn("k2", ago(40), 3)]
    reading = evaluate(EVE, concerns=concerns, as_of=NOW)

    assert reading.category == "hesitant"
    assert reading.reasons == (
        Reason("R1", "Hesitant, and has not had a one-on-one yet"),
        Reason(
            "R2",
            "2 severity-3 concerns, the oldest raised 40 days ago, have had no one-on-one since",
        ),
    )


@pytest.mark.parametrize(
    ("concern", "talks", "expected"),
    [
        # a conversation after it answers it; one at the same moment or before does not
        (ConcernIn("k", ago(20), 3), [ConversationIn("c", ago(19), 0)], []),
        (ConcernIn("k", ago(20), 3), [ConversationIn("c", ago(20), 0)], ["R2"]),
        (ConcernIn("k", ago(20), 3), [ConversationIn("c", ago(25), 0)], ["R2"]),
        # raised in a conversation: only a later conversation answers it
        (ConcernIn("k", ago(20), 3, "c"), [ConversationIn("c", ago(20), 0)], ["R2"]),
        (
            ConcernIn("k", ago(20), 3, "c"),
            [ConversationIn("c", ago(20), 0), ConversationIn("d", ago(18), 0)],
            [],
        ),
        # only open concerns of severity 3
        (ConcernIn("k", ago(20), 2), [], []),
        (ConcernIn("k", ago(20), 3, history=((ago(16), "being_addressed"),)), [], []),
        (ConcernIn("k", ago(20), 3, history=((ago(16), "resolved"),)), [], []),
    ],
)
def test_r2_follow_up(concern, talks, expected):
    reading = evaluate(EVE, concerns=[concern], conversations=talks, as_of=NOW)

    assert codes(reading) == expected


# R3 ------------------------------------------------------------------------------------------


def test_r3_a_wobbling_dimension():
    reading = evaluate(EVE, conversations=[ConversationIn("c", NOW, 0, empathy=1)], as_of=NOW)

    assert reading.trust.level == "developing"
    assert codes(reading) == ["R3"]
    assert reading.reasons[0].message == "Trust is wobbling on empathy"


def test_r3_not_for_a_dimension_above_the_wobble_line():
    reading = evaluate(EVE, conversations=[ConversationIn("c", NOW, 0, empathy=2)], as_of=NOW)

    assert reading.trust.empathy == pytest.approx(125 / 3, abs=1e-9)
    assert codes(reading) == []


def test_r3_not_while_a_low_dimension_has_under_one_unit_of_evidence():
    reading = evaluate(EVE, conversations=[ConversationIn("c", ago(1), 0, empathy=1)], as_of=NOW)

    assert reading.trust.empathy == pytest.approx(100 / (2 + 2 ** (-1 / 180)), abs=1e-9)
    assert reading.trust.wobble == ()
    assert reading.trust.level == "unknown"
    assert codes(reading) == []


def test_r3_low_trust():
    talk = ConversationIn("c", NOW, 0, authenticity=1, competence=1, empathy=1)
    reading = evaluate(EVE, conversations=[talk], as_of=NOW)

    assert reading.trust.level == "low"
    assert reading.reasons[0].message == (
        "Trust is low (33 of 100) and trust is wobbling on authenticity, competence and empathy"
    )
