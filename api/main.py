"""create_app(): routers, middleware, error handlers, and the SPA in embedded mode."""

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

import api.models  # noqa: F401 - every table, and the hook that keeps readings in step
from api.auth.routes import router as auth_router
from api.auth.token_routes import router as token_router
from api.events.routes import router as events_router
from api.insights.routes import router as insights_router
from api.kit.errors import NotFound, allowed_methods, install_error_handlers
from api.kit.query import reject_unknown_query_params
from api.kit.routing import Router
from api.ops import etags, idempotency
from api.ops.etags import ETagMiddleware
from api.ops.idempotency import IdempotencyMiddleware
from api.ops.middleware import OpsMiddleware, configure_logging
from api.ops.routes import router as ops_router
from api.records.routes import first_routers
from api.records.routes import routers as record_routers
from api.settings import Settings, get_settings
from api.stakeholders.routes import router as stakeholders_router
from api.transfer.routes import router as transfer_router
from api.webhooks.routes import router as webhooks_router
from api.workspaces.routes import router as workspaces_router

API_DESCRIPTION = """
Rapport tracks trust and champions in a change initiative.

**Authentication.** Integrations send `Authorization: Bearer <token>` with a workspace API
token (created by an owner; `read` or `write` scope). The browser uses the session cookie from
`POST /api/v1/auth/login` and sends the `rapport_csrf` cookie's value in `X-CSRF-Token` on
every unsafe request.

**Lists** return `{"items": [...], "next_cursor": ...}`; pass `next_cursor` back as `cursor`.
Every list takes `limit` (1-200) and `updated_since`.

**Errors** always have the shape `{"error": {"code", "message", "details"}}`. Objects outside
your workspaces answer 404.
"""


# Every API route: its prefix, and a 422 for a query parameter it does not take.
V1 = {"prefix": "/api/v1", "dependencies": [Depends(reject_unknown_query_params)]}


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app. `engine` defaults to one made from the settings' database URL."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Rapport API",
        version="1.0.0",
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.engine = engine
    install_error_handlers(app)
    configure_logging()
    app.add_middleware(ETagMiddleware)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(OpsMiddleware, hsts=settings.cookie_secure)
    # The write a lead makes after every one-on-one is matched first, without a walk down
    # the nested routers below (`api.records.routes.first_routers`).
    for router in first_routers:
        app.include_router(router, **V1)
    app.include_router(ops_router)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )

    v1 = Router(**V1)
    for router in (
        auth_router,
        transfer_router,  # before workspaces: /workspaces/import is not a workspace id
        workspaces_router,
        token_router,
        stakeholders_router,
        *record_routers,
        insights_router,
        events_router,
        webhooks_router,
    ):
        v1.include_router(router)
    app.include_router(v1)
    _document_idempotency(app)
    _mount_spa(app, settings.static_dir)
    return app


def _document_idempotency(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = etags.document(idempotency.document(build()))
        return app.openapi_schema

    app.openapi = openapi


def _mount_spa(app: FastAPI, static_dir: Path) -> None:
    """Serve the built SPA at / when it exists (embedded mode); nginx does it in production."""
    index = static_dir / "index.html"
    if not index.is_file():
        return
    assets = static_dir / "assets"
    if assets.is_dir():
        app.mount("/assets", StaticFiles(directory=assets), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str, request: Request):
        if path.startswith("api/") or path in ("healthz", "readyz", "metrics"):
            # Not the SPA's: an API path reached with a method it does not have, or none.
            allowed = allowed_methods(request.app, "/" + path)
            if allowed:
                raise StarletteHTTPException(405, headers={"Allow": ", ".join(allowed)})
            raise NotFound("No such endpoint")
        candidate = (static_dir / path).resolve()
        if path and candidate.is_file() and static_dir.resolve() in candidate.parents:
            return FileResponse(candidate)
        return FileResponse(index)
