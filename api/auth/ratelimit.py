"""Rate limits: requests per token or browser session, and failed sign-ins per account and
per client address. Counters live in `RAPPORT_RATE_LIMIT_STORAGE_URI`: this process's memory
by default, or a store every process and replica shares (Redis in docker-compose.yml)."""

import logging
import threading
import time
from functools import lru_cache

from limits import RateLimitItemPerMinute, RateLimitItemPerSecond, storage, strategies
from limits.errors import StorageError

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


log = logging.getLogger("rapport.ratelimit")

# A shared store that does not answer within this long counts as down.
STORE_TIMEOUT_SECONDS = 0.5


@lru_cache
def _storage(uri: str) -> storage.Storage:
    """The counters' store: this process's memory, or one shared by every process and
    replica (e.g. `redis://redis:6379/0`), so a budget is one budget however many there are."""
    if uri.startswith("memory://"):
        return QuietMemoryStorage(uri)
    options = {}
    if uri.startswith(("redis://", "rediss://")):
        options = {
            "socket_timeout": STORE_TIMEOUT_SECONDS,
            "socket_connect_timeout": STORE_TIMEOUT_SECONDS,
        }
    return storage.storage_from_string(uri, key_prefix="rapport", wrap_exceptions=True, **options)


@lru_cache
def _limiter(uri: str) -> strategies.MovingWindowRateLimiter:
    return strategies.MovingWindowRateLimiter(_storage(uri))


@lru_cache
def _request_item(per_minute: int) -> RateLimitItemPerMinute:
    return RateLimitItemPerMinute(per_minute)


_last_outage_log = [0.0]


def _store_down(exc: Exception) -> None:
    """The shared store did not answer: let the request through (a limiter outage must not
    take the API down) and say so, at most once a minute."""
    now = time.monotonic()
    if now - _last_outage_log[0] >= 60:
        _last_outage_log[0] = now
        log.warning("rate-limit store unreachable; requests are not being limited: %s", exc)


def check_request_allowed(key: str) -> dict[str, int] | None:
    """Count one request for a token or session; the RateLimit-* header values come back
    (None while the shared store is unreachable: nothing is counted then).

    Raises 429 with Retry-After when the budget for the current minute is spent.
    """
    settings = get_settings()
    item = _request_item(settings.rate_limit_per_minute)
    store = _storage(settings.rate_limit_storage_uri)
    # A fixed window, as `limits`' FixedWindowRateLimiter keeps it, in two calls to the store
    # rather than its three (hit, then the window's count and expiry): the count comes back
    # from the increment. Each call is a round trip when the store is shared.
    name = item.key_for("api", key)
    try:
        count = store.incr(name, item.get_expiry())
        reset_time = store.get_expiry(name)
    except StorageError as exc:
        _store_down(exc)
        return None
    reset = max(1, int(reset_time - time.time()))
    headers = {"limit": item.amount, "remaining": max(0, item.amount - count), "reset": reset}
    if count > item.amount:
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
    limiter = _limiter(get_settings().rate_limit_storage_uri)
    for item, key in ((per_account, f"acct:{email}"), (per_address, f"addr:{address}")):
        try:
            if limiter.test(item, "login", key):
                continue
            stats = limiter.get_window_stats(item, "login", key)
        except StorageError as exc:
            _store_down(exc)
            return
        retry = max(1, int(stats.reset_time - time.time()))
        raise TooManyRequests("Too many failed sign-in attempts; try again later", retry)


def record_login_failure(email: str, address: str) -> None:
    per_account, per_address = _items()
    limiter = _limiter(get_settings().rate_limit_storage_uri)
    try:
        limiter.hit(per_account, "login", f"acct:{email}")
        limiter.hit(per_address, "login", f"addr:{address}")
    except StorageError as exc:
        _store_down(exc)


def reset_login_limits() -> None:
    """Forget every count kept in this process's memory (tests start from nothing)."""
    for uri in {"memory://", get_settings().rate_limit_storage_uri}:
        if uri.startswith("memory://"):
            _storage(uri).reset()
