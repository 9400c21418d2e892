import logging
import queue
import threading
import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

import orjson
from fastapi import Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.auth.deps import AccessDep, OwnerDep, ReaderDep, WriterDep
from api.db import SessionDep, app_engine
from api.insights import scorecache, scoremap, service, settings_service
from api.insights.loader import load_logs, stakeholder_in
from api.insights.models import FocusChallenge
from api.insights.readings import current_settings
from api.insights.schemas import (
    DISCLAIMER,
    Category,
    Challenges,
    Focus,
    FocusIn,
    NextActions,
    ScoreExplained,
    ScoreHistory,
    ScorePage,
    SettingsIn,
    SettingsOut,
    SettingsSaved,
    TeamInsight,
    Trends,
    ViewerCategory,
)
from api.kit import crud
from api.kit.errors import WRITE_RESPONSES, AppError, InvalidInput
from api.kit.pagination import decode_cursor, encode_cursor
from api.kit.routing import Router
from api.kit.time import utcnow
from api.kit.types import Date, UTCDatetime
from api.records.types import EARLIEST
from api.scoring import evaluate
from api.stakeholders.filters import NameSearch, NoTeam, team_scope
from api.stakeholders.models import Stakeholder

router = Router(prefix="/workspaces/{workspace_id}", responses=WRITE_RESPONSES)

SortParam = Literal[
    "champion_score",
    "-champion_score",
    "reluctance_score",
    "-reluctance_score",
    "confidence",
    "-confidence",
    "influence",
    "-influence",
    "trust",
    "-trust",
    "champion_lower_bound",
    "-champion_lower_bound",
    "needs_one_on_one",
    "-needs_one_on_one",
    "name",
    "-name",
]


CategoryFilter = Annotated[
    Literal[Category, ViewerCategory] | None,
    Query(
        description="Only this category. `other` is everyone who is neither champion nor "
        "supporter (viewers see that grouping and may filter by champion, supporter or other)"
    ),
]


def _as_of(value: datetime | None) -> datetime | None:
    if value is not None and (value - utcnow()).total_seconds() > 300:
        raise InvalidInput("query.as_of", "must not be in the future")
    return value


AsOf = Annotated[
    UTCDatetime | None,
    Query(description="The reading as it stood at this moment (default: now)"),
]


def valid_stakeholder(
    stakeholder_id: uuid.UUID, access: AccessDep, session: SessionDep
) -> Stakeholder:
    return crud.get_scoped(session, Stakeholder, access.workspace_id, stakeholder_id)


StakeholderDep = Annotated[Stakeholder, Depends(valid_stakeholder)]


def _page_bytes(items: list, total: int, offset: int, limit: int) -> bytes:
    next_cursor = encode_cursor({"offset": offset + limit}) if offset + limit < total else None
    return scoremap.encode({"items": items, "next_cursor": next_cursor, "disclaimer": DISCLAIMER})


def _map_page(session, workspace_id, at, team, include_archived, page: dict) -> bytes:
    _, settings = current_settings(session, workspace_id)
    score_map = scoremap.load_score_map(
        session,
        workspace_id,
        settings,
        at,
        team=team,
        include_archived=include_archived,
        reuse=True,
    )
    offset, limit, viewer = page["offset"], page["limit"], page["viewer"]
    order = scoremap.select_and_sort(
        score_map,
        viewer=viewer,
        sort=page["sort"],
        category=page["category"],
        needs_one_on_one=page["needs_one_on_one"],
        q=page["q"],
    )
    items = scoremap.score_items(score_map, order[offset : offset + limit], viewer)
    return _page_bytes(items, len(order), offset, limit)


def _past_page(session, workspace_id, as_of, team, include_archived, page: dict) -> bytes:
    offset, limit, viewer = page["offset"], page["limit"], page["viewer"]
    rows = service.filter_and_sort(
        service.readings_at(session, workspace_id, as_of),
        viewer=viewer,
        team=team,
        include_archived=include_archived,
        sort=page["sort"],
        category=page["category"],
        needs_one_on_one=page["needs_one_on_one"],
        q=page["q"],
    )
    items = [service.score_dict(s, r, viewer) for s, r in rows[offset : offset + limit]]
    return _page_bytes(items, len(rows), offset, limit)


