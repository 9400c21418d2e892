"""CSV import of stakeholders and conversations, validated like the API, written in bulk.

Each row is turned into the body the API would take (cells parsed as numbers, booleans and
`;`-separated lists; references resolved inside the workspace) and validated by the resource's
Create schema, so a file is held to exactly the API's rules (each distinct cell is checked
once; see "the quick path" below). Rows are then written with bulk inserts in the request's
one transaction, one `import.completed` event records the import, and the new conversations'
terms are added to their stakeholders' stored readings (`api.insights.bulk_add`).

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
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlmodel import Session

from api.auth.deps import Access
from api.auth.models import User
from api.db import defer_checkpoint
from api.events.service import lock_feed, record_event
from api.insights.bulk_add import (
    NewConversation,
    Plan,
    add_conversations,
    read_stored,
    stakeholders_without_reading,
)
from api.insights.bulk_add import plan as plan_readings
from api.insights.bulk_add import write as write_readings
from api.insights.scoremap import no_gc
from api.kit.errors import AppError
from api.kit.fold import fold
from api.kit.time import iso_z, utcnow
from api.records.models import Conversation
from api.records.schemas import ConversationCreate
from api.records.types import RecordTime, quick_record_time
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.schemas import StakeholderCreate
from api.transfer.bulk import IdSequence, insert_rows, roomy_cache
from api.transfer.csvio import read_table, unescape
from api.workspaces.models import Membership

MAX_LISTED_ERRORS = 10_000
# Read-only columns an export writes; an exported file can be imported without removing them.
IGNORED = ("id", "workspace_id", "created_at", "updated_at")
# A file of more lines than this is large: a conversations file has the workspace's stored
# readings read before its rows go in (see `_import_csv`; a small one reads only those it
# touches), and on SQLite the commit leaves its checkpoint to a background thread.
LARGE_ABOVE_LINES = 5000

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


def _refs(exact: dict, loose: dict, ids: set[uuid.UUID], what: str, keys: str):
    """A resolver: a cell holding an id, or a key that names exactly one object.

    A name in `exact` is matched as written first. Otherwise the cell is folded as every
    search folds text (api/kit/fold.py: any case, any accents) and looked up in `loose`
    (names and emails, folded), so "zoe angstrom" finds "Zoë Ångström" when only one person
    could be meant; when two could, the row asks for the id.
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
        matches = exact.get(cell) or loose.get(fold(cell)) or []
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
    loose: dict[str, list[uuid.UUID]] = {}
    for team_id, name in rows:
        by_name.setdefault(name, []).append(team_id)
        loose.setdefault(fold(name), []).append(team_id)
    return _refs(by_name, loose, {r[0] for r in rows}, "team", "id or name")


def _stakeholder_resolver(session: Session, access: Access):
    rows = session.execute(
        sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.email).where(
            Stakeholder.workspace_id == access.workspace_id
        )
    ).all()
    names: dict[str, list[uuid.UUID]] = {}
    loose: dict[str, list[uuid.UUID]] = {}
    for sid, name, email in rows:
        names.setdefault(name, []).append(sid)
        loose.setdefault(fold(name), []).append(sid)
        if email:
            loose.setdefault(fold(email), []).append(sid)
    return _refs(names, loose, {r[0] for r in rows}, "stakeholder", "id, email or name")


def _member_resolver(session: Session, access: Access):
    rows = session.execute(
        sa.select(User.id, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == access.workspace_id)
    ).all()
    emails = {fold(email): [uid] for uid, email in rows}
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


