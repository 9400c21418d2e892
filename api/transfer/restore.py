"""Importing a workspace document into a new workspace owned by the caller.

Every record is validated by its resource's Create schema (the API's rules), every reference
must point inside the document, and every id is new: the document's ids are mapped to fresh
ones drawn in document order, so lists keep their order. Timestamps are kept, since scores
read them. Nothing is written unless the whole document is valid.

Users are not part of the document, and records may only name members of their workspace; the
new workspace has one member, the caller. So a user reference (`held_by`, `acknowledged_by`,
`changed_by`, `created_by`, `chosen_by`) survives only when it is the caller, and becomes null
otherwise; API token references always become null.
"""

import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from api.auth.deps import Access, Principal
from api.auth.models import User
from api.events.service import record_event
from api.insights.models import FocusChallenge, ScoringSettingsVersion
from api.insights.readings import rebuild
from api.insights.schemas import FocusIn
from api.kit.crud import RequestInvalid
from api.kit.errors import AppError
from api.kit.time import utcnow
from api.kit.types import PastDatetime, StrictInt, UTCDatetime
from api.records.cfir import construct_in_domain
from api.records.models import (
    Acknowledgement,
    Commitment,
    Concern,
    ConcernStatusChange,
    Conversation,
    Signal,
)
from api.records.schemas import (
    AcknowledgementCreate,
    CommitmentCreate,
    ConcernCreate,
    ConcernStatus,
    ConversationCreate,
)
from api.records.service import _signal_columns
from api.records.signal_schemas import SignalCreate
from api.records.types import RecordTime
from api.scoring import ScoringSettings
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.schemas import StakeholderCreate, TeamCreate
from api.transfer.bulk import IdSequence, insert_rows
from api.transfer.document import RECORD_SECTIONS
from api.workspaces.models import Role, Workspace
from api.workspaces.schemas import WorkspaceCreate
from api.workspaces.service import create_workspace

MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
MAX_DOCUMENT_RECORDS = 500_000
MAX_LISTED_ERRORS = 1000

Progress = Callable[[str, int], None]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _WorkspaceIn(WorkspaceCreate):
    id: uuid.UUID | None = None
    created_at: UTCDatetime | None = None
    updated_at: UTCDatetime | None = None


class _SettingsIn(_Closed):
    version: Annotated[StrictInt, Field(ge=1)]
    values: dict[str, Any]
    created_at: PastDatetime
    created_by: uuid.UUID | None = None


class _FocusIn(FocusIn):
    chosen_by: uuid.UUID | None = None
    chosen_at: PastDatetime


class _Envelope(_Closed):
    format: Literal["rapport.workspace"]
    version: Literal[1]
    exported_at: UTCDatetime | None = None
    workspace: _WorkspaceIn
    scoring_settings: list[_SettingsIn] = Field(default_factory=list)
    focus_challenge: _FocusIn | None = None
    teams: list[Any] = Field(default_factory=list)
    stakeholders: list[Any] = Field(default_factory=list)
    conversations: list[Any] = Field(default_factory=list)
    concerns: list[Any] = Field(default_factory=list)
    acknowledgements: list[Any] = Field(default_factory=list)
    signals: list[Any] = Field(default_factory=list)
    commitments: list[Any] = Field(default_factory=list)


class _Meta(_Closed):
    """The read-only fields of every record: kept (timestamps) or mapped (id)."""

    id: uuid.UUID
    workspace_id: uuid.UUID | None = None
    created_at: PastDatetime
    updated_at: PastDatetime


class _HistoryEntry(_Closed):
    status: ConcernStatus
    from_status: ConcernStatus | None
    changed_at: RecordTime
    changed_by: uuid.UUID | None = None
    changed_by_token: uuid.UUID | None = None


class _ConcernMeta(_Meta):
    status_changed_at: PastDatetime | None = None  # read only: the last history entry's
    status_history: list[_HistoryEntry] | None = None


class _CommitmentMeta(_Meta):
    status_changed_at: PastDatetime | None = None


SCHEMAS: dict[str, tuple[Any, type[_Meta]]] = {
    "teams": (TeamCreate, _Meta),
    "stakeholders": (StakeholderCreate, _Meta),
    "conversations": (ConversationCreate, _Meta),
    "concerns": (ConcernCreate, _ConcernMeta),
    "acknowledgements": (AcknowledgementCreate, _Meta),
    "signals": (SignalCreate, _Meta),
    "commitments": (CommitmentCreate, _CommitmentMeta),
}


class TooManyRecords(AppError):
    status_code = 413
    code = "payload_too_large"


class _Errors:
    def __init__(self) -> None:
        self.details: list[dict] = []
        self.count = 0

    def add(self, field: str, message: str, type_: str = "invalid") -> None:
        self.count += 1
        if len(self.details) < MAX_LISTED_ERRORS:
            self.details.append({"field": field, "message": message, "type": type_})

    def extend(self, where: str, exc: ValidationError) -> None:
        for e in exc.errors():
            self.add(".".join([where, *(str(p) for p in e["loc"])]), e["msg"], e["type"])

    def raise_if_any(self) -> None:
        if self.count:
            first = self.details[0]
            raise RequestInvalid(
                f"The document has {self.count} error(s); nothing was imported. First: "
                f"{first['field']}: {first['message']}",
                self.details,
            )


