"""Creating a record updates the stored state exactly as a recompute from the log would."""

import math
from dataclasses import fields
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from api.scoring import (
    DEFAULT_SETTINGS,
    ForwardSums,
    RecordLog,
    StakeholderIn,
    accumulate,
    facts_from_log,
    read,
)
from api.scoring.forward import category_at
from api.scoring.incremental import add_record
from tests.unit.test_scoring_properties import (
    NOW,
    commitments,
    conversations,
    logs,
    records,
    signals,
)

props = settings(max_examples=150, deadline=None)
new_records = st.one_of(conversations(90), signals(91), commitments(92))


def with_record(log: RecordLog, record) -> RecordLog:
    kind = {"c": "conversations", "s": "signals", "m": "commitments"}[record.id[0]]
    data = records(log)
    data[kind] = (*data[kind], record)
    return RecordLog(**data)


@props
@given(logs(), new_records)
def test_adding_a_record_matches_a_recompute(log, record):
    step = add_record(accumulate(**records(log)), facts_from_log(log), record)
    after = with_record(log, record)
    if step is None:
        assert record.id[0] == "c" or record.kind == "adkar"
        return
    sums, facts = step
    assert facts == facts_from_log(after)
    want = accumulate(**records(after))
    for f in fields(ForwardSums):
        x, y = getattr(sums, f.name), getattr(want, f.name)
        assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9), f.name


@props
@given(logs(), st.lists(conversations(80), min_size=1, max_size=5))
def test_conversations_in_a_row_stay_exact(log, new):
    sums, facts = accumulate(**records(log)), facts_from_log(log)
    for i, c in enumerate(new):
        c = type(c)(f"c9{i}", *[getattr(c, f.name) for f in fields(c)][1:])
        step = add_record(sums, facts, c)
        if step is None:
            return
        sums, facts = step
        log = with_record(log, c)
    assert facts == facts_from_log(log)
    want = accumulate(**records(log))
    for f in fields(ForwardSums):
        assert math.isclose(
            getattr(sums, f.name), getattr(want, f.name), rel_tol=1e-9, abs_tol=1e-9
        )


@props
@given(logs(), st.floats(min_value=0, max_value=400))
def test_the_category_a_write_reads_is_the_whole_readings(log, days_later):
    """A write works out only the category (`category_at`) to notice a change; it must be
    the category of the whole reading, at any moment after the records."""
    acc, facts = accumulate(**records(log)), facts_from_log(log)
    now = NOW + timedelta(days=days_later)
    reading = read(acc, facts, StakeholderIn("s"), now, DEFAULT_SETTINGS)
    assert category_at(acc, facts, now, DEFAULT_SETTINGS) == reading.category
