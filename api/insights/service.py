"""Scores and the insights built on them: what a lead acts on next."""

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import get_args

from sqlmodel import Session, select

from api.auth.deps import Access
from api.insights.loader import LogBuilder, load_logs, stakeholder_in
from api.insights.models import StakeholderReading
from api.insights.readings import current_settings, stored_readings
from api.insights.schemas import ViewerCategory
from api.insights.trends import weekly_readings
from api.kit.fold import fold, fold_name
from api.kit.time import iso_z, utcnow
from api.scoring import Reading, evaluate
from api.scoring.facts import day_of, on_day
from api.stakeholders.filters import TeamScope, in_team_scope
from api.stakeholders.models import Stakeholder, Team

VIEWER_CATEGORY = {"champion": "champion", "supporter": "supporter"}
# What viewers see: champion, supporter, and everyone else as "other" (a filter for "other"
# means that grouping for every role).
VIEWER_CATEGORIES = get_args(ViewerCategory)
R = 2  # decimals for scores in API output; explanations keep full precision


def _round(x: float) -> float:
    return round(x, 4)


def score_dict(s: Stakeholder, r: Reading, viewer: bool) -> dict:
    """The score resource; for viewers, nothing that reveals reluctance about a named person."""
    base = {
        "stakeholder_id": str(s.id),
        "name": s.name,
        "team_id": str(s.team_id) if s.team_id else None,
        "role_type": s.role_type,
        "champion_score": _round(r.champion_score),
        "confidence": _round(r.confidence),
        "champion_interval": [_round(r.champion_interval[0]), _round(r.champion_interval[1])],
        "influence": _round(r.influence),
        "influence_is_manual": r.influence_is_manual,
        "as_of": iso_z(r.as_of),
    }
    if viewer:
        return {
            **base,
            "category": VIEWER_CATEGORY.get(r.category, "other"),
            "reluctance_score": None,
            "trust": None,
            "needs_one_on_one": None,
            "reasons": None,
            "suggestions": None,
            "one_on_one_scheduled_on": None,
        }
    t = r.trust
    return {
        **base,
        "category": r.category,
        "reluctance_score": _round(r.reluctance_score),
        "trust": {
            "level": t.level,
            "score": _round(t.score),
            "authenticity": _round(t.authenticity),
            "competence": _round(t.competence),
            "empathy": _round(t.empathy),
            "wobble": list(t.wobble),
        },
        "needs_one_on_one": r.needs_one_on_one,
        "reasons": [{"code": x.code, "message": x.message} for x in r.reasons],
        "suggestions": [{"code": x.code, "message": x.message} for x in r.suggestions],
        "one_on_one_scheduled_on": (
            r.one_on_one_scheduled_on.isoformat() if r.one_on_one_scheduled_on else None
        ),
    }


def evaluated_readings(
    session: Session, workspace_id: uuid.UUID, as_of: datetime, stakeholder_ids=None
) -> list[tuple[Stakeholder, Reading, LogBuilder]]:
    """Readings as they stood at `as_of`, computed from the record log."""
    _, settings = current_settings(session, workspace_id)
    stmt = select(Stakeholder).where(Stakeholder.workspace_id == workspace_id)
    if stakeholder_ids is not None:
        stmt = stmt.where(Stakeholder.id.in_(list(stakeholder_ids)))
    stakeholders = list(session.exec(stmt.order_by(Stakeholder.id)))
    logs = load_logs(session, workspace_id, None if stakeholder_ids is None else stakeholder_ids)
    out = []
    for s in stakeholders:
        log = logs.get(s.id) or LogBuilder()
        out.append(
            (s, evaluate(stakeholder_in(s), **log.kwargs(), as_of=as_of, settings=settings), log)
        )
    return out


def readings_at(
    session: Session, workspace_id: uuid.UUID, as_of: datetime | None
) -> list[tuple[Stakeholder, Reading]]:
    now = utcnow()
    if as_of is None or as_of >= now - timedelta(seconds=1):
        return stored_readings(session, workspace_id, now if as_of is None else max(as_of, now))
    return [(s, r) for s, r, _ in evaluated_readings(session, workspace_id, as_of)]


