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
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlmodel import Session

from api.auth.deps import Access, Principal
from api.auth.models import User
from api.events.service import record_event
from api.insights.models import FocusChallenge, ScoringSettingsVersion
from api.insights.readings import rebuild
from api.insights.scoremap import no_gc
from api.kit.crud import RequestInvalid
from api.kit.errors import AppError
from api.kit.time import iso_z, utcnow
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
    ConversationCreate,
)
from api.records.service import _signal_columns
from api.records.signal_schemas import SignalCreate
from api.scoring import ScoringSettings
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.schemas import StakeholderCreate, TeamCreate
from api.transfer.bulk import IdSequence, insert_rows, roomy_cache
from api.transfer.document import RECORD_SECTIONS
from api.transfer.schemas import (
    CommitmentMeta,
    ConcernMeta,
    DocumentIn,
    HistoryEntryIn,
    RecordMeta,
)
from api.workspaces.models import Role, Workspace
from api.workspaces.schemas import WorkspaceCreate
from api.workspaces.service import create_workspace

MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
MAX_DOCUMENT_RECORDS = 500_000
MAX_LISTED_ERRORS = 1000

Progress = Callable[[str, int], None]

# Each section: the Create schema its records must pass, and its read-only fields.
SCHEMAS: dict[str, tuple[Any, type[RecordMeta]]] = {
    "teams": (TeamCreate, RecordMeta),
    "stakeholders": (StakeholderCreate, RecordMeta),
    "conversations": (ConversationCreate, RecordMeta),
    "concerns": (ConcernCreate, ConcernMeta),
    "acknowledgements": (AcknowledgementCreate, RecordMeta),
    "signals": (SignalCreate, RecordMeta),
    "commitments": (CommitmentCreate, CommitmentMeta),
}
TABLES = {
    "teams": Team,
    "stakeholders": Stakeholder,
    "conversations": Conversation,
    "concerns": Concern,
    "concern_status_changes": ConcernStatusChange,
    "acknowledgements": Acknowledgement,
    "signals": Signal,
    "commitments": Commitment,
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


def import_workspace(
    session: Session, owner: User, document: Any, progress: Progress | None = None
) -> tuple[Workspace, dict[str, int]]:
    """Validate the whole document, then write it as a new workspace owned by `owner`."""
    say = progress or (lambda *_: None)
    if not isinstance(document, dict):
        raise RequestInvalid(
            "The document must be a JSON object",
            [{"field": "body", "message": "must be a JSON object", "type": "invalid"}],
        )
    sections = [document.get(name) for name in RECORD_SECTIONS]
    if sum(len(s) for s in sections if isinstance(s, list)) > MAX_DOCUMENT_RECORDS:
        raise TooManyRecords(
            f"The document has more than {MAX_DOCUMENT_RECORDS:,} records",
            {"max_records": MAX_DOCUMENT_RECORDS},
        )
    errors = _Errors()
    try:
        envelope = DocumentIn.model_validate(document)
    except ValidationError as exc:
        errors.extend("body", exc)
        errors.raise_if_any()
        raise
    _check_settings(envelope, errors)
    with no_gc():  # many short-lived, acyclic objects (see no_gc)
        valid = {}
        for name in RECORD_SECTIONS:
            valid[name] = _validate_section(name, getattr(envelope, name), errors)
            say(f"validated {name}", len(valid[name]))
        errors.raise_if_any()
        rows = _Mapper(valid, owner.id, errors).rows()
        errors.raise_if_any()
        with roomy_cache(session):
            return _write(session, owner, envelope, rows, say)


def _check_settings(envelope: DocumentIn, errors: _Errors) -> None:
    versions = envelope.scoring_settings
    for i, version in enumerate(versions):
        try:
            ScoringSettings.from_dict(version.values)
        except (ValueError, TypeError) as exc:
            errors.add(f"body.scoring_settings[{i}].values", str(exc))
    if len({v.version for v in versions}) != len(versions):
        errors.add("body.scoring_settings", "versions must be distinct")
    focus = envelope.focus_challenge
    construct = focus.cfir_construct if focus else None
    if construct and not construct_in_domain(focus.cfir_domain, construct):
        errors.add(
            "body.focus_challenge.cfir_construct", f"is not a construct of {focus.cfir_domain}"
        )


def _validate_section(name: str, items: list, errors: _Errors) -> list[tuple[Any, Any, int]]:
    """(validated Create body, read-only fields, position) of each valid record."""
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


class _Mapper:
    """Draws the new ids, maps every reference, and turns records into table rows."""

    def __init__(self, valid: dict, owner_id: uuid.UUID, errors: _Errors) -> None:
        self.valid, self.owner_id, self.errors = valid, owner_id, errors
        self.next_id = IdSequence()
        self.ids: dict[str, dict[uuid.UUID, uuid.UUID]] = {n: {} for n in RECORD_SECTIONS}
        for name in RECORD_SECTIONS:
            for _data, meta, i in valid[name]:
                if meta.id in self.ids[name]:
                    errors.add(f"body.{name}[{i}].id", "appears twice")
                self.ids[name][meta.id] = self.next_id()
        self.conversation_by_id = {meta.id: data for data, meta, _ in valid["conversations"]}
        self.out: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.stakeholder: uuid.UUID | None = None  # of the record being mapped, as in the document

    def ref(self, section: str, old: uuid.UUID | None, where: str) -> uuid.UUID | None:
        if old is None:
            return None
        new = self.ids[section].get(old)
        if new is None:
            self.errors.add(where, f"does not name one of the document's {section}")
        return new

    def user(self, old: uuid.UUID | None) -> uuid.UUID | None:
        return old if old == self.owner_id else None

    def rows(self) -> dict[str, list[dict]]:
        for name in RECORD_SECTIONS:
            for data, meta, i in self.valid[name]:
                values = data.model_dump()
                if name == "signals":
                    values = _signal_columns(values)
                values.update(
                    id=self.ids[name][meta.id],
                    created_at=meta.created_at,
                    updated_at=meta.updated_at,
                )
                where = f"body.{name}[{i}]"
                self.stakeholder = values.get("stakeholder_id")  # the document's id
                if self.stakeholder is not None:
                    field = f"{where}.stakeholder_id"
                    values["stakeholder_id"] = self.ref("stakeholders", self.stakeholder, field)
                getattr(self, name)(values, meta, where)
                self.out[name].append(values)
        return self.out

    def teams(self, values: dict, meta: RecordMeta, where: str) -> None:
        pass

    def stakeholders(self, values: dict, meta: RecordMeta, where: str) -> None:
        values["team_id"] = self.ref("teams", values["team_id"], f"{where}.team_id")

    def conversations(self, values: dict, meta: RecordMeta, where: str) -> None:
        values["held_by"] = self.user(values["held_by"])

    def acknowledgements(self, values: dict, meta: RecordMeta, where: str) -> None:
        values["acknowledged_by"] = self.user(values["acknowledged_by"])

    def signals(self, values: dict, meta: RecordMeta, where: str) -> None:
        field = f"{where}.nominated_by_id"
        nominated_by = self.ref("stakeholders", values["nominated_by_id"], field)
        if nominated_by is not None and nominated_by == values["stakeholder_id"]:
            self.errors.add(field, "a stakeholder cannot nominate themselves")
        values["nominated_by_id"] = nominated_by

    def _conversation(self, values: dict, where: str) -> Any:
        """Map a concern's or commitment's conversation, which must be with its stakeholder."""
        old = values["conversation_id"]
        values["conversation_id"] = self.ref("conversations", old, f"{where}.conversation_id")
        source = self.conversation_by_id.get(old)
        if source is not None and source.stakeholder_id != self.stakeholder:
            self.errors.add(
                f"{where}.conversation_id", "is a conversation with another stakeholder"
            )
        return source

    def commitments(self, values: dict, meta: CommitmentMeta, where: str) -> None:
        self._conversation(values, where)
        values["status_changed_at"] = meta.status_changed_at

    def concerns(self, values: dict, meta: ConcernMeta, where: str) -> None:
        source = self._conversation(values, where)
        if values["raised_at"] is None:  # as the API: the conversation's time, else now
            values["raised_at"] = source.occurred_at if source else utcnow()
        history = self._history(values, meta, where)
        values["status_changed_at"] = history[-1].changed_at if history else None
        self.out["concern_status_changes"].extend(
            {
                "id": self.next_id(),
                "concern_id": values["id"],
                "from_status": h.from_status,
                "to_status": h.status,
                "changed_at": h.changed_at,
                "changed_by": self.user(h.changed_by),
                "changed_by_token": None,
            }
            for h in history
        )

    def _history(self, concern: dict, meta: ConcernMeta, where: str) -> list[HistoryEntryIn]:
        """The status history must be a chain in time from `raised_at` to `status`."""
        raised_at, history = concern["raised_at"], meta.status_history
        if history is None:  # a hand-made document: the status it was raised with
            return [
                HistoryEntryIn(status=concern["status"], from_status=None, changed_at=raised_at)
            ]
        where = f"{where}.status_history"
        if not history:
            self.errors.add(where, "must hold at least the status the concern was raised with")
            return history
        if history[0].from_status is not None or history[0].changed_at != raised_at:
            message = "must be the status it was raised with (from_status null), dated raised_at"
            self.errors.add(f"{where}[0]", message)
        for j in range(1, len(history)):
            before, entry = history[j - 1], history[j]
            if entry.from_status != before.status:
                self.errors.add(f"{where}[{j}].from_status", "must be the status before it")
            if entry.changed_at < before.changed_at:
                self.errors.add(f"{where}[{j}].changed_at", "must not be before the entry before")
        if history[-1].status != concern["status"]:
            self.errors.add(where, "must end with the concern's status")
        return history


def _write(session: Session, owner: User, envelope: DocumentIn, rows: dict, say: Progress):
    info = envelope.workspace
    ws = create_workspace(
        session, owner, WorkspaceCreate(name=info.name, description=info.description)
    )
    now = utcnow()
    for v in envelope.scoring_settings:
        created_by = v.created_by if v.created_by == owner.id else None
        session.add(
            ScoringSettingsVersion(
                workspace_id=ws.id,
                version=v.version,
                values=v.values,
                created_at=v.created_at,
                created_by=created_by,
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
        "focus_challenge": int(focus is not None),
    }
    for name, model in TABLES.items():
        stamp = {"workspace_id": ws.id}
        if name == "concern_status_changes":  # not in the document: made now
            stamp.update(created_at=now, updated_at=now)
        table_rows = ({**row, **stamp} for row in rows[name])
        counts[name] = insert_rows(session, model, table_rows, lambda n, k=name: say(k, n))
    import_id = IdSequence()()
    record_event(
        session,
        Access(ws.id, Principal(user=owner), Role.owner, True),
        "import.completed",
        import_id,
        {
            "import_id": str(import_id),
            "resource": "workspace",
            "source_workspace_id": str(info.id) if info.id else None,
            "counts": counts,
            "imported_at": iso_z(now),
        },
    )

    def readings(done: int, total: int) -> None:
        if done % 1000 == 0 or done == total:
            say("readings", done)

    rebuild(session, ws.id, None, (owner.id, None), readings)
    session.flush()
    return ws, counts
