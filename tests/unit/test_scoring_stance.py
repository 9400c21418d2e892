import math
from datetime import UTC, datetime, timedelta

import pytest
from scipy.stats import beta as beta_dist

from api.scoring import (
    DEFAULT_SETTINGS,
    ConcernIn,
    ConversationIn,
    ScoringSettings,
    SignalIn,
    StakeholderIn,
    evaluate,
)
from api.scoring.stance import concern_item, conversation_item, signal_item

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
BOB = StakeholderIn("bob")


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def contribution(reading, record_id):
    [c] = [c for c in reading.explanation.contributions if c.record_id == record_id]
    return c


@pytest.mark.parametrize(
    ("signal", "weight", "a", "r"),
    [
        (SignalIn.champion_behavior("s", NOW, 1), 1.5, 1 / 3, 0.0),
        (SignalIn.champion_behavior("s", NOW, 2), 1.5, 2 / 3, 0.0),
        (SignalIn.champion_behavior("s", NOW, 3), 1.5, 1.0, 0.0),
        (SignalIn.resistance_behavior("s", NOW, 1, "emotional"), 1.5, 0.0, 1 / 3),
        (SignalIn.resistance_behavior("s", NOW, 3, "behavioral"), 1.5, 0.0, 1.0),
        (SignalIn.readiness_check("s", NOW, 4.8, 4.2), 2.0, 0.8 * 0.78, 0.0),
        (SignalIn.readiness_check("s", NOW, 5, 5), 2.0, 0.8, 0.0),
        (SignalIn.readiness_check("s", NOW, 3, 3), 2.0, 0.0, 0.0),
        (SignalIn.readiness_check("s", NOW, 1, 1), 2.0, 0.0, 0.8),
        (SignalIn.readiness_check("s", NOW, 2, 1), 2.0, 0.0, 0.8 * 0.7),
        (SignalIn.stage_of_change("s", NOW, "precontemplation"), 1.0, 0.0, 0.6),
        (SignalIn.stage_of_change("s", NOW, "contemplation"), 1.0, 0.0, 0.3),
        (SignalIn.stage_of_change("s", NOW, "preparation"), 1.0, 0.0, 0.0),
        (SignalIn.stage_of_change("s", NOW, "action"), 1.0, 0.3, 0.0),
        (SignalIn.stage_of_change("s", NOW, "maintenance"), 1.0, 0.6, 0.0),
        (SignalIn.adkar("s", NOW, desire=1), 1.0, 0.0, 0.6),
        (SignalIn.adkar("s", NOW, desire=2, awareness=5), 1.0, 0.0, 0.3),
        (SignalIn.adkar("s", NOW, desire=3), 1.0, 0.0, 0.0),
        (SignalIn.adkar("s", NOW, desire=5, knowledge=1), 1.0, 0.6, 0.0),
    ],
)
def test_signal_values_follow_the_table(signal, weight, a, r):
    item = signal_item(signal, DEFAULT_SETTINGS)

    assert (item.weight, item.a, item.r) == pytest.approx((weight, a, r), abs=1e-12)
    assert item.decays_from == NOW


@pytest.mark.parametrize(
    "signal",
    [
        SignalIn.adkar("s", NOW, awareness=1, knowledge=2),
        SignalIn.peer_nomination("s", NOW, "carol"),
        SignalIn.quick_win("s", NOW),
    ],
)
def test_signals_without_stance_are_not_stance_evidence(signal):
    assert signal_item(signal, DEFAULT_SETTINGS) is None
    reading = evaluate(BOB, signals=[signal], as_of=NOW)
    assert reading.explanation.contributions == ()
    assert reading.confidence == 0.0


@pytest.mark.parametrize(
    ("tone", "a", "r"), [(2, 0.5, 0.0), (1, 0.25, 0.0), (0, 0.0, 0.0), (-1, 0.0, 0.5), (-2, 0, 1)]
)
def test_conversation_tone(tone, a, r):
    item = conversation_item(ConversationIn("c", NOW, tone), DEFAULT_SETTINGS)

    assert (item.weight, item.a, item.r) == (1.0, a, r)


