"""A real Rapport server in a subprocess (uvicorn, N workers) on a throwaway database."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

RAPPORT = str(Path(sys.executable).parent / "rapport")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Until `url` answers 200; fails at once if `proc`, the process meant to answer, exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the process for {url} exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.1)


@contextmanager
def running_server(database_url: str, workers: int = 2, **env_extra: str):
    env = {
        **os.environ,
        "RAPPORT_DATABASE_URL": database_url,
        "RAPPORT_RATE_LIMIT_PER_MINUTE": "1000000",
        **env_extra,
    }
    done = subprocess.run(
        [RAPPORT, "migrate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    port = free_port()
    proc = subprocess.Popen(
        [RAPPORT, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", proc)
        yield base, env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def workspace_with_token(
    base: str, env: dict, email: str, name: str, scope: str = "write"
) -> tuple[httpx.Client, str, str]:
    """On a running server: a new owner (signed in), their new workspace, and an API token of
    `scope` for it. Returns (the owner's client, workspace id, token)."""
    subprocess.run(
        [RAPPORT, "create-user", email, "--password", "pw-123456"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    owner = httpx.Client(base_url=base, timeout=30)
    signed_in = owner.post("/api/v1/auth/login", json={"email": email, "password": "pw-123456"})
    assert signed_in.status_code == 200, signed_in.text
    owner.headers["X-CSRF-Token"] = owner.cookies["rapport_csrf"]
    ws = owner.post("/api/v1/workspaces", json={"name": name}).json()["id"]
    token = owner.post(
        f"/api/v1/workspaces/{ws}/tokens", json={"name": "t", "scope": scope}
    ).json()["token"]
    return owner, ws, token
