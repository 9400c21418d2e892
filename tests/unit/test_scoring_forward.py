import math
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from api.scoring import (
    AcknowledgementIn,
    CommitmentIn,
    ConcernIn,
    ConversationIn,
    ForwardSums,
    RecordLog,
    ScoringSettings,
    SignalIn,
    StakeholderFacts,
    StakeholderIn,
    accumulate,
    evaluate,
    facts_from_log,
    horizon,
    read,
    read_sums,
    record_terms,
)
from api.scoring.forward import LANDMARK, growth

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
FRAN = StakeholderIn("fran", "opinion_leader")


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def sample_log() -> RecordLog:
    return RecordLog(
        conversations=(
            ConversationIn("c1", ago(70), -1, authenticity=2, competence=3),
            ConversationIn("c2", ago(12), 1, empathy=4, next_contact_on=date(2025, 6, 20)),
        ),
        concerns=(
            ConcernIn("k1", ago(70), 3, "c1"),
            ConcernIn("k2", ago(40), 2, history=((ago(20), "being_addressed"),)),
            ConcernIn("k3", ago(200), 1, history=((ago(150), "resolved"),)),
        ),
        acknowledgements=(
            AcknowledgementIn("a1", datetime(2025, 5, 2, tzinfo=UTC)),
            AcknowledgementIn("a2", datetime(2025, 5, 3, tzinfo=UTC)),
            AcknowledgementIn("a3", datetime(2025, 5, 4, tzinfo=UTC)),
        ),
        signals=(
            SignalIn.champion_behavior("s1", ago(8), 2, "ownership"),
            SignalIn.resistance_behavior("s2", ago(30), 1),
            SignalIn.readiness_check("s3", ago(3), 3.6, 2.4),
            SignalIn.adkar("s4", ago(2), awareness=4, desire=4, knowledge=2),
            SignalIn.peer_nomination("s5", ago(100), "gil"),
            SignalIn.quick_win("s6", ago(6)),
        ),
        commitments=(
            CommitmentIn("m1", "team", date(2025, 5, 1), "kept", ago(35), ago(60)),
            CommitmentIn("m2", "team", date(2025, 5, 10), "open", None, ago(50)),
            CommitmentIn("m3", "stakeholder", date(2025, 5, 10), "broken", ago(9), ago(50)),
        ),
    )


def as_kwargs(log: RecordLog) -> dict:
    return {f.name: getattr(log, f.name) for f in fields(RecordLog)}


def assert_sums_close(a: ForwardSums, b: ForwardSums, scale: float = 1.0) -> None:
    for f in fields(ForwardSums):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9 * scale), f.name


def test_reading_the_accumulator_equals_evaluating_the_log(assert_same_reading):
    log = sample_log()
    acc = accumulate(**as_kwargs(log))

    incremental = read(acc, facts_from_log(log), FRAN, NOW)
    full = evaluate(FRAN, **as_kwargs(log), as_of=NOW)

    assert_same_reading(incremental, full)
    assert incremental.explanation is None
    # The sample exercises the parts that live outside the sums.
    assert [
        (i.record_id, i.at, i.value)
        for i in full.explanation.trust_inputs
        if i.record_type == "commitment"
    ] == [("m1", ago(35), 1.0), ("m2", datetime(2025, 5, 17, tzinfo=UTC), 0.0)]
    assert [r.code for r in full.suggestions] == ["R4"]


def test_the_accumulator_is_the_sum_of_record_terms():
    log = sample_log()
    total = ForwardSums()
    for record in (*log.conversations, *log.concerns, *log.signals, *log.commitments):
        total += record_terms(record)
    # The third acknowledgement of May is over the monthly cap.
    for ack in log.acknowledgements[:2]:
        total += record_terms(ack)

    assert_sums_close(total, accumulate(**as_kwargs(log)))


def test_an_open_concern_sits_in_the_non_decaying_sums():
    terms = record_terms(ConcernIn("k", ago(10), 3))

    assert (terms.evidence, terms.reluctance) == (0.0, 0.0)
    assert (terms.open_evidence, terms.open_reluctance) == pytest.approx((0.75, 0.5025), abs=1e-15)
    assert terms.authenticity_weight == pytest.approx(0.5 * growth(ago(10), 180), rel=1e-15)


def test_a_status_change_moves_a_concern_from_the_open_sums_to_the_decaying_ones(
    assert_same_reading,
):
    log = sample_log()
    acc = accumulate(**as_kwargs(log))
    before = log.concerns[0]
    after = replace(before, history=((ago(1), "resolved"),))

    updated = acc - record_terms(before) + record_terms(after)
    new_log = replace(log, concerns=(after, *log.concerns[1:]))

    assert_sums_close(updated, accumulate(**as_kwargs(new_log)), scale=growth(NOW, 90))
    assert_same_reading(
        read(updated, facts_from_log(new_log), FRAN, NOW),
        evaluate(FRAN, **as_kwargs(new_log), as_of=NOW),
    )


def test_reading_later_only_decays_the_stored_sums(assert_same_reading):
    log = sample_log()
    acc = accumulate(**as_kwargs(log))
    later = NOW + timedelta(days=45)

    assert_same_reading(
        read(acc, facts_from_log(log), FRAN, later), evaluate(FRAN, **as_kwargs(log), as_of=later)
    )


def test_overdue_team_commitments_are_added_at_read_time_from_the_facts():
    facts = StakeholderFacts(open_team_commitment_due_dates=(date(2025, 5, 20),))
    late_from = datetime(2025, 5, 27, tzinfo=UTC)

    _, on_time = read_sums(ForwardSums(), facts, late_from, ScoringSettings())
    _, late = read_sums(ForwardSums(), facts, NOW, ScoringSettings())

    assert on_time.competence.weight == 0.0
    assert late.competence.weight == pytest.approx(2 ** (-(6 + 9.5 / 24) / 180), abs=1e-12)
    assert late.competence.weighted_value == 0.0


def test_the_sums_hold_until_2200_with_a_90_day_half_life(assert_same_reading):
    when = datetime(2200, 1, 1, tzinfo=UTC)
    exponent = (when - LANDMARK).total_seconds() / 86400 / 90

    assert exponent == pytest.approx(730.5, abs=0.1)
    assert growth(when, 90) == pytest.approx(2**exponent, rel=1e-12)
    assert math.isfinite(growth(when, 90) * 2**63)
    log = RecordLog(
        conversations=(ConversationIn("c", when - timedelta(days=3), 2, empathy=5),),
        signals=(SignalIn.champion_behavior("b", when - timedelta(days=40), 3),),
        concerns=(ConcernIn("k", when - timedelta(days=9), 2),),
    )
    assert_same_reading(
        read(accumulate(**as_kwargs(log)), facts_from_log(log), FRAN, when),
        evaluate(FRAN, **as_kwargs(log), as_of=when),
    )


def test_the_horizon_follows_the_half_life_and_is_enforced():
    assert horizon(90).year == 2256
    assert horizon(180).year == 2493
    with pytest.raises(ValueError, match="beyond the forward-decay range of 960 half-lives"):
        record_terms(ConversationIn("c", datetime(2300, 1, 1, tzinfo=UTC), 0))
    short = ScoringSettings(stance_half_life_days=30)
    with pytest.raises(ValueError, match=r"\(30 days\)"):
        record_terms(ConversationIn("c", datetime(2200, 1, 1, tzinfo=UTC), 0), short)


def test_read_refuses_a_naive_now():
    with pytest.raises(ValueError, match="now: must be a timezone-aware datetime"):
        read(ForwardSums(), StakeholderFacts(), FRAN, datetime(2025, 6, 2))
