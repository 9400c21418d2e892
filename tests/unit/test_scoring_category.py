from datetime import UTC, datetime, timedelta

import pytest

from api.scoring import (
    DEFAULT_SETTINGS,
    ConcernIn,
    ConversationIn,
    SignalIn,
    StakeholderIn,
    categorize,
    evaluate,
)

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
EPS = 1e-9


def ago(days: float, seconds: float = 0) -> datetime:
    return NOW - timedelta(days=days, seconds=seconds)


def category(
    champion: float,
    reluctance: float,
    *,
    confidence: float = 0.7,
    evidence: float = 5.0,
    last_record: datetime | None = NOW,
    last_behavior: datetime | None = NOW,
) -> str:
    return categorize(
        champion_score=champion,
        reluctance_score=reluctance,
        confidence=confidence,
        evidence=evidence,
        last_stance_record_at=last_record,
        last_champion_behavior_at=last_behavior,
        as_of=NOW,
        settings=DEFAULT_SETTINGS,
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # unknown: too little evidence, or nothing in the last 180 days
        ({"evidence": 1 - EPS}, "unknown"),
        ({"evidence": 1.0}, "neutral"),
        ({"last_record": None}, "unknown"),
        ({"last_record": ago(180)}, "neutral"),
        ({"last_record": ago(180, seconds=1)}, "unknown"),
    ],
)
def test_unknown(kwargs, expected):
    assert category(20, 20, **kwargs) == expected


@pytest.mark.parametrize(
    ("champion", "reluctance", "kwargs", "expected"),
    [
        # ambivalent: champion >= 45 and reluctance >= 35, before every other rule
        (45, 35, {}, "ambivalent"),
        (45 - EPS, 35, {}, "hesitant"),
        (45, 35 - EPS, {}, "supporter"),
        (80, 60, {}, "ambivalent"),
        # champion: >= 65, reluctance < 30, confidence >= 0.6, a behaviour in the last 90 days
        (65, 30 - EPS, {"confidence": 0.6, "last_behavior": ago(90)}, "champion"),
        (65 - EPS, 20, {}, "supporter"),
        (70, 30, {}, "supporter"),
        (70, 20, {"confidence": 0.6 - EPS}, "supporter"),
        (70, 20, {"last_behavior": ago(90, seconds=1)}, "supporter"),
        (70, 20, {"last_behavior": None}, "supporter"),
        # reluctant: reluctance >= 55 and confidence >= 0.5
        (10, 55, {"confidence": 0.5}, "reluctant"),
        (10, 55 - EPS, {}, "hesitant"),
        (10, 60, {"confidence": 0.5 - EPS}, "hesitant"),
        (44, 60, {}, "reluctant"),
        # supporter: champion >= 45
        (45, 0, {}, "supporter"),
        (45 - EPS, 0, {}, "neutral"),
        # hesitant: reluctance >= 35
        (0, 35, {}, "hesitant"),
        (0, 35 - EPS, {}, "neutral"),
        (16, 16, {}, "neutral"),
    ],
)
def test_rules_in_order(champion, reluctance, kwargs, expected):
    assert category(champion, reluctance, **kwargs) == expected


def test_a_single_conversation_fades_below_the_evidence_needed_within_a_day():
    talk = [ConversationIn("c", ago(0, seconds=1), tone=0)]

    assert evaluate(StakeholderIn("s"), conversations=talk, as_of=ago(0, seconds=1)).category == (
        "neutral"
    )
    assert evaluate(StakeholderIn("s"), conversations=talk, as_of=NOW).category == "unknown"


def test_old_open_concerns_alone_give_unknown_after_180_quiet_days():
    concerns = [ConcernIn(f"k{i}", ago(181), 3) for i in range(3)]
    reading = evaluate(StakeholderIn("s"), concerns=concerns, as_of=NOW)

    assert reading.confidence == pytest.approx(2.25 / 4.25, abs=1e-12)
    assert reading.reluctance_score == pytest.approx(100 * (0.32 + 3 * 0.5025) / 4.25, abs=1e-9)
    assert reading.category == "unknown"


def test_a_champion_needs_a_recent_behaviour_not_just_high_scores():
    signals = [
        SignalIn.champion_behavior("b", ago(91), 3),
        SignalIn.readiness_check("r1", ago(1), 5, 5),
        SignalIn.readiness_check("r2", ago(2), 5, 5),
        SignalIn.readiness_check("r3", ago(3), 5, 5),
        SignalIn.stage_of_change("s", ago(1), "maintenance"),
    ]
    reading = evaluate(StakeholderIn("s"), signals=signals, as_of=NOW)

    assert reading.champion_score == pytest.approx(66.2, abs=0.05)
    assert reading.reluctance_score == pytest.approx(3.3, abs=0.05)
    assert reading.confidence == pytest.approx(0.79, abs=0.005)
    assert reading.category == "supporter"

    recent = [*signals, SignalIn.champion_behavior("b2", ago(89), 3)]
    assert evaluate(StakeholderIn("s"), signals=recent, as_of=NOW).category == "champion"
