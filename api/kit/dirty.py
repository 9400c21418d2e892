"""Which stakeholders a transaction touched, so derived readings are rebuilt before commit."""

import uuid

from api.kit.unit import Tx

DIRTY = "rapport_dirty_stakeholders"
# Objects inserted with a Core statement rather than a flush (api.kit.crud.insert_now).
INSERTED = "rapport_inserted"


def mark_dirty(
    session: Tx,
    workspace_id: uuid.UUID,
    stakeholder_id: uuid.UUID,
    actor: tuple[uuid.UUID | None, uuid.UUID | None] | None = None,
) -> None:
    session.info.setdefault(DIRTY, {})[stakeholder_id] = (workspace_id, actor)


def take_dirty(session: Tx) -> dict:
    return session.info.pop(DIRTY, None) or {}
