from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from api.scoring import (
    AcknowledgementIn,
    CommitmentIn,
    ConcernIn,
    ConversationIn,
    SignalIn,
    StakeholderIn,
)

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def test_times_are_normalised_to_utc():
    paris = timezone(timedelta(hours=2))
    c = ConversationIn("c", datetime(2025, 3, 1, 1, 30, tzinfo=paris), tone=0)

    assert c.occurred_at == datetime(2025, 2, 28, 23, 30, tzinfo=UTC)
    assert c.occurred_at.tzinfo is UTC


@pytest.mark.parametrize(
    "make",
    [
        lambda: ConversationIn("c", datetime(2025, 3, 1), tone=0),
        lambda: AcknowledgementIn("a", datetime(2025, 3, 1)),
        lambda: ConcernIn("k", T0, 2, history=((datetime(2025, 3, 2), "resolved"),)),
        lambda: SignalIn.quick_win("q", datetime(2025, 3, 1)),
        lambda: CommitmentIn("m", "team", None, "open", None, datetime(2025, 3, 1)),
    ],
)
def test_naive_datetimes_are_refused(make):
    with pytest.raises(ValueError, match="must be a timezone-aware datetime"):
        make()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ConversationIn("c", T0, tone=3), "tone: must be between -2 and 2"),
        (lambda: ConversationIn("c", T0, tone=0, empathy=0), "empathy: must be between 1 and 5"),
        (lambda: ConcernIn("k", T0, severity=4), "severity: must be between 1 and 3"),
        (lambda: ConcernIn("k", T0, severity=2.5), "severity: must be a whole number"),
        (
            lambda: ConcernIn("k", T0, 1, history=((T0, "closed"),)),
            "history.status: must be one of",
        ),
        (lambda: SignalIn("s", T0, "gossip", {}), "kind: must be one of"),
        (lambda: SignalIn.champion_behavior("s", T0, 4), "intensity: must be between 1 and 3"),
        (
            lambda: SignalIn.champion_behavior("s", T0, 2, facet="cognitive"),
            "facet: must be one of",
        ),
        (lambda: SignalIn.resistance_behavior("s", T0, 0), "intensity: must be between 1 and 3"),
        (lambda: SignalIn.readiness_check("s", T0, 5.5, 3), "commitment: must be between 1 and 5"),
        (lambda: SignalIn.stage_of_change("s", T0, "denial"), "stage: must be one of"),
        (lambda: SignalIn.adkar("s", T0), "adkar: at least one element must be given"),
        (lambda: SignalIn.adkar("s", T0, desire=6), "desire: must be between 1 and 5"),
        (lambda: SignalIn("s", T0, "adkar", {"hope": 3}), "hope: not a field of a adkar signal"),
        (lambda: SignalIn("s", T0, "quick_win", {"x": 1}), "x: not a field of a quick_win"),
        (
            lambda: SignalIn("s", T0, "readiness_check", {"commitment": 3}),
            "efficacy: required for a readiness_check signal",
        ),
        (lambda: SignalIn.peer_nomination("s", T0, 7), "nominated_by_id: must be a stakeholder id"),
        (
            lambda: CommitmentIn("m", "vendor", None, "open", None, T0),
            "owner: must be one of",
        ),
        (
            lambda: CommitmentIn("m", "team", None, "kept", None, T0),
            "status_changed_at: required when the status is kept",
        ),
        (lambda: StakeholderIn("s", "boss"), "role_type: must be one of"),
        (lambda: StakeholderIn("s", influence_manual=2.1), "influence_manual: must be between 1"),
        (lambda: StakeholderIn("s", influence_manual=0.9), "influence_manual: must be between 1"),
    ],
)
def test_invalid_records_are_refused_naming_the_field(make, message):
    with pytest.raises(ValueError, match=f"^{message}"):
        make()


def test_adkar_fills_missing_elements_with_none_and_values_are_read_only():
    sig = SignalIn.adkar("s", T0, knowledge=2)

    assert dict(sig.values) == {
        "awareness": None,
        "desire": None,
        "knowledge": 2,
        "ability": None,
        "reinforcement": None,
    }
    with pytest.raises(TypeError):
        sig.values["desire"] = 5  # type: ignore[index]


def test_concern_status_follows_its_history():
    concern = ConcernIn(
        "k",
        T0,
        3,
        history=((at(20), "resolved"), (at(5), "being_addressed"), (at(30), "open")),
    )

    assert concern.status_at(at(-1)) is None
    assert concern.status_at(T0) == "open"
    assert concern.status_changed_at(T0) is None
    assert concern.status_at(at(5)) == "being_addressed"
    assert concern.status_changed_at(at(19)) == at(5)
    assert concern.status_at(at(20)) == "resolved"
    assert concern.status_at(at(29)) == "resolved"
    assert concern.status_at(at(30)) == "open"
    assert concern.status_at() == "open"
    assert concern.status_changed_at() == at(30)


def test_commitment_status_before_its_change_was_open():
    kept = CommitmentIn("m", "team", date(2025, 3, 5), "kept", at(10), T0)

    assert kept.status_at(at(-1)) is None
    assert kept.status_at(at(9)) == "open"
    assert kept.status_at(at(10)) == "kept"
    assert kept.status_at() == "kept"


def test_a_cancelled_commitment_without_a_change_time_is_cancelled_from_creation():
    cancelled = CommitmentIn("m", "team", date(2025, 3, 5), "cancelled", None, T0)

    assert cancelled.status_at(T0) == "cancelled"
