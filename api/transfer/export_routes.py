"""CSV exports of every list, with the JSON lists' filters and the same viewer rules."""

import uuid
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Select
from sqlmodel import select

from api.auth.deps import Access, AccessDep, ReaderDep
from api.db import SessionDep, app_engine
from api.insights.routes import AsOf, CategoryFilter, SortParam, list_scores
from api.kit import crud
from api.kit.errors import ERROR_RESPONSES
from api.kit.routing import Router
from api.kit.types import Date, UTCDatetime
from api.records import service
from api.records.concerns import list_concerns_stmt
from api.records.deps import (
    CfirConstructFilter,
    CfirDomainFilter,
    ConcernSearch,
    StakeholderFilter,
    TeamFilter,
    time_filter,
)
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal
from api.records.schemas import (
    AcknowledgementSetting,
    CommitmentOwner,
    CommitmentStatus,
    ConcernStatus,
)
from api.records.signal_schemas import SignalKind, SignalSource
from api.stakeholders.filters import NameSearch, NoTeam, team_scope
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.schemas import RoleType
from api.stakeholders.service import list_stakeholders_stmt
from api.transfer.csv_export import score_lines, stream_records


class CsvResponse(StreamingResponse):
    media_type = "text/csv"


# Errors are JSON even where the answer is CSV: say so, or they would be documented as CSV.
JSON_ERRORS = {
    status: {
        **{k: v for k, v in spec.items() if k != "model"},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    for status, spec in ERROR_RESPONSES.items()
}
router = Router(
    prefix="/{workspace_id}/export",
    tags=["transfer"],
    responses=JSON_ERRORS,
    default_response_class=CsvResponse,
)

EscapeFormulas = Annotated[
    bool,
    Query(
        description="Prefix text cells that start with =, +, -, @, tab or carriage return with "
        "an apostrophe, so spreadsheet apps do not run them as formulas (the CSV import drops "
        "it again). Send false for the values exactly as stored."
    ),
]
UpdatedSince = Annotated[
    UTCDatetime | None, Query(description="Only objects created or changed at or after this time.")
]


def _csv(
    request: Request,
    access: Access,
    resource: str,
    stmt: Select,
    model,
    updated_since,
    escape: bool,
) -> CsvResponse:
    if updated_since is not None:
        stmt = stmt.where(model.updated_at >= updated_since)
    engine = app_engine(request.app)
    lines = stream_records(engine, access, resource, stmt, model, escape)
    return CsvResponse(lines, headers=_attachment(resource))


def _attachment(resource: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{resource}.csv"'}


@router.get("/teams.csv", operation_id="export_teams_csv")
def export_teams(
    request: Request,
    access: AccessDep,
    updated_since: UpdatedSince = None,
    escape_formulas: EscapeFormulas = True,
):
    """Every team as CSV: `id, workspace_id, name, description, created_at, updated_at`."""
    stmt = crud.scoped_select(Team, access.workspace_id)
    return _csv(request, access, "teams", stmt, Team, updated_since, escape_formulas)


@router.get("/stakeholders.csv", operation_id="export_stakeholders_csv")
def export_stakeholders(
    request: Request,
    access: AccessDep,
    team_id: uuid.UUID | None = None,
    no_team: NoTeam = False,
    q: NameSearch = None,
    role_type: RoleType | None = None,
    archived: bool | None = None,
    updated_since: UpdatedSince = None,
    escape_formulas: EscapeFormulas = True,
):
    """Stakeholders as CSV, oldest first, with the list's filters. `tags` are `;`-separated.

    The columns are the stakeholder's fields; the file can be sent back to
    `import/stakeholders` as it is (read-only columns are ignored there).
    """
    team = team_scope(team_id, no_team)
    stmt = list_stakeholders_stmt(access.workspace_id, team, q, role_type, archived)
    return _csv(request, access, "stakeholders", stmt, Stakeholder, updated_since, escape_formulas)


@router.get("/conversations.csv", operation_id="export_conversations_csv")
def export_conversations(
    request: Request,
    access: ReaderDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    held_by: Annotated[uuid.UUID | None, Query(description="Only those held by this user")] = None,
    occurred_from: time_filter("Occurred at or after") = None,
    occurred_to: time_filter("Occurred at or before") = None,
    updated_since: UpdatedSince = None,
    escape_formulas: EscapeFormulas = True,
):
    """Conversations as CSV, with the list's filters; `ratings` are three columns
    (`authenticity`, `competence`, `empathy`) and `topics` are `;`-separated.

    A private conversation's `summary` is empty unless the caller held it. Viewers get 403.
    """
    stmt = service.list_conversations_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        held_by=held_by,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
    )
    return _csv(
        request, access, "conversations", stmt, Conversation, updated_since, escape_formulas
    )


@router.get("/concerns.csv", operation_id="export_concerns_csv")
def export_concerns(
    request: Request,
    access: ReaderDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    conversation_id: uuid.UUID | None = None,
    status: ConcernStatus | None = None,
    severity: Annotated[int | None, Query(ge=1, le=3, description="Only this severity")] = None,
    cfir_domain: CfirDomainFilter = None,
    cfir_construct: CfirConstructFilter = None,
    raised_from: time_filter("Raised at or after") = None,
    raised_to: time_filter("Raised at or before") = None,
    q: ConcernSearch = None,
    updated_since: UpdatedSince = None,
    escape_formulas: EscapeFormulas = True,
):
    """Concerns as CSV, with the list's filters. The status history is not included (the
    workspace export has it). Viewers get 403."""
    stmt = list_concerns_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        conversation_id=conversation_id,
        status=status,
        severity=severity,
        cfir_domain=cfir_domain,
        cfir_construct=cfir_construct,
        raised_from=raised_from,
        raised_to=raised_to,
        q=q,
    )
    return _csv(request, access, "concerns", stmt, Concern, updated_since, escape_formulas)