@router.get("/scores", tags=["scores"], operation_id="list_scores", response_model=ScorePage)
def list_scores(
    access: AccessDep,
    session: SessionDep,
    as_of: AsOf = None,
    team_id: uuid.UUID | None = None,
    no_team: NoTeam = False,
    category: CategoryFilter = None,
    needs_one_on_one: bool | None = None,
    include_archived: bool = False,
    sort: SortParam = "-champion_lower_bound",
    q: NameSearch = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 10000,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
):
    """Every stakeholder's current reading: the champion map's data.

    Champion and reluctance scores (0-100), confidence, the champion score's 80% credible
    interval, category, influence, trust and the needs-a-one-on-one flag with its reasons.
    The default order ranks by the interval's lower bound, so thin evidence ranks low.
    Viewers get champion / supporter / other and no reluctance, trust or reasons.
    `limit` goes up to 10,000 so a map can load in one request.
    """
    as_of = _as_of(as_of)
    team = team_scope(team_id, no_team)
    viewer = access.is_viewer
    if viewer and sort.lstrip("-") not in service.VIEWER_SORTS:
        raise InvalidInput(
            "query.sort",
            "viewers may sort by champion_score, confidence, influence, "
            "champion_lower_bound or name",
        )
    if viewer and category not in (None, *service.VIEWER_CATEGORIES):
        raise InvalidInput("query.category", "viewers may filter by champion, supporter or other")
    offset = 0
    if cursor:
        data = decode_cursor(cursor)
        offset = data.get("offset") if isinstance(data.get("offset"), int) else -1
        if offset < 0:
            raise InvalidInput("query.cursor", "is not a cursor this API issued")
    filters = {
        "category": category,
        "needs_one_on_one": None if viewer else needs_one_on_one,
        "q": q or None,
    }
    now = utcnow()
    cache_key = None
    if as_of is None:
        query = (viewer, team, include_archived, sort, limit, offset, *filters.values())
        cache_key, cached = scorecache.lookup(session, access.workspace_id, query, now)
        if cached is not None:
            return Response(cached, media_type="application/json")
    page = {"offset": offset, "limit": limit, "viewer": viewer, "sort": sort, **filters}
    if as_of is None or as_of >= now - timedelta(seconds=1):
        # Now: from the stored sums, on arrays (api/insights/scoremap.py). Built and
        # encoded with the collector paused; everything but the bytes is freed (by
        # reference counting) before it resumes, so it never walks the map's objects.
        with scoremap.no_gc():
            data = _map_page(
                session,
                access.workspace_id,
                now if as_of is None else max(as_of, now),
                team,
                include_archived,
                page,
            )
    else:
        with scoremap.no_gc():
            data = _past_page(session, access.workspace_id, as_of, team, include_archived, page)
    if cache_key is not None:
        scorecache.put(cache_key, now, data)
    return Response(data, media_type="application/json")


def _explained(session, access, stakeholder: Stakeholder, as_of: datetime) -> dict:
    _, settings = current_settings(session, access.workspace_id)
    log = load_logs(session, access.workspace_id, [stakeholder.id]).get(stakeholder.id)
    kwargs = log.kwargs() if log else {}
    reading = evaluate(stakeholder_in(stakeholder), **kwargs, as_of=as_of, settings=settings)
    out = service.score_dict(stakeholder, reading, viewer=False)
    e = reading.explanation
    out["explanation"] = {
        "prior_champion_points": e.prior_champion_points,
        "prior_reluctance_points": e.prior_reluctance_points,
        "evidence": e.evidence,
        "contributions": [
            {
                "record_type": c.record_type,
                "record_id": c.record_id,
                "kind": c.kind,
                "at": c.at,
                "decay": c.decay,
                "weight": c.weight,
                "champion_points": c.champion_points,
                "reluctance_points": c.reluctance_points,
            }
            for c in sorted(e.contributions, key=lambda c: (c.at, c.record_id), reverse=True)
        ],
        "trust_inputs": [
            {
                "record_type": t.record_type,
                "record_id": t.record_id,
                "at": t.at,
                "dimension": t.dimension,
                "value": t.value,
                "weight": t.weight,
            }
            for t in sorted(e.trust_inputs, key=lambda t: (t.at, t.record_id), reverse=True)
        ],
    }
    return out


@router.get(
    "/stakeholders/{stakeholder_id}/score",
    tags=["scores"],
    operation_id="get_stakeholder_score",
    response_model=ScoreExplained,
)
def get_stakeholder_score(
    stakeholder: StakeholderDep, access: ReaderDep, session: SessionDep, as_of: AsOf = None
):
    """One stakeholder's reading with its explanation.

    The explanation lists the prior and every record that counts, with its weight after decay
    and the points it adds to each score: prior + contributions = score. Trust inputs list
    each rating, candid concern, acknowledgement, commitment and quick win by dimension.
    """
    as_of = _as_of(as_of) or utcnow()
    return _explained(session, access, stakeholder, as_of)


