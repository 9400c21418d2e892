"""Who needs a one-on-one, and why (SCORING.md section 7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from api.scoring.decay import age_days, within_days
from api.scoring.facts import StakeholderFacts
from api.scoring.inputs import ADKAR_ELEMENTS
from api.scoring.reading import Reading, Reason
from api.scoring.settings import ScoringSettings
from api.scoring.trust import TrustReading

WATCHFUL_CATEGORIES = frozenset({"hesitant", "reluctant", "ambivalent"})


def r1_text(category: str, case: str, s: ScoringSettings) -> str:
    """R1's message; `case` is "never" (no one-on-one yet), "stale" (none in the window) or
    "newer" (a concern or resistance is newer than the last one)."""
    label = category.capitalize()
    if case == "never":
        return f"{label}, and has not had a one-on-one yet"
    if case == "stale":
        return f"{label}, and no one-on-one in the last {s.r1_window_days} days"
    return f"{label}, and a concern or resistance was recorded after the last one-on-one"


def _r1(category: str, facts: StakeholderFacts, as_of: datetime, s: ScoringSettings) -> str | None:
    if category not in WATCHFUL_CATEGORIES:
        return None
    last = facts.last_conversation_at
    if last is None:
        return r1_text(category, "never", s)
    if not within_days(last, as_of, s.r1_window_days):
        return r1_text(category, "stale", s)
    newer = facts.last_concern_or_resistance_at
    if newer is not None and newer > last:
        return r1_text(category, "newer", s)
    return None


def _r2(facts: StakeholderFacts, as_of: datetime, s: ScoringSettings) -> str | None:
    last = facts.last_conversation_at
    waiting = [
        c
        for c in facts.open_concerns
        if c.severity >= s.r2_severity
        and as_of - c.raised_at >= timedelta(days=s.r2_min_age_days)
        and (last is None or last <= c.answered_after)
    ]
    if not waiting:
        return None
    days = int(age_days(min(c.raised_at for c in waiting), as_of))
    return r2_text(len(waiting), days, s)


def r2_text(count: int, days: int, s: ScoringSettings) -> str:
    if count == 1:
        return (
            f"A severity-{s.r2_severity} concern raised {days} days ago has had no one-on-one since"
        )
    return (
        f"{count} severity-{s.r2_severity} concerns, the oldest raised {days} days ago, "
        "have had no one-on-one since"
    )


def _r3(trust: TrustReading) -> str | None:
    return r3_text(trust.level, trust.score, trust.wobble)


def r3_text(level: str, score: float, wobble: tuple[str, ...]) -> str | None:
    parts = []
    if level == "low":
        parts.append(f"Trust is low ({score:.0f} of 100)")
    if wobble:
        names = list(wobble)
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        parts.append(f"trust is wobbling on {listed}")
    if not parts:
        return None
    message = " and ".join(parts)
    return message[0].upper() + message[1:]


def adkar_gap(
    latest_adkar: tuple[float | None, ...] | None, s: ScoringSettings
) -> tuple[str, float] | None:
    """The first ADKAR element rated at or below the gap line: where the change is stuck."""
    if latest_adkar is None:
        return None
    for element, value in zip(ADKAR_ELEMENTS, latest_adkar, strict=True):
        if value is not None and value <= s.r4_gap_at_most:
            return element, value
    return None


def _r4(facts: StakeholderFacts, s: ScoringSettings) -> tuple[str | None, str | None]:
    return r4_advice(facts.latest_adkar, s)


def r4_advice(
    latest_adkar: tuple[float | None, ...] | None, s: ScoringSettings
) -> tuple[str | None, str | None]:
    """(reason, suggestion): awareness and desire need a conversation; knowledge and ability
    are better served by a resource; a reinforcement gap is neither."""
    gap = adkar_gap(latest_adkar, s)
    if gap is None:
        return None, None
    element, value = gap
    shown = f"{element} ({value:g} of 5)"
    if element in ("awareness", "desire"):
        return f"The latest ADKAR check shows a gap in {shown}: talk it through in person", None
    if element in ("knowledge", "ability"):
        return None, (
            f"The latest ADKAR check shows a gap in {shown}: share a resource, such as a guide, "
            "training or a colleague who can show how, rather than booking a conversation"
        )
    return None, None


def _r5(
    category: str, influence: float, facts: StakeholderFacts, as_of: datetime, s: ScoringSettings
) -> str | None:
    if influence < s.r5_min_influence or category not in ("unknown", "neutral"):
        return None
    if within_days(facts.last_conversation_at, as_of, s.r5_window_days):
        return None
    return r5_text(category, influence, s)


def r5_text(category: str, influence: float, s: ScoringSettings) -> str:
    stance = "stance not yet known" if category == "unknown" else "neutral so far"
    return (
        f"Influential ({influence:.1f}), {stance}, and no one-on-one "
        f"in the last {s.r5_window_days} days"
    )


def one_on_one_reasons(
    *,
    category: str,
    trust: TrustReading,
    influence: float,
    facts: StakeholderFacts,
    as_of: datetime,
    settings: ScoringSettings,
) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """(reasons, suggestions): every rule that holds, in rule order."""
    s = settings
    r4, suggestion = _r4(facts, s)
    found = {
        "R1": _r1(category, facts, as_of, s),
        "R2": _r2(facts, as_of, s),
        "R3": _r3(trust),
        "R4": r4,
        "R5": _r5(category, influence, facts, as_of, s),
    }
    reasons = tuple(Reason(code, msg) for code, msg in found.items() if msg is not None)
    suggestions = (Reason("R4", suggestion),) if suggestion else ()
    return reasons, suggestions


def scheduled_one_on_one(
    facts: StakeholderFacts, as_of: datetime, s: ScoringSettings
) -> date | None:
    """The next contact date of the latest conversation, when it is scheduled within the window
    (today included)."""
    day = facts.next_contact_on
    if not facts.next_contact_scheduled or day is None:
        return None
    today = as_of.date()
    if today <= day <= today + timedelta(days=s.scheduled_window_days):
        return day
    return None


def one_on_one_queue(readings: Iterable[Reading]) -> list[Reading]:
    """The flagged stakeholders, most pressing first: reluctance x influence, highest first."""
    flagged = [r for r in readings if r.needs_one_on_one]
    return sorted(flagged, key=lambda r: (-r.one_on_one_priority, r.stakeholder_id))
