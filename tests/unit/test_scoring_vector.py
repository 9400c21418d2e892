"""The vectorised reader computes what the scalar `forward.read` computes."""

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betaincinv

from api.scoring import (
    DEFAULT_SETTINGS,
    ScoringSettings,
    StakeholderFacts,
    StakeholderIn,
    accumulate,
    facts_from_log,
    read,
)
from api.scoring.facts import OpenConcern
from api.scoring.forward import _read_factor
from api.scoring.vector import FactColumns, beta_quantile, read_many, sums_array
from tests.unit.test_scoring_properties import NOW, logs, records, stakeholders

props = settings(max_examples=60, deadline=None)


@props
@given(
    st.lists(st.tuples(logs(), stakeholders), min_size=1, max_size=6), st.integers(0, 400 * 86_400)
)
def test_read_many_equals_read_for_any_logs(assert_same_reading, people, later):
    now = NOW + timedelta(seconds=later)
    accs = [accumulate(**records(log)) for log, _ in people]
    facts = [facts_from_log(log) for log, _ in people]
    subjects = [replace(st_, id=f"subject{i}") for i, (_, st_) in enumerate(people)]
    columns = read_many(sums_array(accs), FactColumns.from_facts(facts), subjects, now)
    for i, (acc, f, subject) in enumerate(zip(accs, facts, subjects, strict=True)):
        assert_same_reading(columns.reading(i), read(acc, f, subject, now))


def _facts(draw, now: datetime) -> StakeholderFacts:
    when = st.none() | st.integers(-10, 400 * 86_400).map(lambda s: now - timedelta(seconds=s))
    day = st.dates(now.date() - timedelta(days=60), now.date() + timedelta(days=20))
    concern = st.builds(
        OpenConcern,
        st.sampled_from(["k1", "k2", "k3"]),
        st.integers(0, 60 * 86_400).map(lambda s: now - timedelta(seconds=s)),
        st.integers(1, 3),
        st.integers(0, 60 * 86_400).map(lambda s: now - timedelta(seconds=s)),
    )
    rating = st.none() | st.integers(1, 5)
    return StakeholderFacts(
        last_stance_record_at=draw(when),
        last_champion_behavior_at=draw(when),
        last_conversation_at=draw(when),
        next_contact_on=draw(st.none() | day),
        next_contact_scheduled=draw(st.booleans()),
        last_concern_or_resistance_at=draw(when),
        open_concerns=tuple(draw(st.lists(concern, max_size=3))),
        latest_adkar=draw(st.none() | st.tuples(rating, rating, rating, rating, rating)),
        peer_nominations=tuple(
            (now - timedelta(days=d), who)
            for d, who in draw(
                st.lists(
                    st.tuples(st.integers(0, 400), st.sampled_from(["p1", "p2", "subject0"])),
                    max_size=3,
                )
            )
        ),
        open_team_commitment_due_dates=tuple(sorted(draw(st.lists(day, max_size=3)))),
    )


sums = st.floats(0, 5e3).map(lambda x: x)


@props
@given(st.data(), st.integers(1, 8))
def test_read_many_equals_read_for_any_stored_sums_and_facts(assert_same_reading, data, n):
    now = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
    rows = []
    for _ in range(n):
        e = data.draw(st.floats(0, 1e4))
        champion = e * data.draw(st.floats(0, 1))
        reluctance = e * data.draw(st.floats(0, 1))
        open_e = data.draw(st.floats(0, 10))
        trust = [data.draw(st.floats(0, 1e4)) for _ in range(3)]
        acc_values = [
            e,
            champion,
            reluctance,
            open_e,
            open_e * data.draw(st.floats(0, 1)),
            *[x for w in trust for x in (w, w * data.draw(st.floats(0, 1)))],
        ]
        rows.append(acc_values)
    facts = [_facts(data.draw, now) for _ in range(n)]
    subjects = [replace(data.draw(stakeholders), id=f"subject{i}") for i in range(n)]
    s = data.draw(
        st.sampled_from([DEFAULT_SETTINGS, ScoringSettings(credible_interval=0.95, r2_severity=2)])
    )
    columns = read_many(np.array(rows), FactColumns.from_facts(facts), subjects, now, s)
    from api.scoring import ForwardSums

    for i in range(n):
        acc = ForwardSums(*rows[i])
        assert_same_reading(columns.reading(i), read(acc, facts[i], subjects[i], now, s))


