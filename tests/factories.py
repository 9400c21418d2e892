"""Test data built through the real services and API, one helper per kind of thing."""

import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.auth import service as auth_service
from api.auth.models import User
from api.auth.security import hash_password

PASSWORD = "correct horse battery staple"


@lru_cache
def password_hash() -> str:
    # argon2 is slow on purpose; hash the shared test password once per run.
    return hash_password(PASSWORD)


def make_user(engine: Engine, email: str | None = None, name: str = "") -> User:
    with Session(engine, expire_on_commit=False) as s:
        user = User(
            email=email or f"user-{uuid.uuid4().hex[:10]}@example.org",
            name=name or "Test User",
            password_hash=password_hash(),
        )
        s.add(user)
        s.commit()
        return user


def signed_in_client(app, engine: Engine, user: User) -> TestClient:
    """A browser-like client: session cookie plus the CSRF header, without a login round trip."""
    with Session(engine) as s:
        secret, csrf = auth_service.start_session(s, s.get(User, user.id))
        s.commit()
    client = TestClient(app, raise_server_exceptions=False)
    client.cookies.set("rapport_session", secret)
    client.cookies.set("rapport_csrf", csrf)
    client.headers["X-CSRF-Token"] = csrf
    return client


@dataclass
class Workspace:
    """One workspace with its owner's client, plus helpers to add people and tokens."""

    app: Any
    engine: Engine
    id: str
    owner: User
    client: TestClient
    _clients: dict[str, TestClient] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/api/v1/workspaces/{self.id}"

    def url(self, path: str = "") -> str:
        return self.base + path

    def member(self, role: str) -> TestClient:
        """A signed-in client for a new user with `role` in this workspace (cached per role)."""
        if role == "owner":
            return self.client
        if role not in self._clients:
            user = make_user(self.engine)
            r = self.client.post(self.url("/members"), json={"email": user.email, "role": role})
            assert r.status_code == 201, r.text
            self._clients[role] = signed_in_client(self.app, self.engine, user)
        return self._clients[role]

    def token_client(self, scope: str) -> TestClient:
        key = f"token:{scope}"
        if key not in self._clients:
            r = self.client.post(
                self.url("/tokens"), json={"name": f"{scope} token", "scope": scope}
            )
            assert r.status_code == 201, r.text
            c = TestClient(self.app, raise_server_exceptions=False)
            c.headers["Authorization"] = f"Bearer {r.json()['token']}"
            self._clients[key] = c
        return self._clients[key]

    # Record factories: each posts through the API and returns the JSON body.
    def create(self, path: str, body: dict, client: TestClient | None = None) -> dict:
        r = (client or self.client).post(self.url(path), json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def team(self, **kw) -> dict:
        return self.create("/teams", {"name": "Ward 4B", **kw})

    def stakeholder(self, **kw) -> dict:
        return self.create("/stakeholders", {"name": "Dr. Amara Okafor", **kw})

    def conversation(self, stakeholder_id: str, client: TestClient | None = None, **kw) -> dict:
        body = {"stakeholder_id": stakeholder_id, "occurred_at": "2026-03-02T09:30:00Z", "tone": 1}
        return self.create("/conversations", {**body, **kw}, client)

    def concern(self, stakeholder_id: str, client: TestClient | None = None, **kw) -> dict:
        body = {"stakeholder_id": stakeholder_id, "text": "Night shift has no time for huddles"}
        return self.create("/concerns", {**body, **kw}, client)

    def acknowledgement(self, stakeholder_id: str, client: TestClient | None = None, **kw) -> dict:
        body = {
            "stakeholder_id": stakeholder_id,
            "acknowledged_at": "2026-03-02T09:45:00Z",
            "area": "QI: run charts",
        }
        return self.create("/acknowledgements", {**body, **kw}, client)

    def signal(self, stakeholder_id: str, client: TestClient | None = None, **kw) -> dict:
        body = {
            "stakeholder_id": stakeholder_id,
            "observed_at": "2026-03-03T12:00:00Z",
            "kind": "champion_behavior",
            "facet": "ownership",
            "intensity": 2,
        }
        return self.create("/signals", {**body, **kw}, client)

    def commitment(self, stakeholder_id: str, client: TestClient | None = None, **kw) -> dict:
        body = {"stakeholder_id": stakeholder_id, "description": "Share the audit results"}
        return self.create("/commitments", {**body, **kw}, client)


def make_workspace(app, engine: Engine, name: str = "Sepsis bundle rollout") -> Workspace:
    owner = make_user(engine)
    client = signed_in_client(app, engine, owner)
    r = client.post("/api/v1/workspaces", json={"name": name})
    assert r.status_code == 201, r.text
    return Workspace(app=app, engine=engine, id=r.json()["id"], owner=owner, client=client)


def run_rapport(*args: str, env: dict) -> subprocess.CompletedProcess:
    """The `rapport` command of this environment, as an operator runs it."""
    exe = Path(sys.executable).parent / "rapport"
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
