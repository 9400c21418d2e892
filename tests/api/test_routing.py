"""Synchronous endpoints answer and commit in the one worker-thread trip they run in
(api/kit/routing.py), with the same answers and the same all-or-nothing transactions."""

import re
import time

import anyio.to_thread
import fastapi.routing
import orjson
import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Response, status
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import Session

from api.db import SessionDep, make_engine
from api.kit.routing import Router


@pytest.fixture
def trips(monkeypatch):
    """The functions sent to the worker thread pool, by name."""
    sent: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counting(func, *args, **kwargs):
        inner = getattr(func, "keywords", {}).get("function") or getattr(func, "func", func)
        sent.append(getattr(inner, "__name__", repr(inner)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    return sent


def test_logging_a_conversation_takes_at_most_one_trip_to_the_thread_pool(ws, db, trips):
    sid = ws.stakeholder(name="Trips")["id"]
    body = {"stakeholder_id": sid, "occurred_at": "2026-01-05T10:00:00Z", "tone": 2}
    trips.clear()
    response = ws.client.post(ws.url("/conversations"), json=body)
    assert response.status_code == 201
    # The endpoint's trip also works out who is calling (the principal, their access to the
    # workspace and the writer check), validates the answer and commits. On SQLite, with the
    # write lock free, that trip runs on the event loop instead.
    assert trips == ([] if db.dialect.name == "sqlite" else ["create_conversation"])
    assert response.json()["stakeholder_id"] == sid
    listed = ws.client.get(ws.url("/conversations")).json()["items"]
    assert [c["id"] for c in listed] == [response.json()["id"]]


class Out(BaseModel):
    name: str
    size: int


@pytest.fixture
def scratch(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'scratch.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE note (name TEXT NOT NULL)")
    app = FastAPI()
    app.state.engine = engine
    router = Router()

    @router.post("/notes", response_model=Out, status_code=status.HTTP_201_CREATED)
    def good(session: SessionDep):
        session.execute(sa.text("INSERT INTO note VALUES ('kept')"))
        return {"name": "kept", "size": 1, "extra": "dropped by the model"}

    @router.post("/broken", response_model=Out)
    def broken(session: SessionDep):
        session.execute(sa.text("INSERT INTO note VALUES ('lost')"))
        return {"name": "lost", "size": "not a number"}

    @router.delete("/notes", status_code=status.HTTP_204_NO_CONTENT)
    def empty(session: SessionDep) -> None:
        session.execute(sa.text("DELETE FROM note WHERE name = 'kept'"))

    def tagged(response: Response) -> None:
        response.headers["x-tag"] = "set by a dependency"

    @router.post("/tagged", response_model=Out, dependencies=[Depends(tagged)])
    def with_header(session: SessionDep):
        session.execute(sa.text("INSERT INTO note VALUES ('tagged')"))
        return {"name": "tagged", "size": 2}

    app.include_router(router)
    yield app, engine
    engine.dispose()


def _names(engine) -> list[str]:
    with Session(engine) as s:
        return [r[0] for r in s.execute(sa.text("SELECT name FROM note ORDER BY name"))]


def test_the_answer_is_the_response_models_and_the_write_is_committed(scratch):
    app, engine = scratch
    client = TestClient(app)
    response = client.post("/notes")
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert response.content == b'{"name":"kept","size":1}'
    assert _names(engine) == ["kept"]


def test_an_answer_the_model_rejects_writes_nothing(scratch):
    app, engine = scratch
    client = TestClient(app, raise_server_exceptions=False)
    assert client.post("/broken").status_code == 500
    assert _names(engine) == []


def test_a_no_content_answer_has_no_body_and_commits(scratch):
    app, engine = scratch
    client = TestClient(app)
    client.post("/notes")
    response = client.delete("/notes")
    assert response.status_code == 204
    assert response.content == b""
    assert _names(engine) == []


def test_headers_a_dependency_sets_are_kept(scratch):
    app, engine = scratch
    response = TestClient(app).post("/tagged")
    assert response.status_code == 200
    assert response.headers["x-tag"] == "set by a dependency"
    assert response.json() == {"name": "tagged", "size": 2}
    assert _names(engine) == ["tagged"]


# --- finding the route ------------------------------------------------------------------------


def _scope(method: str, path: str) -> dict:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }


def _resolve(app: FastAPI, method: str, path: str):
    """The route the app's router hands `method path` to (None: no full match)."""
    from fastapi.routing import _IncludedRouter
    from starlette.routing import Match

    scope = _scope(method, path)
    for route in app.router.routes:
        match, _ = route.matches(scope)
        if match == Match.FULL:
            context = None
            while isinstance(route, _IncludedRouter):
                match, _, route, context = route._match(scope)
                assert match == Match.FULL
            return getattr(context, "original_route", route)
    return None


def _api_routes(app: FastAPI):
    """Every API route as FastAPI orders them, with its full path pattern."""
    from fastapi.routing import _IncludedRouter

    for route in app.router.routes:
        if isinstance(route, _IncludedRouter):
            for context in route.effective_route_contexts():
                yield context.original_route, context.path_regex, context.path_format


def test_every_route_is_found_as_a_plain_scan_would_find_it(tmp_path):
    """The screens and the remembered version change which routes are asked, never which
    route answers: for a concrete path of every API route and each of its methods, the route
    found is the first in order whose pattern and method match."""
    from api.main import create_app
    from api.settings import get_settings

    # No built SPA (an empty folder): its catch-all route would answer every unknown path.
    app = create_app(get_settings().model_copy(update={"static_dir": tmp_path}))
    routes = list(_api_routes(app))
    assert len(routes) > 80
    checked = 0
    for route, _, template in routes:
        path = re.sub(r"\{[^}]+\}", "01936b2a-0000-7000-8000-000000000001", template)
        for method in route.methods:
            first = next(r for r, regex, _ in routes if regex.match(path) and method in r.methods)
            assert _resolve(app, method, path) is first, (method, template)
            checked += 1
    assert checked > 80
    assert _resolve(app, "GET", "/api/v1/no-such-thing") is None


def test_the_router_sees_routes_added_after_it_was_used():
    app = FastAPI()
    outer, inner = Router(prefix="/api"), Router(prefix="/w/{workspace_id}")

    @inner.get("/early")
    def early():
        return {}

    outer.include_router(inner)
    app.include_router(outer)
    assert _resolve(app, "GET", "/api/w/1/early").name == "early"
    assert _resolve(app, "GET", "/api/w/1/late") is None

    # Added to a router already included and already used: found from now on.
    @inner.get("/late")
    def late():
        return {}

    assert _resolve(app, "GET", "/api/w/1/late").name == "late"
    assert _resolve(app, "GET", "/api/w/1/early").name == "early"


def test_wrong_method_and_unknown_paths_answer_as_before(anon, ws):
    wrong = anon.put("/api/v1/auth/me")
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "GET"
    # A workspace path: found by its router's screen, then refused by method.
    wrong = ws.client.put(ws.url("/conversations"))
    assert wrong.status_code == 405
    assert sorted(wrong.headers["allow"].split(", ")) == ["GET", "POST"]
    unknown = anon.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "not_found"


# --- who is calling, decided in the endpoint's trip ------------------------------------------


def test_who_may_call_is_still_decided_before_what_they_sent(ws, other_ws, anon):
    """The workspace access checks run in the endpoint's own trip now, after FastAPI has
    validated the body; a refusal still wins over a body error, as when they were
    dependencies of their own."""
    bad = {"stakeholder_id": "not an id", "tone": 9}
    url = ws.url("/conversations")
    cases = [
        (anon, 401, "unauthenticated"),
        (ws.token_client("read"), 403, "forbidden"),
        (ws.member("viewer"), 403, "forbidden"),
        (other_ws.client, 404, "not_found"),
        (other_ws.token_client("write"), 404, "not_found"),
    ]
    for client, status_code, code in cases:
        response = client.post(url, json=bad)
        assert (response.status_code, response.json()["error"]["code"]) == (status_code, code)
    # Allowed in: now the body is the problem, field by field.
    response = ws.token_client("write").post(url, json=bad)
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["error"]["details"]}
    assert {"body.stakeholder_id", "body.occurred_at", "body.tone"} <= fields


def test_a_bad_workspace_id_is_a_path_error_before_anything(anon):
    response = anon.post("/api/v1/workspaces/nope/conversations", json={})
    assert response.status_code == 422
    assert "path.workspace_id" in {d["field"] for d in response.json()["error"]["details"]}


def test_owner_and_reader_checks_run_in_the_trip_too(ws, trips):
    viewer, token = ws.member("viewer"), ws.token_client("read")
    trips.clear()
    # Owner only: scoring settings; a read token is refused there, the owner is not.
    assert token.get(ws.url("/scoring-settings")).status_code == 403
    assert ws.client.get(ws.url("/scoring-settings")).status_code == 200
    # Records readers: a viewer may not list conversations; a read token may.
    assert viewer.get(ws.url("/conversations")).status_code == 403
    assert token.get(ws.url("/conversations")).status_code == 200
    assert trips == [
        "get_scoring_settings",
        "get_scoring_settings",
        "list_conversations",
        "list_conversations",
    ]


def test_routes_whose_own_dependencies_need_the_access_keep_them(ws, trips):
    """A record loaded by id needs the caller's workspace first, in its own trip."""
    sid = ws.stakeholder(name="Loaded")["id"]
    conversation = ws.conversation(sid)
    trips.clear()
    response = ws.client.get(ws.url(f"/conversations/{conversation['id']}"))
    assert response.status_code == 200
    # The endpoint takes no session of its own, so the session's close takes a trip too.
    assert trips == ["workspace_access", "valid_conversation", "get_conversation", "_finish"]


def test_a_body_that_is_not_json_is_refused_before_anything(ws, anon):
    """FastAPI refuses a body it cannot parse before solving any dependency; so does a route
    whose checks run in its trip."""
    headers = {"Content-Type": "application/json"}
    for client in (anon, ws.client):
        response = client.post(ws.url("/conversations"), content=b"{not json", headers=headers)
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["type"] == "json_invalid"


def test_the_trip_owns_the_session_when_nothing_else_needs_it(ws, db, trips):
    """The session is opened, committed and closed in the endpoint's trip: no trip of its
    own before or after, for a write, a read and a refusal alike (a create on SQLite takes
    none at all while the write lock is free)."""
    sid = ws.stakeholder(name="Owned")["id"]
    trips.clear()
    assert (
        ws.client.post(
            ws.url("/conversations"),
            json={"stakeholder_id": sid, "tone": 1, "occurred_at": "2026-01-05T10:00:00Z"},
        ).status_code
        == 201
    )
    assert ws.client.get(ws.url("/conversations")).status_code == 200
    assert ws.token_client("read").post(ws.url("/teams"), json={"name": "X"}).status_code == 403
    create = [] if db.dialect.name == "sqlite" else ["create_conversation"]
    assert trips == [*create, "list_conversations", "create_token", "create_team"]


def test_on_sqlite_writing_trips_wait_their_turn_on_the_event_loop(ws, db, monkeypatch):
    """SQLite takes one writer at a time (every transaction here begins with BEGIN
    IMMEDIATE), so a trip that runs a transaction waits for its turn before it takes a worker
    thread (`api.db.writer_gate`): concurrent requests never stand blocked in threads."""
    import threading
    import time

    import api.kit.routing as routing
    from api.db import writer_gate

    if db.dialect.name != "sqlite":
        assert writer_gate(ws.app) is None  # PostgreSQL takes concurrent writers
        return
    sid = ws.stakeholder(name="Turns")["id"]
    headers = ws.token_client("write").headers
    inside, most = [0], [0]
    lock = threading.Lock()
    open_unit = routing.open_unit

    def slow_open(request):  # a trip's first step, before its transaction begins
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.05)
        with lock:
            inside[0] -= 1
        return open_unit(request)

    monkeypatch.setattr(routing, "open_unit", slow_open)
    statuses: list[int] = []
    with TestClient(ws.app) as client:  # one event loop for every request, as under uvicorn
        start = threading.Barrier(4)

        def post(i: int) -> None:
            body = {"stakeholder_id": sid, "occurred_at": f"2026-01-0{i + 1}T10:00:00Z", "tone": 1}
            start.wait()
            r = client.post(ws.url("/conversations"), json=body, headers=headers)
            statuses.append(r.status_code)

        threads = [threading.Thread(target=post, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses == [201] * 4
    assert most[0] == 1
    listed = ws.client.get(ws.url(f"/conversations?stakeholder_id={sid}")).json()["items"]
    assert len(listed) == 4


@pytest.mark.parametrize("holder", ["another process", "a thread of this process"])
def test_a_create_that_finds_the_write_lock_taken_waits_for_it_in_a_thread(ws, db, trips, holder):
    """On SQLite a create runs on the event loop only if the write lock is free at once.
    Held by another connection (another process such as the CLI, or a session's transaction
    in a worker thread), the create waits for it in a worker thread, and the event loop
    answers other requests meanwhile."""
    import sqlite3
    import threading

    if db.dialect.name != "sqlite":
        return
    sid = ws.stakeholder(name="Waits")["id"]
    body = {"stakeholder_id": sid, "occurred_at": "2026-01-05T10:00:00Z", "tone": 1}
    headers = ws.token_client("write").headers
    if holder == "another process":
        other = sqlite3.connect(db.url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        release = lambda: other.execute("COMMIT")  # noqa: E731
        close = other.close
    else:  # the engine's own connection: this process's writer queue, then BEGIN IMMEDIATE
        other = db.connect()
        other.begin()
        release, close = other.commit, other.close
    answered: list[int] = []
    try:
        with TestClient(ws.app) as client:  # one event loop for every request
            trips.clear()

            def create() -> None:
                response = client.post(ws.url("/conversations"), json=body, headers=headers)
                answered.append(response.status_code)

            thread = threading.Thread(target=create)
            thread.start()
            deadline = time.monotonic() + 10
            while "create_conversation" not in trips and time.monotonic() < deadline:
                time.sleep(0.01)
            assert trips == ["create_conversation"]  # waiting in a thread, not on the loop
            assert client.get("/healthz").status_code == 200  # the loop is free
            assert answered == []
            release()
            thread.join(timeout=30)
    finally:
        close()
    assert answered == [201]
    listed = ws.client.get(ws.url(f"/conversations?stakeholder_id={sid}")).json()["items"]
    assert len(listed) == 1


class _AlwaysWaiting(dict):
    """Requests waiting their turn, as `api.kit.routing` counts them: always some."""

    def get(self, key, default=None):
        return super().get(key, 0) + 1


@pytest.mark.parametrize(
    ("waiting", "restart_after", "checkpoints"),
    [("none", 0, 1), ("some", 10**9, 1), ("some", 0, 2)],
)
def test_creates_on_the_event_loop_leave_the_wal_checkpoint_to_a_thread(
    ws, db, trips, monkeypatch, waiting, restart_after, checkpoints
):
    """Their commits copy no WAL back into the database (the event loop would wait on the
    disk); every CHECKPOINT_EVERY creates a checkpoint runs in a worker thread instead:
    holding the writers' turn when none is waiting, else beside the writes that follow, and
    then once more with writers held back if the log has not started over for RESTART_AFTER
    frames. Nothing is lost."""
    import api.db
    import api.kit.routing

    if db.dialect.name != "sqlite":
        return
    monkeypatch.setattr(api.kit.routing, "RESTART_AFTER", restart_after)
    if waiting == "some":
        monkeypatch.setattr(api.kit.routing, "_WAITING", _AlwaysWaiting())
    sid = ws.stakeholder(name="Checkpoints")["id"]
    headers = ws.token_client("write").headers
    api.db._no_wait_commits.pop(db, None)
    trips.clear()
    with TestClient(ws.app) as client:  # one event loop, which a checkpoint's task runs on
        for i in range(api.db.CHECKPOINT_EVERY):
            at = f"2026-01-05T{i // 60 + 10}:{i % 60:02d}:00Z"
            body = {"stakeholder_id": sid, "occurred_at": at, "tone": 1}
            response = client.post(ws.url("/conversations"), json=body, headers=headers)
            assert response.status_code == 201
        if waiting == "none":
            assert trips == ["checkpoint_now"]  # before the last create answered
        deadline = time.monotonic() + 10
        while len(trips) < checkpoints and time.monotonic() < deadline:
            time.sleep(0.01)  # the client's event loop runs on, in its own thread
    assert trips == ["checkpoint_now"] * checkpoints
    with db.connect() as conn:
        autocheckpoint = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        count = conn.exec_driver_sql(
            "SELECT count(*) FROM conversation WHERE stakeholder_id = ?", (sid.replace("-", ""),)
        ).scalar()
    assert autocheckpoint == api.db.WAL_AUTOCHECKPOINT  # put back for the connection's next use
    assert count == api.db.CHECKPOINT_EVERY


# --- the lean handler of a create ------------------------------------------------------------


@pytest.fixture
def solved(monkeypatch):
    """The endpoints FastAPI's general handler solved the dependencies of, in order."""
    calls: list[str] = []
    solve = fastapi.routing.solve_dependencies

    async def counting(*args, **kwargs):
        calls.append(kwargs["dependant"].call.__name__)
        return await solve(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    return calls


def test_a_json_create_is_answered_by_the_lean_handler(ws, solved):
    sid = ws.stakeholder(name="Lean")["id"]
    body = {"stakeholder_id": sid, "occurred_at": "2026-01-05T10:00:00Z", "tone": 1}
    solved.clear()
    created = ws.client.post(ws.url("/conversations"), json=body)
    assert created.status_code == 201
    assert solved == []
    # Another content type FastAPI reads as JSON: its own handler, with the same result.
    headers = {"Content-Type": "application/json; charset=utf-8"}
    again = ws.client.post(ws.url("/conversations"), content=orjson.dumps(body), headers=headers)
    assert again.status_code == 201
    assert solved == ["create_conversation"]
    made = {"id", "created_at", "updated_at"}  # the server's own, different for each
    assert {k: v for k, v in again.json().items() if k not in made} == {
        k: v for k, v in created.json().items() if k not in made
    }


def _never_used() -> None: ...


def test_the_lean_create_handler_answers_every_request_as_fastapis_does(app, ws, other_ws, solved):
    """Each request twice: as served, then with FastAPI's handler forced (a dependency
    override anywhere sends every request there). Status, body and headers agree."""
    sid = ws.stakeholder(name="Same")["id"]
    good = {"stakeholder_id": sid, "occurred_at": "2026-01-05T10:00:00Z", "tone": 1}
    as_json = {"Content-Type": "application/json"}
    url = ws.url("/conversations")
    cases = {
        "a good body": {"json": good},
        "not JSON": {"content": b"{nope", "headers": as_json},
        "no body": {"content": b"", "headers": as_json},
        "not UTF-8": {"content": b'{"tone": "\xff"}', "headers": as_json},
        "a list": {"json": [good]},
        "nothing required": {"json": {}},
        "wrong types": {"json": {"stakeholder_id": "x", "occurred_at": "soon", "tone": 9}},
        "an unknown field": {"json": {**good, "mood": "fine"}},
        "an unknown query parameter": {"json": good, "params": {"mood": "fine"}},
        "an unknown query parameter and a bad body": {"json": {}, "params": {"mood": "x"}},
        "another workspace's stakeholder": {
            "json": {**good, "stakeholder_id": other_ws.stakeholder(name="Theirs")["id"]}
        },
        "a form": {"data": {"tone": "1"}},
    }
    volatile = {"id", "created_at", "updated_at"}

    def answer(response):
        body = response.json()
        if isinstance(body, dict) and response.status_code == 201:
            body = {k: v for k, v in body.items() if k not in volatile}
        headers = {k: v for k, v in response.headers.items() if k not in {"etag", "x-request-id"}}
        headers.pop("ratelimit-remaining", None)
        headers.pop("ratelimit-reset", None)
        return response.status_code, body, headers

    for name, request in cases.items():
        lean = ws.client.post(url, **request)
        app.dependency_overrides[_never_used] = _never_used
        try:
            solved.clear()
            general = ws.client.post(url, **request)
            if name == "a good body":
                assert solved == ["create_conversation"]  # FastAPI's own handler answered
        finally:
            app.dependency_overrides.clear()
        assert answer(lean) == answer(general), name
    # A path FastAPI refuses: the same 422 either way.
    bad = "/api/v1/workspaces/nope/conversations"
    lean = ws.client.post(bad, json=good)
    app.dependency_overrides[_never_used] = _never_used
    try:
        general = ws.client.post(bad, json=good)
    finally:
        app.dependency_overrides.clear()
    assert lean.status_code == 422
    assert answer(lean) == answer(general)