@router.get(
    "/stakeholders/{stakeholder_id}/score-history",
    tags=["scores"],
    operation_id="get_stakeholder_score_history",
    response_model=ScoreHistory,
)
def get_score_history(
    stakeholder: StakeholderDep,
    access: ReaderDep,
    session: SessionDep,
    from_: Annotated[
        date | None, Query(alias="from", description="First day (default: 90 days ago)")
    ] = None,
    to: Annotated[date | None, Query(description="Last day (default: today)")] = None,
    step: Literal["day", "week"] = "week",
):
    """The stakeholder's reading at the end of each day or week in a range (at most 400 points)."""
    today = utcnow().date()
    end = to or today
    start = from_ or end - timedelta(days=90)
    if end > today:
        raise InvalidInput("query.to", "must not be in the future")
    if start > end:
        raise InvalidInput("query.from", "must be on or before `to`")
    delta = timedelta(days=1 if step == "day" else 7)
    if (end - start) / delta > 400:
        raise InvalidInput(
            "query.from", "the range has more than 400 steps; narrow it or use step=week"
        )
    _, settings = current_settings(session, access.workspace_id)
    log = load_logs(session, access.workspace_id, [stakeholder.id]).get(stakeholder.id)
    kwargs = log.kwargs() if log else {}
    points = []
    day = start
    while day <= end:
        as_of = min(
            datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=utcnow().tzinfo)
            - timedelta(microseconds=1),
            utcnow(),
        )
        r = evaluate(stakeholder_in(stakeholder), **kwargs, as_of=as_of, settings=settings)
        points.append(
            {
                "as_of": as_of,
                "champion_score": r.champion_score,
                "reluctance_score": r.reluctance_score,
                "confidence": r.confidence,
                "category": r.category,
                "trust_score": r.trust.score,
                "trust_level": r.trust.level,
            }
        )
        day += delta
    return {"stakeholder_id": stakeholder.id, "step": step, "points": points}


@router.get(
    "/scoring-settings",
    tags=["scores"],
    operation_id="get_scoring_settings",
    response_model=SettingsOut,
)
def get_scoring_settings(access: OwnerDep, session: SessionDep):
    """The scoring settings in force (weights, half-lives, thresholds), and the defaults."""
    return settings_service.get(session, access)


NDJSON = "application/x-ndjson"
log = logging.getLogger("rapport.errors")
_STREAM_LINE = {
    "type": "object",
    "description": "One line of the streamed answer: `progress` lines as the work goes, then "
    "exactly one `result` (what the JSON answer holds) or `error` (nothing was saved).",
    "required": ["type"],
    "properties": {
        "type": {"type": "string", "enum": ["progress", "result", "error"]},
        "step": {"type": "string", "description": "progress: what is being done"},
        "done": {"type": "integer", "description": "progress: done within the step"},
        "total": {"type": "integer", "description": "progress: the step's size"},
        "fraction": {"type": "number", "description": "progress: of the whole, 0 to 1"},
        "result": {"$ref": "#/components/schemas/SettingsSaved"},
        "status": {"type": "integer", "description": "error: the HTTP status it stands for"},
        "error": {"$ref": "#/components/schemas/ErrorBody"},
    },
}


