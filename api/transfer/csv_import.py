"""CSV import of stakeholders and conversations, validated like the API, written in bulk.

Each row is turned into the body the API would take (cells parsed as numbers, booleans and
`;`-separated lists; references resolved inside the workspace) and validated by the resource's
Create schema, so a file is held to exactly the API's rules. Rows are then written with bulk
inserts in the request's one transaction, one `import.completed` event records the import,
and the stored readings of every stakeholder who gained conversations are rebuilt once.

Per-record `.created` events are not written: an import of 100,000 rows would put 100,000
events in the feed and double the write. Integrations that mirror records re-read the lists
with `updated_since` set to the event's `imported_at`, which every imported row carries as its
`created_at` and `updated_at`.
"""

import re
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlmodel import Session

from api.auth.deps import Access
from api.auth.models import User
from api.events.service import record_event
from api.insights.readings import rebuild
from api.insights.scoremap import no_gc
from api.kit.errors import AppError
from api.kit.time import utcnow
from api.records.models import Conversation
from api.records.schemas import ConversationCreate
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.schemas import StakeholderCreate
from api.transfer.bulk import IdSequence, insert_rows, roomy_cache
from api.transfer.csvio import read_table, unescape
from api.workspaces.models import Membership

MAX_LISTED_ERRORS = 10_000
# Read-only columns an export writes; an exported file can be imported without removing them.
IGNORED = ("id", "workspace_id", "created_at", "updated_at")
# Above this many touched stakeholders, rebuilding the whole workspace is as cheap as listing
# them (and stays under SQLite's limit on bound parameters).
REBUILD_ALL_ABOVE = 5000

_INT = re.compile(r"[+-]?\d{1,9}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


class CellError(ValueError):
    pass


class ImportRejected(AppError):
    status_code = 422
    code = "import_invalid"


def _text(cell: str) -> str:
    return cell


def _int(cell: str) -> int:
    if not _INT.fullmatch(cell):
        raise CellError("must be a whole number")
    return int(cell)


def _number(cell: str) -> float:
    if not _NUMBER.fullmatch(cell):
        raise CellError("must be a number")
    return float(cell)


def _bool(cell: str) -> bool:
    value = cell.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError("must be true or false")


def _list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] | str  # a parser, or the name of a reference resolver
    target: tuple[str, ...]  # where the value goes in the Create body


def _refs(exact: dict, folded: dict, ids: set[uuid.UUID], what: str, keys: str):
    """A resolver: a cell holding an id, or a key that names exactly one object.

    `exact` keys (names) must match exactly; `folded` keys (emails) match in any case.
    """
    memo: dict[str, uuid.UUID | CellError] = {}

    def resolve(cell: str) -> uuid.UUID:
        hit = memo.get(cell)
        if hit is None:
            hit = memo[cell] = _resolve(cell.strip())
        if isinstance(hit, CellError):
            raise hit
        return hit

    def _resolve(cell: str) -> uuid.UUID | CellError:
        try:
            as_id = uuid.UUID(cell)
        except ValueError:
            as_id = None
        if as_id is not None:
            return as_id if as_id in ids else CellError(f"no {what} has this id")
        matches = exact.get(cell) or folded.get(cell.lower()) or []
        if len(matches) == 1:
            return matches[0]
        if matches:
            return CellError(f"matches {len(matches)} {what}s; use the id")
        return CellError(f"no {what} has this {keys}")

    return resolve


def _team_resolver(session: Session, access: Access):
    rows = session.execute(
        sa.select(Team.id, Team.name).where(Team.workspace_id == access.workspace_id)
    ).all()
    by_name: dict[str, list[uuid.UUID]] = {}
    for team_id, name in rows:
        by_name.setdefault(name, []).append(team_id)
    return _refs(by_name, {}, {r[0] for r in rows}, "team", "id or name")


