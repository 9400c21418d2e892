"""Rules for conversations, acknowledgements, signals and commitments (concerns: concerns.py).

Services validate references, write through `api.kit.crud` (which appends each change's event
in the same transaction) and only flush; the request dependency commits.
"""

import uuid
from datetime import date, datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlmodel import Session, select

from api.auth.deps import Access
from api.events.service import record_event
from api.kit import crud
from api.kit.errors import Conflict, InvalidInput
from api.kit.time import utcnow
from api.kit.unit import Tx
from api.records.concerns import concern_json_for
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal
from api.records.refs import (
    changed_user,
    ensure_conversation,
    ensure_member,
    ensure_stakeholder,
    in_range,
    scoped_records,
)
from api.records.schemas import (
    AcknowledgementCreate,
    AcknowledgementPublic,
    CommitmentCreate,
    CommitmentPublic,
    ConversationCreate,
    ConversationPublic,
)
from api.records.signal_schemas import (
    COMMON_FIELDS,
    CREATE_MODELS,
    KIND_FIELDS,
    PUBLIC_MODELS,
    SignalCreate,
)

# --- conversations ---------------------------------------------------------------------------


def summary_hidden(private: bool, held_by: uuid.UUID | None, viewer: uuid.UUID | None) -> bool:
    """A private conversation's summary is for the user who held it: not for anyone else,
    any API token or the event feed (`viewer` None)."""
    return private and (viewer is None or viewer != held_by)


def conversation_public(c: Conversation, viewer: uuid.UUID | None) -> ConversationPublic:
    """The conversation as `viewer` (a user id, or None for tokens and the feed) may see it."""
    public = ConversationPublic.model_validate(c, from_attributes=True)
    if summary_hidden(c.private, c.held_by, viewer):
        public.summary = None
    return public


def conversation_json(c: Conversation) -> dict:
    return conversation_public(c, None).model_dump(mode="json")


def create_conversation(session: Tx, access: Access, data: ConversationCreate) -> Conversation:
    """A conversation created by the steps every record shares. The API logs conversations
    with these steps written out (`api.records.conversation_write`), which
    tests/api/test_conversation_write.py holds to this: the same rows, events and readings."""
    values = data.model_dump()
    if "held_by" not in data.model_fields_set:
        values["held_by"] = access.actor_user_id
    ensure_stakeholder(session, access, values)
    ensure_member(session, access, values["held_by"], "held_by")
    return crud.create(session, access, Conversation, values, conversation_json)


def _linked(session: Session, conversation: Conversation) -> list[Concern | Commitment]:
    rows: list[Concern | Commitment] = []
    for model in (Concern, Commitment):
        rows.extend(
            session.exec(select(model).where(model.conversation_id == conversation.id)).all()
        )
    return rows


def update_conversation(
    session: Session,
    access: Access,
    conversation: Conversation,
    changes: dict,
    move_linked: bool = False,
) -> Conversation:
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, conversation)
    values = crud.merge_for_patch(conversation, changes, ConversationCreate)
    ensure_stakeholder(session, access, values)
    ensure_member(
        session, access, changed_user(conversation, values, changes, "held_by"), "held_by"
    )
    moving = values["stakeholder_id"] != conversation.stakeholder_id
    linked = _linked(session, conversation) if moving else []
    if linked and not move_linked:
        message = (
            "concerns or commitments from this conversation belong to its stakeholder; "
            "move or detach them first, or send move_linked=true to move them with it"
        )
        raise Conflict(
            f"body.stakeholder_id: {message}",
            [{"field": "body.stakeholder_id", "message": message, "type": "conflict"}],
        )
    conversation = crud.apply(session, access, conversation, values, conversation_json)
    # What was said in the one-on-one goes with it: the same person's concerns and promises.
    # (Both people's readings are rebuilt: crud.apply marked them.)
    _change_linked(session, access, linked, stakeholder_id=values["stakeholder_id"])
    return conversation