def test_beta_quantile_matches_scipy_across_the_range():
    rng = np.random.default_rng(7)
    evidence = np.concatenate(
        [rng.uniform(0, 60, 4000), np.zeros(50), rng.uniform(0, 2e3, 200), rng.uniform(0, 1e6, 50)]
    )
    share = rng.uniform(0, 1, evidence.size)
    share[:20], share[20:40] = 0.0, 1.0
    a = 0.32 + evidence * share
    b = 1.68 + evidence * (1 - share)
    for p in (0.1, 0.9, 0.025, 0.975, 0.4999):
        got = beta_quantile(np.full(a.size, p), a, b)
        want = betaincinv(a, b, p)
        assert np.max(np.abs(got - want) / want) < 1e-11


def test_beta_quantile_ends_in_the_same_place_from_any_start():
    rng = np.random.default_rng(11)
    evidence = np.concatenate([rng.uniform(0, 60, 3000), np.zeros(20), rng.uniform(0, 2e3, 100)])
    share = rng.uniform(0, 1, evidence.size)
    a = 0.32 + evidence * share
    b = 1.68 + evidence * (1 - share)
    for p in (0.1, 0.9):
        want = betaincinv(a, b, p)
        # Last time's answers a little decay ago, anywhere in (0, 1), the edges, and no
        # start at all for some (NaN, 0, 1: those take the usual first guess).
        earlier = betaincinv(a * 1.001, b * 0.999, p)
        anywhere = rng.uniform(0, 1, a.size)
        edges = np.where(rng.uniform(0, 1, a.size) < 0.5, 1e-12, 1 - 1e-12)
        missing = rng.choice([np.nan, 0.0, 1.0, 0.5], a.size)
        for start in (earlier, anywhere, edges, missing):
            got = beta_quantile(np.full(a.size, p), a, b, start=start)
            assert np.max(np.abs(got - want) / want) < 1e-11


