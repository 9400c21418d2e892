"""Request ids, JSON access logs, Prometheus metrics and security headers, as one ASGI layer.

Pure ASGI (not BaseHTTPMiddleware) so it adds no task switch per request.
"""

import atexit
import contextlib
import logging
import queue
import re
import sys
import time
import uuid
from logging.handlers import QueueHandler, QueueListener

import orjson
from prometheus_client import Counter, Histogram

from api.kit.errors import path_template

REQUEST_ID_HEADER = b"x-request-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

REQUESTS = Counter("rapport_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "rapport_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# The SPA is served from the same origin; it needs its own scripts and styles, inline styles
# from the component library, and data: images for icons.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


_listener: QueueListener | None = None


def _stop_listener() -> None:
    """Write out what is queued and stop the writer thread (at exit, or on reconfiguring)."""
    global _listener
    if _listener is not None:
        _listener.stop()
        _listener = None


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stdout, written by a thread of their own.

    A request's code only formats its line and puts it on a queue (`QueueHandler`); a
    `QueueListener` thread writes and flushes. Writing in the request's path was a tenth of
    the event loop's time on a small write.
    """
    global _listener
    _stop_listener()
    lines: queue.SimpleQueue = queue.SimpleQueue()
    writer = logging.StreamHandler(sys.stdout)
    writer.setFormatter(logging.Formatter("%(message)s"))  # the line is already JSON
    _listener = QueueListener(lines, writer)
    _listener.start()
    enqueue = QueueHandler(lines)
    enqueue.setFormatter(JsonFormatter())
    root = logging.getLogger("rapport")
    root.handlers[:] = [enqueue]
    root.setLevel(level)
    root.propagate = False


atexit.register(_stop_listener)


access_log = logging.getLogger("rapport.access")


def _route_template(scope) -> str:
    # Labels must be bounded: the documented template, never the concrete path. Found once
    # per route and kept on it (the router leaves the matched route in the scope).
    route = scope.get("route")
    template = getattr(route, "rapport_template", None)
    if template is None:
        app = scope.get("app")
        template = path_template(app, scope.get("path", "")) if app is not None else None
        template = template or "unmatched"
        if route is not None:
            with contextlib.suppress(AttributeError):  # a route type without attributes
                route.rapport_template = template
    return template


class OpsMiddleware:
    def __init__(self, app, hsts: bool = False):
        self.app = app
        self.headers = list(SECURITY_HEADERS)
        if hsts:
            self.headers.append(
                (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
            )
        self.docs_headers = [h for h in self.headers if h[0] != b"content-security-policy"]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER, b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500}

        # The interactive API docs load Swagger UI from a CDN; the CSP would block it.
        extra = self.docs_headers if scope.get("path") == "/api/docs" else self.headers

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode()))
                headers.extend(extra)
                limit = scope["state"].get("rate_limit")
                if limit:
                    # IETF draft "RateLimit header fields for HTTP".
                    headers.append((b"ratelimit-limit", str(limit["limit"]).encode()))
                    headers.append((b"ratelimit-remaining", str(limit["remaining"]).encode()))
                    headers.append((b"ratelimit-reset", str(limit["reset"]).encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope.get("method", "")
            REQUESTS.labels(method, route, str(status["code"])).inc()
            LATENCY.labels(method, route).observe(elapsed)
            # Paths carry ids, never secrets; query strings are left out (they may hold cursors).
            access_log.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": method,
                        "path": scope.get("path"),
                        "route": route,
                        "status": status["code"],
                        "duration_ms": round(elapsed * 1000, 2),
                    }
                },
            )
