"""Bulk data: CSV import, CSV export of every list, and whole-workspace export and import."""

from typing import Annotated, Any

import orjson
from fastapi import Depends, Query, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth.deps import CurrentUser, OwnerDep, WriterDep
from api.db import SessionDep
from api.kit.errors import ERROR_RESPONSES, WRITE_RESPONSES, ErrorResponse, InvalidInput
from api.kit.routing import Router
from api.transfer import csv_import, document, restore
from api.transfer.csvio import CSV_BODY_DOC, CsvUpload, UnsupportedMediaType, read_body
from api.transfer.export_routes import router as export_router
from api.transfer.schemas import ImportedWorkspace, ImportReport, WorkspaceDocument
from api.workspaces.service import public_workspace

router = Router(prefix="/workspaces", tags=["transfer"])
router.include_router(export_router)

DryRun = Annotated[bool, Query(description="Only validate and report; write nothing (the default)")]
SkipInvalid = Annotated[
    bool,
    Query(
        description="On a real import, write the valid rows and skip the invalid ones "
        "(default: write nothing when any row is invalid)"
    ),
]
TOO_LARGE = {
    413: {"model": ErrorResponse, "description": "Over the size or row limit"},
    415: {"model": ErrorResponse, "description": "Not a CSV upload"},
}
CSV_IMPORT = {
    "response_model": ImportReport,
    "responses": {**WRITE_RESPONSES, **TOO_LARGE},
    "openapi_extra": {"requestBody": CSV_BODY_DOC},
}
IMPORT_RULES = """
Send the file as the body (`Content-Type: text/csv`) or as the `file` field of a
`multipart/form-data` form: UTF-8, a header row, at most 20 MB and 100,000 rows. Header names
are matched in any case; an unknown, missing or repeated column fails the whole file (422).
A blank cell means the field's default, as if a JSON body left it out. Numbers are plain
(`2`, `-1`, `1.5`), booleans `true`/`false` (or `yes`/`no`, `1`/`0`), lists `;`-separated, and
times ISO 8601 with an offset. The columns `id`, `workspace_id`, `created_at` and
`updated_at`, which exports write, are ignored.

Each row must pass the same rules as the API's create. `dry_run=true` (the default) writes
nothing and reports every invalid row (`row` counts the header as row 1). A real import
writes nothing unless every row is valid (422, with the same report in `details`), or
`skip_invalid=true` writes the valid rows only. Everything is written in one transaction,
with one `import.completed` event (counts and `imported_at`, which every imported row has as
`created_at` and `updated_at`) instead of one event per row.
"""

STAKEHOLDERS_DOC = (
    """Create stakeholders from a CSV file.

Columns: `name` (required), `title`, `team` (a team's id or name: exact, else ignoring case
and accents; an unknown or ambiguous one is an error, teams are not created), `role_type`,
`discipline`, `email`, `tags`, `influence_manual`, `archived`. `team_id` is accepted for
`team`.
"""
    + IMPORT_RULES
)

CONVERSATIONS_DOC = (
    """Log conversations from a CSV file; the stakeholders' scores are updated.

Columns: `stakeholder` (required: a stakeholder's id, email, or name: exact, else ignoring
case and accents, when only one person has it), `occurred_at` (required), `held_by` (a
member's user id or email; default: the signed-in caller, null for API tokens), `mode`,
`duration_minutes`, `summary`, `private`, `tone` (required, -2 to 2), `authenticity`,
`competence`, `empathy` (ratings, 1 to 5), `topics`, `next_contact_on`,
`next_contact_scheduled`. `stakeholder_id` is accepted for `stakeholder`.
"""
    + IMPORT_RULES
)


@router.post(
    "/{workspace_id}/import/stakeholders",
    operation_id="import_stakeholders_csv",
    description=STAKEHOLDERS_DOC,
    **CSV_IMPORT,
)
def import_stakeholders(
    access: WriterDep,
    session: SessionDep,
    upload: CsvUpload,
    dry_run: DryRun = True,
    skip_invalid: SkipInvalid = False,
):
    return csv_import.import_csv(
        session, access, "stakeholders", upload, dry_run=dry_run, skip_invalid=skip_invalid
    )


@router.post(
    "/{workspace_id}/import/conversations",
    operation_id="import_conversations_csv",
    description=CONVERSATIONS_DOC,
    **CSV_IMPORT,
)
def import_conversations(
    access: WriterDep,
    session: SessionDep,
    upload: CsvUpload,
    dry_run: DryRun = True,
    skip_invalid: SkipInvalid = False,
):
    return csv_import.import_csv(
        session, access, "conversations", upload, dry_run=dry_run, skip_invalid=skip_invalid
    )


@router.get(
    "/{workspace_id}/export",
    operation_id="export_workspace",
    response_model=WorkspaceDocument,
    responses=ERROR_RESPONSES,
)
def export_workspace(access: OwnerDep, session: SessionDep):
    """The whole workspace as one JSON document (owners only), for a backup or a move.

    It holds the workspace, its scoring settings (every version), the focus challenge, teams,
    stakeholders and every record, concerns with their status history, each in the shape its
    own endpoint returns. Members, users, API tokens, webhooks and the event log are not
    included. A private conversation's `summary` is null unless the exporting owner held it.
    `POST /workspaces/import` reads it back.
    """
    doc = document.export_workspace(session, access.workspace_id, viewer=access.actor_user_id)
    filename = f"rapport-workspace-{access.workspace_id}.json"
    return Response(
        orjson.dumps(doc),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.api_route(
    "/import", methods=["GET", "HEAD", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
def import_takes_post_only() -> None:
    # Without this, GET or PATCH /workspaces/import would reach the workspace routes with
    # "import" as a workspace id and answer 422 instead of 405.
    raise StarletteHTTPException(405, headers={"Allow": "POST"})


async def workspace_document(request: Request) -> Any:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise UnsupportedMediaType(
            "Send the document as application/json", {"content_type": media or None}
        )
    body = await read_body(request, restore.MAX_DOCUMENT_BYTES)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput("body", f"is not valid JSON: {exc}") from None


@router.post(
    "/import",
    operation_id="import_workspace",
    status_code=201,
    response_model=ImportedWorkspace,
    responses={**WRITE_RESPONSES, **TOO_LARGE},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/WorkspaceDocument"}}
            },
        }
    },
)
def import_workspace(
    user: CurrentUser,
    session: SessionDep,
    doc: Annotated[Any, Depends(workspace_document)],
):
    """Create a new workspace, owned by the signed-in caller, from a workspace document.

    Every record is checked by the rules of its create endpoint and every reference must point
    inside the document; on any error nothing is written (422, each error's field named, e.g.
    `body.conversations[12].tone`). All ids are new; timestamps are kept, so the scores come
    out as they were. Users are not part of the document: a user reference (`held_by`,
    `acknowledged_by`, ...) is kept when it names the caller and becomes null otherwise. At
    most 100 MB and 500,000 records. API tokens may not call this (403).
    """
    ws, counts = restore.import_workspace(session, user, doc)
    return {"workspace": public_workspace(ws, "owner"), "counts": counts}