SORT_KEYS = {
    "champion_score": lambda s, r: r.champion_score,
    "reluctance_score": lambda s, r: r.reluctance_score,
    "confidence": lambda s, r: r.confidence,
    "influence": lambda s, r: r.influence,
    "trust": lambda s, r: r.trust.score,
    "champion_lower_bound": lambda s, r: r.champion_interval[0],
    "needs_one_on_one": lambda s, r: r.reluctance_score * r.influence,
    "name": lambda s, r: fold_name(s.name),
}
VIEWER_SORTS = {"champion_score", "confidence", "influence", "champion_lower_bound", "name"}


def filter_and_sort(
    pairs: list[tuple[Stakeholder, Reading]],
    *,
    viewer: bool,
    team: TeamScope,
    category: str | None,
    needs_one_on_one: bool | None,
    include_archived: bool,
    sort: str,
    q: str | None = None,
) -> list[tuple[Stakeholder, Reading]]:
    out = []
    needle = fold(q) if q else None
    for s, r in pairs:
        if s.archived and not include_archived:
            continue
        if needle is not None and needle not in fold_name(s.name):
            continue
        if not in_team_scope(s.team_id, team):
            continue
        if category is not None:
            grouped = viewer or category == "other"
            shown = VIEWER_CATEGORY.get(r.category, "other") if grouped else r.category
            if shown != category:
                continue
        if needs_one_on_one is not None and r.needs_one_on_one != needs_one_on_one:
            continue
        out.append((s, r))
    desc = sort.startswith("-")
    key = SORT_KEYS[sort.lstrip("-")]
    # Ties fall back to id so paging by offset is stable.
    out.sort(key=lambda p: str(p[0].id))
    out.sort(key=lambda p: key(*p), reverse=desc)
    return out


# --- insights -------------------------------------------------------------------------------


def next_actions(session: Session, access: Access, today: date | None = None) -> dict:
    """What to do next. `today` is the caller's calendar date (what counts as overdue or
    passed), the UTC date if not given."""
    from api.records.models import Commitment, Concern

    pairs = stored_readings(session, access.workspace_id)
    names = {s.id: s.name for s, _ in pairs}
    flagged = [(s, r) for s, r in pairs if r.needs_one_on_one and not s.archived]
    flagged.sort(key=lambda p: (-p[1].one_on_one_priority, str(p[0].id)))
    one_on_ones = [
        {
            "type": "one_on_one",
            "stakeholder_id": s.id,
            "name": s.name,
            "priority": round(r.one_on_one_priority, 4),
            "reasons": [{"code": x.code, "message": x.message} for x in r.reasons],
        }
        for s, r in flagged
    ]
    resources = [
        {
            "type": "share_resource",
            "stakeholder_id": s.id,
            "name": s.name,
            "reasons": [{"code": x.code, "message": x.message} for x in r.suggestions],
        }
        for s, r in pairs
        if r.suggestions and not s.archived
    ]
    today = today or utcnow().date()
    overdue = session.exec(
        select(Commitment)
        .where(
            Commitment.workspace_id == access.workspace_id,
            Commitment.owner == "team",
            Commitment.status == "open",
            Commitment.due_on < today,
        )
        .order_by(Commitment.due_on, Commitment.id)
    ).all()
    loops = session.exec(
        select(Concern)
        .where(
            Concern.workspace_id == access.workspace_id,
            Concern.status == "resolved",
            Concern.loop_closed_on.is_(None),
        )
        .order_by(Concern.status_changed_at, Concern.id)
    ).all()
    return {
        "one_on_ones": one_on_ones,
        "lapsed_one_on_ones": lapsed_plans(session, access.workspace_id, today),
        "overdue_commitments": [
            {
                "type": "overdue_commitment",
                "stakeholder_id": c.stakeholder_id,
                "name": names.get(c.stakeholder_id, ""),
                "record_id": c.id,
                "due_on": c.due_on,
                "description": c.description,
            }
            for c in overdue
        ],
        "loops_to_close": [
            {
                "type": "close_the_loop",
                "stakeholder_id": c.stakeholder_id,
                "name": names.get(c.stakeholder_id, ""),
                "record_id": c.id,
                "description": c.text,
            }
            for c in loops
        ],
        "resources_to_share": resources,
    }


