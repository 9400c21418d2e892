"""Failed sign-in throttling, per account and per client address."""

import time
from functools import lru_cache

from limits import RateLimitItemPerMinute, RateLimitItemPerSecond, storage, strategies

from api.kit.errors import TooManyRequests
from api.settings import get_settings


@lru_cache
def _limiter() -> strategies.MovingWindowRateLimiter:
    return strategies.MovingWindowRateLimiter(storage.MemoryStorage())


@lru_cache
def _request_limiter() -> strategies.FixedWindowRateLimiter:
    return strategies.FixedWindowRateLimiter(
        storage.storage_from_string(get_settings().rate_limit_storage_uri)
    )


def check_request_allowed(key: str) -> dict[str, int]:
    """Count one request for a token or session; the RateLimit-* header values come back.

    Raises 429 with Retry-After when the budget for the current minute is spent.
    """
    item = RateLimitItemPerMinute(get_settings().rate_limit_per_minute)
    limiter = _request_limiter()
    allowed = limiter.hit(item, "api", key)
    stats = limiter.get_window_stats(item, "api", key)
    reset = max(1, int(stats.reset_time - time.time()))
    headers = {"limit": item.amount, "remaining": stats.remaining, "reset": reset}
    if not allowed:
        exc = TooManyRequests("Too many requests for this token or session; slow down", reset)
        exc.rate_limit = headers
        raise exc
    return headers


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
    _request_limiter().storage.reset()
