from datetime import UTC, date, datetime, timedelta

import pytest

from api.scoring import (
    DEFAULT_SETTINGS,
    AcknowledgementIn,
    CommitmentIn,
    ConcernIn,
    ConversationIn,
    SignalIn,
    StakeholderIn,
    counted_acknowledgements,
    evaluate,
)
from api.scoring.trust import trust_level, wobble

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
DANA = StakeholderIn("dana")


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def dim(weight_value_pairs) -> float:
    """A trust dimension from (w*d, v) pairs with the default prior (2, 0.5)."""
    w = sum(wd for wd, _ in weight_value_pairs)
    wv = sum(wd * v for wd, v in weight_value_pairs)
    return 100 * (1 + wv) / (2 + w)


def test_conversation_ratings_feed_their_own_dimension():
    reading = evaluate(
        DANA,
        conversations=[ConversationIn("c", NOW, 0, authenticity=5, competence=3, empathy=1)],
        as_of=NOW,
    )
    t = reading.trust

    assert (t.authenticity, t.competence, t.empathy) == pytest.approx(
        (200 / 3, 50.0, 100 / 3), abs=1e-9
    )
    assert t.score == pytest.approx(50.0, abs=1e-9)
    assert t.evidence == 3.0
    assert t.level == "developing"
    assert t.wobble == ("empathy",)
    assert [(i.dimension, i.value, i.weight) for i in reading.explanation.trust_inputs] == [
        ("authenticity", 1.0, 1.0),
        ("competence", 0.5, 1.0),
        ("empathy", 0.0, 1.0),
    ]


def test_trust_decays_with_a_180_day_half_life():
    reading = evaluate(DANA, conversations=[ConversationIn("c", ago(180), 0, empathy=5)], as_of=NOW)

    assert reading.trust.empathy == pytest.approx(dim([(0.5, 1.0)]), abs=1e-9)
    assert reading.explanation.trust_inputs[0].weight == pytest.approx(0.5, abs=1e-12)


def test_a_concern_raised_is_candour_whatever_its_status():
    concerns = [
        ConcernIn("k1", ago(10), 1),
        ConcernIn("k2", ago(10), 3, history=((ago(2), "dismissed"),)),
    ]
    reading = evaluate(DANA, concerns=concerns, as_of=NOW)
    wd = 0.5 * 2 ** (-10 / 180)

    assert reading.trust.authenticity == pytest.approx(dim([(wd, 1), (wd, 1)]), abs=1e-9)
    assert reading.trust.competence == 50.0


def test_at_most_two_acknowledgements_count_per_calendar_month():
    acks = [
        AcknowledgementIn("may-1", datetime(2025, 5, 3, tzinfo=UTC)),
        AcknowledgementIn("may-2", datetime(2025, 5, 9, tzinfo=UTC)),
        AcknowledgementIn("may-3", datetime(2025, 5, 31, 23, 59, tzinfo=UTC)),
        AcknowledgementIn("jun-1", datetime(2025, 6, 1, 0, 0, tzinfo=UTC)),
    ]
    reading = evaluate(DANA, acknowledgements=acks, as_of=NOW)

    assert [i.record_id for i in reading.explanation.trust_inputs] == ["may-1", "may-2", "jun-1"]
    weights = [
        0.5 * 2 ** (-(NOW - a.acknowledged_at).total_seconds() / 86400 / 180)
        for a in (acks[0], acks[1], acks[3])
    ]
    expected = dim([(w, 1.0) for w in weights])
    assert reading.trust.empathy == pytest.approx(expected, abs=1e-9)


def test_the_earliest_acknowledgements_of_a_month_are_the_ones_that_count():
    acks = [
        AcknowledgementIn("c", datetime(2025, 5, 20, tzinfo=UTC)),
        AcknowledgementIn("a", datetime(2025, 5, 2, tzinfo=UTC)),
        AcknowledgementIn("b2", datetime(2025, 5, 2, tzinfo=UTC)),
        AcknowledgementIn("b1", datetime(2025, 5, 2, tzinfo=UTC)),
    ]

    assert [a.id for a in counted_acknowledgements(acks, 2)] == ["a", "b1"]
    assert [a.id for a in counted_acknowledgements(acks, 3)] == ["a", "b1", "b2"]


def _team(status: str, changed: datetime | None, due: date | None = None, owner: str = "team"):
    return CommitmentIn("m", owner, due, status, changed, ago(60))