# How far back a passed plan for the next one-on-one is still worth a reminder.
LAPSED_WINDOW_DAYS = 28


def lapsed_plans(session: Session, workspace_id: uuid.UUID, today: date) -> list[dict]:
    """People whose latest one-on-one planned the next one for a day that has passed (within
    the last `LAPSED_WINDOW_DAYS`), with nothing logged since: it was missed, or held and
    not logged. Oldest plan first. Read from the stored facts (the latest conversation's
    plan), so a later one-on-one, an edit or a deletion changes the answer at once."""
    facts = StakeholderReading.facts
    planned = facts["next_contact_on"].as_integer()
    booked = facts["next_contact_scheduled"].as_boolean()
    rows = session.exec(
        select(Stakeholder.id, Stakeholder.name, planned, booked)
        .join(StakeholderReading, StakeholderReading.stakeholder_id == Stakeholder.id)
        .where(
            Stakeholder.workspace_id == workspace_id,
            Stakeholder.archived.is_(False),
            planned >= day_of(today - timedelta(days=LAPSED_WINDOW_DAYS)),
            planned < day_of(today),
        )
        .order_by(planned, Stakeholder.name, Stakeholder.id)
    ).all()
    return [
        {
            "type": "lapsed_one_on_one",
            "stakeholder_id": stakeholder_id,
            "name": name,
            "planned_on": on_day(day),
            "booked": bool(is_booked),
        }
        for stakeholder_id, name, day, is_booked in rows
    ]


def team_insights(session: Session, access: Access) -> list[dict]:
    teams = session.exec(
        select(Team).where(Team.workspace_id == access.workspace_id).order_by(Team.name, Team.id)
    ).all()
    pairs = [(s, r) for s, r in stored_readings(session, access.workspace_id) if not s.archived]
    groups: dict[uuid.UUID | None, list[tuple[Stakeholder, Reading]]] = defaultdict(list)
    for s, r in pairs:
        groups[s.team_id].append((s, r))
    rows = [(t.id, t.name) for t in teams]
    if groups.get(None):
        rows.append((None, "No team"))
    out = []
    viewer = access.is_viewer
    for team_id, name in rows:
        members = groups.get(team_id, [])
        counts: dict[str, int] = defaultdict(int)
        for _, r in members:
            counts[VIEWER_CATEGORY.get(r.category, "other") if viewer else r.category] += 1
        trusts = [r.trust.score for _, r in members if r.trust.level != "unknown"]
        champions = [s.id for s, r in members if r.category == "champion"]
        out.append(
            {
                "team_id": team_id,
                "name": name,
                "stakeholders": len(members),
                "counts": dict(counts),
                "champions": champions,
                "needing_one_on_one": None
                if viewer
                else sum(1 for _, r in members if r.needs_one_on_one),
                "mean_trust": round(sum(trusts) / len(trusts), 2) if trusts else None,
                "champion_gap": bool(members) and not champions,
            }
        )
    return out


