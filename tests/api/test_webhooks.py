"""Webhook endpoints over the API: CRUD, validation, owner-only, secret shown once, SSRF rules."""

import base64
import json
import uuid

import pytest
from sqlmodel import Session, select

from api.main import create_app
from api.settings import Settings, get_settings
from api.webhooks.models import Webhook, WebhookDelivery

HOOK_URL = "http://127.0.0.1:9/rapport"  # never contacted: no worker runs in these tests
PUBLIC_URL = "https://93.184.215.14/rapport"  # a public literal address: no DNS needed


@pytest.fixture(scope="module")
def shared_app(engine):
    # One app per database for the module: building one costs more than most tests here.
    return create_app(Settings(environment="test", database_url=str(engine.url)), engine=engine)


@pytest.fixture
def app(db, shared_app):
    return shared_app


@pytest.fixture
def allow_private(monkeypatch):
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", True)


def _create(ws, **kw) -> dict:
    body = {"url": HOOK_URL, "event_types": ["concern.*"], **kw}
    r = ws.client.post(ws.url("/webhooks"), json=body)
    assert r.status_code == 201, r.text
    return r.json()


def _events(ws, type_prefix: str = "webhook.") -> list[dict]:
    items = ws.client.get(ws.url("/events"), params={"limit": 200}).json()["items"]
    return [e for e in items if e["type"].startswith(type_prefix)]


def _field(r) -> str:
    assert r.status_code == 422, r.text
    return r.json()["error"]["details"][0]["field"]


def test_create_returns_the_secret_once(ws, allow_private):
    r = ws.client.post(
        ws.url("/webhooks"),
        json={
            "url": HOOK_URL,
            "event_types": ["concern.updated", "stakeholder.*", "concern.updated"],
            "description": "Warehouse sync",
        },
    )
    assert r.status_code == 201, r.text
    hook = r.json()
    secret = hook.pop("secret")
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
    assert set(hook) == {
        "id", "workspace_id", "url", "description", "event_types", "enabled", "disabled_reason",
        "disabled_at", "failure_count", "created_at", "updated_at",
    }  # fmt: skip
    assert (hook["workspace_id"], hook["url"], hook["description"]) == (
        ws.id,
        HOOK_URL,
        "Warehouse sync",
    )
    assert hook["event_types"] == ["concern.updated", "stakeholder.*"]  # duplicates dropped
    assert (hook["enabled"], hook["disabled_reason"], hook["failure_count"]) == (True, None, 0)

    # Never shown again: not by GET, not by the list, not in the change feed.
    one = ws.client.get(ws.url(f"/webhooks/{hook['id']}"))
    assert one.json() == hook and "etag" in one.headers
    assert ws.client.get(ws.url("/webhooks")).json() == {"items": [hook], "next_cursor": None}
    feed = ws.client.get(ws.url("/events")).text
    assert secret not in feed and secret.removeprefix("whsec_") not in feed
    [created] = _events(ws)
    assert created["type"] == "webhook.created" and created["payload"] == hook
    # ...but kept, since every delivery is signed with it.
    with Session(ws.engine) as s:
        assert s.get(Webhook, uuid.UUID(hook["id"])).secret == secret


