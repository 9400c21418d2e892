"""The delivery worker against a real HTTP receiver on 127.0.0.1, on SQLite and PostgreSQL.

Deliveries are verified the way an integrator would, with the `standardwebhooks` package.
Backoff delays are shrunk to fractions of a second so nothing sleeps long.
"""

import json
import socket
import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from standardwebhooks import Webhook as Verifier

from api.db import make_engine
from api.main import create_app
from api.settings import Settings, get_settings
from api.webhooks import targets
from api.webhooks.models import Webhook, WebhookDelivery
from api.webhooks.outbox import RetryPolicy
from api.webhooks.worker import Worker, WorkerConfig
from tests.factories import make_workspace
from tests.webhook_receiver import Receiver


@pytest.fixture
def receiver():
    r = Receiver()
    r.start()
    yield r
    r.stop()


@pytest.fixture
def allow_private(monkeypatch):
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", True)


@pytest.fixture(scope="module")
def app(engine):
    # One app per database for the module: building one costs more than most tests here.
    return create_app(Settings(environment="test", database_url=str(engine.url)), engine=engine)


@pytest.fixture
def ws(app, db, allow_private):
    return make_workspace(app, db)


def fast(max_failures: int = 10, backoff: tuple[float, ...] = (0.05,)) -> WorkerConfig:
    return WorkerConfig(
        poll_interval=0.02,
        timeout=3,
        lease=30,
        policy=RetryPolicy(backoff=backoff, jitter=0, max_failures=max_failures),
    )


def subscribe(ws, url: str, event_types: list[str]) -> dict:
    r = ws.client.post(ws.url("/webhooks"), json={"url": url, "event_types": event_types})
    assert r.status_code == 201, r.text
    return r.json()


def feed(ws) -> list[dict]:
    return ws.client.get(ws.url("/events"), params={"limit": 200}).json()["items"]


def deliveries(ws, hook: dict) -> list[dict]:
    r = ws.client.get(ws.url(f"/webhooks/{hook['id']}/deliveries"), params={"limit": 200})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def wait_until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def verified(secret: str, request: dict) -> dict:
    return Verifier(secret).verify(request["body"], request["headers"])


def test_deliveries_are_signed_filtered_and_logged(ws, db, receiver):
    hook = subscribe(ws, receiver.url(), ["stakeholder.*", "team.created"])
    team = ws.team()
    ws.client.patch(ws.url(f"/teams/{team['id']}"), json={"name": "ICU"})  # not subscribed
    person = ws.stakeholder(team_id=team["id"])
    ws.client.patch(ws.url(f"/stakeholders/{person['id']}"), json={"title": "Charge nurse"})
    ws.concern(person["id"])  # not subscribed

    worker = Worker(db, fast())
    stats = worker.drain()
    worker.close()
    assert (stats.queued, stats.delivered, stats.failed) == (3, 3, 0)

    wanted = [
        e
        for e in feed(ws)
        if e["type"] in ("team.created",) or e["type"].startswith("stakeholder.")
    ]
    assert [e["type"] for e in wanted] == [
        "team.created",
        "stakeholder.created",
        "stakeholder.updated",
    ]
    assert receiver.ids() == [e["id"] for e in wanted]
    for request, event in zip(receiver.requests, wanted, strict=True):
        body = verified(hook["secret"], request)
        assert body == {
            "type": event["type"],
            "timestamp": body["timestamp"],
            "data": {
                **event["payload"],
                "event_id": event["id"],
                "event_seq": event["seq"],
                "workspace_id": ws.id,
                "resource_type": event["resource_type"],
                "resource_id": event["resource_id"],
            },
        }
        assert body["timestamp"].replace("+00:00", "Z") == event["occurred_at"].replace(
            "+00:00", "Z"
        )
        assert request["headers"]["content-type"] == "application/json"
        assert abs(int(request["headers"]["webhook-timestamp"]) - time.time()) < 60
        sig = request["headers"]["webhook-signature"]
        assert sig.startswith("v1,")
    # A wrong secret does not verify.
    with pytest.raises(Exception, match="No matching signature"):
        Verifier("whsec_" + "A" * 44).verify(
            receiver.requests[0]["body"], receiver.requests[0]["headers"]
        )

    log = deliveries(ws, hook)
    assert [(d["event_id"], d["event_type"], d["status"], d["attempt_count"]) for d in log] == [
        (e["id"], e["type"], "delivered", 1) for e in wanted
    ]
    for d in log:
        [attempt] = d["attempts"]
        assert (
            attempt["attempt"],
            attempt["status_code"],
            attempt["error"],
            attempt["succeeded"],
        ) == (
            1,
            200,
            None,
            True,
        )
        assert attempt["latency_ms"] >= 0 and d["next_attempt_at"] is None
        assert d["delivered_at"] == attempt["attempted_at"]
    # Nothing more to send.
    worker = Worker(db, fast())
    assert not worker.drain().busy
    worker.close()
    assert len(receiver.requests) == 3


