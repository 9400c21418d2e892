"""Routes whose synchronous endpoints finish their request in one trip to the thread pool.

FastAPI runs a synchronous endpoint in a worker thread, then validates its return value
against the response model in another trip, and the request's session commits in a third
(the `get_session` dependency's exit); a synchronous dependency, such as the workspace
access check every workspace route has, is one more. Each trip is a hand-off between the
event loop and a worker thread, which on a small write costs more than the write itself.
`Route` wraps such an endpoint so that, in the thread it already runs in, it also validates
and serialises the answer exactly as FastAPI would (same response model, same options) and
commits the session, or rolls it back on an error; `get_session` then only closes it.

When nothing else among the route's dependencies needs a thread or the session, the trip
also opens and closes the request's session itself (or, for an endpoint that asks for one
with `UnitDep`, the request's `Unit`: api/kit/unit.py), and works out the dependencies
registered in `IN_TRIP` (the workspace access checks) just before the endpoint: FastAPI is
told the endpoint takes the path parameter they read and the request instead, so it solves
no dependency for them at all. When FastAPI then finds the body or parameters invalid, the
checks run before the 422 is sent, so a caller who may not be there hears 401, 403 or 404
as before.

A unit's route (a record create) whose request is the common one, a JSON body sent as
`application/json` to a route with no query, header or cookie parameters, is also answered
without FastAPI's general request handling (`_lean`): its route-level checks
(`REQUEST_CHECKS`), the path parameters and the body are validated by FastAPI's own
functions, and the endpoint is awaited. Anything else, and any request that fails any of
that, goes to FastAPI's handler, which then answers exactly as it always does (the checks
are pure, so running them twice changes nothing).

On SQLite, where every transaction holds the one write lock, a unit's trip (a create: one
transaction from start to end) first waits for its turn on the event loop
(`api.db.writer_gate`), so such requests in flight wait there rather than each in a worker
thread of its own.

The order is the same as before: the answer is built from the committed transaction's
objects, and an exception anywhere (the checks, the endpoint, the response model, the
commit) rolls back. Endpoints that take a `Response` parameter (to set cookies or a status)
or declare their own response class are left to FastAPI, and so is the answer of one whose
dependencies set headers on FastAPI's response.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
import re
import uuid
import weakref
from collections.abc import Callable, Coroutine
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response, params
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant, request_body_to_args, request_params_to_args
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.routing import (
    APIRoute,
    APIRouter,
    _effective_route_context_var,
    _get_scope_included_router,
    _IncludedRouter,
)
from fastapi.telemetry import get_telemetry_data
from fastapi.utils import is_body_allowed_for_status_code
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match, get_route_path
from starlette.types import Scope

from api.db import (
    FINISHED,
    RESTART_AFTER,
    WriteLockBusy,
    app_engine,
    checkpoint_due,
    checkpoint_now,
    commit_in_place,
    get_session,
    open_session,
    rollback_in_place,
    writer_gate,
)
from api.kit.unit import Tx, get_unit, open_unit

log = logging.getLogger("rapport.db")


def _takes_response(endpoint: Callable) -> bool:
    for parameter in inspect.signature(endpoint).parameters.values():
        annotation = parameter.annotation
        if isinstance(annotation, type) and issubclass(annotation, Response):
            return True
    return False


def _wants_unit(endpoint: Callable) -> bool:
    return any(
        _dependency(p.annotation) is get_unit
        for p in inspect.signature(endpoint, eval_str=True).parameters.values()
    )


def _sets_response(dependant: Dependant) -> bool:
    return dependant.response_param_name is not None or any(
        _sets_response(d) for d in dependant.dependencies
    )


@dataclass(frozen=True)
class InTrip:
    """A dependency a synchronous endpoint's own worker-thread trip works out itself.

    `resolve(path_value, request, tx)` gives what the dependency would have given (`tx`: the
    request's session or unit);
    `parameter` is the path parameter it reads, declared to FastAPI in its place.
    """

    resolve: Callable[[Any, Request, Tx], Any]
    parameter: inspect.Parameter


# The dependency -> how the trip provides it (api/auth/deps.py registers the workspace
# access checks). The request's session is always provided in the trip when it can be.
IN_TRIP: dict[Callable[..., Any], InTrip] = {}
_REQUEST = "rapport_request"

# Route-level dependencies a lean handler may await itself: async checks that take only the
# request and change nothing (api/kit/query.py registers `reject_unknown_query_params`).
REQUEST_CHECKS: set[Callable[..., Any]] = set()


@dataclass(frozen=True)
class _Plan:
    """What FastAPI is told the endpoint takes, and what its trip provides itself."""

    signature: inspect.Signature
    sessions: tuple[str, ...]  # parameters that take the request's session (or unit)
    unit: bool  # the transaction is a `Unit` (api/kit/unit.py) rather than an ORM session
    provided: tuple[tuple[str, InTrip], ...]  # parameters resolved from `IN_TRIP`
    path_parameter: str | None  # the path parameter those read
    keeps_path_parameter: bool  # whether the endpoint takes that parameter itself
    request_parameter: str  # the parameter FastAPI hands the request to (the endpoint's own,
    # or `_REQUEST`, added for the trip)


def _dependency(annotation: Any) -> Callable[..., Any] | None:
    for extra in getattr(annotation, "__metadata__", ()):
        dependency = getattr(extra, "dependency", None)
        if dependency is not None:
            return dependency
    return None


def _threaded(dependant: Dependant) -> bool:
    """Whether any dependency below `dependant` is synchronous (FastAPI gives it a trip)
    or wants the request's session (which the trip then no longer owns alone)."""
    for sub in dependant.dependencies:
        call = sub.call
        if call is get_session:
            return True
        if not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)):
            return True
        if _threaded(sub):
            return True
    return False