def _validate_section(name: str, items: list, errors: _Errors) -> list[tuple[Any, _Meta, int]]:
    schema, meta_schema = SCHEMAS[name]
    create, meta = TypeAdapter(schema), TypeAdapter(meta_schema)
    meta_keys = set(meta_schema.model_fields)
    out = []
    for i, item in enumerate(items):
        where = f"body.{name}[{i}]"
        if not isinstance(item, dict):
            errors.add(where, "must be an object")
            continue
        body = {k: v for k, v in item.items() if k not in meta_keys}
        if name == "conversations" and "summary" in body and body["summary"] is None:
            body["summary"] = ""  # redacted in the export: the summary was not shared
        try:
            data = create.validate_python(body)
            extra = meta.validate_python({k: v for k, v in item.items() if k in meta_keys})
        except ValidationError as exc:
            errors.extend(where, exc)
            continue
        out.append((data, extra, i))
    return out


def _check_history(concern: Any, meta: _ConcernMeta, where: str, errors: _Errors) -> list:
    """A concern's status history must be a chain in time from `raised_at` to `status`."""
    raised_at = concern["raised_at"]
    history = meta.status_history
    if history is None:
        return [_HistoryEntry(status=concern["status"], from_status=None, changed_at=raised_at)]
    where = f"{where}.status_history"
    if not history:
        errors.add(where, "must hold at least the status the concern was raised with")
        return history
    if history[0].from_status is not None or history[0].changed_at != raised_at:
        errors.add(
            f"{where}[0]",
            "must be the status it was raised with (from_status null), dated raised_at",
        )
    for j in range(1, len(history)):
        before, entry = history[j - 1], history[j]
        if entry.from_status != before.status:
            errors.add(f"{where}[{j}].from_status", "must be the status of the entry before")
        if entry.changed_at < before.changed_at:
            errors.add(f"{where}[{j}].changed_at", "must not be before the entry before")
    if history[-1].status != concern["status"]:
        errors.add(where, "must end with the concern's status")
    return history


def import_workspace(
    session, owner: User, document: Any, progress: Progress | None = None
) -> tuple[Workspace, dict[str, int]]:
    """Validate the whole document, then write it as a new workspace owned by `owner`."""
    say = progress or (lambda *_: None)
    if not isinstance(document, dict):
        raise RequestInvalid(
            "The document must be a JSON object",
            [{"field": "body", "message": "must be a JSON object", "type": "invalid"}],
        )
    sections = [document.get(name) for name in RECORD_SECTIONS]
    total = sum(len(items) for items in sections if isinstance(items, list))
    if total > MAX_DOCUMENT_RECORDS:
        raise TooManyRecords(
            f"The document has more than {MAX_DOCUMENT_RECORDS:,} records",
            {"max_records": MAX_DOCUMENT_RECORDS},
        )
    errors = _Errors()
    try:
        envelope = _Envelope.model_validate(document)
    except ValidationError as exc:
        errors.extend("body", exc)
        errors.raise_if_any()
        raise
    for i, version in enumerate(envelope.scoring_settings):
        try:
            ScoringSettings.from_dict(version.values)
        except (ValueError, TypeError) as exc:
            errors.add(f"body.scoring_settings[{i}].values", str(exc))
    if len({v.version for v in envelope.scoring_settings}) != len(envelope.scoring_settings):
        errors.add("body.scoring_settings", "versions must be distinct")
    focus = envelope.focus_challenge
    if (
        focus
        and focus.cfir_construct
        and not construct_in_domain(focus.cfir_domain, focus.cfir_construct)
    ):
        errors.add(
            "body.focus_challenge.cfir_construct", f"is not a construct of {focus.cfir_domain}"
        )

    valid = {}
    for name in RECORD_SECTIONS:
        valid[name] = _validate_section(name, getattr(envelope, name), errors)
        say(f"validated {name}", len(valid[name]))
    errors.raise_if_any()
    plan = _plan(valid, owner.id, errors)
    errors.raise_if_any()
    return _write(session, owner, envelope, plan, say)


