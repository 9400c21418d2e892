"""The worked examples of SCORING.md section 8, to 0.1 points."""

from datetime import UTC, datetime, timedelta

import pytest

from api.scoring import ConcernIn, ConversationIn, SignalIn, StakeholderIn, evaluate

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
ALICE = StakeholderIn("alice", "innovation_deliverer")


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def points(reading, record_id):
    [c] = [c for c in reading.explanation.contributions if c.record_id == record_id]
    return c


def test_case_1_one_glowing_conversation_is_not_a_champion():
    reading = evaluate(ALICE, conversations=[ConversationIn("c1", NOW, tone=2)], as_of=NOW)

    assert reading.champion_score == pytest.approx(27.3, abs=0.05)
    assert reading.reluctance_score == pytest.approx(10.7, abs=0.05)
    assert reading.confidence == pytest.approx(0.33, abs=0.005)
    assert reading.category == "neutral"
    assert reading.needs_one_on_one is False
    assert reading.reasons == ()


def test_case_2_three_behaviours_and_a_readiness_check_make_a_champion():
    reading = evaluate(
        ALICE,
        signals=[
            SignalIn.champion_behavior("b5", ago(5), intensity=3),
            SignalIn.champion_behavior("b20", ago(20), intensity=3),
            SignalIn.champion_behavior("b40", ago(40), intensity=3),
            SignalIn.readiness_check("ready", NOW, commitment=4.8, efficacy=4.2),
        ],
        as_of=NOW,
    )

    assert reading.champion_score == pytest.approx(68.9, abs=0.05)
    assert reading.explanation.prior_champion_points == pytest.approx(4.1, abs=0.05)
    assert points(reading, "b5").champion_points == pytest.approx(18.4, abs=0.05)
    assert points(reading, "b20").champion_points == pytest.approx(16.4, abs=0.05)
    assert points(reading, "b40").champion_points == pytest.approx(14.1, abs=0.05)
    assert points(reading, "ready").champion_points == pytest.approx(15.9, abs=0.05)
    assert reading.reluctance_score == pytest.approx(4.1, abs=0.05)
    assert reading.confidence == pytest.approx(0.74, abs=0.005)
    assert reading.category == "champion"


def _case_3(concern_at: datetime, conversation_id: str | None) -> object:
    return evaluate(
        ALICE,
        conversations=[ConversationIn("talk", ago(10), tone=-1)],
        concerns=[
            ConcernIn("k1", concern_at, severity=3, conversation_id=conversation_id),
            ConcernIn("k2", concern_at, severity=3, conversation_id=conversation_id),
        ],
        as_of=NOW,
    )


def test_case_3_open_concerns_make_a_hesitant_stakeholder():
    reading = _case_3(ago(10), "talk")

    assert reading.reluctance_score == pytest.approx(40.4, abs=0.05)
    assert reading.champion_score == pytest.approx(7.2, abs=0.05)
    assert reading.category == "hesitant"
    # Raised in that very conversation, so they are not newer than it: no R1.
    assert reading.reasons == ()


def test_case_3_r1_holds_when_the_concerns_came_after_the_conversation():
    reading = _case_3(ago(9), None)

    assert reading.reluctance_score == pytest.approx(40.4, abs=0.05)
    assert reading.category == "hesitant"
    assert [r.code for r in reading.reasons] == ["R1"]
    assert reading.reasons[0].message == (
        "Hesitant, and a concern or resistance was recorded after the last one-on-one"
    )
    assert reading.needs_one_on_one is True
