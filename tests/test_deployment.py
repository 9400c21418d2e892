"""docker-compose.yml is checked for shape, and each service's command is run here directly
(there is no container engine on CI machines): migrations and the API against PostgreSQL."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import yaml

from api.migrations import head_revision
from tests.server import free_port

ROOT = Path(__file__).resolve().parent.parent
RAPPORT = str(Path(sys.executable).parent / "rapport")
HEAD = head_revision("sqlite://")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_services_and_order(compose):
    services = compose["services"]
    assert sorted(services) == ["api", "db", "migrate", "redis", "web", "worker"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["api"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "redis": {"condition": "service_healthy"},
    }
    assert services["web"]["depends_on"] == {"api": {"condition": "service_healthy"}}
    assert services["worker"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"}
    }
    assert services["worker"]["environment"] == services["api"]["environment"]
    assert services["worker"]["healthcheck"]["test"] == ["CMD", "rapport", "worker", "--check"]
    assert "ports" not in services["worker"] and "container_name" not in services["worker"]
    for name, service in services.items():
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
    assert services["migrate"]["healthcheck"]["test"] == ["CMD", "rapport", "migrate", "--check"]
    assert "http://127.0.0.1:8000/readyz" in services["api"]["healthcheck"]["test"][-1]
    # API replicas must be scalable: no fixed host port, no container_name.
    assert "ports" not in services["api"] and "container_name" not in services["api"]
    env = services["api"]["environment"]
    assert env["RAPPORT_ENVIRONMENT"] == "production"
    assert env["RAPPORT_SECRET_KEY"].startswith("${RAPPORT_SECRET_KEY:?")
    # Every API process and replica counts against one budget per caller.
    assert env["RAPPORT_RATE_LIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_nginx_proxies_api_and_serves_spa(compose):
    conf = (ROOT / "docker" / "nginx.conf").read_text()
    assert "location /api/" in conf and "proxy_pass http://rapport_api;" in conf
    assert "try_files $uri /index.html;" in conf
    # The web service's health check asks nginx itself for a page it answers with 200.
    check = compose["services"]["web"]["healthcheck"]["test"]
    assert check == ["CMD", "wget", "-qO-", "http://127.0.0.1/nginx-health"]
    assert (
        'location = /nginx-health {\n        access_log off;\n        return 200 "ok\\n";' in conf
    )


def _service_env(url: str, tmp: Path) -> dict:
    return {
        **os.environ,
        "RAPPORT_ENVIRONMENT": "production",
        "RAPPORT_DATABASE_URL": url,
        "RAPPORT_SECRET_KEY": "a-real-secret-for-this-test-only",
        "TMPDIR": str(tmp),  # the worker's heartbeat file: one per test, not the machine's
    }


def _healthcheck(compose: dict, service: str, env: dict, **replace: str):
    """Run a service's health check here, as Docker would run it in the container."""
    test = compose["services"][service]["healthcheck"]["test"]
    if test[0] == "CMD-SHELL":
        cmd = ["sh", "-c", test[1]]
    else:
        cmd = [
            RAPPORT if test[1] == "rapport" else sys.executable if test[1] == "python" else test[1]
        ]
        cmd += test[2:]
    for old, new in replace.items():
        cmd = [part.replace(old, new) for part in cmd]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)


def _command(compose: dict, service: str) -> list[str]:
    cmd = compose["services"][service]["command"]
    assert cmd[0] == "rapport"
    return [RAPPORT, *cmd[1:]]


