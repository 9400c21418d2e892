from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.auth.models import ApiToken, UserSession
from api.auth.security import hash_secret
from tests.factories import PASSWORD, make_user


def login(client: TestClient, email: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_login_sets_session_and_csrf_cookies(app, db):
    user = make_user(db, email="lead@example.org")
    client = TestClient(app)
    r = login(client, "Lead@Example.org")
    assert r.status_code == 200
    assert r.json()["email"] == "lead@example.org"
    cookies = r.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("rapport_session="))
    csrf_cookie = next(c for c in cookies if c.startswith("rapport_csrf="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert "HttpOnly" not in csrf_cookie
    # Only the hash of the session secret is stored.
    secret = client.cookies["rapport_session"]
    with Session(db) as s:
        rows = s.exec(select(UserSession).where(UserSession.user_id == user.id)).all()
    assert [r.token_hash for r in rows] == [hash_secret(secret)]
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["id"] == str(user.id)


def test_wrong_password_is_401_with_error_shape(app, db):
    make_user(db, email="lead@example.org")
    r = login(TestClient(app), "lead@example.org", "wrong")
    assert r.status_code == 401
    assert r.json() == {
        "error": {"code": "unauthenticated", "message": "Wrong email or password", "details": None}
    }


def test_unsafe_request_needs_csrf_header(app, db):
    make_user(db, email="lead@example.org")
    client = TestClient(app)
    login(client, "lead@example.org")
    r = client.post("/api/v1/workspaces", json={"name": "No CSRF"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf_failed"
    r = client.post("/api/v1/workspaces", json={"name": "Wrong"}, headers={"X-CSRF-Token": "nope"})
    assert r.status_code == 403
    ok = client.post(
        "/api/v1/workspaces",
        json={"name": "With CSRF"},
        headers={"X-CSRF-Token": client.cookies["rapport_csrf"]},
    )
    assert ok.status_code == 201
    listed = client.get("/api/v1/workspaces").json()
    assert [w["name"] for w in listed] == ["With CSRF"]


def test_logout_ends_the_session(app, db):
    make_user(db, email="lead@example.org")
    client = TestClient(app)
    login(client, "lead@example.org")
    csrf = client.cookies["rapport_csrf"]
    secret = client.cookies["rapport_session"]
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    replay = TestClient(app)
    replay.cookies.set("rapport_session", secret)
    assert replay.get("/api/v1/auth/me").status_code == 401


def test_failed_logins_are_rate_limited_per_account(app, db):
    make_user(db, email="lead@example.org")
    client = TestClient(app)
    statuses = [login(client, "lead@example.org", "bad").status_code for _ in range(6)]
    assert statuses == [401, 401, 401, 401, 401, 429]
    # Even the right password is refused while the account is throttled.
    blocked = login(client, "lead@example.org")
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.json()["error"]["code"] == "rate_limited"


def test_failed_logins_are_rate_limited_per_address(app, db):
    client = TestClient(app)
    statuses = [login(client, f"nobody{i}@example.org", "bad").status_code for i in range(21)]
    assert statuses == [401] * 20 + [429]


def test_login_validates_input(app, db):
    r = TestClient(app).post("/api/v1/auth/login", json={"email": "x@y.z", "password": 5})
    assert r.status_code == 422
    assert [d["field"] for d in r.json()["error"]["details"]] == ["body.password"]


def test_anonymous_is_401(anon, ws):
    r = anon.get(ws.url("/stakeholders"))
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthenticated"


def test_token_lifecycle(ws, anon, db):
    r = ws.client.post(ws.url("/tokens"), json={"name": "Warehouse", "scope": "read"})
    assert r.status_code == 201
    body = r.json()
    secret = body["token"]
    assert secret.startswith("rpt_") and body["prefix"] == secret[:10]
    with Session(db) as s:
        stored = s.exec(select(ApiToken)).all()
    assert [t.token_hash for t in stored] == [hash_secret(secret)]
    listed = ws.client.get(ws.url("/tokens")).json()["items"]
    assert [t["id"] for t in listed] == [body["id"]]
    assert "token" not in listed[0]

    headers = {"Authorization": f"Bearer {secret}"}
    assert anon.get(ws.url("/stakeholders"), headers=headers).status_code == 200
    # A read token may not write.
    w = anon.post(ws.url("/teams"), json={"name": "ICU"}, headers=headers)
    assert w.status_code == 403
    assert ws.client.get(ws.url("/teams")).json()["items"] == []

    revoked = ws.client.delete(ws.url(f"/tokens/{body['id']}"))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    after = anon.get(ws.url("/stakeholders"), headers=headers)
    assert after.status_code == 401


def test_token_works_only_in_its_workspace(ws, other_ws):
    reader = ws.token_client("write")
    assert reader.get(other_ws.url("/stakeholders")).status_code == 404
    assert reader.post(other_ws.url("/teams"), json={"name": "x"}).status_code == 404
    assert [w["id"] for w in reader.get("/api/v1/workspaces").json()] == [ws.id]


def test_malformed_bearer_header(anon, ws):
    r = anon.get(ws.url("/teams"), headers={"Authorization": "Basic abc"})
    assert r.status_code == 401
    r = anon.get(ws.url("/teams"), headers={"Authorization": "Bearer rpt_unknown"})
    assert r.status_code == 401


def test_token_create_validates_scope(ws):
    r = ws.client.post(ws.url("/tokens"), json={"name": "x", "scope": "admin"})
    assert r.status_code == 422
    assert [d["field"] for d in r.json()["error"]["details"]] == ["body.scope"]


def test_tokens_are_owner_only(ws):
    assert ws.member("lead").get(ws.url("/tokens")).status_code == 403
    r = ws.member("lead").post(ws.url("/tokens"), json={"name": "x", "scope": "read"})
    assert r.status_code == 403
    assert ws.token_client("write").get(ws.url("/tokens")).status_code == 403