def _plan(path: str, endpoint: Callable[..., Any], kwargs: dict[str, Any]) -> _Plan | None:
    """How the endpoint's trip can provide its session and access checks itself, so that
    FastAPI solves no dependency that needs a thread or a session; None when it cannot."""
    signature = inspect.signature(endpoint, eval_str=True)
    kept, sessions, units, provided = [], [], [], []
    for parameter in signature.parameters.values():
        dependency = _dependency(parameter.annotation)
        if dependency is get_session:
            sessions.append(parameter.name)
        elif dependency is get_unit:
            units.append(parameter.name)
        elif dependency in IN_TRIP:
            provided.append((parameter.name, IN_TRIP[dependency]))
        else:
            kept.append(parameter)
    if sessions and units:
        raise TypeError(f"{endpoint.__name__}: a session or a unit, not both")
    if not sessions and not units and not provided:
        return None
    path_parameter, keeps = None, False
    if provided:
        names = {entry.parameter.name for _, entry in provided}
        if len(names) != 1:
            return None
        path_parameter = names.pop()
        keeps = any(p.name == path_parameter for p in kept)
        if not keeps:
            kept.append(provided[0][1].parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    # FastAPI hands the request to one parameter only: the endpoint's own, if it has one.
    request = next((p.name for p in kept if p.annotation is Request), None)
    if request is None:
        kept.append(inspect.Parameter(_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    kept.sort(key=lambda p: p.kind)
    plan = _Plan(
        signature.replace(parameters=kept),
        tuple(sessions or units),
        bool(units),
        tuple(provided),
        path_parameter,
        keeps,
        request or _REQUEST,
    )

    def probe(): ...

    probe.__signature__ = plan.signature  # type: ignore[attr-defined]
    extra = [
        get_dependant(path=path, call=d.dependency)
        for d in kwargs.get("dependencies") or ()
        if d.dependency is not None
    ]
    if _threaded(get_dependant(path=path, call=probe)) or any(
        _threaded(d) or not inspect.iscoroutinefunction(d.call) for d in extra
    ):
        if units:
            raise TypeError(f"{endpoint.__name__}: a unit needs its dependencies in the trip")
        return None
    return plan


class Route(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        wrap = not inspect.iscoroutinefunction(endpoint) and not _takes_response(endpoint)
        wrap = wrap and isinstance(kwargs.get("response_class"), DefaultPlaceholder | None)
        self._plan = _plan(path, endpoint, kwargs) if wrap else None
        if self._plan is None and _wants_unit(endpoint):
            raise TypeError(f"{endpoint.__name__}: a unit is for synchronous kit endpoints")
        if wrap:
            endpoint = self._in_one_trip(endpoint)
        super().__init__(path, endpoint, **kwargs)
        # A dependency that sets headers or cookies on FastAPI's sub-response needs FastAPI
        # to build the answer (it copies them over); the endpoint then only commits here.
        self._answer_here = not _sets_response(self.dependant)

    def _in_one_trip(self, endpoint: Callable[..., Any]) -> Callable[..., Any]:
        plan = self._plan

        def finish(arguments: dict[str, Any], sessions: list[Session]) -> Any:
            result = endpoint(**arguments)
            if self._answer_here and not isinstance(result, Response):
                result = self._answer(result)
            for session in sessions:
                commit_in_place(session)
            return result

        @functools.wraps(endpoint)
        def call(**arguments: Any) -> Any:
            sessions = [v for v in arguments.values() if isinstance(v, Session)]
            try:
                return finish(arguments, sessions)
            except BaseException:
                # Failed: undo here too, rather than in one more trip.
                for session in sessions:
                    if not session.info.get(FINISHED):
                        # If even that fails, `get_session` tries again as it closes.
                        with contextlib.suppress(Exception):
                            rollback_in_place(session)
                raise

        def provided(arguments: dict[str, Any], unit: Tx | None = None) -> Any:
            if plan.request_parameter == _REQUEST:
                request = arguments.pop(_REQUEST)
            else:
                request = arguments[plan.request_parameter]
            key = None
            if plan.path_parameter is not None:
                key = arguments[plan.path_parameter]
                if not plan.keeps_path_parameter:
                    del arguments[plan.path_parameter]
            if unit is not None:
                session = unit
            else:
                session = open_unit(request) if plan.unit else open_session(request)
            try:
                for name, entry in plan.provided:
                    arguments[name] = entry.resolve(key, request, session)
                for name in plan.sessions:
                    arguments[name] = session
                return finish(arguments, [session])
            except BaseException:
                with contextlib.suppress(Exception):
                    session.rollback()
                raise
            finally:
                session.close()

        if plan is None:
            return call
        if not plan.unit:

            @functools.wraps(endpoint)
            def in_trip(**arguments: Any) -> Any:
                return provided(arguments)

            in_trip.__signature__ = plan.signature  # type: ignore[attr-defined]
            return in_trip
        provided.__name__ = provided.__qualname__ = endpoint.__name__  # as the trip is known

        @functools.wraps(endpoint)
        async def in_turn(**arguments: Any) -> Any:
            # A unit's trip holds SQLite's one write lock from its first statement to its
            # commit: the request waits for its turn here, on the event loop, rather than in
            # a worker thread of its own. (Not a session's trip: it may commit and go on
            # without the lock, as saving scoring settings does.)
            request = arguments[plan.request_parameter]
            gate = writer_gate(request.app)
            if gate is None:
                return await run_in_threadpool(provided, arguments)
            _WAITING[gate] = _WAITING.get(gate, 0) + 1
            try:
                await gate.acquire()
            finally:
                _WAITING[gate] -= 1
            try:
                # Its turn: if the write lock is free now, the transaction (about a
                # millisecond of point statements) runs here, on the event loop; if anything
                # holds it (a session's trip in a thread, another process), the trip waits
                # for it in a worker thread, as ever.
                unit = open_unit(request)
                try:
                    unit.begin(wait=False)
                except WriteLockBusy:
                    unit.close()
                    return await run_in_threadpool(provided, arguments)
                try:
                    return provided(arguments, unit)
                finally:
                    # The commit copied no WAL back; every so often a checkpoint does, in a
                    # thread: beside the writes that follow when some are waiting their
                    # turn (`_checkpoint`), or now, holding the turn, when none is.
                    engine = app_engine(request.app)
                    if checkpoint_due(engine):
                        if _WAITING.get(gate):
                            _start_checkpoint(gate, engine)
                        else:
                            await run_in_threadpool(checkpoint_now, engine)
            finally:
                gate.release()

        in_turn.__signature__ = plan.signature  # type: ignore[attr-defined]
        return in_turn

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        plan = self._plan
        if plan is not None and plan.unit:
            # What FastAPI's handler works from: under an included router, the route as
            # included (its prefix and the router's dependencies), as in `super()`.
            route = _effective_route_context_var.get()
            if route is None or route.original_route is not self:
                route = self
            handler = _lean(route, handler) or handler
        if plan is None or not plan.provided:
            return handler

        def check(request: Request) -> None:
            key = uuid.UUID(request.path_params[plan.path_parameter])
            with closing(open_session(request)) as session:
                for _, entry in plan.provided:
                    entry.resolve(key, request, session)

        async def app(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                # Who is calling is decided before what they sent, as when these checks
                # were dependencies: a caller who may not be here hears 401, 403 or 404
                # rather than 422. A path value that is not valid is reported as it was,
                # and so is a body that is not JSON (refused before any dependency ran).
                first = any(
                    tuple(e.get("loc", ())) == ("path", plan.path_parameter)
                    or e.get("type") == "json_invalid"
                    for e in exc.errors()
                )
                if not first:
                    await run_in_threadpool(check, request)
                raise

        return app

    def _answer(self, content: Any) -> Response:
        """What FastAPI's `serialize_response` makes of `content` (the dump_json path)."""
        status = self.status_code or 200
        field = self.response_field
        if not is_body_allowed_for_status_code(status):
            return Response(status_code=status)
        if field is None:
            # No response model: FastAPI encodes whatever was returned with the route's class.
            response = self.response_class
            if isinstance(response, DefaultPlaceholder):
                response = response.value
            return response(content=jsonable_encoder(content), status_code=status)
        value, errors = field.validate(content, {}, loc=("response",))
        if errors:
            raise ResponseValidationError(errors=errors, body=content)
        body = field.serialize_json(
            value,
            include=self.response_model_include,
            exclude=self.response_model_exclude,
            by_alias=self.response_model_by_alias,
            exclude_unset=self.response_model_exclude_unset,
            exclude_defaults=self.response_model_exclude_defaults,
            exclude_none=self.response_model_exclude_none,
        )
        return Response(content=body, status_code=status, media_type="application/json")


_CHECKPOINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> its task
_WAITING: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # gate -> requests waiting


def _start_checkpoint(gate: asyncio.Lock, engine: Any) -> None:
    running = _CHECKPOINTS.get(engine)
    if running is not None and not running.done():
        return  # the next one due will copy what this one leaves
    _CHECKPOINTS[engine] = asyncio.get_running_loop().create_task(_checkpoint(gate, engine))


async def _checkpoint(gate: asyncio.Lock, engine: Any) -> None:
    """The WAL checkpoint that creates run on the event loop left, in a worker thread beside
    the writes that follow (as SQLite's own runs beside other connections' writes), so that
    neither the request that made it due nor the next writer waits for the copy. A log that
    has not started over for `RESTART_AFTER` frames is copied once more with this process's
    writers held back at the gate, so that it does."""
    try:
        frames, _ = await run_in_threadpool(checkpoint_now, engine)
        if frames > RESTART_AFTER:
            async with gate:
                await run_in_threadpool(checkpoint_now, engine)
    except Exception as exc:  # the next checkpoint due, or SQLite's own, copies it instead
        log.warning("WAL checkpoint failed: %s", exc)


def _lean(route: Any, handler: Callable[[Request], Coroutine[Any, Any, Response]]):
    """A handler for `route` that does what FastAPI's `handler` does for a JSON body sent as
    `application/json`, and hands every other request to `handler`; None when the route's
    dependant asks for more than that handler does (see the module's docstring).

    FastAPI's handler, for every request: parses the content type with the `email` package,
    sets up its telemetry, error context and exit stacks, and walks the dependant tree
    (caches, scopes, overrides, a sub-response). For a logged conversation that was about
    a tenth of the server's time (0.1 ms of 1.2-1.4). Here: the same JSON decoding
    (Starlette's `request.json()`), the same validation functions (`request_params_to_args`,
    `request_body_to_args`), and the route's request checks awaited with the request, as
    FastAPI would await them."""
    dependant: Dependant = route.dependant
    if (
        dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or len(dependant.body_params) != 1
        or route._embed_body_fields
        or isinstance(dependant.body_params[0].field_info, params.Form)
        or dependant.request_param_name is None
        or _sets_response(dependant)
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
        or dependant.http_connection_param_name
        or not inspect.iscoroutinefunction(dependant.call)
    ):
        return None
    checks = []
    for sub in dependant.dependencies:
        only_request = sub.request_param_name is not None and not (
            sub.dependencies
            or sub.path_params
            or sub.query_params
            or sub.header_params
            or sub.cookie_params
            or sub.body_params
        )
        if sub.call not in REQUEST_CHECKS or sub.name is not None or not only_request:
            return None
        checks.append((sub.call, sub.request_param_name))
    path_params, body_params = dependant.path_params, dependant.body_params
    endpoint, request_name = dependant.call, dependant.request_param_name
    provider = route.dependency_overrides_provider

    async def app(request: Request) -> Response:
        if (
            request.headers.get("content-type") != "application/json"
            or (provider is not None and getattr(provider, "dependency_overrides", None))
            or get_telemetry_data() is not None
        ):
            return await handler(request)
        try:
            body = await request.json()
        except ValueError:  # not JSON (or empty): FastAPI's 422 (or its "missing" body)
            return await handler(request)
        for check, name in checks:
            await check(**{name: request})
        values, errors = request_params_to_args(path_params, request.path_params)
        found, body_errors = await request_body_to_args(body_params, body, False)
        if errors or body_errors:
            return await handler(request)  # FastAPI's own 422, in its own order
        values.update(found)
        values[request_name] = request
        return await endpoint(**values)

    return app


_GENERATION = [0]  # bumped whenever any Router's routes change
_GROUP = re.compile(r"\(\?P<[^>]+>")


def _screen(included: Any) -> re.Pattern | None:
    """One pattern matching every path some route of `included` (a router as included,
    prefixes and all) could match; None if a route has no path pattern to join."""
    patterns = []
    for context in included.effective_route_contexts():
        regex = getattr(context, "path_regex", None)
        if regex is None:
            return None
        patterns.append(_GROUP.sub("(?:", regex.pattern))
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


class Router(APIRouter):
    """An `APIRouter` whose routes are `Route`s, and which looks at its routes only for a path
    one of them could match.

    FastAPI finds a request's route by asking every route of every included router in turn,
    twice (once to match, once to handle), and a route's own check is far from free: with
    ~90 routes that was a sizeable part of a small request. Each included router here first
    tests the path against one pattern made of all its routes' patterns (prefixes included)
    and answers "no match" straight away when it fails, so only the router that holds the
    route looks through its routes. A path one route matches in any method still reaches the
    routes, so 405 answers are unchanged.

    FastAPI also checks, at every level of every lookup, whether any router's routes changed,
    by walking all the routes below it. A change to any `Router` bumps one counter here, so
    the walk is redone only after a change (or when a plain `APIRouter`, which does not bump
    it, is included below).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("route_class", Route)
        super().__init__(**kwargs)
        self._screens: dict[int, tuple[int, Any, re.Pattern | None]] = {}
        self._version: tuple[int, int, int] | None = None  # (generation, len, version)

    def _mark_routes_changed(self) -> None:
        super()._mark_routes_changed()
        _GENERATION[0] += 1

    def _get_routes_version(self, seen: set[int] | None = None) -> int:
        kept = self._version
        if kept is not None and kept[0] == _GENERATION[0] and kept[1] == len(self.routes):
            return kept[2]
        version = super()._get_routes_version(seen)
        if seen is None and self._only_routers():
            self._version = (_GENERATION[0], len(self.routes), version)
        return version

    def _only_routers(self) -> bool:
        """Every router included below this one is a `Router` (so bumps the counter)."""
        return all(
            isinstance(r.original_router, Router) and r.original_router._only_routers()
            for r in self.routes
            if isinstance(r, _IncludedRouter)
        )

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        included = _get_scope_included_router(scope)
        if included is not None and included.original_router is self:
            version = self._get_routes_version()
            kept = self._screens.get(id(included))
            if kept is None or kept[0] != version or kept[1] is not included:
                kept = self._screens[id(included)] = (version, included, _screen(included))
            screen = kept[2]
            if screen is not None and screen.match(get_route_path(scope)) is None:
                return Match.NONE, {}
        return super().matches(scope)
