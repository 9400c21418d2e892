"""Recently built `GET /scores` (and weekly trends) answers, reused until the workspace
changes or a minute passes.

The champion map is read far more often than it is written: every dashboard load and every
integration poll asks for all of a workspace's readings. Building the answer for 10,000
people takes a few hundred milliseconds of CPU; this keeps the last few answers per process.

An answer is reused only while all of this holds, so no write is ever missed:

- the workspace's event log has not moved (every record, stakeholder, team and scoring
  settings change appends an event in the same transaction as the change);
- the request is for "now" (an explicit `as_of` is always computed) with the same filters,
  sort, page and audience (viewer or not);
- it was built less than `RAPPORT_SCORES_CACHE_SECONDS` ago (default 60; 0 turns it off).
  Within that window the only change is decay over those seconds, and the answer's own
  `as_of` says when it was computed.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from api.events.models import Event
from api.settings import get_settings

MAX_ENTRIES = 32

_lock = threading.Lock()
_entries: OrderedDict[tuple, tuple[datetime, bytes]] = OrderedDict()

_LATEST = sa.select(sa.func.max(Event.seq)).where(Event.workspace_id == sa.bindparam("ws"))


def log_position(session: Session, workspace_id: uuid.UUID) -> int:
    """The workspace's latest event seq (an index lookup on (workspace_id, seq))."""
    return session.connection().execute(_LATEST, {"ws": workspace_id}).scalar() or 0


def lookup(
    session: Session, workspace_id: uuid.UUID, query: tuple[Any, ...], now: datetime
) -> tuple[tuple[Any, ...] | None, bytes | None]:
    """(key, cached answer or None) for `query` in this workspace now; the key is None when
    the cache is off. Pass the key to `put` with the answer built on a miss."""
    max_age = get_settings().scores_cache_seconds
    if max_age <= 0:
        return None, None
    key = (id(session.get_bind()), workspace_id, log_position(session, workspace_id), *query)
    return key, get(key, now, max_age)


def get(key: tuple[Any, ...], now: datetime, max_age_seconds: float) -> bytes | None:
    with _lock:
        found = _entries.get(key)
        if found is None:
            return None
        built_at, body = found
        age = (now - built_at).total_seconds()
        if not 0 <= age < max_age_seconds:
            del _entries[key]
            return None
        _entries.move_to_end(key)
        return body


def put(key: tuple[Any, ...], built_at: datetime, body: bytes) -> None:
    with _lock:
        _entries[key] = (built_at, body)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def clear() -> None:
    with _lock:
        _entries.clear()
