from datetime import UTC, datetime, timedelta

import pytest

from api.scoring import DEFAULT_SETTINGS, SignalIn, StakeholderIn, evaluate, influence

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)


def ago(days: float, seconds: float = 0) -> datetime:
    return NOW - timedelta(days=days, seconds=seconds)


@pytest.mark.parametrize(
    ("role", "value"),
    [
        ("high_level_leader", 1.5),
        ("opinion_leader", 1.5),
        ("mid_level_leader", 1.2),
        ("implementation_facilitator", 1.0),
        ("implementation_lead", 1.0),
        ("implementation_team_member", 1.0),
        ("innovation_deliverer", 1.0),
        ("innovation_recipient", 1.0),
        ("other", 1.0),
    ],
)
def test_influence_comes_from_the_cfir_role(role, value):
    assert influence(StakeholderIn("s", role), (), NOW, DEFAULT_SETTINGS) == (value, False)


@pytest.mark.parametrize(("count", "bonus"), [(0, 0.0), (1, 0.1), (4, 0.4), (5, 0.5), (6, 0.5)])
def test_each_peer_nomination_adds_a_tenth_up_to_five(count, bonus):
    nominations = [(ago(i), f"peer{i}") for i in range(count)]
    value, manual = influence(
        StakeholderIn("s", "mid_level_leader"), nominations, NOW, DEFAULT_SETTINGS
    )

    assert value == pytest.approx(1.2 + bonus, abs=1e-12)
    assert manual is False


def test_only_nominations_of_the_last_365_days_count():
    nominations = [(ago(365), "in"), (ago(365, seconds=1), "out")]

    value, _ = influence(StakeholderIn("s"), nominations, NOW, DEFAULT_SETTINGS)
    assert value == pytest.approx(1.1, abs=1e-12)


def test_a_nominator_counts_once_and_self_nominations_do_not_count():
    nominations = [(ago(10), "peer"), (ago(200), "peer"), (ago(5), "s")]

    value, _ = influence(StakeholderIn("s"), nominations, NOW, DEFAULT_SETTINGS)
    assert value == pytest.approx(1.1, abs=1e-12)


def test_a_manual_influence_replaces_the_computed_one():
    nominations = [(ago(i), f"peer{i}") for i in range(5)]
    lead = StakeholderIn("s", "high_level_leader", influence_manual=1.3)

    assert influence(lead, nominations, NOW, DEFAULT_SETTINGS) == (1.3, True)


def test_evaluate_reads_nominations_from_signals():
    signals = [
        SignalIn.peer_nomination("n1", ago(3), "peer1"),
        SignalIn.peer_nomination("n2", ago(400), "peer2"),
        SignalIn.peer_nomination("n3", ago(-1), "peer3"),
    ]
    reading = evaluate(StakeholderIn("s", "opinion_leader"), signals=signals, as_of=NOW)

    assert reading.influence == pytest.approx(1.6, abs=1e-12)
    assert reading.influence_is_manual is False
    manual = evaluate(StakeholderIn("s", influence_manual=2.0), signals=signals, as_of=NOW)
    assert (manual.influence, manual.influence_is_manual) == (2.0, True)