def _plan(valid: dict, owner_id: uuid.UUID, errors: _Errors) -> dict[str, list[dict]]:
    """Map ids and check references; return the rows to insert per table."""
    next_id = IdSequence()
    ids: dict[str, dict[uuid.UUID, uuid.UUID]] = {name: {} for name in RECORD_SECTIONS}
    for name in RECORD_SECTIONS:
        for _data, meta, i in valid[name]:
            if meta.id in ids[name]:
                errors.add(f"body.{name}[{i}].id", "appears twice")
            ids[name][meta.id] = next_id()

    def ref(section: str, old: uuid.UUID | None, where: str) -> uuid.UUID | None:
        if old is None:
            return None
        new = ids[section].get(old)
        if new is None:
            errors.add(where, f"does not name one of the document's {section}")
        return new

    def user(old: uuid.UUID | None) -> uuid.UUID | None:
        return old if old == owner_id else None

    conversation_of = {meta.id: data for data, meta, _ in valid["conversations"]}
    rows: dict[str, list[dict]] = {name: [] for name in RECORD_SECTIONS}
    rows["concern_status_changes"] = []
    for name in RECORD_SECTIONS:
        for data, meta, i in valid[name]:
            where = f"body.{name}[{i}]"
            values = _signal_columns(data.model_dump()) if name == "signals" else data.model_dump()
            values.update(
                id=ids[name][meta.id], created_at=meta.created_at, updated_at=meta.updated_at
            )
            if "stakeholder_id" in values:
                old_stakeholder = values["stakeholder_id"]
                values["stakeholder_id"] = ref(
                    "stakeholders", old_stakeholder, f"{where}.stakeholder_id"
                )
            if name == "stakeholders":
                values["team_id"] = ref("teams", values["team_id"], f"{where}.team_id")
            elif name == "conversations":
                values["held_by"] = user(values["held_by"])
            elif name == "acknowledgements":
                values["acknowledged_by"] = user(values["acknowledged_by"])
            elif name == "signals":
                values["nominated_by_id"] = ref(
                    "stakeholders", values["nominated_by_id"], f"{where}.nominated_by_id"
                )
                if (
                    values["nominated_by_id"]
                    and values["nominated_by_id"] == values["stakeholder_id"]
                ):
                    errors.add(
                        f"{where}.nominated_by_id", "a stakeholder cannot nominate themselves"
                    )
            if name in ("concerns", "commitments"):
                old = values["conversation_id"]
                values["conversation_id"] = ref("conversations", old, f"{where}.conversation_id")
                if (
                    old in conversation_of
                    and conversation_of[old].stakeholder_id != old_stakeholder
                ):
                    errors.add(
                        f"{where}.conversation_id", "is a conversation with another stakeholder"
                    )
            if name == "commitments":
                values["status_changed_at"] = meta.status_changed_at
            if name == "concerns":
                if values["raised_at"] is None:
                    source = conversation_of.get(old)
                    values["raised_at"] = source.occurred_at if source else utcnow()
                history = _check_history(values, meta, where, errors)
                values["status_changed_at"] = history[-1].changed_at if history else None
                rows["concern_status_changes"].extend(
                    {
                        "id": next_id(),
                        "concern_id": values["id"],
                        "from_status": h.from_status,
                        "to_status": h.status,
                        "changed_at": h.changed_at,
                        "changed_by": user(h.changed_by),
                        "changed_by_token": None,
                    }
                    for h in history
                )
            rows[name].append(values)
    return rows


MODELS = {
    "teams": Team,
    "stakeholders": Stakeholder,
    "conversations": Conversation,
    "concerns": Concern,
    "concern_status_changes": ConcernStatusChange,
    "acknowledgements": Acknowledgement,
    "signals": Signal,
    "commitments": Commitment,
}


def _write(session, owner: User, envelope: _Envelope, plan: dict, say: Progress):
    info = envelope.workspace
    ws = create_workspace(
        session, owner, WorkspaceCreate(name=info.name, description=info.description)
    )
    access = Access(ws.id, Principal(user=owner), Role.owner, True)
    now = utcnow()
    for v in envelope.scoring_settings:
        session.add(
            ScoringSettingsVersion(
                workspace_id=ws.id,
                version=v.version,
                values=v.values,
                created_at=v.created_at,
                created_by=v.created_by if v.created_by == owner.id else None,
            )
        )
    focus = envelope.focus_challenge
    if focus is not None:
        session.add(
            FocusChallenge(
                workspace_id=ws.id,
                cfir_domain=focus.cfir_domain,
                cfir_construct=focus.cfir_construct,
                note=focus.note,
                chosen_by=focus.chosen_by if focus.chosen_by == owner.id else None,
                chosen_at=focus.chosen_at,
            )
        )
    counts = {
        "scoring_settings": len(envelope.scoring_settings),
        "focus_challenge": int(bool(focus)),
    }
    for name, model in MODELS.items():
        stamp = {"workspace_id": ws.id}
        if name == "concern_status_changes":
            stamp.update(created_at=now, updated_at=now)
        rows = ({**row, **stamp} for row in plan[name])
        counts[name] = insert_rows(session, model, rows, lambda n, name=name: say(name, n))
    import_id = IdSequence()()
    record_event(
        session,
        access,
        "import.completed",
        import_id,
        {
            "import_id": str(import_id),
            "resource": "workspace",
            "source_workspace_id": str(info.id) if info.id else None,
            "counts": counts,
            "imported_at": now.isoformat().replace("+00:00", "Z"),
        },
    )
    rebuild(
        session,
        ws.id,
        None,
        (owner.id, None),
        lambda done, total: say("readings", done) if done % 1000 == 0 or done == total else None,
    )
    session.flush()
    return ws, counts
