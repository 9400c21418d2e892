"""ETags for single resources, and If-Match on PATCH and DELETE (no lost updates).

A resource's ETag is derived from its id and `updated_at`, which every write bumps. GET,
PATCH and POST answers carry it. A PATCH or DELETE with `If-Match` is checked inside the
write's transaction, after the row is locked (PostgreSQL `FOR UPDATE`; SQLite writers are
already serialised by `BEGIN IMMEDIATE`), so two clients that read the same version cannot
both write it: the second gets 412.
"""

import hashlib
from datetime import datetime

from api.kit.errors import PreconditionFailed
from api.kit.time import as_utc


def etag_for(obj_id: object, updated_at: datetime | str) -> str:
    stamp = updated_at if isinstance(updated_at, str) else as_utc(updated_at).isoformat()
    if isinstance(updated_at, str):
        stamp = stamp.replace("Z", "+00:00")
    digest = hashlib.sha256(f"{obj_id}|{stamp}".encode()).hexdigest()[:24]
    return f'"{digest}"'


def check_if_match(obj, wanted: str | None) -> None:
    if not wanted:
        return
    current = etag_for(obj.id, obj.updated_at)
    tags = [t.strip() for t in wanted.split(",")]
    if "*" in tags or current in tags or f"W/{current}" in tags:
        return
    raise PreconditionFailed(
        "The resource changed since you read it; GET it again and reapply your change",
        {"etag": current},
    )
