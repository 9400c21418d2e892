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
    # Finish the attempt in flight, then exit; an unfinished one is retried by others.
    asked = note_stop_signals()
    config = WorkerConfig(poll_interval=poll_interval, heartbeat_file=DEFAULT_HEARTBEAT)
    try:
        run_workers(engine, config, concurrency, threading.Event(), asked=lambda: bool(asked))
    finally:
        # A stopped worker is not a hung one: only a stale beat should fail the check.
        DEFAULT_HEARTBEAT.unlink(missing_ok=True)
    return 0


def note_stop_signals() -> list[int]:
    """Note SIGTERM and SIGINT in the returned list, and do nothing else on them.

    A handler runs in the main thread between two of its bytecodes, which may be inside
    `Event.set` or `Event.wait` with the event's lock held; a handler that set the event itself
    then waited for that lock forever. The kernel can send a parent-death SIGTERM more than
    once (`rapport serve --with-worker` killed outright), so that happened. Appending to a list
    takes no lock; `run_workers` looks at the list twice a second and stops the workers."""
    asked: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: asked.append(signum))
    return asked