def _validated_rows(
    session: Session,
    access: Access,
    spec: Spec,
    text: str,
    report: dict,
    absent: dict[str, Any] | None = None,
    quick: bool = True,
):
    """Return an iterator of the valid rows' bodies as `model_dump()` gives them (fields the
    row left out take `absent`'s value where it has one); it records invalid rows.

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
    fast = _fast_plan(spec, plan, absent or {}) if quick else None
    return _check(rows, len(names), plan, _adapter(spec), spec, report, absent or {}, fast)


# --- the quick path: each distinct cell checked once ------------------------------------------
#
# Imported files repeat values a lot (stakeholders, modes, ratings, tones, topics), and building
# a model per row costs more than everything else the import does. So each column's distinct
# cells are parsed and validated once, by their field's own type (its annotation with the
# field's constraints and validators, under the model's config), and a row whose cells are
# all valid is assembled as `model_dump()` would give it. Anything the field types alone cannot
# decide sends the row down the model's path: a cell that fails (so the errors and messages
# are the model's), a required field left blank, and fields the model checks against others
# (`field_validator`s). A schema with model validators, serializers or a post-init hook does
# not take the quick path at all. `tests/api/test_transfer.py` checks both paths agree.

_MISS, _OMIT, _SLOW = object(), object(), object()


@dataclass(frozen=True)
class _Field:
    adapter: TypeAdapter
    top: str
    sub: str | None  # a field of the nested model at `top`
    quick: Callable[[str], Any] | None = None  # answers for common cells before the adapter


_FIELDS: dict[str, dict[str, _Field] | None] = {}
_ADAPTERS: dict[str, TypeAdapter] = {}


def _adapter(spec: Spec) -> TypeAdapter:
    found = _ADAPTERS.get(spec.resource)
    if found is None:
        found = _ADAPTERS[spec.resource] = TypeAdapter(spec.schema)
    return found


def _plain_model(model: type[BaseModel]) -> bool:
    d = model.__pydantic_decorators__
    return not (
        d.model_validators
        or d.root_validators
        or d.validators
        or d.field_serializers
        or d.model_serializers
        or d.computed_fields
        or "model_post_init" in model.__dict__
    )


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _fields(spec: Spec) -> dict[str, _Field] | None:
    """Each column's field type as an adapter, or None where the quick path cannot apply."""
    if spec.resource in _FIELDS:
        return _FIELDS[spec.resource]
    schema = spec.schema
    out: dict[str, _Field] | None = {}
    if not _plain_model(schema):
        out = None
    else:
        checked_against_others = {
            name
            for d in schema.__pydantic_decorators__.field_validators.values()
            for name in d.info.fields
        }
        for column in spec.columns:
            top, *rest = column.target
            info = schema.model_fields[top]
            if top in checked_against_others:
                continue  # its rows take the model's path
            if rest:
                nested = info.annotation
                if (
                    info.is_required()
                    or not (_is_model(nested) and _plain_model(nested))
                    or any(f.is_required() for f in nested.model_fields.values())
                ):
                    continue
                owner, info = nested, nested.model_fields[rest[0]]
            else:
                if _is_model(info.annotation):
                    continue
                owner = schema
            adapter = TypeAdapter(Annotated[info.annotation, info], config=owner.model_config)
            quick = quick_record_time if _is_record_time(info) and column.parse is _text else None
            out[column.name] = _Field(adapter, top, rest[0] if rest else None, quick)
    _FIELDS[spec.resource] = out
    return out


def _is_record_time(info) -> bool:
    """A field typed `RecordTime` (and nothing more), whose plain cells `quick_record_time`
    reads."""
    return info.annotation is datetime and info.metadata == list(RecordTime.__metadata__)


def _default(info) -> Any:
    value = info.get_default(call_default_factory=True)
    return value.model_dump() if isinstance(value, BaseModel) else value


def _fast_plan(spec: Spec, plan: list, absent: dict[str, Any]):
    """The quick path for this file's columns, or None when every row must take the model's
    path: (defaults, [(position, memo, miss, field name, required)] for top-level fields,
    [(field name, positions, [(memo, miss, sub-field name)], memo of the whole value)] for
    nested models)."""
    fields = _fields(spec)
    if fields is None:
        return None
    schema = spec.schema
    required = {name for name, info in schema.model_fields.items() if info.is_required()}
    if not required <= {column.target[0] for _, column, _ in plan}:
        return None  # no row could be valid without the model's "Field required"
    defaults = {
        name: absent[name] if name in absent else _default(info)
        for name, info in schema.model_fields.items()
        if not info.is_required()
    }
    flat, nested = [], {}
    for i, column, parse in plan:
        field = fields.get(column.name)
        memo: dict[str, Any] = {}
        top = column.target[0]
        if field is None:  # its cells are blank or send the row down the model's path
            flat.append((i, memo, _always_slow(memo), top, top in required))
        elif field.sub is None:
            check = _checker(memo, parse, field.adapter, field.quick)
            flat.append((i, memo, check, top, top in required))
        else:
            check = _checker(memo, parse, field.adapter)
            nested.setdefault(top, []).append((i, memo, check, field.sub))
    groups = [
        (top, tuple(c[0] for c in columns), [c[1:] for c in columns], {})
        for top, columns in nested.items()
    ]
    return defaults, flat, groups


def _nested(defaults: dict, subs: list, raws: tuple) -> Any:
    """A nested model's value from its columns' cells (as `model_dump` gives it), or _SLOW."""
    value = defaults
    for (memo, miss, sub), raw in zip(subs, raws, strict=True):
        found = memo.get(raw, _MISS)
        if found is _MISS:
            found = miss(raw)
        if found is _SLOW:
            return _SLOW
        if found is not _OMIT:
            if value is defaults:
                value = defaults.copy()
            value[sub] = found
    return value


def _always_slow(memo: dict):
    def miss(raw: str) -> Any:
        value = memo[raw] = _OMIT if raw == "" or raw.isspace() else _SLOW
        return value

    return miss


def _checker(
    memo: dict,
    parse: Callable[[str], Any],
    adapter: TypeAdapter,
    quick: Callable[[str], Any] | None = None,
):
    """How to judge a cell not seen before: `quick` (when given) answers for the values it
    knows, the field's own validator for the rest."""
    validate = adapter.validate_python

    def miss(raw: str) -> Any:
        if raw == "" or raw.isspace():
            value = _OMIT
        elif quick is not None and (value := quick(raw)) is not None:
            pass
        else:
            try:
                value = validate(parse(unescape(raw) if raw[0] == "'" else raw))
            except (CellError, ValidationError):
                value = _SLOW
        memo[raw] = value
        return value

    return miss


