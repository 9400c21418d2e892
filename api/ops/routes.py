"""Liveness, readiness and metrics for operators and orchestrators."""

from fastapi import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from api.db import SessionDep
from api.kit.routing import Router
from api.settings import get_settings

router = Router(tags=["operations"])


@router.get("/healthz", operation_id="healthz", include_in_schema=True)
def healthz() -> dict:
    """Liveness: the process is up. Touches nothing else."""
    return {"status": "ok"}


@router.get("/readyz", operation_id="readyz", responses={503: {"description": "Not ready"}})
def readyz(response: Response, session: SessionDep) -> dict:
    """Readiness: the database answers and its schema is at the latest migration."""
    # Alembic (with Mako and Pygments) is imported here, on the first check, rather than by
    # every process that imports the app: it is a good part of a second of start-up.
    from api.migrations import current_revision, head_revision

    checks: dict[str, str] = {}
    try:
        conn = session.connection()
        conn.execute(text("SELECT 1"))
        current = current_revision(conn)
        head = head_revision(get_settings().database_url)
        checks["database"] = "ok"
        checks["migrations"] = "ok" if current == head else f"at {current}, head is {head}"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values()) and len(checks) == 2
    response.status_code = 200 if ready else 503
    return {"status": "ready" if ready else "not ready", "checks": checks}


@router.get("/metrics", operation_id="metrics", response_class=Response)
def metrics() -> Response:
    """Prometheus metrics: request counts and latencies by route and status."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
