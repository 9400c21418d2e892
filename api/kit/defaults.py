"""Model defaults filled in ahead of construction, for the hot write paths."""

from typing import Any

from sqlmodel import SQLModel


def with_defaults(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    """`values` plus every field's default factory called here (ids, timestamps).

    The same values the model would fill in itself, but pydantic inspects a factory's
    signature each time it fills a field, which was a tenth of a record write's CPU.
    """
    factories = _FACTORIES.get(model)
    if factories is None:
        factories = _FACTORIES[model] = [
            (name, f.default_factory)
            for name, f in model.model_fields.items()
            if f.default_factory is not None
        ]
    out = dict(values)
    for name, factory in factories:
        if name not in out:
            out[name] = factory()
    return out


_FACTORIES: dict[type, list] = {}