@pytest.mark.parametrize(
    ("severity", "status", "r"),
    [
        (1, "open", 0.67 / 3),
        (2, "open", 0.67 * 2 / 3),
        (3, "open", 0.67),
        (3, "being_addressed", 0.335),
        (3, "resolved", 0.0),
        (3, "dismissed", 0.0),
    ],
)
def test_concern_severity_and_status(severity, status, r):
    concern = ConcernIn("k", ago(10), severity, history=((ago(5), status),))
    item = concern_item(concern, DEFAULT_SETTINGS, NOW)

    assert (item.weight, item.a) == (0.75, 0.0)
    assert item.r == pytest.approx(r, abs=1e-12)
    assert item.decays_from == (None if status == "open" else ago(5))


def test_scores_are_the_posterior_means():
    reading = evaluate(
        BOB,
        conversations=[ConversationIn("c", NOW, tone=-2)],
        signals=[SignalIn.resistance_behavior("r", NOW, 3)],
        as_of=NOW,
    )

    assert reading.reluctance_score == pytest.approx(100 * 2.82 / 4.5, abs=1e-9)
    assert reading.champion_score == pytest.approx(100 * 0.32 / 4.5, abs=1e-9)
    assert reading.confidence == pytest.approx(2.5 / 4.5, abs=1e-12)
    assert reading.category == "reluctant"


def test_the_champion_interval_is_the_80_percent_equal_tailed_beta_interval():
    reading = evaluate(
        BOB,
        signals=[
            SignalIn.champion_behavior("b", ago(30), 2),
            SignalIn.stage_of_change("s", ago(3), "action"),
        ],
        as_of=NOW,
    )
    d30, d3 = 2 ** (-30 / 90), 2 ** (-3 / 90)
    e = 1.5 * d30 + d3
    a = 1.5 * d30 * 2 / 3 + 0.3 * d3
    alpha, beta = 0.32 + a, 1.68 + e - a

    low, high = reading.champion_interval
    assert low == pytest.approx(100 * beta_dist.ppf(0.1, alpha, beta), abs=1e-7)
    assert high == pytest.approx(100 * beta_dist.ppf(0.9, alpha, beta), abs=1e-7)


def test_a_wider_credible_interval_setting_is_honoured():
    signals = [SignalIn.champion_behavior("b", NOW, 3)]
    narrow = evaluate(BOB, signals=signals, as_of=NOW)
    wide = evaluate(
        BOB, signals=signals, as_of=NOW, settings=ScoringSettings(credible_interval=0.95)
    )

    assert wide.champion_interval == pytest.approx(
        (100 * beta_dist.ppf(0.025, 1.82, 1.68), 100 * beta_dist.ppf(0.975, 1.82, 1.68)),
        abs=1e-7,
    )
    assert narrow.champion_interval == pytest.approx(
        (100 * beta_dist.ppf(0.1, 1.82, 1.68), 100 * beta_dist.ppf(0.9, 1.82, 1.68)), abs=1e-7
    )


def test_records_decay_with_a_90_day_half_life():
    reading = evaluate(BOB, signals=[SignalIn.champion_behavior("b", ago(90), 3)], as_of=NOW)
    c = contribution(reading, "b")

    assert c.decay == pytest.approx(0.5, abs=1e-12)
    assert c.weight == pytest.approx(0.75, abs=1e-12)
    assert c.champion_points == pytest.approx(100 * 0.75 / 2.75, abs=1e-9)


def test_an_open_concern_does_not_decay():
    reading = evaluate(BOB, concerns=[ConcernIn("k", ago(400), 3)], as_of=NOW)
    c = contribution(reading, "k")

    assert (c.decay, c.weight) == (1.0, 0.75)
    assert c.reluctance_points == pytest.approx(100 * 0.75 * 0.67 / 2.75, abs=1e-9)


def test_a_resolved_concern_decays_from_its_resolution_and_still_counts_as_evidence():
    concern = ConcernIn("k", ago(400), 3, history=((ago(30), "resolved"),))
    reading = evaluate(BOB, concerns=[concern], as_of=NOW)
    c = contribution(reading, "k")

    assert c.decay == pytest.approx(2 ** (-30 / 90), abs=1e-12)
    assert c.weight == pytest.approx(0.75 * 2 ** (-30 / 90), abs=1e-12)
    assert c.reluctance_points == 0.0
    assert reading.confidence == pytest.approx(c.weight / (2 + c.weight), abs=1e-12)