def challenges(session: Session, access: Access) -> list[dict]:
    from api.insights.hints import hints_for
    from api.records.models import Concern

    pairs = stored_readings(session, access.workspace_id)
    influence = {s.id: r.influence for s, r in pairs}
    concerns = session.exec(
        select(Concern).where(Concern.workspace_id == access.workspace_id, Concern.status == "open")
    ).all()
    groups: dict[tuple, list] = defaultdict(list)
    for c in concerns:
        groups[(c.cfir_domain, c.cfir_construct)].append(c)
    out = []
    for (domain, construct), items in groups.items():
        # Each person's share of the group's weight: whom to talk to first about it.
        share: dict[uuid.UUID, float] = defaultdict(float)
        for c in items:
            share[c.stakeholder_id] += c.severity * influence.get(c.stakeholder_id, 1.0)
        people = sorted(share, key=lambda sid: (-share[sid], str(sid)))
        out.append(
            {
                "cfir_domain": domain,
                "cfir_construct": construct,
                "open_concerns": len(items),
                "stakeholders": len(people),
                "stakeholder_ids": None if access.is_viewer else people,
                "weight": round(sum(share.values()), 4),
                "strategy_hints": hints_for(domain, construct),
            }
        )
    out.sort(key=lambda g: (-g["weight"], g["cfir_domain"] or "~", g["cfir_construct"] or "~"))
    return out


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _week_moments(start: date, end: date) -> list[tuple[date, datetime]]:
    """(week start, the week's last moment, or now for the current week) per week."""
    now = utcnow()
    out = []
    current = week_start(start)
    while current <= end:
        last = datetime.combine(current + timedelta(days=7), datetime.min.time()).replace(
            tzinfo=now.tzinfo
        ) - timedelta(microseconds=1)
        out.append((current, min(last, now)))
        current += timedelta(days=7)
    return out


def trends(session: Session, access: Access, start: date, end: date) -> list[dict]:
    """Weekly category counts and mean trust, each week read as of its last moment.

    One pass over the workspace's records (`api.insights.trends`); `trends_from_logs` is
    the same answer from each stakeholder's log, week by week, which the tests compare it
    with."""
    weeks = _week_moments(start, end)
    if not weeks:
        return []
    _, settings = current_settings(session, access.workspace_id)
    created, readings = weekly_readings(
        session, access.workspace_id, settings, [moment for _, moment in weeks]
    )
    out = []
    for (week, moment), r in zip(weeks, readings, strict=True):
        counts: dict[str, int] = defaultdict(int)
        trusts = []
        scores = r.trust_score.tolist()
        for i, category in enumerate(r.category):
            if created[i] > moment and category == "unknown":
                continue  # not yet in the workspace that week
            counts[VIEWER_CATEGORY.get(category, "other") if access.is_viewer else category] += 1
            if r.trust_level[i] != "unknown":
                trusts.append(scores[i])
        out.append(
            {
                "week_start": week,
                "counts": dict(counts),
                "mean_trust": round(sum(trusts) / len(trusts), 2) if trusts else None,
            }
        )
    return out


def trends_from_logs(session: Session, access: Access, start: date, end: date) -> list[dict]:
    """`trends` evaluated from each stakeholder's log, week by week (the reference)."""
    pairs_logs = None
    weeks = []
    current = week_start(start)
    while current <= end:
        as_of = datetime.combine(current + timedelta(days=7), datetime.min.time()).replace(
            tzinfo=utcnow().tzinfo
        ) - timedelta(microseconds=1)
        as_of = min(as_of, utcnow())
        if pairs_logs is None:
            pairs_logs = evaluated_readings(session, access.workspace_id, as_of)
            stakeholders = [(s, log) for s, _, log in pairs_logs]
            _, settings = current_settings(session, access.workspace_id)
            readings = [r for _, r, _ in pairs_logs]
        else:
            readings = [
                evaluate(stakeholder_in(s), **log.kwargs(), as_of=as_of, settings=settings)
                for s, log in stakeholders
            ]
        counts: dict[str, int] = defaultdict(int)
        trusts = []
        for (s, _), r in zip(stakeholders, readings, strict=True):
            if s.created_at > as_of and r.category == "unknown":
                continue  # not yet in the workspace that week
            counts[
                VIEWER_CATEGORY.get(r.category, "other") if access.is_viewer else r.category
            ] += 1
            if r.trust.level != "unknown":
                trusts.append(r.trust.score)
        weeks.append(
            {
                "week_start": current,
                "counts": dict(counts),
                "mean_trust": round(sum(trusts) / len(trusts), 2) if trusts else None,
            }
        )
        current += timedelta(days=7)
    return weeks