def test_retries_with_backoff_after_500s_then_succeeds(ws, db, receiver):
    hook = subscribe(ws, receiver.url(), ["team.*"])
    team = ws.team()
    receiver.status = 500
    worker = Worker(db, fast(backoff=(1.5, 0.5)))

    assert worker.run_once().failed == 1
    [pending] = deliveries(ws, hook)
    [first] = pending["attempts"]
    assert (pending["status"], first["status_code"], first["error"]) == ("pending", 500, "HTTP 500")
    delay = _dt(pending["next_attempt_at"]) - _dt(first["attempted_at"])
    assert delay == timedelta(seconds=1.5)  # the first backoff step, no jitter configured
    assert not worker.run_once().busy  # not due yet: nothing is sent early
    assert len(receiver.requests) == 1

    wait_until(lambda: _due(pending))
    assert worker.run_once().failed == 1
    [pending] = deliveries(ws, hook)
    second = pending["attempts"][1]
    assert _dt(pending["next_attempt_at"]) - _dt(second["attempted_at"]) == timedelta(seconds=0.5)
    assert ws.client.get(ws.url(f"/webhooks/{hook['id']}")).json()["failure_count"] == 2

    receiver.status = 200
    wait_until(lambda: _due(pending))
    assert worker.run_once().delivered == 1
    worker.close()

    [done] = deliveries(ws, hook)
    assert [(a["attempt"], a["status_code"], a["error"]) for a in done["attempts"]] == [
        (1, 500, "HTTP 500"),
        (2, 500, "HTTP 500"),
        (3, 200, None),
    ]
    gaps = [
        _dt(b["attempted_at"]) - _dt(a["attempted_at"])
        for a, b in zip(done["attempts"], done["attempts"][1:], strict=False)
    ]
    assert gaps[0] >= timedelta(seconds=1.5) and gaps[1] >= timedelta(seconds=0.5)
    assert (done["status"], done["attempt_count"]) == ("delivered", 3)
    # Every retry carries the same webhook-id, and each one is signed afresh.
    created = next(e for e in feed(ws) if e["type"] == "team.created")
    assert created["resource_id"] == team["id"]
    assert receiver.ids() == [created["id"]] * 3
    for request in receiver.requests:
        assert verified(hook["secret"], request)["type"] == "team.created"
    assert ws.client.get(ws.url(f"/webhooks/{hook['id']}")).json()["failure_count"] == 0


def _dt(value: str):
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _due(delivery: dict) -> bool:
    from api.kit.time import utcnow

    return utcnow() >= _dt(delivery["next_attempt_at"])


