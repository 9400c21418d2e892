"""Unknown query parameters are refused, like unknown body fields.

A typo such as `?stakholder_id=` would otherwise silently return the unfiltered list.
"""

from fastapi import Request
from sqlalchemy import ColumnElement
from sqlmodel import col

from api.kit.errors import AppError
from api.kit.fold import fold, folded
from api.kit.routing import REQUEST_CHECKS

_known: dict[int, frozenset[str]] = {}


class UnknownQueryParameter(AppError):
    status_code = 422
    code = "validation_error"


def _query_names(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query_params(request: Request) -> None:
    # async: pure work on the request, so it runs on the event loop with no thread hop.
    if not request.query_params:
        return
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _known.get(id(route))
    if known is None:
        known = frozenset(_query_names(dependant))
        _known[id(route)] = known
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        details = [
            {
                "field": f"query.{name}",
                "message": "unknown query parameter",
                "type": "extra_forbidden",
            }
            for name in unknown[:20]
        ]
        raise UnknownQueryParameter(f"Unknown query parameter: {', '.join(unknown[:5])}", details)


# A lean handler may await it itself (api/kit/routing.py): it reads only the request.
REQUEST_CHECKS.add(reject_unknown_query_params)


def contains(column, text: str) -> ColumnElement[bool]:
    """Whether `column` contains `text`, ignoring case and accents (api/kit/fold.py), with
    `%`, `_` and `\\` in `text` taken literally."""
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return folded(col(column)).like(f"%{escaped}%", escape="\\")
