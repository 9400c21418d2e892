"""Routes whose synchronous endpoints finish their request in one trip to the thread pool.

FastAPI runs a synchronous endpoint in a worker thread, then validates its return value
against the response model in another trip, and the request's session commits in a third
(the `get_session` dependency's exit); a synchronous dependency, such as the workspace
access check every workspace route has, is one more. Each trip is a hand-off between the
event loop and a worker thread, which on a small write costs more than the write itself.
`Route` wraps such an endpoint so that, in the thread it already runs in, it also validates
and serialises the answer exactly as FastAPI would (same response model, same options) and
commits the session, or rolls it back on an error; `get_session` then only closes it.

Dependencies registered in `DEFERRABLE` (the workspace access checks) run in that trip
too, just before the endpoint, when no other synchronous dependency of the route needs
their result: FastAPI is given an async stand-in with the same parameters, which returns a
`Deferred`, and the endpoint receives what it resolves to. When FastAPI then finds the body
or parameters invalid, the deferred checks run before the 422 is sent, so a caller who may
not be there hears 401, 403 or 404 as before.

The order is the same as before: the answer is built from the committed transaction's
objects, and an exception anywhere (the checks, the endpoint, the response model, the
commit) rolls back. Endpoints that take a `Response` parameter (to set cookies or a status)
or declare their own response class are left to FastAPI, and so is the answer of one whose
dependencies set headers on FastAPI's response.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.routing import APIRoute, APIRouter, _get_scope_included_router, _IncludedRouter
from fastapi.utils import is_body_allowed_for_status_code
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match, get_route_path
from starlette.types import Scope

from api.db import COMMITTED, commit_in_place, rollback_in_place


def _takes_response(endpoint: Callable) -> bool:
    for parameter in inspect.signature(endpoint).parameters.values():
        annotation = parameter.annotation
        if isinstance(annotation, type) and issubclass(annotation, Response):
            return True
    return False


def _sets_response(dependant: Dependant) -> bool:
    return dependant.response_param_name is not None or any(
        _sets_response(d) for d in dependant.dependencies
    )


# Dependencies that a synchronous endpoint's own worker-thread trip may run, instead of a
# trip of their own: the dependency -> an async stand-in with the same parameters, which
# returns a `Deferred` (api/auth/deps.py registers the workspace access checks).
DEFERRABLE: dict[Callable[..., Any], Callable[..., Any]] = {}
DEFERRED = "rapport.deferred"  # scope key: this request's deferred dependencies


class Deferred:
    """A dependency's result still to be worked out, in the endpoint's worker thread."""

    def resolve(self) -> Any:
        raise NotImplementedError


def _deferrable(annotation: Any) -> Callable[..., Any] | None:
    """The stand-in for a parameter `Annotated[..., Depends(d)]` with `d` deferrable."""
    for extra in getattr(annotation, "__metadata__", ()):
        dependency = getattr(extra, "dependency", None)
        if dependency in DEFERRABLE:
            return DEFERRABLE[dependency]
    return None


def _threaded(dependant: Dependant) -> bool:
    """Whether any dependency below `dependant` is synchronous (FastAPI gives it a trip)."""
    for sub in dependant.dependencies:
        call = sub.call
        if not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)):
            return True
        if _threaded(sub):
            return True
    return False


def _with_stand_ins(endpoint: Callable[..., Any]) -> inspect.Signature | None:
    """`endpoint`'s signature with each deferrable dependency replaced by its stand-in."""
    signature = inspect.signature(endpoint, eval_str=True)
    changed = False
    parameters = []
    for parameter in signature.parameters.values():
        stand_in = _deferrable(parameter.annotation)
        if stand_in is not None:
            parameter = parameter.replace(annotation=Annotated[Deferred, Depends(stand_in)])
            changed = True
        parameters.append(parameter)
    return signature.replace(parameters=parameters) if changed else None


class Route(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        wrap = not inspect.iscoroutinefunction(endpoint) and not _takes_response(endpoint)
        wrap = wrap and isinstance(kwargs.get("response_class"), DefaultPlaceholder | None)
        if wrap:
            endpoint = self._in_one_trip(endpoint, self._deferring(path, endpoint, kwargs))
        super().__init__(path, endpoint, **kwargs)
        # A dependency that sets headers or cookies on FastAPI's sub-response needs FastAPI
        # to build the answer (it copies them over); the endpoint then only commits here.
        self._answer_here = not _sets_response(self.dependant)

    @staticmethod
    def _deferring(
        path: str, endpoint: Callable[..., Any], kwargs: dict[str, Any]
    ) -> inspect.Signature | None:
        """The signature to give FastAPI when every synchronous dependency of the endpoint
        can run in its trip (then the request takes one trip in all); None otherwise."""
        signature = _with_stand_ins(endpoint)
        if signature is None:
            return None

        def probe(): ...

        probe.__signature__ = signature  # type: ignore[attr-defined]
        dependant = get_dependant(path=path, call=probe)
        extra = [
            get_dependant(path=path, call=d.dependency)
            for d in kwargs.get("dependencies") or ()
            if d.dependency is not None
        ]
        if _threaded(dependant) or any(
            _threaded(d) or not inspect.iscoroutinefunction(d.call) for d in extra
        ):
            return None
        return signature

    def _in_one_trip(
        self, endpoint: Callable[..., Any], deferring: inspect.Signature | None
    ) -> Callable[..., Any]:
        @functools.wraps(endpoint)
        def call(**arguments: Any) -> Any:
            sessions = [v for v in arguments.values() if isinstance(v, Session)]
            try:
                for name, value in arguments.items():
                    if isinstance(value, Deferred):
                        arguments[name] = value.resolve()
                result = endpoint(**arguments)
                if self._answer_here and not isinstance(result, Response):
                    result = self._answer(result)
                for session in sessions:
                    commit_in_place(session)
            except BaseException:
                # Refused or failed: undo here too, rather than in one more trip.
                for session in sessions:
                    if not session.info.get(COMMITTED):
                        # If even that fails, `get_session` tries again as it closes.
                        with contextlib.suppress(Exception):
                            rollback_in_place(session)
                raise
            return result

        if deferring is not None:
            call.__signature__ = deferring  # type: ignore[attr-defined]
        return call

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def app(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError:
                # Who is calling is decided before what they sent, as when these checks
                # ran as dependencies: a caller who may not be here hears that, not 422.
                for deferred in request.scope.get(DEFERRED, ()):
                    await run_in_threadpool(deferred.resolve)
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
