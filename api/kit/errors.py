"""One error shape for every status: {"error": {"code", "message", "details"}}.

Services raise the typed errors below; one set of handlers renders them. Every route declares
the shape in its OpenAPI responses so integrators can rely on it.
"""

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("rapport.errors")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class AppError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, details: Any = None, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        if code:
            self.code = code


class NotFound(AppError):
    status_code = 404
    code = "not_found"

    def __init__(self, message: str = "Not found", details: Any = None):
        super().__init__(message, details)


class Unauthorized(AppError):
    status_code = 401
    code = "unauthenticated"


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class PreconditionFailed(AppError):
    status_code = 412
    code = "precondition_failed"


class TooManyRequests(AppError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, {"retry_after": retry_after})
        self.retry_after = retry_after


class InvalidInput(AppError):
    """A 422 raised by a service, naming the field like request validation does."""

    status_code = 422
    code = "validation_error"

    def __init__(self, field: str, message: str):
        super().__init__(
            f"{field}: {message}", [{"field": field, "message": message, "type": "invalid"}]
        )


def error_response(status: int, code: str, message: str, details: Any = None, headers=None):
    body = {"error": {"code": code, "message": message, "details": details}}
    return JSONResponse(body, status_code=status, headers=headers)


def _field_path(loc: tuple) -> str:
    # FastAPI prefixes the source ("body", "query", "path"); keep it, it tells where to look.
    return ".".join(str(p) for p in loc)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)[:200]


def validation_details(errors: list[dict]) -> list[dict]:
    details = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        # Discriminated unions add the tag to the path (body.champion_behavior.intensity);
        # the client sent a flat object, so drop it.
        details.append(
            {
                "field": _field_path(loc),
                "message": err.get("msg", "invalid"),
                "type": err.get("type", "invalid"),
            }
        )
    return details


STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError):
        headers = None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        return error_response(exc.status_code, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError):
        details = validation_details(list(exc.errors()))
        fields = ", ".join(d["field"] for d in details[:5])
        return error_response(422, "validation_error", f"Invalid input: {fields}", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = STATUS_CODES.get(exc.status_code, "error")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            # Starlette lists only the first matching route's methods; list them all.
            headers = {"Allow": ", ".join(allowed_methods(request.app, request.url.path))}
        return error_response(exc.status_code, code, str(exc.detail), None, headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "Something went wrong on our side.")


def _path_table(app: FastAPI) -> list[tuple[re.Pattern, str, list[str]]]:
    """(pattern, documented template, methods) of every documented path, from the routes
    themselves (building the whole OpenAPI document for this took a second per app)."""
    table = getattr(app.state, "path_methods", None)
    if table is None:
        methods: dict[str, set[str]] = {}
        for route in iter_route_contexts(app.routes):
            if isinstance(route.original_route, APIRoute) and route.include_in_schema:
                found = methods.setdefault(route.path_format, set())
                found.update(m for m in route.methods or () if m != "HEAD")
        table = []
        for template, verbs in methods.items():
            pattern = re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template))
            table.append((re.compile(f"^{pattern}$"), template, sorted(verbs)))
        app.state.path_methods = table
    return table


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    for pattern, _template, methods in _path_table(app):
        if pattern.match(path):
            return methods
    return []


def path_template(app: FastAPI, path: str) -> str | None:
    """The documented path template a concrete path belongs to (for metrics labels)."""
    for pattern, template, _methods in _path_table(app):
        if pattern.match(path):
            return template
    return None


# Declared on every router so the OpenAPI documents the shape for each status.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "The request body is not valid JSON",
        401: "Not signed in, or the token is invalid or revoked",
        403: "The caller's role or token scope may not do this",
        404: "No such object in the caller's workspaces",
        422: "Invalid input; `details` names each offending field",
        429: "Too many requests",
    }.items()
}
_RATE_HEADERS = {
    "Retry-After": {
        "description": "Seconds until a request may succeed",
        "schema": {"type": "integer"},
    },
    "RateLimit-Limit": {
        "description": "Requests allowed per minute",
        "schema": {"type": "integer"},
    },
    "RateLimit-Remaining": {
        "description": "Requests left this minute",
        "schema": {"type": "integer"},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window resets",
        "schema": {"type": "integer"},
    },
}
ERROR_RESPONSES[429] = {
    **ERROR_RESPONSES[429],
    "description": "Too many requests: each token and session has a budget per minute "
    "(RateLimit-* headers on every authenticated response say how much is left)",
    "headers": _RATE_HEADERS,
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    409: {"model": ErrorResponse, "description": "Conflicts with the current state"},
}