def _stakeholder_resolver(session: Session, access: Access):
    rows = session.execute(
        sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.email).where(
            Stakeholder.workspace_id == access.workspace_id
        )
    ).all()
    names: dict[str, list[uuid.UUID]] = {}
    emails: dict[str, list[uuid.UUID]] = {}
    for sid, name, email in rows:
        names.setdefault(name, []).append(sid)
        if email:
            emails.setdefault(email.lower(), []).append(sid)
    return _refs(names, emails, {r[0] for r in rows}, "stakeholder", "id, email or name")


def _member_resolver(session: Session, access: Access):
    rows = session.execute(
        sa.select(User.id, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == access.workspace_id)
    ).all()
    emails = {email.lower(): [uid] for uid, email in rows}
    return _refs({}, emails, {r[0] for r in rows}, "member", "user id or email")


@dataclass(frozen=True)
class Spec:
    resource: str
    model: Any
    schema: type[BaseModel]
    columns: tuple[Column, ...]
    required: tuple[str, ...]
    aliases: dict[str, str]
    resolvers: dict[str, Callable[[Session, Access], Callable[[str], uuid.UUID]]]

    def column_for(self, loc: tuple) -> str:
        """The CSV column a validation error location points at."""
        for c in self.columns:
            if tuple(loc[: len(c.target)]) == c.target:
                return c.name
        return ".".join(str(p) for p in loc) or None


STAKEHOLDERS = Spec(
    resource="stakeholders",
    model=Stakeholder,
    schema=StakeholderCreate,
    columns=(
        Column("name", _text, ("name",)),
        Column("title", _text, ("title",)),
        Column("team", "team", ("team_id",)),
        Column("role_type", _text, ("role_type",)),
        Column("discipline", _text, ("discipline",)),
        Column("email", _text, ("email",)),
        Column("tags", _list, ("tags",)),
        Column("influence_manual", _number, ("influence_manual",)),
        Column("archived", _bool, ("archived",)),
    ),
    required=("name",),
    aliases={"team_id": "team"},
    resolvers={"team": _team_resolver},
)

CONVERSATIONS = Spec(
    resource="conversations",
    model=Conversation,
    schema=ConversationCreate,
    columns=(
        Column("stakeholder", "stakeholder", ("stakeholder_id",)),
        Column("occurred_at", _text, ("occurred_at",)),
        Column("held_by", "member", ("held_by",)),
        Column("mode", _text, ("mode",)),
        Column("duration_minutes", _int, ("duration_minutes",)),
        Column("summary", _text, ("summary",)),
        Column("private", _bool, ("private",)),
        Column("tone", _int, ("tone",)),
        Column("authenticity", _int, ("ratings", "authenticity")),
        Column("competence", _int, ("ratings", "competence")),
        Column("empathy", _int, ("ratings", "empathy")),
        Column("topics", _list, ("topics",)),
        Column("next_contact_on", _text, ("next_contact_on",)),
        Column("next_contact_scheduled", _bool, ("next_contact_scheduled",)),
    ),
    required=("stakeholder", "occurred_at", "tone"),
    aliases={"stakeholder_id": "stakeholder"},
    resolvers={
        "team": _team_resolver,
        "stakeholder": _stakeholder_resolver,
        "member": _member_resolver,
    },
)
SPECS = {s.resource: s for s in (STAKEHOLDERS, CONVERSATIONS)}


def _validated_rows(session: Session, access: Access, spec: Spec, text: str, report: dict):
    """Return an iterator of the Create bodies of the valid rows; it records invalid ones.

    Everything the checks read from the database is read here, before the iterator starts:
    on PostgreSQL the rows are consumed inside a COPY, when the connection can run nothing else.
    """
    names, rows = read_table(
        text, [c.name for c in spec.columns], spec.required, spec.aliases, IGNORED
    )
    by_name = {c.name: c for c in spec.columns}
    resolvers = {key: make(session, access) for key, make in spec.resolvers.items()}
    plan = []  # (cell position, column, parser)
    for i, name in enumerate(names):
        if name is not None:
            column = by_name[name]
            parse = column.parse if callable(column.parse) else resolvers[column.parse]
            plan.append((i, column, parse))
    return _check(rows, len(names), plan, TypeAdapter(spec.schema), spec, report)


