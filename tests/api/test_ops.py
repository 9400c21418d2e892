import json
import logging


def test_healthz_and_readyz(anon):
    assert anon.get("/healthz").json() == {"status": "ok"}
    r = anon.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


def _teams_get_count(anon) -> float:
    for line in anon.get("/metrics").text.splitlines():
        if line.startswith(
            'rapport_http_requests_total{method="GET",'
            'route="/api/v1/workspaces/{workspace_id}/teams",status="200"}'
        ):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route(anon, ws):
    # The registry is process-wide, so compare before and after.
    before = _teams_get_count(anon)
    ws.client.get(ws.url("/teams"))
    ws.client.get(ws.url("/teams"))
    assert _teams_get_count(anon) == before + 2


def test_request_id_is_echoed_or_made(anon):
    r = anon.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = anon.get("/healthz", headers={"X-Request-Id": "bad id with spaces"})
    assert (
        len(r.headers["x-request-id"]) == 32 and r.headers["x-request-id"] != "bad id with spaces"
    )


def test_security_headers_on_every_response(anon, ws):
    for r in (anon.get("/healthz"), anon.get(ws.url("/teams")), ws.client.get(ws.url("/nope"))):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "default-src 'self'" in r.headers["content-security-policy"]


def test_access_log_is_json_without_query_strings(anon, caplog):
    from api.ops.middleware import JsonFormatter

    with caplog.at_level(logging.INFO, logger="rapport.access"):
        logging.getLogger("rapport.access").propagate = True
        try:
            anon.get("/healthz?secret=should-not-appear", headers={"X-Request-Id": "log-test-1"})
        finally:
            logging.getLogger("rapport.access").propagate = False
    record = next(
        r for r in caplog.records if getattr(r, "fields", {}).get("request_id") == "log-test-1"
    )
    line = json.loads(JsonFormatter().format(record))
    assert (line["method"], line["path"], line["status"], line["route"]) == (
        "GET",
        "/healthz",
        200,
        "/healthz",
    )
    assert "should-not-appear" not in json.dumps(line)


def test_logs_are_json_lines_on_stdout_written_by_their_own_thread():
    """Lines queued by requests reach stdout, in order, including those still queued when
    the process exits."""
    import subprocess
    import sys

    script = (
        "import logging\n"
        "from api.ops.middleware import configure_logging\n"
        "configure_logging()\n"
        "log = logging.getLogger('rapport.access')\n"
        "for i in range(500):\n"
        "    log.info('request', extra={'fields': {'n': i}})\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('rapport.errors').exception('failed')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["n"] for line in lines[:-1]] == list(range(500))
    assert {k: lines[0][k] for k in ("level", "logger", "message")} == {
        "level": "info",
        "logger": "rapport.access",
        "message": "request",
    }
    assert lines[-1]["message"] == "failed"
    assert lines[-1]["exception"].endswith("ZeroDivisionError: division by zero")


def test_rate_limit_per_token_with_headers(ws, monkeypatch):
    from api.settings import get_settings

    client = ws.token_client("read")
    monkeypatch.setattr(get_settings(), "rate_limit_per_minute", 3)
    seen = [client.get(ws.url("/teams")) for _ in range(4)]
    assert [r.status_code for r in seen] == [200, 200, 200, 429]
    assert [r.headers["ratelimit-remaining"] for r in seen] == ["2", "1", "0", "0"]
    assert seen[0].headers["ratelimit-limit"] == "3"
    assert 1 <= int(seen[3].headers["retry-after"]) <= 60
    assert seen[3].json()["error"]["code"] == "rate_limited"
    # Another caller has its own budget.
    assert ws.client.get(ws.url("/teams")).status_code == 200


def test_rate_limit_per_session(ws, monkeypatch):
    from api.settings import get_settings

    lead = ws.member("lead")  # a browser session (cookie), not a token
    monkeypatch.setattr(get_settings(), "rate_limit_per_minute", 2)
    seen = [lead.get(ws.url("/teams")) for _ in range(3)]
    assert [r.status_code for r in seen] == [200, 200, 429]
    assert seen[2].headers["ratelimit-limit"] == "2"
    assert seen[2].headers["ratelimit-remaining"] == "0"
    assert 1 <= int(seen[2].headers["retry-after"]) <= 60
    assert seen[2].json()["error"]["code"] == "rate_limited"


def test_readyz_fails_while_migrations_are_behind_or_the_database_is_down(tmp_path):
    from alembic.script import ScriptDirectory
    from fastapi.testclient import TestClient

    from api.db import make_engine
    from api.main import create_app
    from api.migrations import config, head_revision, upgrade
    from api.settings import Settings

    url = f"sqlite:///{tmp_path / 'behind.db'}"
    head = head_revision(url)
    previous = ScriptDirectory.from_config(config(url)).get_revision(head).down_revision
    upgrade(url, previous)
    down = "postgresql+psycopg://nobody@127.0.0.1:1/x"
    for db_url, checks in (
        (url, {"database": "ok", "migrations": f"at {previous}, head is {head}"}),
        (down, {"database": "unreachable: OperationalError"}),
    ):
        engine = make_engine(db_url)
        app = create_app(Settings(environment="test", database_url=db_url), engine=engine)
        r = TestClient(app, raise_server_exceptions=False).get("/readyz")
        assert (r.status_code, r.json()) == (503, {"status": "not ready", "checks": checks})
        engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    app = create_app(Settings(environment="test", database_url=url), engine=engine)
    assert TestClient(app).get("/readyz").status_code == 200
    engine.dispose()


def test_security_headers_are_exact_and_the_csp_fits_the_spa(anon):
    r = anon.get("/healthz")
    assert r.headers["content-security-policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["cross-origin-opener-policy"] == "same-origin"
    assert r.headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"


def test_cors_allows_only_the_listed_origins(db):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import Settings

    allowed, other = "https://app.example.org", "https://evil.example.com"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x"}
    settings = Settings(environment="test", database_url=str(db.url), cors_origins=[allowed])
    client = TestClient(create_app(settings, engine=db), raise_server_exceptions=False)
    ok = client.options("/api/v1/auth/login", headers={"Origin": allowed, **preflight})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == allowed
    assert ok.headers["access-control-allow-credentials"] == "true"
    refused = client.options("/api/v1/auth/login", headers={"Origin": other, **preflight})
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert (
        client.get("/healthz", headers={"Origin": allowed}).headers["access-control-allow-origin"]
        == allowed
    )
    assert (
        "access-control-allow-origin"
        not in client.get("/healthz", headers={"Origin": other}).headers
    )
    # The default is no cross-origin access at all.
    default = TestClient(
        create_app(Settings(environment="test", database_url=str(db.url)), engine=db)
    )
    assert (
        "access-control-allow-origin"
        not in default.get("/healthz", headers={"Origin": allowed}).headers
    )


def test_settings_refuse_the_placeholder_secret_outside_development(monkeypatch):
    import pytest
    from pydantic import ValidationError

    from api.settings import DEFAULT_SECRET, Settings

    monkeypatch.delenv("RAPPORT_SECRET_KEY", raising=False)
    for environment in ("production", "test"):
        with pytest.raises(
            ValidationError,
            match=f"RAPPORT_SECRET_KEY must be set to a real secret outside development mode "
            rf"\(RAPPORT_ENVIRONMENT={environment}\)",
        ):
            Settings(_env_file=None, environment=environment)
        assert Settings(_env_file=None, environment=environment, secret_key="s" * 40).secret_key
    assert Settings(_env_file=None, environment="development").secret_key == DEFAULT_SECRET
