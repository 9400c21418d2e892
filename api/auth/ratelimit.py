"""Failed sign-in throttling, per account and per client address."""

import time
from functools import lru_cache

from limits import RateLimitItemPerSecond, storage, strategies

from api.kit.errors import TooManyRequests
from api.settings import get_settings


@lru_cache
def _limiter() -> strategies.MovingWindowRateLimiter:
    return strategies.MovingWindowRateLimiter(storage.MemoryStorage())


def _items():
    s = get_settings()
    return (
        RateLimitItemPerSecond(s.login_failures_per_account, s.login_window_seconds),
        RateLimitItemPerSecond(s.login_failures_per_address, s.login_window_seconds),
    )


def check_login_allowed(email: str, address: str) -> None:
    per_account, per_address = _items()
    limiter = _limiter()
    for item, key in ((per_account, f"acct:{email}"), (per_address, f"addr:{address}")):
        if not limiter.test(item, "login", key):
            stats = limiter.get_window_stats(item, "login", key)
            retry = max(1, int(stats.reset_time - time.time()))
            raise TooManyRequests("Too many failed sign-in attempts; try again later", retry)


def record_login_failure(email: str, address: str) -> None:
    per_account, per_address = _items()
    limiter = _limiter()
    limiter.hit(per_account, "login", f"acct:{email}")
    limiter.hit(per_address, "login", f"addr:{address}")


def reset_login_limits() -> None:
    _limiter().storage.reset()
