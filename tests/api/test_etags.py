import pytest
import sqlalchemy as sa

from api.kit.etag import etag_for
from api.settings import get_settings


def test_get_and_patch_return_the_etag_and_if_match_guards_writes(ws):
    team = ws.team()
    got = ws.client.get(ws.url(f"/teams/{team['id']}"))
    tag = got.headers["etag"]
    assert tag == etag_for(team["id"], got.json()["updated_at"])
    ok = ws.client.patch(
        ws.url(f"/teams/{team['id']}"), json={"name": "ICU"}, headers={"If-Match": tag}
    )
    assert ok.status_code == 200
    new_tag = ok.headers["etag"]
    assert new_tag != tag
    stale = ws.client.patch(
        ws.url(f"/teams/{team['id']}"), json={"name": "Lost"}, headers={"If-Match": tag}
    )
    assert stale.status_code == 412
    assert stale.json()["error"] == {
        "code": "precondition_failed",
        "message": "The resource changed since you read it; GET it again and reapply your change",
        "details": {"etag": new_tag},
    }
    assert ws.client.get(ws.url(f"/teams/{team['id']}")).json()["name"] == "ICU"
    gone = ws.client.delete(ws.url(f"/teams/{team['id']}"), headers={"If-Match": tag})
    assert gone.status_code == 412
    assert (
        ws.client.delete(ws.url(f"/teams/{team['id']}"), headers={"If-Match": new_tag}).status_code
        == 204
    )


def test_lists_carry_no_etag(ws):
    ws.team()
    assert "etag" not in ws.client.get(ws.url("/teams")).headers


def test_a_stale_if_match_on_a_stakeholder_is_refused_and_changes_nothing(ws):
    person = ws.stakeholder(title="Charge nurse")
    url = ws.url(f"/stakeholders/{person['id']}")
    tag = ws.client.get(url).headers["etag"]
    moved = ws.client.patch(url, json={"title": "Matron"}, headers={"If-Match": tag})
    assert moved.status_code == 200, moved.text
    stale = ws.client.patch(url, json={"title": "Lost"}, headers={"If-Match": tag})
    assert stale.status_code == 412
    assert stale.json()["error"]["details"] == {"etag": moved.headers["etag"]}
    after = ws.client.get(url)
    assert (after.json()["title"], after.headers["etag"]) == ("Matron", moved.headers["etag"])
    assert [e["type"] for e in ws.client.get(ws.url("/events")).json()["items"]] == [
        "workspace.created",
        "stakeholder.created",
        "stakeholder.updated",
    ]


def test_if_match_is_checked_before_the_patch_is_looked_at(ws, other_ws, monkeypatch):
    """The row is locked and its ETag checked before the service merges the patch and checks
    what it names: a stale write learns that it is stale (412), not what else is wrong."""
    settings = get_settings()
    monkeypatch.setattr(settings, "webhooks_allow_private", True)
    hook = ws.client.post(
        ws.url("/webhooks"), json={"url": "http://127.0.0.1:9/r", "event_types": ["*"]}
    )
    assert hook.status_code == 201, hook.text
    monkeypatch.setattr(settings, "webhooks_allow_private", False)
    cases = [
        # A team in another workspace: the service's reference check answers 422.
        (f"/stakeholders/{ws.stakeholder()['id']}", {"team_id": other_ws.team()["id"]}),
        # A loopback target: the service's address check answers 422.
        (f"/webhooks/{hook.json()['id']}", {"url": "http://127.0.0.1:9/other"}),
    ]
    for path, body in cases:
        url = ws.url(path)
        tag = ws.client.get(url).headers["etag"]
        assert ws.client.patch(url, json={}, headers={"If-Match": tag}).status_code == 200
        before = ws.client.get(url)
        r = ws.client.patch(url, json=body, headers={"If-Match": tag})
        assert r.status_code == 412, (path, r.text)
        assert r.json()["error"]["details"] == {"etag": before.headers["etag"]}
        assert ws.client.get(url).json() == before.json()
        fresh = before.headers["etag"]
        r = ws.client.patch(url, json=body, headers={"If-Match": fresh})
        assert r.status_code == 422, (path, r.text)


