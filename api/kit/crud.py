"""The load-or-404, create, patch and delete steps every workspace resource shares.

Each write appends its event in the same transaction. PATCH merges the changes into the
stored object and re-validates the whole through the resource's create schema, so a patch can
never leave an object that could not have been created.
"""

import uuid
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, SQLModel, select

from api.auth.deps import Access
from api.events.service import record_event
from api.kit.defaults import with_defaults
from api.kit.dirty import INSERTED, mark_dirty
from api.kit.errors import AppError, InvalidInput, NotFound
from api.kit.etag import check_if_match
from api.kit.prepared import Prepared, connection_of, insert_of
from api.kit.time import utcnow
from api.kit.unit import Tx

M = TypeVar("M", bound=SQLModel)


class RequestInvalid(AppError):
    status_code = 422
    code = "validation_error"


def raise_validation(exc: ValidationError, prefix: str = "body") -> None:
    details = [
        {
            "field": ".".join([prefix, *[str(p) for p in e["loc"]]]),
            "message": e["msg"],
            "type": e["type"],
        }
        for e in exc.errors()
    ]
    fields = ", ".join(d["field"] for d in details[:5])
    raise RequestInvalid(f"Invalid input: {fields}", details) from None


def get_scoped(session: Session, model: type[M], workspace_id: uuid.UUID, obj_id: uuid.UUID) -> M:
    obj = session.get(model, obj_id)
    if obj is None or obj.workspace_id != workspace_id:
        raise NotFound(f"No such {model.__tablename__.replace('_', ' ')}")
    return obj


_OWNER_OF: dict[type, Prepared] = {}


def ensure_ref(
    session: Tx, model: type[SQLModel], workspace_id: uuid.UUID, obj_id: Any, field: str
) -> None:
    """A reference in a body must point inside the caller's workspace (else 422, not 404)."""
    if obj_id is None:
        return
    # One column, not the whole row, by a statement built once: this runs on every write.
    stmt = _OWNER_OF.get(model)
    if stmt is None:
        table = model.__table__
        stmt = _OWNER_OF[model] = Prepared(
            sa.select(table.c.workspace_id).where(table.c.id == sa.bindparam("id"))
        )
    owner = stmt.scalar(connection_of(session), {"id": obj_id})
    if owner != workspace_id:
        raise not_in_workspace(field)


def not_in_workspace(field: str) -> InvalidInput:
    """The 422 for a body reference to something outside the caller's workspace."""
    return InvalidInput(f"body.{field}", "does not name an object in this workspace")


def event_name(obj: SQLModel) -> str:
    return obj.__tablename__


def touch(session: Tx, access: Access, stakeholder_id: uuid.UUID | None) -> None:
    """A record about this stakeholder changed: its stored reading is rebuilt before commit."""
    if stakeholder_id is not None:
        actor = (access.principal.user_id, access.principal.token_id)
        mark_dirty(session, access.workspace_id, stakeholder_id, actor)


_PLAIN_DEFAULTS: dict[type, list] = {}


def loaded(model: type[M], values: dict[str, Any]) -> M:
    """The object for a row about to be written with `values` (defaults filled in), made as
    the ORM makes one for a row it loads: the values in place, no per-attribute change
    events. SQLModel's constructor sets each field through SQLAlchemy's instrumentation,
    which made it a sizeable part of a small write. Pydantic's bookkeeping is as that
    constructor leaves it."""
    plain = _PLAIN_DEFAULTS.get(model)
    if plain is None:
        plain = _PLAIN_DEFAULTS[model] = [
            (name, field)
            for name, field in model.model_fields.items()
            if not field.is_required() and field.default_factory is None
        ]
    fields = model.model_fields
    values = {k: v for k, v in with_defaults(model, values).items() if k in fields}
    given = set(values)
    for name, field in plain:
        if name not in values:
            values[name] = field.get_default(call_default_factory=True)
    model.__mapper__._check_configure()  # as the instrumented constructor does
    obj = model._sa_class_manager.new_instance()
    obj.__dict__.update(values)
    object.__setattr__(obj, "__pydantic_fields_set__", given)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


