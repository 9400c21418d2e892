"""Logging a conversation: the write a lead makes after every one-on-one, written out.

Every other record is created by the shared steps: `api.kit.crud.create` checks the
stakeholder, builds the row's object and appends the event, and the stored readings'
before-commit hook (`api.insights.readings`) finds what the transaction touched and brings
each reading up to date. A conversation takes the same steps in a straight line, with what
it knows in advance:

- the stakeholder is checked by the database itself: the row's `(stakeholder_id,
  workspace_id)` foreign key refuses a stakeholder of another workspace, and the refusal is
  the same 422 the shared check gives;
- the row is written from the validated body, with no ORM object;
- the stored reading, the workspace's settings version and the reading's own version come
  back in one statement, under the same write lock the hook takes;
- the reading's O(1) update and its category-change event are the hook's own step
  (`readings.add_to_stored`); where that cannot tell the result (a conversation at the very
  moment of the latest one, a reading under older settings, no reading yet) the stakeholder
  is rebuilt from the log, as the hook would.

Locks are taken in the shared path's order (the stakeholder's key by the insert, the
event feed, then the reading). `tests/api/test_conversation_write.py` holds the two paths to
the same rows, events, readings and answers.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import orjson
import sqlalchemy as sa
from fastapi import Response

from api.auth.deps import Access
from api.events.service import record_event
from api.insights.loader import conversation_in
from api.insights.models import ScoringSettingsVersion
from api.insights.readings import add_to_stored, current_settings, rebuild, stored_select
from api.kit.crud import not_in_workspace
from api.kit.etag import etag_for
from api.kit.ids import uuid7
from api.kit.prepared import Prepared, insert_of
from api.kit.time import utcnow
from api.kit.unit import Unit, orm
from api.records.models import Conversation
from api.records.refs import ensure_member
from api.records.schemas import ConversationCreate, ConversationPublic
from api.records.service import summary_hidden
from api.scoring import ScoringSettings

_INSERT = Prepared(insert_of(Conversation.__table__))

_V = ScoringSettingsVersion
# The reading as the hook reads it, and the version of the settings in force (0: none saved,
# the defaults).
_READING = Prepared(
    stored_select(
        sa.func.coalesce(
            sa.select(_V.version)
            .where(_V.workspace_id == sa.bindparam("workspace_id"))
            .order_by(_V.version.desc())
            .limit(1)
            .scalar_subquery(),
            0,
        )
    )
)

# Settings by (workspace, version): a saved version never changes (a new one is saved).
_SETTINGS: dict[tuple[uuid.UUID, int], ScoringSettings] = {}


def _settings(tx: Unit, workspace_id: uuid.UUID, version: int) -> ScoringSettings | None:
    key = (workspace_id, version)
    found = _SETTINGS.get(key)
    if found is None:
        current, settings = current_settings(tx, workspace_id)
        if current != version:
            return None
        if len(_SETTINGS) > 256:
            _SETTINGS.clear()
        found = _SETTINGS[key] = settings
    return found


def log_conversation(tx: Unit, access: Access, data: ConversationCreate) -> Response:
    """Create the conversation, its `conversation.created` event and the stakeholder's
    reading in `tx`; the 201 answer is the conversation as the caller may see it."""
    held_by = data.held_by if "held_by" in data.model_fields_set else access.actor_user_id
    if held_by is not None and held_by != access.actor_user_id:
        # The caller's own membership was checked with their access.
        ensure_member(tx, access, held_by, "held_by")
    now = utcnow()
    ratings = data.ratings
    row = {
        "id": uuid7(),
        "workspace_id": access.workspace_id,
        "stakeholder_id": data.stakeholder_id,
        "occurred_at": data.occurred_at,
        "held_by": held_by,
        "mode": data.mode.value,
        "duration_minutes": data.duration_minutes,
        "summary": data.summary,
        "private": data.private,
        "tone": data.tone,
        "ratings": {
            "authenticity": ratings.authenticity,
            "competence": ratings.competence,
            "empathy": ratings.empathy,
        },
        "topics": data.topics,
        "next_contact_on": data.next_contact_on,
        "next_contact_scheduled": data.next_contact_scheduled,
        "created_at": now,
        "updated_at": now,
    }
    connection = tx.connection()
    try:
        _INSERT.execute(connection, row)
    except connection.dialect.loaded_dbapi.IntegrityError:
        # The only reference the insert can break: held_by was checked above.
        raise not_in_workspace("stakeholder_id") from None
    # The answer and the event's payload: the record as `ConversationPublic` has it.
    answer = ConversationPublic.model_validate(row).model_dump(mode="json")
    feed = {**answer, "summary": None} if summary_hidden(data.private, held_by, None) else answer
    record_event(tx, access, "conversation.created", row["id"], feed)
    _add_to_reading(tx, access, row, now)
    if summary_hidden(data.private, held_by, access.actor_user_id):
        answer = feed
    return Response(
        orjson.dumps(answer),
        status_code=201,
        media_type="application/json",
        headers={"ETag": etag_for(row["id"], now)},
    )


def _add_to_reading(tx: Unit, access: Access, row: dict, now) -> None:
    workspace_id, stakeholder_id = access.workspace_id, row["stakeholder_id"]
    actor = (access.principal.user_id, access.principal.token_id)
    stored = _READING.first(
        tx.connection(), {"stakeholder_id": stakeholder_id, "workspace_id": workspace_id}
    )
    if stored is not None and stored[-3] == stored[-1]:
        settings = _settings(tx, workspace_id, stored[-1])
        record = conversation_in(SimpleNamespace(**row))  # the row's scoring input
        if settings is not None and add_to_stored(
            tx, workspace_id, stakeholder_id, stored, [record], settings, now, actor
        ):
            return
    rebuild(orm(tx), workspace_id, [stakeholder_id], actor)
