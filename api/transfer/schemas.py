"""API shapes of bulk data: the CSV import report and the workspace document."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.records.schemas import (
    AcknowledgementPublic,
    CommitmentPublic,
    ConcernPublic,
    ConversationPublic,
)
from api.records.signal_schemas import SignalPublic
from api.stakeholders.schemas import StakeholderPublic, TeamPublic
from api.workspaces.schemas import WorkspacePublic

FORMAT = "rapport.workspace"
VERSION = 1


class RowError(BaseModel):
    row: int = Field(description="The row as a spreadsheet numbers it: the header is row 1")
    field: str | None = Field(description="The column at fault; null for the row as a whole")
    message: str


class ImportReport(BaseModel):
    resource: Literal["stakeholders", "conversations"]
    dry_run: bool
    rows: int = Field(description="Data rows in the file (blank lines are not counted)")
    valid: int
    invalid: int
    written: int = Field(description="Rows written; 0 for a dry run")
    skipped: int = Field(description="Invalid rows left out because `skip_invalid=true`")
    errors: list[RowError] = Field(
        description="Why each invalid row is invalid, in row order (at most 10,000 entries)"
    )
    errors_truncated: bool = Field(description="More errors were found than are listed")
    import_id: uuid.UUID | None = Field(
        description="The `resource_id` of this import's `import.completed` event; null for a "
        "dry run"
    )


class WorkspaceInfo(BaseModel):
    id: uuid.UUID
    name: str
    description: str
    created_at: datetime
    updated_at: datetime


class SettingsVersionDoc(BaseModel):
    version: int
    values: dict[str, Any]
    created_at: datetime
    created_by: uuid.UUID | None


class FocusDoc(BaseModel):
    cfir_domain: str
    cfir_construct: str | None
    note: str
    chosen_by: uuid.UUID | None
    chosen_at: datetime


class WorkspaceDocument(BaseModel):
    """A whole workspace, as `GET /workspaces/{id}/export` writes it and
    `POST /workspaces/import` reads it. Records have the shapes their own endpoints return.
    Members, users, API tokens, webhooks and the event log are not part of it."""

    format: Literal["rapport.workspace"]
    version: Literal[1] = Field(description="Bumped when the document changes incompatibly")
    exported_at: datetime
    workspace: WorkspaceInfo
    scoring_settings: list[SettingsVersionDoc] = Field(
        description="Every saved version, oldest first; the last one is in force"
    )
    focus_challenge: FocusDoc | None
    teams: list[TeamPublic]
    stakeholders: list[StakeholderPublic]
    conversations: list[ConversationPublic] = Field(
        description="`summary` is null for private conversations the exporting owner did not hold"
    )
    concerns: list[ConcernPublic]
    acknowledgements: list[AcknowledgementPublic]
    signals: list[SignalPublic]
    commitments: list[CommitmentPublic]


class ImportedWorkspace(BaseModel):
    workspace: WorkspacePublic
    counts: dict[str, int] = Field(description="Rows written per kind of object")
