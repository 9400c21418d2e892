"""`rapport serve --with-worker` (what `make run` starts): webhooks are delivered with no other
process to remember, and the worker stops with the server."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from standardwebhooks import Webhook as Verifier

from tests.server import RAPPORT, free_port, wait_until_up
from tests.webhook_receiver import subscribed_workspace


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running: not gone, and not a zombie waiting for whoever adopted it to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_serve_with_worker_delivers_webhooks_and_stops_its_worker(tmp_path, monkeypatch, stop):
    url = f"sqlite:///{tmp_path / 'rapport.db'}"
    env = {
        **os.environ,
        "RAPPORT_DATABASE_URL": url,
        "RAPPORT_WEBHOOKS_ALLOW_PRIVATE": "1",
        "TMPDIR": str(tmp_path),  # the worker's heartbeat file: this test's own
    }
    done = subprocess.run(
        [RAPPORT, "migrate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    with subscribed_workspace(url, monkeypatch) as (receiver, ws, secret):
        port = free_port()
        proc = subprocess.Popen(
            [RAPPORT, "serve", "--with-worker", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", proc)
            deadline = time.monotonic() + 60
            [worker] = _children(proc.pid)
            # A query string can name a person (a search): the log keeps the path only.
            searched = httpx.get(
                f"http://127.0.0.1:{port}/healthz", params={"q": "Sam Haddad"}, timeout=5
            )
            assert searched.status_code == 200
            team = ws.team()
            while not receiver.requests and time.monotonic() < deadline:
                time.sleep(0.1)
            [request] = receiver.requests
            body = Verifier(secret).verify(request["body"], request["headers"])
            assert (body["type"], body["data"]["id"]) == ("team.created", team["id"])
            # Ctrl-C (SIGINT), a service manager's stop (SIGTERM) or a kill, sent to the
            # server alone (a terminal's Ctrl-C would reach the worker too).
            proc.send_signal(stop)
            output = proc.communicate(timeout=60)[0].decode()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == (-signal.SIGKILL if stop == signal.SIGKILL else 0), output
    # One JSON line a request, and nothing of the query string anywhere.
    assert "Haddad" not in output
    assert " HTTP/1.1" not in output  # uvicorn's own access line is off
    logged = [json.loads(line) for line in output.splitlines() if '"rapport.access"' in line]
    searched_id = searched.headers["X-Request-Id"]
    [entry] = [e for e in logged if e["request_id"] == searched_id]
    assert (entry["path"], entry["status"]) == ("/healthz", 200)
    deadline = time.monotonic() + 30
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)  # after a SIGKILL the worker is told by the kernel, not waited for
    assert not _alive(worker)
    assert not (tmp_path / "rapport-worker.heartbeat").exists()  # stopped, not hung