def _change_linked(
    session: Session, access: Access, rows: list[Concern | Commitment], **values: Any
) -> None:
    """Set `values` on records logged in a conversation, each with its `.updated` event. Not
    through crud.apply: an If-Match sent for the conversation is not about these rows."""
    if not rows:
        return
    now = utcnow()
    for row in rows:
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = now
        session.add(row)
    session.flush()
    concern_json = concern_json_for(session)
    for row in rows:
        public = concern_json(row) if isinstance(row, Concern) else commitment_json(row)
        record_event(session, access, f"{crud.event_name(row)}.updated", row.id, public)


def delete_conversation(session: Session, access: Access, conversation: Conversation) -> None:
    # The foreign key would null these silently; detach them here so the feed says so too.
    _change_linked(session, access, _linked(session, conversation), conversation_id=None)
    crud.delete(session, access, conversation)


# --- acknowledgements ------------------------------------------------------------------------


def acknowledgement_public(a: Acknowledgement) -> AcknowledgementPublic:
    return AcknowledgementPublic.model_validate(a, from_attributes=True)


def acknowledgement_json(a: Acknowledgement) -> dict:
    return acknowledgement_public(a).model_dump(mode="json")


def create_acknowledgement(
    session: Tx, access: Access, data: AcknowledgementCreate
) -> Acknowledgement:
    values = data.model_dump()
    if "acknowledged_by" not in data.model_fields_set:
        values["acknowledged_by"] = access.actor_user_id
    ensure_stakeholder(session, access, values)
    ensure_member(session, access, values["acknowledged_by"], "acknowledged_by")
    return crud.create(session, access, Acknowledgement, values, acknowledgement_json)


def update_acknowledgement(
    session: Session, access: Access, ack: Acknowledgement, changes: dict
) -> Acknowledgement:
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, ack)
    values = crud.merge_for_patch(ack, changes, AcknowledgementCreate)
    ensure_stakeholder(session, access, values)
    by = changed_user(ack, values, changes, "acknowledged_by")
    ensure_member(session, access, by, "acknowledged_by")
    return crud.apply(session, access, ack, values, acknowledgement_json)


# --- commitments -----------------------------------------------------------------------------


def commitment_public(c: Commitment) -> CommitmentPublic:
    return CommitmentPublic.model_validate(c, from_attributes=True)


def commitment_json(c: Commitment) -> dict:
    return commitment_public(c).model_dump(mode="json")


def create_commitment(session: Tx, access: Access, data: CommitmentCreate) -> Commitment:
    values = data.model_dump()
    ensure_stakeholder(session, access, values)
    ensure_conversation(session, access, values)
    # Created already kept or broken: the status changed when it was recorded.
    now = utcnow()
    values.update(created_at=now, updated_at=now)
    values["status_changed_at"] = now if values["status"] != "open" else None
    return crud.create(session, access, Commitment, values, commitment_json)


def update_commitment(
    session: Session, access: Access, commitment: Commitment, changes: dict
) -> Commitment:
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, commitment)
    values = crud.merge_for_patch(commitment, changes, CommitmentCreate)
    ensure_stakeholder(session, access, values)
    ensure_conversation(session, access, values)
    if values["status"] != commitment.status:
        values["status_changed_at"] = utcnow()
    return crud.apply(session, access, commitment, values, commitment_json)


# --- signals ---------------------------------------------------------------------------------


def signal_public(s: Signal):
    data = {**(s.values or {}), **s.model_dump(exclude={"values", "nominated_by_id"})}
    if s.kind == "peer_nomination":
        data["nominated_by_id"] = s.nominated_by_id
    return PUBLIC_MODELS[s.kind].model_validate(data)


def signal_json(s: Signal) -> dict:
    return signal_public(s).model_dump(mode="json")


