"""Properties that must hold for any record log."""

import math
from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.scoring import (
    AcknowledgementIn,
    CommitmentIn,
    ConcernIn,
    ConversationIn,
    ForwardSums,
    RecordLog,
    SignalIn,
    StakeholderIn,
    accumulate,
    evaluate,
    facts_from_log,
    read,
    record_terms,
)
from api.scoring.inputs import (
    ADKAR_ELEMENTS,
    CHAMPION_FACETS,
    RESISTANCE_FACETS,
    ROLE_TYPES,
    STAGES,
)

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
SPAN = 500 * 86_400

props = settings(max_examples=150, deadline=None)

seconds_ago = st.integers(0, SPAN)
ratings = st.none() | st.integers(1, 5) | st.floats(1, 5)


def ago(seconds: int) -> datetime:
    return NOW - timedelta(seconds=seconds)


@st.composite
def conversations(draw, i):
    return ConversationIn(
        f"c{i}",
        ago(draw(seconds_ago)),
        draw(st.integers(-2, 2) | st.floats(-2, 2)),
        draw(ratings),
        draw(ratings),
        draw(ratings),
        draw(st.none() | st.dates(NOW.date() - timedelta(days=5), NOW.date() + timedelta(days=12))),
        draw(st.booleans()),
    )


@st.composite
def concerns(draw, i, conversation_ids):
    raised = draw(seconds_ago)
    changes = draw(st.lists(st.integers(0, raised), max_size=3))
    statuses = st.sampled_from(["open", "being_addressed", "resolved", "dismissed"])
    history = tuple((ago(s), draw(statuses)) for s in sorted(changes, reverse=True))
    link = draw(st.none() | st.sampled_from(conversation_ids)) if conversation_ids else None
    return ConcernIn(f"k{i}", ago(raised), draw(st.integers(1, 3)), link, history)


@st.composite
def signals(draw, i):
    at = ago(draw(seconds_ago))
    kind = draw(
        st.sampled_from(["champion", "resistance", "readiness", "stage", "adkar", "peer", "win"])
    )
    sid = f"s{i}"
    if kind == "champion":
        facet = draw(st.sampled_from(sorted(CHAMPION_FACETS)))
        return SignalIn.champion_behavior(sid, at, draw(st.integers(1, 3)), facet)
    if kind == "resistance":
        facet = draw(st.sampled_from(sorted(RESISTANCE_FACETS)))
        return SignalIn.resistance_behavior(sid, at, draw(st.integers(1, 3)), facet)
    if kind == "readiness":
        return SignalIn.readiness_check(sid, at, draw(st.floats(1, 5)), draw(st.floats(1, 5)))
    if kind == "stage":
        return SignalIn.stage_of_change(sid, at, draw(st.sampled_from(list(STAGES))))
    if kind == "adkar":
        elements = draw(st.fixed_dictionaries({e: ratings for e in ADKAR_ELEMENTS}))
        if all(v is None for v in elements.values()):
            elements["desire"] = 3
        return SignalIn.adkar(sid, at, **elements)
    if kind == "peer":
        return SignalIn.peer_nomination(sid, at, draw(st.sampled_from(["p1", "p2", "p3", "x"])))
    return SignalIn.quick_win(sid, at)


@st.composite
def commitments(draw, i):
    created = draw(seconds_ago)
    status = draw(st.sampled_from(["open", "kept", "broken", "cancelled"]))
    changed = None if status == "open" else ago(draw(st.integers(0, created)))
    due = draw(
        st.none() | st.dates(NOW.date() - timedelta(days=400), NOW.date() + timedelta(days=30))
    )
    owner = draw(st.sampled_from(["team", "stakeholder"]))
    return CommitmentIn(f"m{i}", owner, due, status, changed, ago(created))


@st.composite
def logs(draw, max_size=6):
    convs = [draw(conversations(i)) for i in range(draw(st.integers(0, max_size)))]
    ids = [c.id for c in convs]
    n = {k: draw(st.integers(0, max_size)) for k in ("k", "a", "s", "m")}
    return RecordLog(
        conversations=convs,
        concerns=[draw(concerns(i, ids)) for i in range(n["k"])],
        acknowledgements=[
            AcknowledgementIn(f"a{i}", ago(draw(seconds_ago))) for i in range(n["a"])
        ],
        signals=[draw(signals(i)) for i in range(n["s"])],
        commitments=[draw(commitments(i)) for i in range(n["m"])],
    )


stakeholders = st.builds(
    StakeholderIn,
    id=st.just("subject"),
    role_type=st.sampled_from(sorted(ROLE_TYPES)),
    influence_manual=st.none() | st.floats(1, 2),
)


def records(log: RecordLog) -> dict:
    return {f.name: getattr(log, f.name) for f in fields(RecordLog)}


