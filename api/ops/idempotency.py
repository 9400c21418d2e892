"""Idempotency-Key on every POST: a retried request replays the first answer.

- same key, same body: the first response again (status, body), marked `Idempotent-Replayed`;
- same key, different body: 422;
- same key while the first is still running: 409.

Keys are scoped to the caller's credential (the hash of its token or session cookie), kept
for 24 hours, and claimed with a unique constraint, so of 50 concurrent identical requests
exactly one runs. A 5xx answer releases the key so the client may retry.
"""

import hashlib
import json
from datetime import datetime, timedelta

import anyio
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from api.db import UTCDateTime, app_engine
from api.kit.ids import uuid7
from api.kit.time import utcnow

HEADER = b"idempotency-key"
TTL = timedelta(hours=24)
STALE = timedelta(minutes=10)  # an in-flight claim older than this was abandoned
MAX_KEY = 255


class IdempotencyKey(SQLModel, table=True):
    __tablename__ = "idempotency_key"
    __table_args__ = (sa.UniqueConstraint("scope", "key"),)

    id: str = Field(default_factory=lambda: str(uuid7()), primary_key=True, max_length=36)
    scope: str = Field(max_length=64)
    key: str = Field(max_length=MAX_KEY)
    request_hash: str = Field(max_length=64)
    state: str = Field(default="in_flight", max_length=10)
    status_code: int | None = None
    body: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


def _error(status: int, code: str, message: str) -> tuple[int, bytes, bool]:
    body = {"error": {"code": code, "message": message, "details": None}}
    return status, json.dumps(body).encode(), False


def _credential(headers: dict[bytes, bytes]) -> str | None:
    auth = headers.get(b"authorization")
    if auth:
        return hashlib.sha256(auth).hexdigest()
    for part in headers.get(b"cookie", b"").split(b";"):
        name, _, value = part.strip().partition(b"=")
        if name == b"rapport_session" and value:
            return hashlib.sha256(b"session:" + value).hexdigest()
    return None


class IdempotencyMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        raw_key = headers.get(HEADER)
        cred = None if raw_key is None else _credential(headers)
        if cred is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1")
        if not key or len(key) > MAX_KEY:
            await _respond(
                send,
                *_error(422, "validation_error", "Idempotency-Key must be 1 to 255 characters"),
            )
            return

        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        request_hash = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        engine = app_engine(scope["app"])

        outcome = await anyio.to_thread.run_sync(_claim, engine, cred, key, request_hash)
        if outcome is not None:
            await _respond(send, *outcome)
            return

        sent = {"status": 500, "body": b""}

        async def replay_receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message):
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
            elif message["type"] == "http.response.body":
                sent["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            await anyio.to_thread.run_sync(_finish, engine, cred, key, sent["status"], sent["body"])


def _claim(engine, cred: str, key: str, request_hash: str) -> tuple[int, bytes, bool] | None:
    """Claim the key, or say what to answer instead (status, body, replayed)."""
    now = utcnow()
    with Session(engine) as session:
        session.exec(sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < now - TTL))
        session.add(IdempotencyKey(scope=cred, key=key, request_hash=request_hash))
        try:
            session.commit()
            return None
        except IntegrityError:
            session.rollback()
        row = session.exec(
            select(IdempotencyKey).where(IdempotencyKey.scope == cred, IdempotencyKey.key == key)
        ).first()
        if row is None:  # released between our insert and this read
            return _error(
                409, "conflict", "A request with this Idempotency-Key just finished; retry"
            )
        if row.request_hash != request_hash:
            return _error(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was used with a different request body",
            )
        if row.state == "in_flight":
            if row.created_at < now - STALE:
                row.created_at, row.request_hash = now, request_hash
                session.add(row)
                session.commit()
                return None
            return _error(
                409,
                "request_in_progress",
                "A request with this Idempotency-Key is still in progress",
            )
        return row.status_code, (row.body or "").encode(), True


def _finish(engine, cred: str, key: str, status: int, body: bytes) -> None:
    with Session(engine) as session:
        row = session.exec(
            select(IdempotencyKey).where(IdempotencyKey.scope == cred, IdempotencyKey.key == key)
        ).first()
        if row is None:
            return
        if status >= 500:
            session.delete(row)  # let the client retry
        else:
            row.state, row.status_code, row.body = "done", status, body.decode("utf-8", "replace")
            session.add(row)
        session.commit()


async def _respond(send, status: int, body: bytes, replayed: bool) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def document(openapi: dict) -> dict:
    """Declare the header on every POST in the OpenAPI document."""
    param = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY},
        "description": "Send a unique key (e.g. a UUID) to make a retry safe: the same key and "
        "body replay the first response; the same key with another body answers 422; while "
        "the first is in progress, 409. Keys last 24 hours.",
    }
    for item in openapi.get("paths", {}).values():
        post = item.get("post")
        if post is not None and all(
            p.get("name") != param["name"] for p in post.get("parameters", [])
        ):
            post.setdefault("parameters", []).append(param)
    return openapi
