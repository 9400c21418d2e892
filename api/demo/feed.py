"""The demo's change feed, told as its nine months happened.

The demo writes its records in one go, person by person. Left as written, its change feed
would say that all of it happened in the same second, today, in the order the story was
typed, and the Activity page would open on a day of some six hundred lines. `retell` rewrites
the demo workspace's feed as if every record had been logged on the day it happened, as a
lead using Rapport for those nine months would have left it:

- the workspace, its members, teams and people on the first day;
- one `*.created` event per record at its own time, with the payload the API writes (a
  concern or commitment that has since moved is told as it was then, and its move as an
  `*.updated` event at the time it moved);
- the `stakeholder.category_changed` events the records would have caused as they came in:
  each person's category worked out again (`evaluate`) after each of their records and moves;
- the focus challenge on the day it was picked.

Records, teams and people are given the matching `created_at` and `updated_at`, and each
stored reading the time its category was reached (`category_as_of`). The feed's last word on
everyone's category is their stored reading's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from api.auth.deps import Access
from api.events.models import Event
from api.events.service import append_event, lock_feed
from api.insights.loader import load_logs, stakeholder_in
from api.insights.models import FocusChallenge, StakeholderReading
from api.insights.readings import category_event_row, current_settings, rebuild
from api.kit.dirty import take_dirty
from api.kit.ids import uuid7
from api.records.concerns import concern_json_for
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal
from api.records.service import (
    acknowledgement_json,
    commitment_json,
    conversation_json,
    signal_json,
)
from api.scoring import evaluate
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.service import stakeholder_public, team_public
from api.workspaces.models import Membership, Workspace
from api.workspaces.schemas import MemberPublic

# Within one moment: what was created before what it caused.
_ORDER = {
    "workspace.created": 0,
    "team.created": 1,
    "member.created": 1,
    "stakeholder.created": 2,
    "conversation.created": 3,
    "concern.created": 4,
    "acknowledgement.created": 5,
    "signal.created": 6,
    "commitment.created": 7,
    "concern.updated": 8,
    "commitment.updated": 8,
    "stakeholder.category_changed": 9,
    "focus_challenge.updated": 10,
}


class _Feed:
    def __init__(self) -> None:
        self.rows: list[tuple[datetime, int, int, str, uuid.UUID, dict]] = []

    def add(self, at: datetime, type_: str, resource_id: uuid.UUID, payload: dict) -> None:
        self.rows.append((at, _ORDER[type_], len(self.rows), type_, resource_id, payload))


def _dated(obj: Any, at: datetime) -> None:
    obj.created_at = obj.updated_at = at


def retell(session: Session, access: Access, now: datetime) -> None:
    """Rewrite the demo workspace's change feed (see the module's docstring). Run once, in the
    transaction that made the demo, after everything in it was written."""
    ws_id = access.workspace_id
    session.flush()
    feed = _Feed()
    records = _records(session, ws_id, feed)
    start = (min(records) - timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)

    written = session.exec(select(Event).where(Event.workspace_id == ws_id)).all()
    old = {e.type: e for e in written}
    workspace = session.get(Workspace, ws_id)
    _dated(workspace, start)
    feed.add(start, "workspace.created", ws_id, old["workspace.created"].payload)
    # Members other than the owner (whose membership came with the workspace) join on day one.
    for i, event in enumerate(e for e in written if e.type == "member.created"):
        member = session.get(Membership, event.resource_id)
        _dated(member, start + timedelta(minutes=30 + i))
        payload = MemberPublic.model_validate(
            {**event.payload, "created_at": member.created_at, "updated_at": member.updated_at}
        ).model_dump(mode="json")
        feed.add(member.created_at, "member.created", member.id, payload)
    teams = session.exec(select(Team).where(Team.workspace_id == ws_id).order_by(Team.id)).all()
    for i, team in enumerate(teams):
        _dated(team, start + timedelta(minutes=5 + i))
        feed.add(team.created_at, "team.created", team.id, team_public(team))
    people = session.exec(
        select(Stakeholder).where(Stakeholder.workspace_id == ws_id).order_by(Stakeholder.id)
    ).all()
    for i, person in enumerate(people):
        _dated(person, start + timedelta(hours=1, minutes=i))
        feed.add(person.created_at, "stakeholder.created", person.id, stakeholder_public(person))
    focus = session.get(FocusChallenge, ws_id)
    if focus is not None:
        payload = old["focus_challenge.updated"].payload
        feed.add(focus.chosen_at, "focus_challenge.updated", ws_id, payload)
    session.flush()

    # The readings as of now; the events that would announce them are replaced below.
    actor = (access.principal.user_id, access.principal.token_id)
    rebuild(session, ws_id, actor=actor)
    take_dirty(session)
    reached = _category_changes(session, access, people, now, feed)

    session.execute(sa.delete(Event).where(Event.workspace_id == ws_id))
    lock_feed(session, ws_id)
    for at, _, _, type_, resource_id, payload in sorted(feed.rows):
        append_event(
            session,
            {
                "workspace_id": ws_id,
                "type": type_,
                "resource_type": type_.split(".", 1)[0],
                "resource_id": resource_id,
                "actor_user_id": actor[0],
                "actor_token_id": actor[1],
                "occurred_at": at,
                "payload": payload,
            },
        )
    for reading in session.exec(
        select(StakeholderReading).where(StakeholderReading.workspace_id == ws_id)
    ):
        if reading.stakeholder_id in reached:
            reading.category_as_of = reached[reading.stakeholder_id]
            session.add(reading)
    session.flush()


def _records(session: Session, ws_id: uuid.UUID, feed: _Feed) -> list[datetime]:
    """Date every record as logged when it happened, add its events; returns their times."""
    times: list[datetime] = []

    def told(
        model: type, at: Callable[[Any], datetime], public: Callable[[Any], dict] | None
    ) -> list:
        rows = session.exec(select(model).where(model.workspace_id == ws_id)).all()
        for row in rows:
            _dated(row, at(row))
            times.append(row.created_at)
            if public is not None:
                feed.add(row.created_at, f"{model.__tablename__}.created", row.id, public(row))
        return rows

    told(Conversation, lambda c: c.occurred_at, conversation_json)
    told(Acknowledgement, lambda a: a.acknowledged_at, acknowledgement_json)
    told(Signal, lambda s: s.observed_at, signal_json)
    concerns = told(Concern, lambda c: c.raised_at, None)
    commitments = session.exec(select(Commitment).where(Commitment.workspace_id == ws_id)).all()
    times += [c.created_at for c in commitments]
    # A concern or commitment that moved since was last changed when it moved.
    for row in [*concerns, *commitments]:
        if row.status != "open" and row.status_changed_at is not None:
            row.updated_at = row.status_changed_at
    session.flush()

    concern_json = concern_json_for(session)
    for c in concerns:
        current = concern_json(c)
        then = {
            **current,
            "status": "open",
            "status_changed_at": current["raised_at"],
            "resolution_note": "",
            "loop_closed_on": None,
            "updated_at": current["created_at"],
            "status_history": current["status_history"][:1],
        }
        feed.add(c.created_at, "concern.created", c.id, then)
        if c.status != "open":
            feed.add(c.status_changed_at, "concern.updated", c.id, current)
    for c in commitments:
        current = commitment_json(c)
        if c.status_changed_at is None:
            feed.add(c.created_at, "commitment.created", c.id, current)
            continue
        then = {**current, "status": "open", "status_changed_at": None}
        then["updated_at"] = current["created_at"]
        feed.add(c.created_at, "commitment.created", c.id, then)
        feed.add(c.status_changed_at, "commitment.updated", c.id, current)
    return times


def _category_changes(
    session: Session, access: Access, people: list[Stakeholder], now: datetime, feed: _Feed
) -> dict[uuid.UUID, datetime]:
    """Each person's category after each of their records and moves, as the feed would have
    announced it; returns when each reached the category they have now."""
    ws_id = access.workspace_id
    actor = (access.principal.user_id, access.principal.token_id)
    _, settings = current_settings(session, ws_id)
    logs = load_logs(session, ws_id, [p.id for p in people])
    stored = dict(
        session.execute(
            sa.select(StakeholderReading.stakeholder_id, StakeholderReading.category).where(
                StakeholderReading.workspace_id == ws_id
            )
        ).all()
    )
    reached: dict[uuid.UUID, datetime] = {}
    for person in people:
        log = logs.get(person.id)
        if log is None:
            continue
        kwargs = log.kwargs()
        moments = sorted(
            {c.occurred_at for c in kwargs["conversations"]}
            | {t for c in kwargs["concerns"] for t, _ in c.history}
            | {a.acknowledged_at for a in kwargs["acknowledgements"]}
            | {s.observed_at for s in kwargs["signals"]}
            | {t for c in kwargs["commitments"] for t in (c.created_at, c.status_changed_at) if t}
        )
        category_at = _categories(stakeholder_in(person), kwargs, settings)
        steps = [(at, category_at(at)) for at in moments]
        final = stored.get(person.id, "unknown")
        if steps and steps[-1][1] != final:
            # Moved since the last record, as evidence aged (into "unknown", say): at the
            # moment it did, found to the minute.
            steps.append((_moment_of(category_at, final, steps[-1][0], now), final))
        category = "unknown"
        for at, new in steps:
            row = category_event_row(uuid7(), ws_id, person.id, category, new, at, actor)
            if row is not None:
                feed.add(at, row["type"], person.id, row["payload"])
                reached[person.id] = at
            category = new
    return reached


def _categories(subject, kwargs: dict, settings) -> Callable[[datetime], str]:
    """The person's category at a moment, from their records then (`evaluate`)."""

    def at(moment: datetime) -> str:
        return evaluate(subject, **kwargs, as_of=moment, settings=settings).category

    return at


def _moment_of(category_at: Callable[[datetime], str], new: str, after: datetime, by: datetime):
    """The first minute after `after` at which the category is `new` (`by` if it is not there
    before `by`): the category then stays `new`, as evidence only ages from here."""
    if category_at(by) != new:
        return by
    low, high = after, by
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if category_at(middle) == new:
            high = middle
        else:
            low = middle
    return high