@pytest.mark.parametrize("resource", ["teams", "stakeholders"])
def test_a_patch_merges_into_the_row_as_locked_not_as_first_read(ws, db, monkeypatch, resource):
    """Another transaction commits between the request's first read of the row and its write
    (PostgreSQL: SQLite's BEGIN IMMEDIATE lets no other writer in). The PATCH sets one field;
    the other's committed change must survive."""
    if db.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers for the whole request")
    from api.kit import crud

    created = ws.team() if resource == "teams" else ws.stakeholder()
    other, field, value = (
        ("description", "name", "ICU") if resource == "teams" else ("title", "name", "Dr. A")
    )
    real = crud.lock_for_write
    done = []

    def concurrent_write_then_lock(session, obj):
        if not done:
            with db.begin() as conn:  # its own connection: commits before the lock is taken
                table = type(obj).__table__
                conn.execute(sa.update(table).where(table.c.id == obj.id).values({other: "theirs"}))
            done.append(True)
        real(session, obj)

    monkeypatch.setattr(crud, "lock_for_write", concurrent_write_then_lock)
    url = ws.url(f"/{resource}/{created['id']}")
    r = ws.client.patch(url, json={field: value})
    assert r.status_code == 200, r.text
    assert (r.json()[field], r.json()[other]) == (value, "theirs")
    stored = ws.client.get(url).json()
    assert (stored[field], stored[other]) == (value, "theirs")


def _made(ws, kind: str) -> tuple[str, dict]:
    """A resource of this kind: its path and a change that PATCH accepts."""
    if kind == "workspace":
        return "", {"description": "changed"}
    if kind == "teams":
        return f"/teams/{ws.team()['id']}", {"description": "changed"}
    person = ws.stakeholder()["id"]
    if kind == "stakeholders":
        return f"/stakeholders/{person}", {"title": "changed"}
    if kind == "webhooks":
        body = {"url": "http://127.0.0.1:9/r", "event_types": ["*"]}
        return f"/webhooks/{ws.create('/webhooks', body)['id']}", {"description": "changed"}
    made = getattr(ws, kind.rstrip("s"))(person)
    change = {
        "conversations": {"tone": 2},
        "concerns": {"text": "changed"},
        "commitments": {"description": "changed"},
    }
    return f"/{kind}/{made['id']}", change.get(kind, {"note": "changed"})


KINDS = ["workspace", "teams", "stakeholders", "conversations", "concerns"]
KINDS += ["acknowledgements", "signals", "commitments", "webhooks"]


def test_every_single_resource_has_an_etag_that_guards_patch_and_delete(ws, app, monkeypatch):
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", True)
    spec = app.openapi()["paths"]
    documented = sorted(
        p
        for p, item in spec.items()
        if p.endswith("}") and "get" in item and p.startswith("/api/v1/")
    )
    assert len(documented) == len(KINDS)
    for kind in KINDS:
        path, change = _made(ws, kind)
        url = ws.url(path)
        got = ws.client.get(url)
        tag = got.headers["etag"]
        assert tag == etag_for(got.json()["id"], got.json()["updated_at"]), kind
        ok = ws.client.patch(url, json=change, headers={"If-Match": tag})
        assert ok.status_code == 200, (kind, ok.text)
        assert ok.headers["etag"] == ws.client.get(url).headers["etag"] != tag
        stale = ws.client.patch(url, json=change, headers={"If-Match": tag})
        assert stale.status_code == 412, kind
        assert stale.json()["error"]["details"] == {"etag": ok.headers["etag"]}
        assert ws.client.get(url).json() == ok.json()
        if kind == "workspace":
            continue
        assert ws.client.delete(url, headers={"If-Match": tag}).status_code == 412, kind
        assert ws.client.get(url).status_code == 200
        gone = ws.client.delete(url, headers={"If-Match": ok.headers["etag"]})
        assert gone.status_code == 204, kind
    # The OpenAPI document says so for each of them.
    for path in documented:
        item = spec[path]
        assert "ETag" in item["get"]["responses"]["200"]["headers"], path
        for method in ("patch", "delete"):
            if method in item:
                names = [p["name"] for p in item[method]["parameters"]]
                assert "If-Match" in names, (method, path)
                ref = item[method]["responses"]["412"]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/ErrorResponse"}


def test_a_created_record_answers_with_the_etag_its_get_gives(ws):
    """A new conversation's answer brings its own ETag (api/records/conversation_write.py);
    others get theirs from the middleware. Either way it is the one GET gives."""
    sid = ws.stakeholder()["id"]
    for path, body in (
        (
            "/conversations",
            {"stakeholder_id": sid, "occurred_at": "2026-03-02T09:30:00Z", "tone": 1},
        ),
        ("/concerns", {"stakeholder_id": sid, "text": "No time for huddles"}),
    ):
        made = ws.client.post(ws.url(path), json=body)
        assert made.status_code == 201, made.text
        got = ws.client.get(ws.url(f"{path}/{made.json()['id']}"))
        assert made.headers.get_list("etag") == [got.headers["etag"]], path
        assert got.headers["etag"] == etag_for(made.json()["id"], made.json()["updated_at"])