_INSERT_INTO: dict[sa.Table, Prepared] = {}


def insert_now(session: Tx, obj: SQLModel) -> None:
    """INSERT `obj` (every column set) right away, then attach it to the session as a loaded
    row: later changes to it are UPDATEs as usual. (In a `Unit`, the object stays detached:
    nothing there tracks objects.)

    One Core statement (built once per table) instead of the unit of work's flush (which
    sorts, batches and post-processes), a good part of a small write's cost. Objects added
    to the session earlier are flushed first, so rows this one refers to exist. Readings hear
    of it through `session.info[INSERTED]`, as they hear of ORM inserts through
    `before_flush`.
    """
    table = obj.__table__
    session.flush()  # pending objects first (a quick check when there are none)
    insert = _INSERT_INTO.get(table)
    if insert is None:
        insert = _INSERT_INTO[table] = Prepared(insert_of(table))
    insert.execute(connection_of(session), {c.name: getattr(obj, c.key) for c in table.columns})
    if isinstance(session, Session):
        make_transient_to_detached(obj)
        session.add(obj)
    session.info.setdefault(INSERTED, []).append(obj)


def create(session: Tx, access: Access, model: type[M], values: dict[str, Any], public: Any) -> M:
    obj = loaded(model, {**values, "workspace_id": access.workspace_id})
    insert_now(session, obj)
    touch(session, access, getattr(obj, "stakeholder_id", None))
    record_event(session, access, f"{event_name(obj)}.created", obj.id, public(obj))
    return obj


def merge_for_patch(obj: SQLModel, changes: dict[str, Any], create_schema: Any) -> dict[str, Any]:
    """Validate stored values + changes as a whole; return the validated field values."""
    fields = (
        create_schema.model_fields
        if isinstance(create_schema, type) and issubclass(create_schema, BaseModel)
        else None
    )
    current = obj.model_dump()
    names = fields.keys() if fields is not None else current.keys()
    merged = {k: current[k] for k in names if k in current}
    merged.update(changes)
    adapter = TypeAdapter(create_schema)
    try:
        validated = adapter.validate_python(merged)
    except ValidationError as exc:
        raise_validation(exc)
    return dict(validated) if not isinstance(validated, BaseModel) else validated.model_dump()


def lock_for_write(session: Session, obj: SQLModel) -> None:
    """Reload the row under a write lock and check If-Match against what is stored now."""
    if session.get_bind().dialect.name == "postgresql":
        session.refresh(obj, with_for_update=True)
    else:
        session.refresh(obj)  # BEGIN IMMEDIATE already holds SQLite's write lock
    check_if_match(obj, session.info.get("if_match"))


def apply(session: Session, access: Access, obj: M, values: dict[str, Any], public: Any) -> M:
    lock_for_write(session, obj)
    touch(session, access, getattr(obj, "stakeholder_id", None))
    for key, value in values.items():
        setattr(obj, key, value)
    obj.updated_at = utcnow()
    session.add(obj)
    session.flush()
    touch(session, access, getattr(obj, "stakeholder_id", None))
    record_event(session, access, f"{event_name(obj)}.updated", obj.id, public(obj))
    return obj


def delete(session: Session, access: Access, obj: SQLModel) -> None:
    lock_for_write(session, obj)
    touch(session, access, getattr(obj, "stakeholder_id", None))
    session.delete(obj)
    session.flush()
    record_event(
        session, access, f"{event_name(obj)}.deleted", obj.id, {"id": str(obj.id), "deleted": True}
    )


def scoped_select(model: type[M], workspace_id: uuid.UUID):
    return select(model).where(model.workspace_id == workspace_id)