def _check(rows, width: int, plan: list, adapter: TypeAdapter, spec: Spec, report: dict):
    errors = report["errors"]

    def fail(number: int, field: str | None, message: str) -> None:
        if len(errors) < MAX_LISTED_ERRORS:
            errors.append({"row": number, "field": field, "message": message})
        else:
            report["errors_truncated"] = True

    for number, cells in rows:
        report["rows"] += 1
        if len(cells) != width:
            fail(number, None, f"has {len(cells)} cells; the header has {width}")
            report["invalid"] += 1
            continue
        body: dict[str, Any] = {}
        bad: dict[str, str] = {}
        for i, column, parse in plan:
            raw = cells[i]
            if raw == "" or raw.isspace():
                continue  # blank: the field's default, as if the API body left it out
            try:
                value = parse(unescape(raw) if raw[0] == "'" else raw)
            except CellError as exc:
                bad[column.name] = str(exc)
                continue
            target = column.target
            if len(target) == 1:
                body[target[0]] = value
            else:
                body.setdefault(target[0], {})[target[1]] = value
        try:
            data = adapter.validate_python(body)
        except ValidationError as exc:
            for err in exc.errors():
                field = spec.column_for(err["loc"])
                if field not in bad:
                    bad[field] = err["msg"]
        if bad:
            report["invalid"] += 1
            for field, message in bad.items():
                fail(number, field, message)
            continue
        report["valid"] += 1
        yield data


def import_csv(
    session: Session,
    access: Access,
    resource: str,
    text: str,
    *,
    dry_run: bool,
    skip_invalid: bool,
) -> dict:
    """Validate every row; unless it is a dry run, write the valid ones (see module docs)."""
    # Rows, bodies and the readings rebuild's records are many short-lived objects and no
    # cycles: collections during the import would only walk them again and again.
    with no_gc(), nullcontext() if dry_run else roomy_cache(session):
        return _import_csv(session, access, resource, text, dry_run, skip_invalid)


def _import_csv(session, access, resource, text, dry_run, skip_invalid) -> dict:
    spec = SPECS[resource]
    report = {
        "resource": resource,
        "dry_run": dry_run,
        "rows": 0,
        "valid": 0,
        "invalid": 0,
        "written": 0,
        "skipped": 0,
        "errors": [],
        "errors_truncated": False,
        "import_id": None,
    }
    valid = _validated_rows(session, access, spec, text, report)
    if dry_run:
        for _ in valid:
            pass
        return report
    # Valid rows are written while the rest of the file is checked; if any row was invalid
    # (and not to be skipped) the error below rolls the request's transaction back.
    now = utcnow()
    next_id = IdSequence()
    actor_user = access.actor_user_id
    base = {"workspace_id": access.workspace_id, "created_at": now, "updated_at": now}
    touched: set[uuid.UUID] = set()

    def rows():
        for data in valid:
            values = data.model_dump()
            if resource == "conversations":
                if "held_by" not in data.model_fields_set:
                    values["held_by"] = actor_user
                touched.add(values["stakeholder_id"])
            yield {"id": next_id(), **base, **values}

    written = insert_rows(session, spec.model, rows())
    if report["invalid"] and not skip_invalid:
        raise ImportRejected(
            f"{report['invalid']} of {report['rows']} rows are invalid; nothing was written. "
            "Fix them, or send skip_invalid=true to write only the valid rows",
            report,
        )
    import_id = next_id()
    report.update(written=written, skipped=report["invalid"], import_id=import_id)
    record_event(
        session,
        access,
        "import.completed",
        import_id,
        {
            "import_id": str(import_id),
            "resource": resource,
            "rows": report["rows"],
            "written": written,
            "skipped": report["skipped"],
            "imported_at": now.isoformat().replace("+00:00", "Z"),
        },
    )
    if touched:
        actor = (access.principal.user_id, access.principal.token_id)
        ids = None if len(touched) > REBUILD_ALL_ABOVE else touched
        rebuild(session, access.workspace_id, ids, actor)
    session.flush()
    return report
