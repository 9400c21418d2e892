"""Keyset paging over time-ordered primary keys, with an opaque cursor.

Ids are UUIDv7, so `ORDER BY id` is creation order: rows inserted while a client pages land
after its cursor and nothing is skipped or repeated.
"""

import base64
import binascii
import json
import uuid
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select
from sqlmodel import Session

from api.kit.errors import InvalidInput
from api.kit.types import UTCDatetime

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(values: dict[str, Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("query.cursor", "is not a cursor this API issued") from exc
    if not isinstance(data, dict):
        raise InvalidInput("query.cursor", "is not a cursor this API issued")
    return data


class PageParams(BaseModel):
    limit: int
    cursor: str | None
    updated_since: datetime | None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size, 1 to 200.")] = 50,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="Opaque `next_cursor` from the previous page."),
    ] = None,
    updated_since: Annotated[
        UTCDatetime | None,
        Query(description="Only objects created or changed at or after this time."),
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor, updated_since=updated_since)


PageDep = Annotated[PageParams, Depends(page_params)]


def paginate(
    session: Session, stmt: Select, model: Any, params: PageParams
) -> tuple[list, str | None]:
    """Return one page of `model` rows selected by `stmt`, ordered by id."""
    if params.updated_since is not None:
        stmt = stmt.where(model.updated_at >= params.updated_since)
    if params.cursor:
        data = decode_cursor(params.cursor)
        try:
            after = uuid.UUID(str(data.get("id")))
        except ValueError as exc:
            raise InvalidInput("query.cursor", "is not a cursor this API issued") from exc
        stmt = stmt.where(model.id > after)
    rows = list(session.exec(stmt.order_by(model.id).limit(params.limit + 1)).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        next_cursor = encode_cursor({"id": str(rows[-1].id)})
    return rows, next_cursor