def test_a_concern_being_addressed_counts_half_and_decays_from_that_change():
    concern = ConcernIn("k", ago(400), 3, history=((ago(45), "being_addressed"),))
    reading = evaluate(BOB, concerns=[concern], as_of=NOW)
    c = contribution(reading, "k")
    wd = 0.75 * 2 ** (-0.5)

    assert c.weight == pytest.approx(wd, abs=1e-12)
    assert c.reluctance_points == pytest.approx(100 * wd * 0.335 / (2 + wd), abs=1e-9)


def test_a_reopened_concern_stops_decaying_again():
    concern = ConcernIn("k", ago(400), 2, history=((ago(300), "resolved"), (ago(10), "open")))
    c = contribution(evaluate(BOB, concerns=[concern], as_of=NOW), "k")

    assert (c.decay, c.weight) == (1.0, 0.75)


def test_a_past_as_of_uses_the_status_the_concern_had_then():
    concern = ConcernIn("k", ago(100), 3, history=((ago(10), "resolved"),))
    then = evaluate(BOB, concerns=[concern], as_of=ago(20))
    now = evaluate(BOB, concerns=[concern], as_of=NOW)

    assert contribution(then, "k").weight == 0.75
    assert then.reluctance_score == pytest.approx(100 * (0.32 + 0.5025) / 2.75, abs=1e-9)
    assert contribution(now, "k").reluctance_points == 0.0
    assert then.as_of == ago(20)


def test_records_after_as_of_are_ignored_and_records_at_as_of_count():
    reading = evaluate(
        BOB,
        conversations=[ConversationIn("now", NOW, 2), ConversationIn("later", ago(-1e-5), -2)],
        concerns=[ConcernIn("future", NOW + timedelta(seconds=1), 3)],
        signals=[SignalIn.champion_behavior("tomorrow", ago(-1), 3)],
        as_of=NOW,
    )

    assert [c.record_id for c in reading.explanation.contributions] == ["now"]
    assert reading.champion_score == pytest.approx(100 * 0.82 / 3, abs=1e-9)


def test_a_record_with_no_points_is_still_listed_and_lowers_uncertainty():
    reading = evaluate(BOB, signals=[SignalIn.stage_of_change("p", NOW, "preparation")], as_of=NOW)
    c = contribution(reading, "p")

    assert (c.weight, c.champion_points, c.reluctance_points) == (1.0, 0.0, 0.0)
    assert reading.confidence == pytest.approx(1 / 3, abs=1e-12)
    assert reading.champion_score == pytest.approx(100 * 0.32 / 3, abs=1e-9)
    # Beta(0.32, 2.68) rather than the prior's Beta(0.32, 1.68): a narrower interval.
    assert reading.champion_interval == pytest.approx(
        (100 * beta_dist.ppf(0.1, 0.32, 2.68), 100 * beta_dist.ppf(0.9, 0.32, 2.68)), abs=1e-7
    )
    prior_only = evaluate(BOB, as_of=NOW).champion_interval
    assert prior_only == pytest.approx(
        (100 * beta_dist.ppf(0.1, 0.32, 1.68), 100 * beta_dist.ppf(0.9, 0.32, 1.68)), abs=1e-7
    )


def test_the_explanation_adds_up_to_both_scores():
    reading = evaluate(
        BOB,
        conversations=[ConversationIn("c1", ago(3), 1), ConversationIn("c2", ago(50), -1)],
        concerns=[ConcernIn("k", ago(20), 2, history=((ago(4), "being_addressed"),))],
        signals=[
            SignalIn.champion_behavior("b", ago(12), 2),
            SignalIn.readiness_check("rc", ago(7), 3.4, 2.2),
            SignalIn.adkar("ad", ago(1), desire=4),
        ],
        as_of=NOW,
    )
    ex = reading.explanation

    champion = ex.prior_champion_points + math.fsum(c.champion_points for c in ex.contributions)
    reluctance = ex.prior_reluctance_points + math.fsum(
        c.reluctance_points for c in ex.contributions
    )
    assert champion == pytest.approx(reading.champion_score, abs=1e-9)
    assert reluctance == pytest.approx(reading.reluctance_score, abs=1e-9)
    assert [c.record_id for c in ex.contributions] == ["c2", "k", "b", "rc", "c1", "ad"]
    assert ex.evidence == pytest.approx(math.fsum(c.weight for c in ex.contributions), abs=1e-12)