def test_read_many_reads_the_same_with_last_times_intervals_as_a_start():
    rng = np.random.default_rng(5)
    n = 400
    # Stored sums are forward-decayed: evidence of 0-30 now is that much over the read factor.
    grown = 1 / _read_factor(NOW, DEFAULT_SETTINGS.stance_half_life_days)
    rows = np.zeros((n, 11))
    rows[:, 0] = rng.uniform(0, 30, n) * grown  # evidence
    rows[:, 1] = rows[:, 0] * rng.uniform(0, 1, n)  # champion
    rows[:, 2] = rows[:, 0] - rows[:, 1]  # reluctance
    facts = FactColumns.from_facts([StakeholderFacts() for _ in range(n)])
    subjects = [StakeholderIn(id=uuid.uuid4(), role_type="other") for _ in range(n)]
    cold = read_many(rows, facts, subjects, NOW)
    warm = read_many(
        rows,
        facts,
        subjects,
        NOW + timedelta(seconds=30),
        interval_start=(cold.interval_low, cold.interval_high),
    )
    fresh = read_many(rows, facts, subjects, NOW + timedelta(seconds=30))
    np.testing.assert_allclose(warm.interval_low, fresh.interval_low, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(warm.interval_high, fresh.interval_high, rtol=1e-11, atol=1e-12)
    assert warm.category == fresh.category
    assert len(set(np.round(fresh.interval_low, 1))) > 100  # the shapes vary, not all at the prior
    # A start of the wrong length is no start.
    short = read_many(rows, facts, subjects, NOW, interval_start=(cold.interval_low[:3],) * 2)
    np.testing.assert_allclose(short.interval_low, cold.interval_low, rtol=1e-11, atol=1e-12)


def test_beta_quantile_takes_small_shapes():
    a = np.array([1e-3, 0.05, 0.3, 0.32, 2.0, 1e-3])
    b = np.array([1e-3, 3.0, 0.2, 1.68, 1e-2, 5e4])
    for p in (0.1, 0.9):
        got = beta_quantile(np.full(a.size, p), a, b)
        np.testing.assert_allclose(got, betaincinv(a, b, p), rtol=1e-11, atol=1e-300)


def test_an_empty_map_reads_as_nothing():
    columns = read_many(np.zeros((0, 11)), FactColumns.from_facts([]), [], NOW)
    assert len(columns) == 0


def test_a_stakeholder_without_records_reads_like_the_scalar_path(assert_same_reading):
    subject = StakeholderIn("x", "high_level_leader")
    columns = read_many(
        np.zeros((1, 11)), FactColumns.from_facts([StakeholderFacts()]), [subject], NOW
    )
    assert_same_reading(
        columns.reading(0),
        read(accumulate(), StakeholderFacts(), subject, NOW),
    )
    assert columns.category == ["unknown"]
    assert date(2000, 1, 1) < NOW.date()


def test_read_many_finds_r2_at_its_boundaries_as_the_scalar_path_does(assert_same_reading):
    """Waiting concerns: severity at least the threshold, at least the minimum age, and no
    conversation after the one that answered them (a conversation at that very moment does
    not count); the count and the oldest one's age go into the message."""
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    s = DEFAULT_SETTINGS
    talked = now - timedelta(days=40)

    def concern(name, days_ago, severity, answered=talked):
        return OpenConcern(name, now - timedelta(days=days_ago), severity, answered)

    people = [
        # Two wait (one answered at the very moment of the last conversation); one is too
        # young, one below the severity threshold, one answered before the last conversation.
        StakeholderFacts(
            last_conversation_at=talked,
            open_concerns=(
                concern("a", 30, 3),
                concern("b", 20, 4, answered=talked + timedelta(days=5)),
                concern("c", 13.9, 5, answered=now),
                concern("d", 35, 2, answered=now),
                concern("e", 50, 5, answered=talked - timedelta(microseconds=1)),
            ),
        ),
        # Exactly the minimum age, and never a conversation: waits.
        StakeholderFacts(open_concerns=(concern("f", s.r2_min_age_days, 3),)),
        # Nothing waits.
        StakeholderFacts(
            last_conversation_at=talked,
            open_concerns=(concern("g", 20, 3, answered=now - timedelta(days=50)),),
        ),
        StakeholderFacts(),
    ]
    subjects = [StakeholderIn(f"s{i}", "other") for i in range(len(people))]
    zero = np.zeros((len(people), 11))
    columns = read_many(zero, FactColumns.from_facts(people), subjects, now, s)
    r2 = [[r.message for r in found if r.code == "R2"] for found in columns.reasons]
    assert r2 == [
        ["2 severity-3 concerns, the oldest raised 30 days ago, have had no one-on-one since"],
        ["A severity-3 concern raised 14 days ago has had no one-on-one since"],
        [],
        [],
    ]
    for i, (f, subject) in enumerate(zip(people, subjects, strict=True)):
        assert_same_reading(columns.reading(i), read(accumulate(), f, subject, now, s))


def test_beside_runs_on_the_helper_thread_when_it_is_free_and_in_the_caller_when_not():
    import threading

    from api.scoring import vector

    release = threading.Event()

    def where() -> str:
        release.wait(5)
        return threading.current_thread().name

    first = vector.beside(where)  # the helper takes it, and waits
    second = vector.beside(where)  # the helper is busy: the caller's to run
    assert second is where
    release.set()
    assert first().startswith("rapport-numeric")
    assert second() == threading.current_thread().name
    # Free again once done, also after a failure, which reaches the caller.
    failing = vector.beside(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing()
    assert vector.beside(where)().startswith("rapport-numeric")


def test_read_many_reads_the_same_with_the_intervals_begun_on_the_helper(monkeypatch):
    from api.scoring import vector

    rng = np.random.default_rng(3)
    n = 1500
    grown = 1 / _read_factor(NOW, DEFAULT_SETTINGS.stance_half_life_days)
    rows = np.zeros((n, 11))
    rows[:, 0] = rng.uniform(0, 30, n) * grown
    rows[:, 1] = rows[:, 0] * rng.uniform(0, 1, n)
    rows[:, 2] = rows[:, 0] - rows[:, 1]
    facts = FactColumns.from_facts([StakeholderFacts() for _ in range(n)])
    subjects = [StakeholderIn(id=f"s{i}", role_type="other") for i in range(n)]
    cold = read_many(rows, facts, subjects, NOW)
    start = (cold.interval_low, cold.interval_high)
    later = NOW + timedelta(seconds=30)
    used = []
    real = vector.beside
    monkeypatch.setattr(vector, "beside", lambda fn: used.append(fn) or real(fn))
    beside = read_many(rows, facts, subjects, later, interval_start=start)
    assert len(used) == 1  # a map this size begins its intervals beside the rest
    monkeypatch.setattr(vector, "HELPER_MIN_ROWS", n + 1)
    inline = read_many(rows, facts, subjects, later, interval_start=start)
    assert len(used) == 1
    for name in ("interval_low", "interval_high", "champion_score", "confidence"):
        assert np.array_equal(getattr(beside, name), getattr(inline, name)), name
    assert beside.category == inline.category
