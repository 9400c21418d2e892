from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.ops.idempotency import IdempotencyKey, _credential


def test_same_key_and_body_replays_the_first_response(ws):
    h = {"Idempotency-Key": "team-create-1"}
    first = ws.client.post(ws.url("/teams"), json={"name": "ICU"}, headers=h)
    again = ws.client.post(ws.url("/teams"), json={"name": "ICU"}, headers=h)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert [t["name"] for t in ws.client.get(ws.url("/teams")).json()["items"]] == ["ICU"]


def test_same_key_with_another_body_is_422(ws):
    h = {"Idempotency-Key": "k-2"}
    assert ws.client.post(ws.url("/teams"), json={"name": "ICU"}, headers=h).status_code == 201
    r = ws.client.post(ws.url("/teams"), json={"name": "Pharmacy"}, headers=h)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "idempotency_key_reused"
    assert len(ws.client.get(ws.url("/teams")).json()["items"]) == 1


def test_keys_are_per_caller(ws):
    h = {"Idempotency-Key": "shared"}
    a = ws.client.post(ws.url("/teams"), json={"name": "ICU"}, headers=h)
    b = ws.member("lead").post(ws.url("/teams"), json={"name": "ICU"}, headers=h)
    assert a.json()["id"] != b.json()["id"]


def test_in_flight_duplicate_is_409(ws, db):
    cred = _credential(
        {b"authorization": ws.token_client("write").headers["Authorization"].encode()}
    )
    import hashlib

    path = f"/api/v1/workspaces/{ws.id}/teams"
    body = b'{"name":"ICU"}'
    with Session(db) as s:
        s.add(
            IdempotencyKey(
                scope=cred,
                key="busy",
                request_hash=hashlib.sha256(path.encode() + b"\n" + body).hexdigest(),
            )
        )
        s.commit()
    r = ws.token_client("write").post(
        ws.url("/teams"),
        content=body,
        headers={"Idempotency-Key": "busy", "Content-Type": "application/json"},
    )
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "request_in_progress"


def test_fifty_concurrent_identical_requests_create_one_record(ws, app):
    token = ws.token_client("write").headers["Authorization"]
    sid = ws.stakeholder()["id"]
    body = {"stakeholder_id": sid, "occurred_at": "2026-03-02T09:30:00Z", "tone": 1}

    def call(_):
        with TestClient(app, raise_server_exceptions=False) as c:
            return c.post(
                ws.url("/conversations"),
                json=body,
                headers={"Authorization": token, "Idempotency-Key": "fifty"},
            ).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(call, range(50)))
    assert set(statuses) <= {201, 409}
    assert statuses.count(201) >= 1
    items = ws.client.get(ws.url("/conversations")).json()["items"]
    assert len(items) == 1
    # Once finished, every retry replays the one record.
    replay = ws.token_client("write").post(
        ws.url("/conversations"), json=body, headers={"Idempotency-Key": "fifty"}
    )
    assert (replay.status_code, replay.json()["id"]) == (201, items[0]["id"])
