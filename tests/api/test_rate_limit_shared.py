"""Rate limits shared through Redis: one budget per caller however many API processes serve
it, and an unreachable store lets requests through instead of failing them."""

import logging
import uuid

import httpx
import pytest

from api.auth import ratelimit
from api.settings import get_settings
from tests.factories import PASSWORD, make_user
from tests.server import free_port, running_server, workspace_with_token


@pytest.fixture
def fresh_limiters():
    """Limiters built anew, as a newly started process builds them."""
    for cached in (ratelimit._storage, ratelimit._limiter, ratelimit._request_item):
        cached.cache_clear()
    yield
    for cached in (ratelimit._storage, ratelimit._limiter, ratelimit._request_item):
        cached.cache_clear()


def test_two_worker_processes_share_one_budget(redis_url, tmp_path):
    # Two processes that allow 6 requests a minute each, counting in one Redis.
    env = {"RAPPORT_RATE_LIMIT_STORAGE_URI": redis_url, "RAPPORT_RATE_LIMIT_PER_MINUTE": "6"}
    with running_server(f"sqlite:///{tmp_path / 'rl.db'}", workers=2, **env) as (base, env):
        _, ws, token = workspace_with_token(base, env, "owner@example.org", "Limits", "read")
        answers = []
        for _ in range(12):
            # A new connection each time, so both processes take requests.
            with httpx.Client(base_url=base, timeout=30) as client:
                answers.append(
                    client.get(
                        f"/api/v1/workspaces/{ws}/teams",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                )
    assert [a.status_code for a in answers] == [200] * 6 + [429] * 6
    assert [a.headers["ratelimit-remaining"] for a in answers[:6]] == ["5", "4", "3", "2", "1", "0"]
    assert {a.headers["ratelimit-limit"] for a in answers} == {"6"}
    assert all(1 <= int(a.headers["retry-after"]) <= 60 for a in answers[6:])


def test_failed_sign_ins_are_counted_in_the_shared_store(
    app, db, redis_url, monkeypatch, fresh_limiters
):
    from fastapi.testclient import TestClient

    monkeypatch.setattr(get_settings(), "rate_limit_storage_uri", redis_url)
    user = make_user(db)
    # A client address of its own: failures per address outlive a run in a shared Redis,
    # and another run within the window must not find this one's.
    client = TestClient(app, client=(f"test-{uuid.uuid4().hex}", 50000))

    def login(password: str) -> int:
        body = {"email": user.email, "password": password}
        return client.post("/api/v1/auth/login", json=body).status_code

    assert [login("wrong") for _ in range(5)] == [401] * 5
    # A process started now (nothing in its memory) sees the same count.
    for cached in (ratelimit._storage, ratelimit._limiter):
        cached.cache_clear()
    assert login("wrong") == 429
    assert login(PASSWORD) == 429  # even the right password, while throttled


def test_an_unreachable_store_limits_nothing_and_says_so(ws, monkeypatch, fresh_limiters, caplog):
    settings = get_settings()
    monkeypatch.setattr(settings, "rate_limit_storage_uri", f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setattr(settings, "rate_limit_per_minute", 1)
    monkeypatch.setattr(ratelimit, "_last_outage_log", [0.0])
    client = ws.token_client("read")
    with caplog.at_level(logging.WARNING, logger="rapport.ratelimit"):
        answers = [client.get(ws.url("/teams")) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all("ratelimit-limit" not in a.headers for a in answers)
    warnings = [r for r in caplog.records if r.name == "rapport.ratelimit"]
    assert len(warnings) == 1  # once a minute, not once a request
    assert warnings[0].getMessage().startswith("rate-limit store unreachable")
