"""Who may read and write records: viewers never see them, read tokens never write them."""

import uuid

from tests.api.records import feed

RESOURCES = ["conversations", "concerns", "acknowledgements", "signals", "commitments"]


def make_all(ws, stakeholder_id: str, client=None) -> dict[str, dict]:
    return {
        "conversations": ws.conversation(stakeholder_id, client=client),
        "concerns": ws.concern(stakeholder_id, client=client),
        "acknowledgements": ws.acknowledgement(stakeholder_id, client=client),
        "signals": ws.signal(stakeholder_id, client=client),
        "commitments": ws.commitment(stakeholder_id, client=client),
    }


def bodies(stakeholder_id: str) -> dict[str, dict]:
    return {
        "conversations": {
            "stakeholder_id": stakeholder_id,
            "occurred_at": "2026-03-02T09:30:00Z",
            "tone": 1,
        },
        "concerns": {"stakeholder_id": stakeholder_id, "text": "Too many audits"},
        "acknowledgements": {
            "stakeholder_id": stakeholder_id,
            "acknowledged_at": "2026-03-02T09:45:00Z",
            "area": "QI: run charts",
        },
        "signals": {
            "stakeholder_id": stakeholder_id,
            "observed_at": "2026-03-03T12:00:00Z",
            "kind": "quick_win",
        },
        "commitments": {"stakeholder_id": stakeholder_id, "description": "Share the audit"},
    }


PATCHES = {
    "conversations": {"tone": 2},
    "concerns": {"severity": 2},
    "acknowledgements": {"note": "Thanked at huddle"},
    "signals": {"note": "Again today"},
    "commitments": {"status": "kept"},
}


def test_viewers_get_403_on_every_record_route_even_for_unknown_ids(ws):
    s = ws.stakeholder()
    made = make_all(ws, s["id"])
    viewer = ws.member("viewer")
    for name in RESOURCES:
        one = ws.url(f"/{name}/{made[name]['id']}")
        unknown = ws.url(f"/{name}/{uuid.uuid4()}")
        assert viewer.get(ws.url(f"/{name}")).status_code == 403, name
        assert viewer.get(one).status_code == 403, name
        assert viewer.get(unknown).status_code == 403, name
        assert viewer.post(ws.url(f"/{name}"), json=bodies(s["id"])[name]).status_code == 403
        assert viewer.patch(one, json=PATCHES[name]).status_code == 403, name
        assert viewer.delete(one).status_code == 403, name
        r = ws.client.get(ws.url(f"/{name}"))
        assert [x["id"] for x in r.json()["items"]] == [made[name]["id"]], name
        assert ws.client.get(one).json()["updated_at"] == made[name]["updated_at"], name
    r = viewer.get(ws.url("/conversations"))
    assert r.json()["error"]["code"] == "forbidden"


def test_read_tokens_read_but_never_write_and_write_tokens_do_everything(ws):
    s = ws.stakeholder()
    made = make_all(ws, s["id"])
    reader, writer = ws.token_client("read"), ws.token_client("write")
    for name in RESOURCES:
        one = ws.url(f"/{name}/{made[name]['id']}")
        assert reader.get(ws.url(f"/{name}")).status_code == 200, name
        assert reader.get(one).status_code == 200, name
        assert reader.post(ws.url(f"/{name}"), json=bodies(s["id"])[name]).status_code == 403
        assert reader.patch(one, json=PATCHES[name]).status_code == 403, name
        assert reader.delete(one).status_code == 403, name

        created = writer.post(ws.url(f"/{name}"), json=bodies(s["id"])[name])
        assert created.status_code == 201, name
        assert writer.patch(one, json=PATCHES[name]).status_code == 200, name
        assert writer.delete(ws.url(f"/{name}/{created.json()['id']}")).status_code == 204, name
        assert writer.delete(one).status_code == 204, name
        assert ws.client.get(ws.url(f"/{name}")).json()["items"] == [], name

    by_token = [e["type"] for e in feed(ws) if e["actor"]["token_id"] is not None]
    assert by_token == [
        f"{kind}.{verb}"
        for kind in ("conversation", "concern", "acknowledgement", "signal", "commitment")
        for verb in ("created", "updated", "deleted", "deleted")
    ]


def test_another_tenant_sees_nothing(ws, other_ws):
    s = ws.stakeholder()
    made = make_all(ws, s["id"])
    for name in RESOURCES:
        one = other_ws.url(f"/{name}/{made[name]['id']}")
        assert other_ws.client.get(one).status_code == 404, name
        assert other_ws.client.patch(one, json=PATCHES[name]).status_code == 404, name
        assert other_ws.client.delete(one).status_code == 404, name
        assert other_ws.client.get(other_ws.url(f"/{name}")).json()["items"] == [], name
        assert other_ws.client.get(ws.url(f"/{name}")).status_code == 404, name
        assert ws.client.get(ws.url(f"/{name}/{made[name]['id']}")).json() == made[name], name
