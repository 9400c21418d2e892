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
from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute, APIRouter
from fastapi.utils import is_body_allowed_for_status_code
from sqlmodel import Session

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


class Router(APIRouter):
    """An `APIRouter` whose routes are `Route`s."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("route_class", Route)
        super().__init__(**kwargs)
