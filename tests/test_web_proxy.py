"""The `web` service of docker-compose.yml, run here without a container engine: nginx with
`docker/nginx.conf` in front of a real API server, as the nginx image runs it (the file is its
`conf.d/default.conf`, inside the image's `http` block).

Only the deployment's addresses are changed: the upstream `api:8000` becomes the test server,
port 80 a free port, the SPA's root and the log a temporary folder. nginx reaches the API from
127.0.0.2, as from a container of its own, so the API must take the client's address from
nginx's `X-Forwarded-For` (RAPPORT_FORWARDED_ALLOW_IPS), as docker-compose.yml has it.
"""

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import IN_CI
from tests.server import free_port, running_server, wait_until_up, workspace_with_token

ROOT = Path(__file__).resolve().parent.parent
NGINX = os.environ.get("RAPPORT_NGINX") or shutil.which("nginx")
INDEX = "<!doctype html><title>Rapport</title><div id=root></div>"


def _replace(conf: str, old: str, new: str) -> str:
    assert conf.count(old) == 1, f"docker/nginx.conf no longer has {old!r} once"
    return conf.replace(old, new)


def _nginx_conf(tmp: Path, api_port: int, port: int) -> Path:
    site = (ROOT / "docker" / "nginx.conf").read_text()
    site = _replace(site, "server api:8000;", f"server 127.0.0.1:{api_port};")
    site = _replace(site, "listen 80;", f"listen 127.0.0.1:{port};")
    site = _replace(site, "root /usr/share/nginx/html;", f"root {tmp / 'html'};")
    site = _replace(
        site,
        "access_log /var/log/nginx/access.log rapport;",
        f"access_log {tmp / 'access.log'} rapport;",
    )
    site = _replace(
        site,
        "proxy_pass http://rapport_api;",
        "proxy_pass http://rapport_api;\n        proxy_bind 127.0.0.2;",
    )
    (tmp / "default.conf").write_text(site)
    # The nginx image's own nginx.conf, with its paths in the temporary folder.
    mime = Path(NGINX).resolve().parent.parent.parent / "etc" / "nginx" / "mime.types"
    if not mime.exists():
        mime = Path("/etc/nginx/mime.types")
    # Workers run as this user (as root, nginx would switch them to `nobody`, who cannot read
    # pytest's temporary folders).
    main = f"""
user {pwd.getpwuid(os.geteuid()).pw_name};
worker_processes 1;
error_log {tmp / "error.log"} notice;
pid {tmp / "nginx.pid"};
events {{ worker_connections 64; }}
http {{
    include {mime};
    default_type application/octet-stream;
    client_body_temp_path {tmp / "body"};
    proxy_temp_path {tmp / "proxy"};
    fastcgi_temp_path {tmp / "fastcgi"};
    uwsgi_temp_path {tmp / "uwsgi"};
    scgi_temp_path {tmp / "scgi"};
    sendfile on;
    keepalive_timeout 65;
    include {tmp / "default.conf"};
}}
"""
    (tmp / "nginx.conf").write_text(main)
    return tmp / "nginx.conf"


@pytest.fixture
def web(tmp_path):
    if NGINX is None:
        if IN_CI:
            pytest.fail("nginx is not available and CI=true (make nginx unpacks it)")
        pytest.skip("nginx is not available (make nginx unpacks Debian's package)")
    (tmp_path / "html" / "assets").mkdir(parents=True)
    (tmp_path / "html" / "index.html").write_text(INDEX)
    (tmp_path / "html" / "assets" / "index-abc123.js").write_text("console.log('spa');")
    url = f"sqlite:///{tmp_path / 'rapport.db'}"
    with running_server(
        url,
        workers=1,
        RAPPORT_FORWARDED_ALLOW_IPS="127.0.0.2",
        RAPPORT_LOGIN_FAILURES_PER_ADDRESS="3",
    ) as (api, env):
        port = free_port()
        conf = _nginx_conf(tmp_path, int(api.rsplit(":", 1)[1]), port)
        checked = subprocess.run(
            [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert checked.returncode == 0, checked.stderr
        proc = subprocess.Popen(
            [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + "/nginx-health", proc, timeout=30)
            yield base, api, env, tmp_path
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _client(base: str, address: str) -> httpx.Client:
    """A browser at `address` (any 127.x address reaches nginx)."""
    return httpx.Client(
        base_url=base, timeout=30, transport=httpx.HTTPTransport(local_address=address)
    )


def test_nginx_serves_the_spa_and_proxies_the_api(web):
    base, api, env, tmp = web
    _, workspace_id, token = workspace_with_token(api, env, "web@example.org", "Through nginx")
    with _client(base, "127.0.0.1") as browser:
        health = browser.get("/nginx-health")
        assert (health.status_code, health.text) == (200, "ok\n")
        # Client-side routes load the SPA; its hashed assets are cached for a year.
        for path in ("/", f"/w/{workspace_id}/champion-map", "/signin"):
            page = browser.get(path)
            assert (page.status_code, page.text) == (200, INDEX), path
            assert page.headers["content-type"].startswith("text/html")
        asset = browser.get("/assets/index-abc123.js")
        assert asset.text == "console.log('spa');"
        assert asset.headers["cache-control"] == "max-age=31536000, public, immutable"
        assert asset.headers["content-type"] == "application/javascript"
        # The API through the proxy, with the caller's token and the API's own headers.
        answer = browser.get(
            f"/api/v1/workspaces/{workspace_id}",
            headers={"Authorization": f"Bearer {token}", "X-Request-Id": "through-nginx"},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["name"] == "Through nginx"
        assert answer.headers["x-request-id"] == "through-nginx"
        assert "default-src 'self'" in answer.headers["content-security-policy"]
        # A search names a person: nginx logs the path without the query string.
        searched = browser.get(
            f"/api/v1/workspaces/{workspace_id}/stakeholders",
            params={"q": "Sam Haddad"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert searched.status_code == 200
    log = (tmp / "access.log").read_text().splitlines()
    # `... "GET /path HTTP/1.1" 200 ...`: the request line between the first two quotes, then
    # the status.
    fields = [line.split('"') for line in log if "/stakeholders" in line]
    proxied = [(f[1], f[2].split()[0]) for f in fields]
    assert proxied == [(f"GET /api/v1/workspaces/{workspace_id}/stakeholders HTTP/1.1", "200")]
    assert "Haddad" not in (tmp / "access.log").read_text()


def test_sign_in_limits_count_each_browser_behind_nginx_not_nginx_itself(web):
    base, *_ = web
    wrong = {"password": "not-the-password"}
    with _client(base, "127.0.0.1") as one, _client(base, "127.0.0.3") as other:
        # Three failures a client address are allowed here (a different account each time, so
        # the per-account limit stays out of it); the fourth is refused.
        for n in range(3):
            failed = one.post("/api/v1/auth/login", json={**wrong, "email": f"a{n}@example.org"})
            assert failed.status_code == 401, failed.text
        refused = one.post("/api/v1/auth/login", json={**wrong, "email": "a9@example.org"})
        assert refused.status_code == 429
        # Another browser, through the same nginx, still has its own three.
        other_try = other.post("/api/v1/auth/login", json={**wrong, "email": "b0@example.org"})
        assert other_try.status_code == 401, other_try.text