@pytest.mark.parametrize(
    ("commitment", "value", "at"),
    [
        (_team("kept", ago(5)), 1.0, ago(5)),
        (_team("broken", ago(5)), 0.0, ago(5)),
    ],
)
def test_team_commitments_kept_or_broken_feed_competence(commitment, value, at):
    reading = evaluate(DANA, commitments=[commitment], as_of=NOW)
    [item] = reading.explanation.trust_inputs

    assert (item.record_type, item.dimension, item.value, item.at) == (
        "commitment",
        "competence",
        value,
        at,
    )
    wd = 2 ** (-5 / 180)
    assert reading.trust.competence == pytest.approx(dim([(wd, value)]), abs=1e-9)


@pytest.mark.parametrize(
    "commitment",
    [
        _team("kept", ago(5), owner="stakeholder"),
        _team("broken", ago(5), owner="stakeholder"),
        _team("open", None, due=date(2025, 1, 1), owner="stakeholder"),
        _team("cancelled", ago(5), due=date(2025, 1, 1)),
        _team("open", None, due=None),
    ],
)
def test_commitments_that_do_not_feed_trust(commitment):
    reading = evaluate(DANA, commitments=[commitment], as_of=NOW)

    assert reading.explanation.trust_inputs == ()
    assert reading.trust.competence == 50.0


def test_an_open_commitment_counts_as_broken_only_after_seven_days_overdue():
    due = date(2025, 5, 20)
    late_from = datetime(2025, 5, 27, tzinfo=UTC)
    commitment = CommitmentIn("m", "team", due, "open", None, datetime(2025, 5, 1, tzinfo=UTC))

    at_grace = evaluate(DANA, commitments=[commitment], as_of=late_from)
    after = evaluate(DANA, commitments=[commitment], as_of=late_from + timedelta(seconds=1))

    assert at_grace.explanation.trust_inputs == ()
    [item] = after.explanation.trust_inputs
    assert (item.value, item.at, item.dimension) == (0.0, late_from, "competence")
    wd = 2 ** (-1 / 86400 / 180)
    assert after.trust.competence == pytest.approx(dim([(wd, 0.0)]), abs=1e-9)


def test_a_commitment_kept_after_as_of_was_still_open_and_overdue_then():
    commitment = CommitmentIn(
        "m", "team", date(2025, 4, 1), "kept", ago(1), datetime(2025, 3, 1, tzinfo=UTC)
    )
    then = evaluate(DANA, commitments=[commitment], as_of=ago(10))
    now = evaluate(DANA, commitments=[commitment], as_of=NOW)

    assert [(i.value, i.at) for i in then.explanation.trust_inputs] == [
        (0.0, datetime(2025, 4, 8, tzinfo=UTC))
    ]
    assert [(i.value, i.at) for i in now.explanation.trust_inputs] == [(1.0, ago(1))]


def test_a_quick_win_shared_feeds_competence():
    reading = evaluate(DANA, signals=[SignalIn.quick_win("q", NOW)], as_of=NOW)

    assert reading.trust.competence == pytest.approx(dim([(0.5, 1.0)]), abs=1e-9)
    assert reading.trust.evidence == 0.5
    assert reading.trust.level == "unknown"


@pytest.mark.parametrize(
    ("score", "evidence", "level"),
    [
        (90.0, 0.999, "unknown"),
        (39.999, 1.0, "low"),
        (40.0, 1.0, "developing"),
        (59.999, 1.0, "developing"),
        (60.0, 1.0, "established"),
        (79.999, 1.0, "established"),
        (80.0, 1.0, "high"),
        (0.0, 25.0, "low"),
    ],
)
def test_trust_level_cut_offs(score, evidence, level):
    assert trust_level(score, evidence, DEFAULT_SETTINGS) == level


@pytest.mark.parametrize(
    ("values", "weights", "wobbling"),
    [
        ((39.999, 50, 50), (1.0, 1.0, 1.0), ("authenticity",)),
        ((40.0, 50, 50), (1.0, 1.0, 1.0), ()),
        ((39.0, 50, 50), (0.999, 1.0, 1.0), ()),
        ((39.0, 10, 20), (1.0, 1.0, 5.0), ("authenticity", "competence", "empathy")),
    ],
)
def test_wobble_needs_a_low_dimension_with_evidence_of_its_own(values, weights, wobbling):
    assert wobble(values, weights, DEFAULT_SETTINGS) == wobbling
