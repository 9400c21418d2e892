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
                tagged = b"etag" in headers  # an endpoint that knows its own
                if (
                    message["status"] in (200, 201)
                    and is_json
                    and not tagged
                    and (0 < length <= MAX_BODY)
                ):
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


def document(openapi: dict) -> dict:
    """Declare the ETag on single-resource answers, and If-Match with its 412 on their PATCH
    and DELETE, in the OpenAPI document."""
    etag = {
        "description": "The version of this resource: send it back as `If-Match` on PATCH or "
        "DELETE so a change made meanwhile by someone else is not overwritten",
        "schema": {"type": "string"},
    }
    if_match = {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "The `ETag` you last read. When the resource has changed since, nothing "
        "is written and the answer is 412; GET it again and reapply your change.",
    }
    stale = {
        "description": "`If-Match` is stale: the resource changed since you read it "
        "(`details.etag` is its current ETag)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    for path, item in openapi.get("paths", {}).items():
        if not (path.startswith("/api/v1/") and path.endswith("}") and "get" in item):
            continue
        for method in ("get", "patch"):
            ok = item.get(method, {}).get("responses", {}).get("200")
            if ok is not None:
                ok.setdefault("headers", {})["ETag"] = etag
        for method in ("patch", "delete"):
            op = item.get(method)
            if op is None:
                continue
            if all(p.get("name") != "If-Match" for p in op.get("parameters", [])):
                op.setdefault("parameters", []).append(if_match)
            op["responses"]["412"] = stale
    return openapi