@props
@given(logs(), stakeholders)
def test_scores_stay_in_range_and_explain_themselves(log, stakeholder):
    r = evaluate(stakeholder, **records(log), as_of=NOW)
    ex = r.explanation

    assert 0 <= r.champion_score <= 100
    assert 0 <= r.reluctance_score <= 100
    assert 0 <= r.confidence < 1
    low, high = r.champion_interval
    assert 0 <= low <= r.champion_score <= high <= 100
    for value in (r.trust.authenticity, r.trust.competence, r.trust.empathy, r.trust.score):
        assert 0 <= value <= 100
    champion = ex.prior_champion_points + math.fsum(c.champion_points for c in ex.contributions)
    reluctance = ex.prior_reluctance_points + math.fsum(
        c.reluctance_points for c in ex.contributions
    )
    assert champion == pytest.approx(r.champion_score, abs=1e-6)
    assert reluctance == pytest.approx(r.reluctance_score, abs=1e-6)


@props
@given(logs(), seconds_ago)
def test_a_full_intensity_champion_behaviour_never_lowers_the_champion_score(log, age):
    before = evaluate(StakeholderIn("x"), **records(log), as_of=NOW)
    extra = SignalIn.champion_behavior("extra", ago(age), 3)
    after = evaluate(
        StakeholderIn("x"), **{**records(log), "signals": (*log.signals, extra)}, as_of=NOW
    )

    assert after.champion_score >= before.champion_score - 1e-12


def test_a_weak_champion_behaviour_can_lower_a_high_champion_score():
    """Why the property above uses intensity 3: a record is a weighted vote for a = k/3, so
    intensity 1 (a = 1/3) pulls any score above 33.3 down towards 33.3."""
    strong = [SignalIn.champion_behavior(f"b{i}", NOW, 3) for i in range(3)]
    before = evaluate(StakeholderIn("x"), signals=strong, as_of=NOW)
    after = evaluate(
        StakeholderIn("x"), signals=[*strong, SignalIn.champion_behavior("w", NOW, 1)], as_of=NOW
    )

    assert before.champion_score == pytest.approx(100 * 4.82 / 6.5, abs=1e-9)
    assert after.champion_score == pytest.approx(100 * 5.32 / 8, abs=1e-9)


@props
@given(
    logs(),
    st.integers(0, SPAN),
    st.integers(1, SPAN),
    st.sampled_from(["conversation", "champion", "resistance", "stage", "concern"]),
)
def test_older_evidence_never_weighs_more_than_newer(log, newer, gap, kind):
    def probe(seconds):
        at = ago(seconds)
        extra = {
            "conversation": ("conversations", ConversationIn("probe", at, -1, empathy=4)),
            "champion": ("signals", SignalIn.champion_behavior("probe", at, 2)),
            "resistance": ("signals", SignalIn.resistance_behavior("probe", at, 2)),
            "stage": ("signals", SignalIn.stage_of_change("probe", at, "action")),
            "concern": ("concerns", ConcernIn("probe", at, 2, history=((at, "resolved"),))),
        }[kind]
        rec = records(log)
        rec[extra[0]] = (*rec[extra[0]], extra[1])
        ex = evaluate(StakeholderIn("x"), **rec, as_of=NOW).explanation
        [c] = [c for c in ex.contributions if c.record_id == "probe"]
        trust = [t.weight for t in ex.trust_inputs if t.record_id == "probe"]
        return c.weight, trust

    young_weight, young_trust = probe(newer)
    old_weight, old_trust = probe(newer + gap)

    assert old_weight < young_weight
    assert all(o < y for o, y in zip(old_trust, young_trust, strict=True))


@props
@given(logs(), stakeholders, st.integers(0, 200 * 86_400))
def test_the_forward_accumulator_reads_what_evaluate_computes(
    assert_same_reading, log, stakeholder, later
):
    now = NOW + timedelta(seconds=later)
    acc = accumulate(**records(log))

    assert_same_reading(
        read(acc, facts_from_log(log), stakeholder, now),
        evaluate(stakeholder, **records(log), as_of=now),
    )


@props
@given(logs(), logs(max_size=2))
def test_adding_then_removing_a_record_restores_the_accumulator(log, extra_log):
    acc = accumulate(**records(log))
    extra = [*extra_log.conversations, *extra_log.concerns, *extra_log.signals]
    extra += [*extra_log.acknowledgements, *extra_log.commitments]
    for record in extra:
        terms = record_terms(record)
        back = acc + terms - terms
        for f in fields(ForwardSums):
            x, t, y = getattr(acc, f.name), getattr(terms, f.name), getattr(back, f.name)
            assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9 * max(abs(x), abs(t))), f.name
