"""Failed sign-in throttling, per account and per client address."""

import threading
import time
from functools import lru_cache

from limits import RateLimitItemPerMinute, RateLimitItemPerSecond, storage, strategies

from api.kit.errors import TooManyRequests
from api.settings import get_settings


class QuietMemoryStorage(storage.MemoryStorage):
    """`limits`' in-process storage, sweeping expired keys at most once a second.

    The stock storage starts a fresh 10 ms `threading.Timer` whenever the previous one has
    finished, so under steady traffic it creates about a hundred threads a second, each
    competing for the GIL with the requests. Expired keys are also dropped when they are
    read, so counts stay exact; the sweep only bounds memory.
    """

    SWEEP_SECONDS = 1.0

    def __init__(self, uri: str | None = None, **options):
        super().__init__(uri, **options)
        self._next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # overrides the private hook
        now = time.monotonic()
        if now < self._next_sweep or self.timer.is_alive():
            return
        self._next_sweep = now + self.SWEEP_SECONDS
        self.timer = threading.Timer(self.SWEEP_SECONDS, self._MemoryStorage__expire_events)
        self.timer.daemon = True
        self.timer.start()


def _storage(uri: str) -> storage.Storage:
    if uri.startswith("memory://"):
        return QuietMemoryStorage(uri)
    return storage.storage_from_string(uri)


@lru_cache
def _limiter() -> strategies.MovingWindowRateLimiter:
    return strategies.MovingWindowRateLimiter(QuietMemoryStorage())


@lru_cache
def _request_limiter() -> strategies.FixedWindowRateLimiter:
    return strategies.FixedWindowRateLimiter(_storage(get_settings().rate_limit_storage_uri))


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
