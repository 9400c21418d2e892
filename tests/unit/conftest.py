import math
from collections.abc import Callable
from dataclasses import fields

import pytest

from api.scoring import Reading


def _close(a: object, b: object, path: str) -> None:
    if isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), f"{path}: {a!r} != {b!r}"
    elif isinstance(a, tuple) and isinstance(b, tuple):
        assert len(a) == len(b), f"{path}: {a!r} != {b!r}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{path}[{i}]")
    elif hasattr(a, "__dataclass_fields__") and type(a) is type(b):
        for f in fields(a):
            _close(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


@pytest.fixture(scope="session")
def assert_same_reading() -> Callable[[Reading, Reading], None]:
    """Two readings agree field by field, floats to 1e-9 relative, ignoring the explanation
    (the forward-decay path has none)."""

    def check(a: Reading, b: Reading) -> None:
        for f in fields(Reading):
            if f.name != "explanation":
                _close(getattr(a, f.name), getattr(b, f.name), f.name)

    return check