def test_list_is_paged(ws, allow_private):
    ids = [_create(ws, description=f"hook {i}")["id"] for i in range(3)]
    first = ws.client.get(ws.url("/webhooks"), params={"limit": 2}).json()
    assert [h["id"] for h in first["items"]] == ids[:2] and first["next_cursor"]
    rest = ws.client.get(
        ws.url("/webhooks"), params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert [h["id"] for h in rest["items"]] == ids[2:] and rest["next_cursor"] is None


def test_update_disable_reenable_and_delete(ws, allow_private):
    hook = _create(ws)
    url = ws.url(f"/webhooks/{hook['id']}")

    r = ws.client.patch(url, json={"url": "https://127.0.0.1:8443/h", "event_types": ["*"]})
    assert r.status_code == 200, r.text
    assert (r.json()["url"], r.json()["event_types"]) == ("https://127.0.0.1:8443/h", ["*"])
    assert r.json()["description"] == ""

    off = ws.client.patch(url, json={"enabled": False}).json()
    assert (off["enabled"], off["disabled_reason"]) == (False, "manual")
    assert off["disabled_at"] is not None

    # Re-enabling resets the failure count and retries what was queued at once.
    with Session(ws.engine) as s:
        row = s.get(Webhook, uuid.UUID(hook["id"]))
        row.failure_count = 7
        s.add(row)
        s.commit()
    on = ws.client.patch(url, json={"enabled": True}).json()
    assert (on["enabled"], on["disabled_reason"], on["disabled_at"], on["failure_count"]) == (
        True,
        None,
        None,
        0,
    )

    assert ws.client.delete(url).status_code == 204
    assert ws.client.get(url).status_code == 404
    assert ws.client.delete(url).status_code == 404
    types = [e["type"] for e in _events(ws)]
    assert types == [
        "webhook.created",
        "webhook.updated",
        "webhook.updated",
        "webhook.updated",
        "webhook.deleted",
    ]
    assert _events(ws)[-1]["payload"] == {"id": hook["id"], "deleted": True}


def test_patch_honours_if_match(ws, allow_private):
    hook = _create(ws)
    url = ws.url(f"/webhooks/{hook['id']}")
    tag = ws.client.get(url).headers["etag"]
    assert (
        ws.client.patch(url, json={"description": "a"}, headers={"If-Match": tag}).status_code
        == 200
    )
    stale = ws.client.patch(url, json={"description": "b"}, headers={"If-Match": tag})
    assert stale.status_code == 412
    assert ws.client.get(url).json()["description"] == "a"


CREATE_INVALID = [
    ({"url": "ftp://127.0.0.1/h", "event_types": ["*"]}, "body.url"),
    ({"url": "127.0.0.1/h", "event_types": ["*"]}, "body.url"),
    ({"url": "http:///nohost", "event_types": ["*"]}, "body.url"),
    ({"url": "http://user:pw@127.0.0.1/h", "event_types": ["*"]}, "body.url"),
    ({"url": "http://127.0.0.1:99999/h", "event_types": ["*"]}, "body.url"),
    ({"url": "http://127.0.0.1/a b", "event_types": ["*"]}, "body.url"),
    ({"url": 5, "event_types": ["*"]}, "body.url"),
    ({"event_types": ["*"]}, "body.url"),
    ({"url": HOOK_URL, "event_types": []}, "body.event_types"),
    ({"url": HOOK_URL}, "body.event_types"),
    ({"url": HOOK_URL, "event_types": ["concern."]}, "body.event_types.0"),
    ({"url": HOOK_URL, "event_types": ["*", "Concern.updated"]}, "body.event_types.1"),
    ({"url": HOOK_URL, "event_types": ["concern.*.x"]}, "body.event_types.0"),
    ({"url": HOOK_URL, "event_types": ["**"]}, "body.event_types.0"),
    ({"url": HOOK_URL, "event_types": ["*.updated"]}, "body.event_types.0"),
    ({"url": HOOK_URL, "event_types": ["concern"]}, "body.event_types.0"),
    ({"url": HOOK_URL, "event_types": ["*"] * 51}, "body.event_types"),
    ({"url": HOOK_URL, "event_types": ["*"], "description": "x" * 501}, "body.description"),
    ({"url": HOOK_URL, "event_types": ["*"], "secret": "whsec_mine"}, "body.secret"),
]


def test_create_validation_names_the_field(ws, allow_private):
    # One workspace for every case: building an app per case would dominate the run time.
    fields = [_field(ws.client.post(ws.url("/webhooks"), json=b)) for b, _ in CREATE_INVALID]
    assert fields == [f for _, f in CREATE_INVALID]
    assert ws.client.get(ws.url("/webhooks")).json()["items"] == []


UPDATE_INVALID = [
    ({"url": None}, "body.url"),
    ({"event_types": None}, "body.event_types"),
    ({"event_types": ["concern.*", "nope"]}, "body.event_types.1"),
    ({"enabled": "yes"}, "body.enabled"),
    ({"enabled": None}, "body.enabled"),
    ({"secret": "whsec_mine"}, "body.secret"),
]


def test_update_validation_names_the_field(ws, allow_private):
    hook = _create(ws)
    url = ws.url(f"/webhooks/{hook['id']}")
    fields = [_field(ws.client.patch(url, json=body)) for body, _ in UPDATE_INVALID]
    assert fields == [f for _, f in UPDATE_INVALID]
    assert ws.client.get(url).json() == {k: v for k, v in hook.items() if k != "secret"}


NON_PUBLIC = [
    "http://127.0.0.1:8080/h",
    "http://127.9.9.9/h",
    "http://localhost/h",
    "https://10.0.0.5/h",
    "http://172.16.3.4/h",
    "http://192.168.1.10/h",
    "http://100.64.0.1/h",
    "http://169.254.169.254/latest/meta-data",
    "http://0.0.0.0/h",
    "http://[::1]/h",
    "http://[fe80::1]/h",
    "http://[fd00::1]/h",
    "http://[::ffff:127.0.0.1]/h",
    "http://224.0.0.1/h",
    "http://203.0.113.7/h",
    "http://no-such-host.invalid/h",
]


def test_non_public_targets_are_refused_without_the_setting(ws):
    for url in NON_PUBLIC:
        r = ws.client.post(ws.url("/webhooks"), json={"url": url, "event_types": ["*"]})
        assert _field(r) == "body.url", url
        message = r.json()["error"]["details"][0]["message"]
        expected = "does not resolve" if url.endswith(".invalid/h") else "non-public address"
        assert expected in message, (url, message)
    assert ws.client.get(ws.url("/webhooks")).json()["items"] == []


def test_public_target_accepted_and_update_rechecked(ws):
    hook = ws.client.post(ws.url("/webhooks"), json={"url": PUBLIC_URL, "event_types": ["*"]})
    assert hook.status_code == 201, hook.text
    url = ws.url(f"/webhooks/{hook.json()['id']}")
    assert _field(ws.client.patch(url, json={"url": "http://localhost:8000/x"})) == "body.url"
    assert ws.client.get(url).json()["url"] == PUBLIC_URL
    # Other fields of a webhook saved earlier can change without a fresh check of its URL.
    assert ws.client.patch(url, json={"description": "x"}).status_code == 200


def test_only_owners_manage_webhooks(ws, other_ws, allow_private):
    hook = _create(ws)
    one = ws.url(f"/webhooks/{hook['id']}")
    callers = [ws.member("lead"), ws.member("viewer"), ws.token_client("write")]
    for client in callers:
        assert client.get(ws.url("/webhooks")).status_code == 403
        assert (
            client.post(
                ws.url("/webhooks"), json={"url": HOOK_URL, "event_types": ["*"]}
            ).status_code
            == 403
        )
        assert client.get(one).status_code == 403
        assert client.patch(one, json={"enabled": False}).status_code == 403
        assert client.post(one + "/test").status_code == 403
        assert client.get(one + "/deliveries").status_code == 403
        assert client.delete(one).status_code == 403
    # Another workspace's owner cannot tell the webhook exists.
    assert other_ws.client.get(one).status_code == 404
    assert other_ws.client.get(other_ws.url(f"/webhooks/{hook['id']}")).status_code == 404
    assert other_ws.client.delete(other_ws.url(f"/webhooks/{hook['id']}")).status_code == 404
    assert ws.client.get(one).json()["enabled"] is True


def test_send_test_event_queues_one_delivery(ws, allow_private):
    hook = _create(ws, event_types=["concern.created"])
    one = ws.url(f"/webhooks/{hook['id']}")
    r = ws.client.post(one + "/test")
    assert r.status_code == 202, r.text
    queued = r.json()
    [event] = _events(ws, "webhook.test")
    assert event["resource_id"] == hook["id"]
    assert event["payload"]["webhook_id"] == hook["id"]
    assert queued["event_id"] == event["id"] and queued["event_seq"] == event["seq"]
    assert (queued["event_type"], queued["status"], queued["attempt_count"]) == (
        "webhook.test",
        "pending",
        0,
    )
    assert queued["attempts"] == [] and queued["delivered_at"] is None
    log = ws.client.get(one + "/deliveries").json()
    assert log == {"items": [queued], "next_cursor": None}
    assert ws.client.get(one + "/deliveries", params={"status": "delivered"}).json()["items"] == []

    ws.client.patch(one, json={"enabled": False})
    refused = ws.client.post(one + "/test")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "conflict"
    with Session(ws.engine) as s:
        assert len(s.exec(select(WebhookDelivery)).all()) == 1


def test_delivery_log_pages_in_event_order_or_newest_first(ws, allow_private):
    hook = _create(ws, event_types=["concern.created"])
    log = ws.url(f"/webhooks/{hook['id']}/deliveries")
    sent = [
        ws.client.post(ws.url(f"/webhooks/{hook['id']}/test")).json()["event_seq"] for _ in range(5)
    ]

    def walk(**query) -> list[list[int]]:
        pages, cursor = [], None
        while True:
            r = ws.client.get(
                log, params={**query, "limit": 2, **({"cursor": cursor} if cursor else {})}
            )
            assert r.status_code == 200, r.text
            pages.append([d["event_seq"] for d in r.json()["items"]])
            cursor = r.json()["next_cursor"]
            if cursor is None:
                return pages

    assert walk() == [sent[0:2], sent[2:4], sent[4:5]]
    assert walk(order="oldest") == [sent[0:2], sent[2:4], sent[4:5]]
    newest = sent[::-1]
    assert walk(order="newest") == [newest[0:2], newest[2:4], newest[4:5]]

    # A cursor pages one way only.
    cursor = ws.client.get(log, params={"order": "newest", "limit": 2}).json()["next_cursor"]
    r = ws.client.get(log, params={"cursor": cursor, "limit": 2})
    assert r.status_code == 422
    assert _field(r) == "query.cursor"
    r = ws.client.get(log, params={"order": "sideways"})
    assert r.status_code == 422
    assert _field(r) == "query.order"


def test_deleting_a_webhook_removes_its_deliveries(ws, allow_private):
    hook = _create(ws)
    ws.client.post(ws.url(f"/webhooks/{hook['id']}/test"))
    assert ws.client.delete(ws.url(f"/webhooks/{hook['id']}")).status_code == 204
    with Session(ws.engine) as s:
        assert len(s.exec(select(WebhookDelivery)).all()) == 0


def test_event_payloads_never_carry_the_secret(ws, allow_private):
    hook = _create(ws)
    ws.client.patch(ws.url(f"/webhooks/{hook['id']}"), json={"description": "renamed"})
    for event in _events(ws):
        assert "secret" not in json.dumps(event["payload"])
