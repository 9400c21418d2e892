"""Adds `ETag` to single-resource answers (If-Match is checked in the write path)."""

import orjson

from api.kit.etag import etag_for

MAX_BODY = 256 * 1024  # single resources are small; lists are never tagged


class ETagMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in (
            "GET",
            "POST",
            "PATCH",
            "PUT",
            "DELETE",
        ):
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def wrapped(message):
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                length = int(headers.get(b"content-length", b"0") or 0)
                is_json = headers.get(b"content-type", b"").startswith(b"application/json")
                if message["status"] in (200, 201) and is_json and 0 < length <= MAX_BODY:
                    start = message
                    return
                passthrough = True
                await send(message)
                return
            if passthrough or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = list(start.get("headers") or [])
            try:
                data = orjson.loads(body)
            except orjson.JSONDecodeError:
                data = None
            if isinstance(data, dict) and "id" in data and "updated_at" in data:
                headers.append((b"etag", etag_for(data["id"], data["updated_at"]).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, wrapped)
