from tests.factories import make_user


def test_creator_is_owner_and_lists_only_own_workspaces(ws, other_ws):
    r = ws.client.get("/api/v1/workspaces")
    assert [(w["id"], w["role"]) for w in r.json()] == [(ws.id, "owner")]
    assert ws.client.get(other_ws.url()).status_code == 404


def test_members_add_change_remove(ws, db):
    user = make_user(db, email="nurse@example.org", name="Nurse Joy")
    r = ws.client.post(ws.url("/members"), json={"email": "NURSE@example.org", "role": "lead"})
    assert r.status_code == 201
    assert (r.json()["email"], r.json()["role"], r.json()["user_id"]) == (
        "nurse@example.org",
        "lead",
        str(user.id),
    )
    dup = ws.client.post(ws.url("/members"), json={"email": "nurse@example.org", "role": "lead"})
    assert dup.status_code == 409
    changed = ws.client.patch(ws.url(f"/members/{user.id}"), json={"role": "viewer"})
    assert changed.status_code == 200 and changed.json()["role"] == "viewer"
    members = ws.client.get(ws.url("/members")).json()
    assert sorted(m["role"] for m in members) == ["owner", "viewer"]
    assert ws.client.delete(ws.url(f"/members/{user.id}")).status_code == 204
    assert [m["role"] for m in ws.client.get(ws.url("/members")).json()] == ["owner"]
    types = [e["type"] for e in ws.client.get(ws.url("/events")).json()["items"]]
    assert types == ["workspace.created", "member.created", "member.updated", "member.deleted"]


def test_add_unknown_email_is_422(ws):
    r = ws.client.post(ws.url("/members"), json={"email": "ghost@example.org", "role": "lead"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "body.email"


def test_last_owner_cannot_be_demoted_or_removed(ws):
    owner_id = ws.owner.id
    r = ws.client.patch(ws.url(f"/members/{owner_id}"), json={"role": "lead"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "last_owner"
    r = ws.client.delete(ws.url(f"/members/{owner_id}"))
    assert r.status_code == 409
    # With a second owner, the first may step down.
    second = make_user(ws.engine)
    ws.client.post(ws.url("/members"), json={"email": second.email, "role": "owner"})
    assert ws.client.patch(ws.url(f"/members/{owner_id}"), json={"role": "lead"}).status_code == 200


def test_only_owners_manage_members(ws):
    lead = ws.member("lead")
    target = make_user(ws.engine)
    r = lead.post(ws.url("/members"), json={"email": target.email, "role": "lead"})
    assert r.status_code == 403
    assert lead.get(ws.url("/members")).status_code == 200


def test_member_of_other_workspace_is_404(ws, other_ws):
    r = ws.client.patch(ws.url(f"/members/{other_ws.owner.id}"), json={"role": "viewer"})
    assert r.status_code == 404


def test_update_workspace(ws):
    r = ws.client.patch(ws.url(), json={"name": "  Sepsis 2027  "})
    assert r.status_code == 200 and r.json()["name"] == "Sepsis 2027"
    assert ws.client.patch(ws.url(), json={"name": None}).status_code == 422
    assert ws.member("lead").patch(ws.url(), json={"name": "x"}).status_code == 403
