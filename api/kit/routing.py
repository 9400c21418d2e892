"""Routes whose synchronous endpoints finish their request in one trip to the thread pool.

FastAPI runs a synchronous endpoint in a worker thread, then validates its return value
against the response model in another trip, and the request's session commits in a third
(the `get_session` dependency's exit). Each trip is a hand-off between the event loop and a
worker thread, which on a small write costs more than the write itself. `Route` wraps such an
endpoint so that, in the thread it already runs in, it also validates and serialises the
answer exactly as FastAPI would (same response model, same options) and commits the session;
`get_session` then only closes it.

The order is the same as before: the answer is built from the committed transaction's
objects, and an exception anywhere (the endpoint, the response model, the commit) rolls
back. Endpoints that take a `Response` parameter (to set cookies or a status) or declare
their own response class are left to FastAPI, and so is the answer of one whose
dependencies set headers on FastAPI's response.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute, APIRouter, _get_scope_included_router, _IncludedRouter
from fastapi.utils import is_body_allowed_for_status_code
from sqlmodel import Session
from starlette.routing import Match, get_route_path
from starlette.types import Scope

from api.db import commit_in_place


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


class Route(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        wrap = not inspect.iscoroutinefunction(endpoint) and not _takes_response(endpoint)
        wrap = wrap and isinstance(kwargs.get("response_class"), DefaultPlaceholder | None)
        if wrap:
            endpoint = self._in_one_trip(endpoint)
        super().__init__(path, endpoint, **kwargs)
        # A dependency that sets headers or cookies on FastAPI's sub-response needs FastAPI
        # to build the answer (it copies them over); the endpoint then only commits here.
        self._answer_here = not _sets_response(self.dependant)

    def _in_one_trip(self, endpoint: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(endpoint)
        def call(**arguments: Any) -> Any:
            result = endpoint(**arguments)
            if self._answer_here and not isinstance(result, Response):
                result = self._answer(result)
            for value in arguments.values():
                if isinstance(value, Session):
                    commit_in_place(value)
            return result

        return call

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