def _check(
    rows,
    width: int,
    plan: list,
    adapter: TypeAdapter,
    spec: Spec,
    report: dict,
    absent: dict[str, Any],
    fast,
):
    errors = report["errors"]

    def fail(number: int, field: str | None, message: str) -> None:
        if len(errors) < MAX_LISTED_ERRORS:
            errors.append({"row": number, "field": field, "message": message})
        else:
            report["errors_truncated"] = True

    if fast is not None:
        defaults, flat, groups = fast
    for number, cells_of_row in rows:
        report["rows"] += 1
        if len(cells_of_row) != width:
            fail(number, None, f"has {len(cells_of_row)} cells; the header has {width}")
            report["invalid"] += 1
            continue
        if fast is not None:
            values = defaults.copy()
            quick = True
            for i, memo, miss, top, required in flat:
                raw = cells_of_row[i]
                value = memo.get(raw, _MISS)
                if value is _MISS:
                    value = miss(raw)
                if value is _OMIT:
                    if required:
                        quick = False
                        break
                    continue
                if value is _SLOW:
                    quick = False
                    break
                values[top] = value
            if quick:
                # A nested model's value is kept per combination of its cells, so rows that
                # share them share one (unchanged) dict.
                for top, positions, subs, memo in groups:
                    raws = tuple([cells_of_row[i] for i in positions])
                    value = memo.get(raws, _MISS)
                    if value is _MISS:
                        value = memo[raws] = _nested(defaults[top], subs, raws)
                    if value is _SLOW:
                        quick = False
                        break
                    values[top] = value
            if quick:
                report["valid"] += 1
                yield values
                continue
        # The model's path: every rule and message exactly as the API applies them.
        body: dict[str, Any] = {}
        bad: dict[str, str] = {}
        for i, column, parse in plan:
            raw = cells_of_row[i]
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
        values = data.model_dump()
        for name, value in absent.items():
            if name not in data.model_fields_set:
                values[name] = value
        yield values


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
    large = text.count("\n") > LARGE_ABOVE_LINES
    if large and not dry_run:
        defer_checkpoint(session)  # SQLite: the log is copied back after the commit, not in it
    with no_gc(), nullcontext() if dry_run else roomy_cache(session):
        return _import_csv(session, access, resource, text, dry_run, skip_invalid, large)


def _import_csv(session, access, resource, text, dry_run, skip_invalid, large) -> dict:
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
    conversations = resource == "conversations"
    # Fields a row leaves out that the API fills from the caller: who held a conversation.
    absent = {"held_by": access.actor_user_id} if conversations else None
    valid = _validated_rows(session, access, spec, text, report, absent)
    if dry_run:
        for _ in valid:
            pass
        return report
    # Read before the rows go in (on PostgreSQL, by COPY): whose stored readings are no base.
    without_reading = (
        stakeholders_without_reading(session, access.workspace_id) if conversations else set()
    )
    # For a large file the stored readings are read now and the new ones computed while the
    # last rows are written. They must then stay as read until the import commits: on SQLite
    # the transaction holds the database's write lock from its start; on PostgreSQL the
    # workspace's turn to write (`lock_feed`, which every writer of readings takes first) is
    # taken here, and the rows read are locked. A small file reads only the readings it
    # touches, once its rows are in.
    stored = None
    if conversations and large:
        lock_feed(session, access.workspace_id)
        stored = read_stored(session, access.workspace_id, None, without_reading)
    # Valid rows are written while the rest of the file is checked; if any row was invalid
    # (and not to be skipped) the error below rolls the request's transaction back.
    now = utcnow()
    next_id = IdSequence()
    base = {"workspace_id": access.workspace_id, "created_at": now, "updated_at": now}
    added: list[NewConversation] = []
    keep = added.append

    def rows():
        for values in valid:
            values["id"] = next_id.stored()
            values.update(base)
            if conversations:
                keep(
                    (
                        values["stakeholder_id"],
                        values["occurred_at"],
                        values["tone"],
                        values["ratings"],
                        values["next_contact_on"],
                        values["next_contact_scheduled"],
                    )
                )
            yield values

    planned: list[Plan] = []

    def readings() -> None:
        if stored is not None and added:
            planned.append(plan_readings(added, stored))

    written = insert_rows(session, spec.model, rows(), meanwhile=readings, stored=("id",))
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
            "imported_at": iso_z(now),
        },
    )
    actor = (access.principal.user_id, access.principal.token_id)
    if planned:
        write_readings(session, access.workspace_id, planned[0], actor)
    elif added:
        add_conversations(session, access.workspace_id, added, actor, without_reading)
    session.flush()
    return report
