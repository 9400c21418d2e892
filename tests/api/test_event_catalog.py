"""The event types the OpenAPI document lists with the change feed are the ones the API writes,
with the payloads it lists (SQLite and PostgreSQL)."""

import uuid

from sqlmodel import Session

from api.events import catalog
from api.insights.readings import recompute_workspace
from api.settings import get_settings

WHEN = "2026-03-02T09:30:00Z"


def _schema_fields(app) -> dict[str, set[str]]:
    schemas = app.openapi()["components"]["schemas"]
    return {name: set(s.get("properties", {})) for name, s in schemas.items()}


def _feed(client, url: str) -> list[dict]:
    events, after = [], 0
    while True:
        page = client.get(url, params={"after": after, "limit": 200}).json()
        events += page["items"]
        if page["next_cursor"] is None:
            return events
        after = int(page["next_cursor"])


def _exercise(ws, other_user_email: str) -> None:
    """One of each change the API records."""
    c = ws.client
    assert c.patch(ws.url(), json={"description": "ICU first"}).status_code == 200
    member = c.post(ws.url("/members"), json={"email": other_user_email, "role": "viewer"})
    assert member.status_code == 201, member.text
    user_id = member.json()["user_id"]
    assert c.patch(ws.url(f"/members/{user_id}"), json={"role": "lead"}).status_code == 200
    assert c.delete(ws.url(f"/members/{user_id}")).status_code == 204
    team = ws.team()["id"]
    person = ws.stakeholder(team_id=team, role_type="opinion_leader")["id"]
    made = {
        "teams": team,
        "stakeholders": person,
        "conversations": ws.conversation(person, tone=2, private=True, summary="x")["id"],
        "concerns": ws.concern(person)["id"],
        "acknowledgements": ws.acknowledgement(person)["id"],
        "signals": ws.signal(person)["id"],
        "commitments": ws.commitment(person)["id"],
    }
    edits = {
        "teams": {"description": "edited"},
        "stakeholders": {"title": "edited"},
        "conversations": {"tone": 1},
        "concerns": {"text": "edited"},
        "acknowledgements": {"note": "edited"},
        "signals": {"note": "edited"},
        "commitments": {"status": "kept"},
    }
    for path, oid in made.items():
        r = c.patch(ws.url(f"/{path}/{oid}"), json=edits[path])
        assert r.status_code == 200, (path, r.text)
    hook = c.post(ws.url("/webhooks"), json={"url": "http://127.0.0.1:9/r", "event_types": ["*"]})
    assert hook.status_code == 201, hook.text
    hook_url = ws.url(f"/webhooks/{hook.json()['id']}")
    assert c.patch(hook_url, json={"description": "warehouse"}).status_code == 200
    assert c.post(f"{hook_url}/test").status_code == 202
    assert c.delete(hook_url).status_code == 204
    settings = c.get(ws.url("/scoring-settings")).json()["values"]
    assert c.put(ws.url("/scoring-settings"), json={"values": settings}).status_code == 200
    focus = {"cfir_domain": "inner_setting", "cfir_construct": "available_resources"}
    assert c.put(ws.url("/insights/challenges/focus"), json=focus).status_code == 200
    csv = f"stakeholder,occurred_at,tone\r\n{person},{WHEN},1\r\n"
    r = c.post(
        ws.url("/import/conversations"),
        params={"dry_run": "false"},
        content=csv,
        headers={"content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    with Session(ws.engine) as session:  # what `rapport recompute` does
        recompute_workspace(session, uuid.UUID(ws.id))
        session.commit()
    for path in ("commitments", "signals", "acknowledgements", "concerns", "conversations"):
        assert c.delete(ws.url(f"/{path}/{made[path]}")).status_code == 204
    assert c.delete(ws.url(f"/stakeholders/{person}")).status_code == 204
    assert c.delete(ws.url(f"/teams/{team}")).status_code == 204


def test_every_event_written_is_in_the_catalogue_and_every_entry_is_written(ws, app, monkeypatch):
    from tests.factories import make_user

    monkeypatch.setattr(get_settings(), "webhooks_allow_private", True)
    _exercise(ws, make_user(ws.engine).email)
    document = ws.client.get(ws.url("/export")).json()
    copy = ws.client.post("/api/v1/workspaces/import", json=document)
    assert copy.status_code == 201, copy.text
    copy_url = f"/api/v1/workspaces/{copy.json()['workspace']['id']}/events"

    fields = _schema_fields(app)
    seen = set()
    events = _feed(ws.client, ws.url("/events")) + _feed(ws.client, copy_url)
    for event in events:
        entry = catalog.matching(event["type"], set(event["payload"]), fields)
        assert entry is not None, (event["type"], sorted(event["payload"]))
        seen.add(entry)
        if event["type"].endswith(".deleted"):
            assert event["payload"] == {"id": event["resource_id"], "deleted": True}
    assert [e for e in catalog.EVENT_TYPES if e not in seen] == []
    # The feed's OpenAPI description lists them all.
    description = app.openapi()["paths"]["/api/v1/workspaces/{workspace_id}/events"]["get"][
        "description"
    ]
    assert catalog.markdown() in description
    for entry in catalog.EVENT_TYPES:
        assert f"| `{entry.type}` |" in description