def _signal_columns(values: dict) -> dict:
    kind = str(values["kind"])
    own = {f: values.get(f) for f in KIND_FIELDS[kind]}
    return {
        **{f: values[f] for f in COMMON_FIELDS},
        "kind": kind,
        "values": to_jsonable_python(own),
        "nominated_by_id": own.get("nominated_by_id"),
    }


def _check_signal_refs(session: Tx, access: Access, values: dict) -> None:
    ensure_stakeholder(session, access, values)
    if values["kind"] == "peer_nomination":
        ensure_stakeholder(session, access, values, "nominated_by_id")
        if values["nominated_by_id"] == values["stakeholder_id"]:
            raise InvalidInput("body.nominated_by_id", "a stakeholder cannot nominate themselves")


def create_signal(session: Tx, access: Access, data: Any) -> Signal:
    values = _signal_columns(data.model_dump())
    _check_signal_refs(session, access, values)
    return crud.create(session, access, Signal, values, signal_json)


def update_signal(session: Session, access: Access, signal: Signal, changes: dict) -> Signal:
    # Merge into what is stored now, under the row lock (and fail a stale If-Match early).
    crud.lock_for_write(session, signal)
    if "kind" in changes and changes["kind"] != signal.kind:
        raise InvalidInput("body.kind", "cannot change; delete the signal and create a new one")
    fields = {"kind", *COMMON_FIELDS, *KIND_FIELDS[signal.kind]}
    stored = signal_public(signal).model_dump(include=fields)
    # merge_for_patch re-validates stored + changes through the kind's create schema.
    current = CREATE_MODELS[signal.kind].model_construct(**stored)
    values = _signal_columns(crud.merge_for_patch(current, changes, SignalCreate))
    _check_signal_refs(session, access, values)
    return crud.apply(session, access, signal, values, signal_json)


# --- list filters ----------------------------------------------------------------------------


def list_conversations_stmt(
    workspace_id: uuid.UUID,
    *,
    stakeholder_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    held_by: uuid.UUID | None,
    occurred_from: datetime | None,
    occurred_to: datetime | None,
):
    stmt = scoped_records(Conversation, workspace_id, stakeholder_id, team_id)
    if held_by is not None:
        stmt = stmt.where(Conversation.held_by == held_by)
    return in_range(stmt, Conversation.occurred_at, occurred_from, occurred_to)


def list_acknowledgements_stmt(
    workspace_id: uuid.UUID,
    *,
    stakeholder_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    setting: str | None,
    acknowledged_from: datetime | None,
    acknowledged_to: datetime | None,
):
    stmt = scoped_records(Acknowledgement, workspace_id, stakeholder_id, team_id)
    if setting is not None:
        stmt = stmt.where(Acknowledgement.setting == setting)
    return in_range(stmt, Acknowledgement.acknowledged_at, acknowledged_from, acknowledged_to)


def list_signals_stmt(
    workspace_id: uuid.UUID,
    *,
    stakeholder_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    kind: str | None,
    source: str | None,
    observed_from: datetime | None,
    observed_to: datetime | None,
):
    stmt = scoped_records(Signal, workspace_id, stakeholder_id, team_id)
    if kind is not None:
        stmt = stmt.where(Signal.kind == kind)
    if source is not None:
        stmt = stmt.where(Signal.source == source)
    return in_range(stmt, Signal.observed_at, observed_from, observed_to)


def list_commitments_stmt(
    workspace_id: uuid.UUID,
    *,
    stakeholder_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    conversation_id: uuid.UUID | None,
    status: str | None,
    owner: str | None,
    due_from: date | None,
    due_to: date | None,
):
    stmt = scoped_records(Commitment, workspace_id, stakeholder_id, team_id)
    if conversation_id is not None:
        stmt = stmt.where(Commitment.conversation_id == conversation_id)
    if status is not None:
        stmt = stmt.where(Commitment.status == status)
    if owner is not None:
        stmt = stmt.where(Commitment.owner == owner)
    return in_range(stmt, Commitment.due_on, due_from, due_to)