def test_disabled_after_consecutive_failures_and_resumed_on_reenable(ws, db, receiver):
    hook = subscribe(ws, receiver.url(), ["team.created"])
    ws.team()
    receiver.status = 503
    worker = Worker(db, fast(max_failures=3, backoff=(0.01,)))

    def disabled() -> bool:
        worker.run_once()
        return _hook(ws, hook)["enabled"] is False

    wait_until(disabled)
    assert len(receiver.requests) == 3
    got = _hook(ws, hook)
    assert (got["disabled_reason"], got["failure_count"]) == ("consecutive_failures", 3)
    [disabled] = [e for e in feed(ws) if e["type"] == "webhook.updated"]
    assert disabled["actor"] == {"user_id": None, "token_id": None}
    assert disabled["payload"] == got
    time.sleep(0.05)
    assert not worker.run_once().busy  # a disabled webhook gets nothing
    assert len(receiver.requests) == 3
    [pending] = deliveries(ws, hook)
    assert (pending["status"], pending["attempt_count"]) == ("pending", 3)

    receiver.status = 200
    r = ws.client.patch(ws.url(f"/webhooks/{hook['id']}"), json={"enabled": True})
    assert (r.json()["enabled"], r.json()["failure_count"]) == (True, 0)
    assert worker.drain().delivered == 1
    worker.close()
    [done] = deliveries(ws, hook)
    assert [a["status_code"] for a in done["attempts"]] == [503, 503, 503, 200]
    assert len(set(receiver.ids())) == 1


def _hook(ws, hook: dict) -> dict:
    return ws.client.get(ws.url(f"/webhooks/{hook['id']}")).json()


def test_410_gone_disables_at_once(ws, db, receiver):
    hook = subscribe(ws, receiver.url(), ["*"])
    ws.team()
    ws.team(name="ICU")
    receiver.status = 410
    worker = Worker(db, fast())
    stats = worker.drain()
    worker.close()
    assert (stats.delivered, stats.failed) == (0, 1)
    assert len(receiver.requests) == 1
    got = _hook(ws, hook)
    assert (got["enabled"], got["disabled_reason"], got["failure_count"]) == (
        False,
        "endpoint_gone",
        1,
    )
    log = deliveries(ws, hook)
    assert [(d["status"], d["attempt_count"]) for d in log] == [("pending", 1), ("pending", 0)]
    assert log[0]["attempts"][0]["error"] == "HTTP 410"


def test_receiver_down_then_back_gets_every_event_in_order(ws, db, receiver):
    hook = subscribe(ws, receiver.url(), ["team.*"])
    receiver.stop()
    for i in range(4):
        ws.team(name=f"Ward {i}")
    stop = threading.Event()
    worker = Worker(db, fast(max_failures=100, backoff=(0.05, 0.1, 0.2)))
    thread = threading.Thread(target=worker.run, args=(stop,))
    thread.start()
    try:
        wait_until(lambda: (_head_attempts(db) or 0) >= 2)
        [first, *_] = deliveries(ws, hook)
        assert first["attempts"][0]["status_code"] is None
        assert "ConnectError" in first["attempts"][0]["error"]
        receiver.start()
        for i in range(4, 6):
            ws.team(name=f"Ward {i}")
        wait_until(lambda: len(receiver.requests) >= 6)
        wait_until(lambda: all(d["status"] == "delivered" for d in deliveries(ws, hook)))
    finally:
        stop.set()
        thread.join(10)
        worker.close()
    expected = [e["id"] for e in feed(ws) if e["type"] == "team.created"]
    assert len(expected) == 6
    assert receiver.ids() == expected  # each once, oldest first
    for request in receiver.requests:
        verified(hook["secret"], request)


def _head_attempts(db) -> int | None:
    with Session(db) as s:
        rows = s.exec(select(WebhookDelivery).order_by(WebhookDelivery.event_seq)).all()
        return rows[0].attempts if rows else None


def test_send_test_event_reaches_the_endpoint_whatever_its_filters(ws, db, receiver):
    hook = subscribe(ws, receiver.url(), ["concern.resolved"])
    other = subscribe(ws, receiver.url("/other"), ["*"])
    r = ws.client.post(ws.url(f"/webhooks/{hook['id']}/test"))
    assert r.status_code == 202
    worker = Worker(db, fast())
    worker.drain()
    worker.close()
    [request] = [q for q in receiver.requests if q["path"] == "/hook"]
    body = verified(hook["secret"], request)
    assert body["type"] == "webhook.test"
    assert body["data"]["webhook_id"] == hook["id"]
    assert request["headers"]["webhook-id"] == r.json()["event_id"]
    # The catch-all webhook sees no test event (only the earlier webhook.created of none).
    assert [
        verified(other["secret"], q)["type"] for q in receiver.requests if q["path"] == "/other"
    ] == []
    [logged] = deliveries(ws, hook)
    assert (logged["id"], logged["status"]) == (r.json()["id"], "delivered")