def test_db_healthcheck_runs_pg_isready(compose, pg_url):
    url = sa.engine.make_url(pg_url)
    env = {**os.environ, "PGHOST": url.host or "127.0.0.1", "PGPORT": str(url.port or 5432)}
    done = _healthcheck(compose, "db", env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "accepting connections" in done.stdout
    down = _healthcheck(compose, "db", {**env, "PGPORT": "1"})
    assert down.returncode == 2, down.stdout  # pg_isready: no response


def test_migrate_and_api_services_run_on_postgres(compose, fresh_pg, tmp_path):
    env = _service_env(fresh_pg, tmp_path)
    before = _healthcheck(compose, "migrate", env)
    assert (before.returncode, before.stderr.strip()) == (
        1,
        f"migrations: at None, latest is {HEAD}",
    )
    done = subprocess.run(
        _command(compose, "migrate"), env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    after = _healthcheck(compose, "migrate", env)
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip() == f"Database is at the latest migration ({HEAD})."
    engine = sa.create_engine(fresh_pg)
    with engine.connect() as c:
        assert c.exec_driver_sql("select count(*) from alembic_version").scalar() == 1
    engine.dispose()

    port = free_port()
    cmd = _command(compose, "api")
    cmd[cmd.index("--host") + 1] = "127.0.0.1"
    cmd[cmd.index("--port") + 1] = str(port)
    cmd[cmd.index("--workers") + 1] = "2"
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/api/v1/auth/me", timeout=2).status_code
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert status == 401
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).json() == {
            "status": "ready",
            "checks": {"database": "ok", "migrations": "ok"},
        }
        health = _healthcheck(compose, "api", env, **{"127.0.0.1:8000": f"127.0.0.1:{port}"})
        assert health.returncode == 0, health.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    down = _healthcheck(compose, "api", env, **{"127.0.0.1:8000": f"127.0.0.1:{port}"})
    assert down.returncode == 1 and "ConnectionRefusedError" in down.stderr


def test_worker_service_delivers_on_postgres(compose, fresh_pg, monkeypatch, tmp_path):
    from standardwebhooks import Webhook as Verifier

    from tests.webhook_receiver import subscribed_workspace

    env = {**_service_env(fresh_pg, tmp_path), "RAPPORT_WEBHOOKS_ALLOW_PRIVATE": "1"}
    done = subprocess.run(
        _command(compose, "migrate"), env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    with subscribed_workspace(fresh_pg, monkeypatch) as (receiver, ws, secret):
        team = ws.team()
        proc = subprocess.Popen(
            _command(compose, "worker"), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            while not receiver.requests and time.monotonic() < deadline:
                time.sleep(0.1)
            [request] = receiver.requests
            body = Verifier(secret).verify(request["body"], request["headers"])
            assert (body["type"], body["data"]["id"]) == ("team.created", team["id"])
            heartbeat = tmp_path / "rapport-worker.heartbeat"
            assert heartbeat.exists()  # beating while it runs
            check = _healthcheck(compose, "worker", env)
            assert check.returncode == 0, check.stderr
        finally:
            proc.terminate()
            output = proc.communicate(timeout=30)[0].decode()
    assert proc.returncode == 0, output  # SIGTERM: finish the attempt in flight, then exit
    assert not heartbeat.exists()  # a stopped worker is not a hung one
    # A worker that stopped beating (stuck) fails its check.
    heartbeat.touch()
    stale = time.time() - 600
    os.utime(heartbeat, (stale, stale))
    check = _healthcheck(compose, "worker", env)
    assert check.returncode == 1
    assert check.stderr.strip().startswith("heartbeat: last beat 6")  # 600 s, give or take
    heartbeat.unlink()
    unreachable = {**env, "RAPPORT_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/x"}
    check = subprocess.run(
        [RAPPORT, "worker", "--check"], env=unreachable, capture_output=True, text=True, timeout=60
    )
    assert (check.returncode, check.stderr.strip()) == (1, "database: OperationalError")


def test_production_refuses_the_placeholder_secret(fresh_pg, tmp_path):
    env = {**_service_env(fresh_pg, tmp_path)}
    env.pop("RAPPORT_SECRET_KEY")
    done = subprocess.run([RAPPORT, "migrate"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "RAPPORT_SECRET_KEY must be set" in done.stderr
