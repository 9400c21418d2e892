"""`rapport worker`'s signal handling: a stop signal arriving while the main thread holds the
stop event's lock (inside `Event.set` or `Event.wait`), even twice, as a parent-death SIGTERM
can, is noted without deadlock, and `run_workers` then stops its workers."""

import subprocess
import sys
import textwrap
import threading
import time

from api.db import make_engine
from api.migrations import upgrade
from api.webhooks.worker import WorkerConfig, run_workers

SNIPPET = textwrap.dedent(
    """
    import os, signal, threading
    from api.webhooks.cli import note_stop_signals

    asked = note_stop_signals()
    stop = threading.Event()
    with stop._cond:  # where Event.set and Event.wait hold it
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)
        handled = len(asked)  # handlers run between bytecodes, here
    print(handled, sorted(asked))
    """
)


def test_a_stop_signal_inside_the_events_lock_is_noted_without_deadlock():
    done = subprocess.run(
        [sys.executable, "-c", SNIPPET], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "3 [2, 15, 15]"


def test_run_workers_stops_once_asked(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    upgrade(url)
    engine = make_engine(url)
    stop, asked = threading.Event(), []
    config = WorkerConfig(poll_interval=0.05)
    runner = threading.Thread(
        target=run_workers, args=(engine, config, 2, stop), kwargs={"asked": lambda: bool(asked)}
    )
    runner.start()
    time.sleep(0.3)
    assert runner.is_alive() and not stop.is_set()
    asked.append(15)
    runner.join(timeout=10)
    assert not runner.is_alive()
    assert stop.is_set()  # and so every worker thread was told
    engine.dispose()