def test_delivery_rechecks_the_target_against_dns_rebinding(ws, db, receiver, monkeypatch):
    hook = subscribe(ws, receiver.url(), ["team.*"])
    ws.team()
    # The URL was accepted while private targets were allowed; now they are not, as if its
    # name had started resolving to a private address after it was saved.
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", False)
    worker = Worker(db, fast())
    worker.run_once()
    worker.close()
    assert receiver.requests == []
    [pending] = deliveries(ws, hook)
    [attempt] = pending["attempts"]
    assert attempt["status_code"] is None
    assert attempt["error"] == (
        "refused: host '127.0.0.1' is or resolves to a non-public address (127.0.0.1); "
        "webhooks go to public addresses only"
    )


def test_route_pins_the_checked_address(monkeypatch):
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", False)
    answers = {
        "hooks.example.org": ["93.184.215.14"],
        "rebind.example.org": ["93.184.215.14", "127.0.0.1"],
    }

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            raise socket.gaierror("Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    route = targets.route("https://hooks.example.org:8443/in?x=1#frag")
    assert (route.url, route.headers, route.extensions) == (
        "https://93.184.215.14:8443/in?x=1",
        {"Host": "hooks.example.org:8443"},
        {"sni_hostname": "hooks.example.org"},
    )
    route = targets.route("http://hooks.example.org/in")
    assert (route.url, route.headers, route.extensions) == (
        "http://93.184.215.14/in",
        {"Host": "hooks.example.org"},
        {},
    )
    with pytest.raises(targets.UnsafeTarget, match=r"non-public address \(127\.0\.0\.1\)"):
        targets.route("https://rebind.example.org/in")
    with pytest.raises(targets.UnsafeTarget, match="does not resolve"):
        targets.route("https://gone.example.org/in")


def test_two_workers_on_postgres_deliver_each_event_exactly_once(ws, db, receiver):
    if db.dialect.name != "postgresql":
        pytest.skip("concurrent workers share the outbox through PostgreSQL row locks")
    hooks = [subscribe(ws, receiver.url(f"/h{i}"), ["team.created"]) for i in range(3)]
    for i in range(30):
        ws.team(name=f"Ward {i}")
    receiver.delay = 0.005
    engines = [make_engine(str(db.url.render_as_string(hide_password=False))) for _ in range(2)]
    workers = [Worker(e, fast()) for e in engines]
    stop = threading.Event()
    results: list = [None, None]

    def run(i):
        results[i] = workers[i].run(stop)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    try:
        wait_until(lambda: len(receiver.requests) >= 90, timeout=40)
        time.sleep(0.3)  # room for any duplicate to show up
    finally:
        stop.set()
        for t in threads:
            t.join(10)
        for w, e in zip(workers, engines, strict=True):
            w.close()
            e.dispose()
    expected = [e["id"] for e in feed(ws) if e["type"] == "team.created"]
    assert len(expected) == 30
    for i, hook in enumerate(hooks):
        ids = receiver.ids(f"/h{i}")
        assert ids == expected  # exactly once each, and in order
        for request in (q for q in receiver.requests if q["path"] == f"/h{i}"):
            verified(hook["secret"], request)
    assert len(receiver.requests) == 90
    assert sum(r.delivered for r in results) == 90 and all(r.delivered > 0 for r in results)
    with Session(db) as s:
        rows = s.exec(select(WebhookDelivery)).all()
        assert len(rows) == 90 and {r.status for r in rows} == {"delivered"}
        assert {r.attempts for r in rows} == {1}
        assert all(h.failure_count == 0 for h in s.exec(select(Webhook)).all())


def test_events_before_a_webhook_existed_are_not_sent(ws, db, receiver):
    ws.team(name="Before")
    subscribe(ws, receiver.url(), ["team.created"])
    ws.team(name="After")
    worker = Worker(db, fast())
    worker.drain()
    worker.close()
    [request] = receiver.requests
    assert json.loads(request["body"])["data"]["name"] == "After"
    assert uuid.UUID(request["headers"]["webhook-id"])
