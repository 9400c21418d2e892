"""`rapport worker`: drain the webhook outbox (see outbox.py for the delivery guarantees).

Run one or several (`docker compose up --scale worker=3`) next to the API: on PostgreSQL
they share the work without sending an event twice at once. On SQLite run one.
"""

import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import false, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.kit.time import utcnow
from api.webhooks import outbox, targets
from api.webhooks.models import WebhookDelivery
from api.webhooks.signing import signed_headers

log = logging.getLogger("rapport.webhooks")

USER_AGENT = "Rapport-Webhooks/1.0"
DEFAULT_HEARTBEAT = Path(tempfile.gettempdir()) / "rapport-worker.heartbeat"
HEARTBEAT_MAX_AGE = 120.0


@dataclass
class WorkerConfig:
    poll_interval: float = 1.0  # seconds to sleep when there is nothing to do
    timeout: float = 10.0  # per attempt: connect, send, and wait for the status line
    lease: float = 60.0  # a claimed delivery is this worker's for this long; > timeout
    policy: outbox.RetryPolicy = field(default_factory=outbox.RetryPolicy)
    retention: timedelta = timedelta(days=30)  # how long delivered deliveries are kept
    heartbeat_file: Path | None = None


@dataclass
class Stats:
    queued: int = 0
    delivered: int = 0
    failed: int = 0

    @property
    def busy(self) -> bool:
        return bool(self.queued or self.delivered or self.failed)

    def add(self, other: "Stats") -> None:
        self.queued += other.queued
        self.delivered += other.delivered
        self.failed += other.failed


class Worker:
    def __init__(self, engine: Engine, config: WorkerConfig | None = None):
        self.engine = engine
        self.config = config or WorkerConfig()
        self.client = httpx.Client(
            timeout=self.config.timeout,
            follow_redirects=False,  # a redirect could lead to an address we refuse
            trust_env=False,  # no proxy from the environment: we check where we connect
        )
        self._pruned_at = 0.0

    def close(self) -> None:
        self.client.close()

    def fan_out(self) -> int:
        queued = 0
        while True:
            with Session(self.engine, expire_on_commit=False) as session:
                advanced, n = outbox.fan_out(session)
                session.commit()
            queued += n
            if not advanced:
                return queued

    def deliver_one(self, due_by: datetime | None = None) -> str | None:
        """Claim, send and record one delivery due by `due_by` (default now); None when
        nothing is due."""
        with Session(self.engine, expire_on_commit=False) as session:
            job = outbox.claim(session, timedelta(seconds=self.config.lease), due_by)
            session.commit()
        if job is None:
            return None
        outcome = self.send(job)
        with Session(self.engine, expire_on_commit=False) as session:
            result = outbox.record(session, job, outcome, self.config.policy)
            session.commit()
        log.info(
            "webhook delivery %s",
            result,
            extra={
                "fields": {
                    "webhook_id": str(job.webhook_id),
                    "event_id": str(job.event_id),
                    "attempt": job.attempt,
                    "status_code": outcome.status_code,
                    "latency_ms": outcome.latency_ms,
                    "error": outcome.error,
                }
            },
        )
        return result

    def send(self, job: outbox.Job) -> outbox.Outcome:
        body = json.dumps(job.body, separators=(",", ":"))
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            **signed_headers(job.secret, str(job.event_id), utcnow(), body),
        }
        started = time.perf_counter()
        status, error = None, None
        try:
            target = targets.route(job.url)  # re-checked now: DNS may have changed
            with self.client.stream(
                "POST",
                target.url,
                content=body.encode(),
                headers={**headers, **target.headers},
                extensions=target.extensions,
            ) as response:
                status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except targets.UnsafeTarget as exc:
            error = f"refused: {exc}"
        except httpx.TimeoutException:
            error = f"no answer within {self.config.timeout:g}s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        latency = round((time.perf_counter() - started) * 1000)
        return outbox.Outcome(status, latency, error)

    def run_once(self) -> Stats:
        """Fan out new events, then send everything due now (a retry scheduled during the
        pass waits for a later pass, however short its backoff)."""
        stats = Stats(queued=self.fan_out())
        started = utcnow()
        while (result := self.deliver_one(started)) is not None:
            if result == "delivered":
                stats.delivered += 1
            elif result.startswith("failed"):
                stats.failed += 1
            self.beat()
        self.prune()
        return stats

    def drain(self) -> Stats:
        """Run until a pass finds nothing to do (deliveries backing off stay queued)."""
        total = Stats()
        while True:
            stats = self.run_once()
            total.add(stats)
            if not stats.busy:
                return total

    def run(self, stop: threading.Event) -> Stats:
        """Work until `stop` is set, sleeping `poll_interval` whenever idle."""
        total = Stats()
        while not stop.is_set():
            try:
                stats = self.run_once()
            except Exception:  # a database blip must not end the worker
                log.exception("webhook worker pass failed; retrying")
                stats = Stats()
            total.add(stats)
            self.beat()
            if not stats.busy:
                stop.wait(self.config.poll_interval)
        return total

    def prune(self) -> None:
        if time.monotonic() - self._pruned_at < 600:
            return
        self._pruned_at = time.monotonic()
        with Session(self.engine) as session:
            outbox.prune(session, self.config.retention)
            session.commit()

    def beat(self) -> None:
        if self.config.heartbeat_file is not None:
            self.config.heartbeat_file.touch()


def check(engine: Engine, heartbeat_file: Path | None) -> list[str]:
    """What is wrong with this worker's surroundings, if anything (for health checks)."""
    problems = []
    try:
        with engine.connect() as conn:
            # Fails unless the database answers and has the webhook tables (is migrated).
            conn.execute(select(func.count()).select_from(WebhookDelivery).where(false()))
    except Exception as exc:  # any failure means unhealthy
        problems.append(f"database: {type(exc).__name__}")
    if heartbeat_file is not None and heartbeat_file.exists():
        age = time.time() - heartbeat_file.stat().st_mtime
        if age > HEARTBEAT_MAX_AGE:
            problems.append(f"heartbeat: last beat {age:.0f}s ago")
    return problems


def run_workers(
    engine: Engine,
    config: WorkerConfig,
    concurrency: int,
    stop: threading.Event,
    asked: Callable[[], bool] = lambda: False,
):
    """`concurrency` workers in threads of this process, until `stop` is set or `asked()`
    (a stop asked for by a signal: api/webhooks/cli.py) is true."""
    workers = [Worker(engine, config) for _ in range(concurrency)]
    threads = [
        threading.Thread(target=w.run, args=(stop,), name=f"webhooks-{i}", daemon=True)
        for i, w in enumerate(workers)
    ]
    for t in threads:
        t.start()
    try:
        while not stop.is_set() and not asked() and any(t.is_alive() for t in threads):
            stop.wait(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=config.timeout + 5)
        for w in workers:
            w.close()
