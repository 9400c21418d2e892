"""API shapes of bulk data: the CSV import report and the workspace document, out and in."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.insights.schemas import FocusIn
from api.kit.types import PastDatetime, StrictInt, UTCDatetime
from api.records.schemas import (
    AcknowledgementPublic,
    CommitmentPublic,
    ConcernPublic,
    ConcernStatus,
    ConversationPublic,
)
from api.records.signal_schemas import SignalPublic
from api.records.types import RecordTime
from api.stakeholders.schemas import StakeholderPublic, TeamPublic
from api.workspaces.schemas import WorkspaceCreate, WorkspacePublic

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


# --- the document, as an import reads it ------------------------------------------------------
#
# Records are checked by their resources' Create schemas (api/transfer/restore.py); these are the
# envelope and the read-only fields the Create schemas do not have.


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkspaceIn(WorkspaceCreate):
    id: uuid.UUID | None = None
    created_at: UTCDatetime | None = None
    updated_at: UTCDatetime | None = None


class SettingsVersionIn(_Closed):
    version: Annotated[StrictInt, Field(ge=1)]
    values: dict[str, Any]
    created_at: PastDatetime
    created_by: uuid.UUID | None = None


class FocusDocIn(FocusIn):
    chosen_by: uuid.UUID | None = None
    chosen_at: PastDatetime


class DocumentIn(_Closed):
    format: Literal["rapport.workspace"]
    version: Literal[1]
    exported_at: UTCDatetime | None = None
    workspace: WorkspaceIn
    scoring_settings: list[SettingsVersionIn] = Field(default_factory=list)
    focus_challenge: FocusDocIn | None = None
    teams: list[Any] = Field(default_factory=list)
    stakeholders: list[Any] = Field(default_factory=list)
    conversations: list[Any] = Field(default_factory=list)
    concerns: list[Any] = Field(default_factory=list)
    acknowledgements: list[Any] = Field(default_factory=list)
    signals: list[Any] = Field(default_factory=list)
    commitments: list[Any] = Field(default_factory=list)


class RecordMeta(_Closed):
    """The read-only fields of every record: kept (timestamps) or mapped (id)."""

    id: uuid.UUID
    workspace_id: uuid.UUID | None = None
    created_at: PastDatetime
    updated_at: PastDatetime


class HistoryEntryIn(_Closed):
    status: ConcernStatus
    from_status: ConcernStatus | None
    changed_at: RecordTime
    changed_by: uuid.UUID | None = None
    changed_by_token: uuid.UUID | None = None


class ConcernMeta(RecordMeta):
    status_changed_at: PastDatetime | None = None  # read only: the last history entry's
    status_history: list[HistoryEntryIn] | None = None


class CommitmentMeta(RecordMeta):
    status_changed_at: PastDatetime | None = None
