"""`Bulk` (the recompute path) gives what `accumulate` and `facts_from_log` give."""

import math
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.scoring import ForwardSums, RecordLog, ScoringSettings, accumulate, facts_from_log
from api.scoring.bulk import Bulk
from api.scoring.facts import day_of, facts_from_plain, facts_to_plain, us_of
from tests.unit.test_scoring_properties import logs, records

props = settings(max_examples=60, deadline=None)
SETTINGS = [
    ScoringSettings(),
    ScoringSettings(
        acknowledgement_monthly_cap=1, concern_factor_resolved=0.3, stance_half_life_days=30
    ),
]


def feed(bulk: Bulk, key, log) -> None:
    bulk.stakeholder(key)
    for c in log.conversations:
        ratings = {"authenticity": c.authenticity, "competence": c.competence, "empathy": c.empathy}
        bulk.conversation(
            key,
            c.id,
            us_of(c.occurred_at),
            c.tone,
            ratings,
            day_of(c.next_contact_on),
            c.next_contact_scheduled,
        )
    for c in log.concerns:
        history = [(us_of(at), status) for at, status in c.history]
        bulk.concern(key, c.id, us_of(c.raised_at), c.severity, c.conversation_id, history)
    for a in log.acknowledgements:
        bulk.acknowledgement(key, a.id, us_of(a.acknowledged_at))
    for s in log.signals:
        bulk.signal(
            key, s.id, us_of(s.observed_at), s.kind, s.values, s.values.get("nominated_by_id")
        )
    for c in log.commitments:
        bulk.commitment(key, c.id, c.owner, day_of(c.due_on), c.status, us_of(c.status_changed_at))


def assert_same_sums(got: list[float], want: ForwardSums) -> None:
    for value, f in zip(got, fields(ForwardSums), strict=True):
        expected = getattr(want, f.name)
        assert math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12), f.name


@props
@pytest.mark.parametrize("scoring", SETTINGS)
@given(st.lists(logs(), min_size=1, max_size=4))
def test_bulk_equals_the_reference_for_any_logs(scoring, people):
    bulk = Bulk(scoring)
    for i, log in enumerate(people):
        feed(bulk, i, log)
    done = bulk.finish()
    assert sorted(done) == list(range(len(people)))
    for i, log in enumerate(people):
        sums, facts = done[i]
        assert_same_sums(sums, accumulate(**records(log), settings=scoring))
        want = facts_from_log(log)
        assert facts == facts_to_plain(want)
        assert facts_from_plain(facts) == want


def test_a_stakeholder_without_records_has_zero_sums_and_empty_facts():
    bulk = Bulk(ScoringSettings())
    bulk.stakeholder("x")
    sums, facts = bulk.finish()["x"]
    assert sums == [0.0] * 11
    assert facts_from_plain(facts) == facts_from_log(RecordLog())
