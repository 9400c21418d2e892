"""What `rapport worker` runs (the command itself is declared in api/cli.py)."""

import signal
import sys
import threading

import api.models  # noqa: F401 - every table, for the foreign keys the worker writes through
from api.db import get_engine
from api.ops.middleware import configure_logging
from api.webhooks.worker import DEFAULT_HEARTBEAT, Worker, WorkerConfig, check, run_workers


def run(once: bool, poll_interval: float, concurrency: int, health_check: bool) -> int:
    """The process exit code."""
    engine = get_engine()
    if health_check:
        problems = check(engine, DEFAULT_HEARTBEAT)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    configure_logging()
    if once:
        worker = Worker(engine, WorkerConfig(poll_interval=poll_interval))
        try:
            stats = worker.drain()
        finally:
            worker.close()
        print(f"Queued {stats.queued}, delivered {stats.delivered}, failed {stats.failed}.")
        return 0
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Finish the attempt in flight, then exit; an unfinished one is retried by others.
        signal.signal(sig, lambda *_: stop.set())
    config = WorkerConfig(poll_interval=poll_interval, heartbeat_file=DEFAULT_HEARTBEAT)
    try:
        run_workers(engine, config, concurrency, stop)
    finally:
        # A stopped worker is not a hung one: only a stale beat should fail the check.
        DEFAULT_HEARTBEAT.unlink(missing_ok=True)
    return 0
