"""Which stakeholders a transaction touched, so derived readings are rebuilt before commit."""

import uuid

from sqlmodel import Session

DIRTY = "rapport_dirty_stakeholders"
# Objects inserted with a Core statement rather than a flush (api.kit.crud.insert_now).
INSERTED = "rapport_inserted"


def mark_dirty(
    session: Session,
    workspace_id: uuid.UUID,
    stakeholder_id: uuid.UUID,
    actor: tuple[uuid.UUID | None, uuid.UUID | None] | None = None,
) -> None:
    session.info.setdefault(DIRTY, {})[stakeholder_id] = (workspace_id, actor)


def take_dirty(session: Session) -> dict:
    return session.info.pop(DIRTY, None) or {}