@router.get("/acknowledgements.csv", operation_id="export_acknowledgements_csv")
def export_acknowledgements(
    request: Request,
    access: ReaderDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    setting: AcknowledgementSetting | None = None,
    acknowledged_from: time_filter("Acknowledged at or after") = None,
    acknowledged_to: time_filter("Acknowledged at or before") = None,
    updated_since: UpdatedSince = None,
    escape_formulas: EscapeFormulas = True,
):
    """Acknowledgements as CSV, with the list's filters. Viewers get 403."""
    stmt = service.list_acknowledgements_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        setting=setting,
        acknowledged_from=acknowledged_from,
        acknowledged_to=acknowledged_to,
    )
    return _csv(
        request, access, "acknowledgements", stmt, Acknowledgement, updated_since, escape_formulas
    )


@router.get("/signals.csv", operation_id="export_signals_csv")
def export_signals(
    request: Request,
    access: ReaderDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    kind: SignalKind | None = None,
    source: SignalSource | None = None,
    observed_from: time_filter("Observed at or after") = None,
    observed_to: time_filter("Observed at or before") = None,
    updated_since: UpdatedSince = None,
    escape_formulas: EscapeFormulas = True,
):
    """Signals as CSV, with the list's filters: the common columns, `kind`, then a column for
    every kind's own fields, empty where the kind has no such field. Viewers get 403."""
    stmt = service.list_signals_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        kind=kind,
        source=source,
        observed_from=observed_from,
        observed_to=observed_to,
    )
    return _csv(request, access, "signals", stmt, Signal, updated_since, escape_formulas)


@router.get("/commitments.csv", operation_id="export_commitments_csv")
def export_commitments(
    request: Request,
    access: ReaderDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    conversation_id: uuid.UUID | None = None,
    status: CommitmentStatus | None = None,
    owner: CommitmentOwner | None = None,
    due_from: Annotated[Date | None, Query(description="Due on or after this date")] = None,
    due_to: Annotated[Date | None, Query(description="Due on or before this date")] = None,
    updated_since: UpdatedSince = None,
    escape_formulas: EscapeFormulas = True,
):
    """Commitments as CSV, with the list's filters. Viewers get 403."""
    stmt = service.list_commitments_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        conversation_id=conversation_id,
        status=status,
        owner=owner,
        due_from=due_from,
        due_to=due_to,
    )
    return _csv(request, access, "commitments", stmt, Commitment, updated_since, escape_formulas)


@router.get("/scores.csv", operation_id="export_scores_csv")
def export_scores(
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
    escape_formulas: EscapeFormulas = True,
):
    """Every stakeholder's reading as CSV, in the scores list's order and with its filters.

    `team` is the team's name beside `team_id` and `role_type` the stakeholder's role type.
    `champion_interval` is two columns (`_low`, `_high`), `trust` one column per field, and
    `reasons` and `suggestions` hold their `;`-separated codes (R1...R5). Viewers get the
    collapsed reading of the scores list: category champion / supporter / other, and no
    reluctance, trust or reasons columns.
    """

    def page(cursor: str | None):
        return list_scores(
            access=access,
            session=session,
            as_of=as_of,
            team_id=team_id,
            no_team=no_team,
            category=category,
            needs_one_on_one=needs_one_on_one,
            include_archived=include_archived,
            sort=sort,
            q=q,
            limit=10_000,
            cursor=cursor,
        )

    teams = session.exec(select(Team.id, Team.name).where(Team.workspace_id == access.workspace_id))
    team_names = {str(team): name for team, name in teams}
    text = score_lines(page, access.is_viewer, escape_formulas, team_names)
    return Response(text, media_type="text/csv", headers=_attachment("scores"))