@router.put(
    "/scoring-settings",
    tags=["scores"],
    operation_id="put_scoring_settings",
    response_model=SettingsSaved,
    responses={200: {"content": {NDJSON: {"schema": _STREAM_LINE}}}},
)
def put_scoring_settings(
    body: SettingsIn,
    access: OwnerDep,
    session: SessionDep,
    request: Request,
    preview: Annotated[bool, Query(description="Only report the effect; save nothing")] = False,
):
    """Save a new version of the scoring settings and recompute every reading.

    With `preview=true` nothing is saved: the answer says how many stakeholders would change
    category, and which. Unknown keys or out-of-range values answer 422 naming the key.

    Recomputing a large workspace takes a while (about 15 s at a million records). Send
    `Accept: application/x-ndjson` to follow it: the answer then streams one JSON object per
    line, `{"type": "progress", "step", "done", "total", "fraction"}` as each step goes, and
    ends with `{"type": "result", "result": {...}}` or `{"type": "error", "status",
    "error"}`. Errors found before the work starts (401, 403, 404, 422) answer as usual.
    """
    if NDJSON not in request.headers.get("accept", ""):
        return settings_service.put(session, access, body.values, preview)
    settings_service.parse(body.values)  # a 422 now, before the answer starts
    return StreamingResponse(
        _settings_progress(app_engine(request.app), access, body.values, preview),
        media_type=NDJSON,
        # Proxies (nginx) pass each line on as it comes instead of buffering the answer.
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _settings_progress(engine, access, values: dict, preview: bool):
    """Run the save in a worker thread with a session of its own, and stream its progress.

    The work finishes (and commits) even if the client goes away meanwhile."""
    lines: queue.SimpleQueue = queue.SimpleQueue()

    def progress(step: str, done: int, total: int, fraction: float) -> None:
        lines.put(
            {"type": "progress", "step": step, "done": done, "total": total, "fraction": fraction}
        )

    def work() -> None:
        try:
            with Session(engine, expire_on_commit=False) as session:
                result = settings_service.put(session, access, values, preview, progress)
                if preview:
                    session.rollback()
                else:
                    session.commit()
            saved = SettingsSaved.model_validate(result).model_dump(mode="json")
            lines.put({"type": "result", "result": saved})
        except AppError as exc:
            error = {"code": exc.code, "message": exc.message, "details": exc.details}
            lines.put({"type": "error", "status": exc.status_code, "error": error})
        except Exception:
            log.exception("saving scoring settings failed")
            error = {"code": "internal_error", "message": "Something went wrong on our side."}
            lines.put({"type": "error", "status": 500, "error": {**error, "details": None}})
        finally:
            lines.put(None)

    worker = threading.Thread(target=work, name="scoring-settings", daemon=True)
    worker.start()
    while (line := await run_in_threadpool(lines.get)) is not None:
        yield orjson.dumps(line) + b"\n"


@router.get(
    "/insights/next-actions",
    tags=["insights"],
    operation_id="get_next_actions",
    response_model=NextActions,
)
def get_next_actions(
    access: ReaderDep,
    session: SessionDep,
    today: Annotated[
        Date | None,
        Query(
            description="The caller's calendar date (YYYY-MM-DD): what counts as overdue or as "
            "passed. Today's date in UTC if not given; at most a day either side of it."
        ),
    ] = None,
):
    """Who needs attention next: people needing a one-on-one (highest reluctance x influence
    first, with the rules that flagged them), one-on-ones planned for a day that has passed
    with nothing logged since, overdue team commitments, resolved concerns whose loop is not
    yet closed, and people to send a resource to."""
    if today is not None and abs((today - utcnow().date()).days) > 1:
        raise InvalidInput("query.today", "must be within a day of today's date in UTC")
    return service.next_actions(session, access, today)


@router.get(
    "/insights/teams",
    tags=["insights"],
    operation_id="get_team_insights",
    response_model=list[TeamInsight],
)
def get_team_insights(access: AccessDep, session: SessionDep):
    """Per team: counts by category, champions, people needing a one-on-one, mean trust, and a
    `champion_gap` flag for a team with people but no champion."""
    return service.team_insights(session, access)


@router.get(
    "/insights/challenges",
    tags=["insights"],
    operation_id="get_challenges",
    response_model=Challenges,
)
def get_challenges(access: AccessDep, session: SessionDep):
    """Open concerns grouped by CFIR 2.0 domain and construct, heaviest first (severity x
    influence), with strategy hints for each (hints, not prescriptions) and the workspace's
    focus challenge. Viewers get the counts without the people."""
    focus = session.get(FocusChallenge, access.workspace_id)
    return {
        "focus": focus.model_dump() if focus else None,
        "groups": service.challenges(session, access),
    }


@router.put(
    "/insights/challenges/focus",
    tags=["insights"],
    operation_id="put_focus_challenge",
    response_model=Focus,
)
def put_focus(body: FocusIn, access: WriterDep, session: SessionDep):
    """Pick the one challenge the team works on now (a CFIR domain, optionally a construct),
    with an optional note: why this one, what the plan is.

    Choosing another challenge records who chose it and when, and replaces the note. Sending
    the current challenge again changes only its note (`chosen_at` and `chosen_by` stay); the
    same challenge with the same note changes nothing and records no event."""
    return settings_service.set_focus(session, access, body)


@router.get("/insights/trends", tags=["insights"], operation_id="get_trends", response_model=Trends)
def get_trends(
    access: AccessDep,
    session: SessionDep,
    from_: Annotated[Date | None, Query(alias="from", description="Default: 12 weeks ago")] = None,
    to: Annotated[Date | None, Query(description="Default: today")] = None,
):
    """Weekly counts per category and mean trust, each week read as of its end.

    At most 104 weeks, from 2000-01-01 at the earliest (as records are dated); the range may
    not end in the future.
    """
    today = utcnow().date()
    end = to or today
    start = from_ or end - timedelta(weeks=12)
    if end > today:
        raise InvalidInput("query.to", "must not be in the future")
    if start > end:
        raise InvalidInput("query.from", "must be on or before `to`")
    if start < EARLIEST.date():
        raise InvalidInput("query.from", f"must be on or after {EARLIEST.date()}")
    if (end - start).days > 7 * 104:
        raise InvalidInput("query.from", "the range may span at most 104 weeks")
    # Reused like the map's answer: only while the workspace's event log has not moved.
    now = utcnow()
    query = ("trends", access.is_viewer, start, end)
    key, cached = scorecache.lookup(session, access.workspace_id, query, now)
    if cached is not None:
        return Response(cached, media_type="application/json")
    body = Trends.model_validate({"weeks": service.trends(session, access, start, end)})
    data = body.model_dump_json().encode()
    if key is not None:
        scorecache.put(key, now, data)
    return Response(data, media_type="application/json")
