"""Shared pieces of the benchmarks: databases, generated workspaces, a server, a client.

Everything runs on 127.0.0.1 and is bounded: each database is created for the run and dropped
after it (PostgreSQL) or lives in a temporary directory (SQLite), the server is a child
process on a free local port, and every load loop has a request count and a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RAPPORT = str(Path(PYTHON).with_name("rapport"))
PG_ADMIN_URL = os.environ.get(
    "RAPPORT_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
OUT = ROOT / "bench" / "out"


def say(*parts: object) -> None:
    print(*parts, flush=True)


# --- the machine -----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ""
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load": load,
    }


# --- databases -------------------------------------------------------------------------------


@dataclass
class Database:
    kind: str  # "sqlite" or "postgresql"
    url: str
    cleanup: list = field(default_factory=list)

    def engine(self) -> sa.Engine:
        from api.db import make_engine

        return make_engine(self.url)

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            RAPPORT_DATABASE_URL=self.url,
            RAPPORT_RATE_LIMIT_PER_MINUTE="100000000",
            RAPPORT_ENVIRONMENT="development",
        )
        env.update(extra)
        return env


@contextlib.contextmanager
def database(kind: str, keep: str | None = None) -> Iterator[Database]:
    """A fresh, migrated database of `kind`, removed afterwards."""
    from api.migrations import upgrade

    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
        db = Database(kind, f"sqlite:///{folder / 'bench.db'}")
        try:
            upgrade(db.url)
            yield db
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = keep or f"rapport_bench_{os.getpid()}_{secrets.token_hex(4)}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    db = Database(kind, url)
    try:
        upgrade(db.url)
        yield db
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


LAST_CPU = [0.0]  # CPU seconds (user + system) of the last `run_cli` command


def run_cli(
    db: Database, *args: str, timeout: float = 900, check: bool = True
) -> tuple[float, str]:
    """Run the `rapport` command against `db`; returns (seconds, output)."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [RAPPORT, *args],
        env=db.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if check and done.returncode != 0:
        raise RuntimeError(f"rapport {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout + done.stderr


@dataclass
class Workspace:
    id: uuid.UUID
    token: str
    stakeholders: list[str]
    generate_seconds: float


def generated_workspace(db: Database, stakeholders: int, records: int, seed: int = 1) -> Workspace:
    """`rapport generate` (timed), then a write-scoped API token for its workspace."""
    seconds, output = run_cli(
        db,
        "generate",
        "--stakeholders",
        str(stakeholders),
        "--records",
        str(records),
        "--seed",
        str(seed),
        "--email",
        f"bench-{secrets.token_hex(3)}@rapport.example",
        timeout=1800,
    )
    workspace_id = uuid.UUID(output.split("Workspace ", 1)[1].split()[0])
    engine = db.engine()
    from sqlmodel import Session, select

    import api.models  # noqa: F401
    from api.auth.models import ApiToken
    from api.auth.security import TOKEN_PREFIX, hash_secret, new_secret
    from api.stakeholders.models import Stakeholder

    raw = new_secret(TOKEN_PREFIX)
    with Session(engine) as session:
        session.add(
            ApiToken(
                workspace_id=workspace_id,
                name="benchmark",
                scope="write",
                token_hash=hash_secret(raw),
                prefix=raw[:12],
            )
        )
        session.commit()
        ids = [
            str(i)
            for i in session.exec(
                select(Stakeholder.id).where(Stakeholder.workspace_id == workspace_id)
            )
        ]
    engine.dispose()
    return Workspace(workspace_id, raw, ids, seconds)


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def timings(self, reset: bool = True) -> dict[str, list[float]]:
        url = f"{self.base}/bench/timings" + ("?reset=1" if reset else "")
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own localhost server
            return json.loads(response.read())


@contextlib.contextmanager
def server(db: Database, **env: str) -> Iterator[Server]:
    """`bench.server` (the real app plus harness-only routes) under uvicorn, one worker."""
    port = free_port()
    OUT.mkdir(parents=True, exist_ok=True)
    log = open(OUT / f"server-{db.kind}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [PYTHON, "-m", "bench.server", "--port", str(port)],
        env=db.env(**env),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    s = Server(port, process)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{s.base}/bench/timings", timeout=2):  # noqa: S310
                    break
            except OSError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    message = f"the benchmark server did not start; see {log.name}"
                    raise RuntimeError(message) from exc
                time.sleep(0.2)
        yield s
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# --- a small keep-alive HTTP/1.1 client ------------------------------------------------------


class Connection:
    """One keep-alive connection; enough HTTP/1.1 for our own server's answers."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        assert self.reader is not None and self.writer is not None
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        got = {}
        for line in header_lines:
            if line:
                k, _, v = line.partition(":")
                got[k.strip().lower()] = v.strip()
        length = int(got.get("content-length", "0"))
        data = await self.reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), got, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values) if values else float("nan"),
        "mean": statistics.fmean(values) if values else float("nan"),
    }


# --- results ---------------------------------------------------------------------------------


HEADER = """# Benchmark results

Each section below was written by the command it names, on the machine it describes; a
benchmark rewrites only its own section (between its `<!-- name:start -->` and
`<!-- name:end -->` markers) and leaves the others alone. Server-side times come from a
timing middleware wrapped around the app in the benchmark server (`bench/server.py`): from
the request's arrival to the last byte of the response handed to uvicorn. Bare baselines
are harness-only routes on the same app.
"""


def run_header(command: str, started: dict[str, str] | None = None) -> str:
    """One line saying when, where and how a section's numbers were produced."""
    m = machine()
    load = ""
    if started:
        load = f"; load average {started['load']} at the start, {m['load']} at the end"
    return (
        f"`{command}` on {m['date']}: {m['cores']} cores, {m['cpu']}, Python {m['python']}{load}."
    )


def replace_section(name: str, markdown: str, path: Path | None = None) -> None:
    """Write `markdown` as section `name` of RESULTS.md, keeping every other section."""
    path = path or ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text.startswith("# Benchmark results"):
        text = HEADER
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


# --- the driver shared by every script ----------------------------------------------------------


def _with_header(section: str, header: str) -> str:
    """The section's heading, then the run line, then the rest."""
    heading, _, rest = section.partition("\n")
    return f"{heading}\n\n{header}\n{rest}"


def main_for(names: list[str]) -> None:
    """Parse the common options, run the named benchmarks on each database, write RESULTS.md."""
    import argparse
    import shlex

    from bench import log_conversation, recompute, scores

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stakeholders", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--score-requests", type=int, default=40)
    parser.add_argument("--write-requests", type=int, default=6000)
    parser.add_argument("--write-seconds", type=float, default=15.0)
    parser.add_argument("--write-connections", default="1,4", help="comma-separated")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    command = "python -m " + sys.argv[0].replace(str(ROOT) + "/", "").removesuffix(".py").replace(
        "/", "."
    )
    command = " ".join([command, *map(shlex.quote, sys.argv[1:])])
    say(f"{command}\n{machine()}")
    started = machine()
    results: dict[str, dict[str, dict]] = {name: {} for name in names}
    for kind in args.databases.split(","):
        say(f"{kind}: generating {args.stakeholders:,} stakeholders / {args.records:,} records")
        with database(kind) as db:
            ws = generated_workspace(db, args.stakeholders, args.records, args.seed)
            say(f"  generate {ws.generate_seconds:.1f} s")
            if "scores" in names:
                # Every answer computed (the cache off), then as served (the cache on).
                with server(db, RAPPORT_SCORES_CACHE_SECONDS="0") as srv:
                    results["scores"][f"{kind}, computed every time"] = scores.run(
                        srv, ws, args.score_requests
                    )
            if "scores" in names or "log_conversation" in names:
                with server(db) as srv:
                    if "scores" in names:
                        results["scores"][f"{kind}, after each write"] = scores.run(
                            srv, ws, args.score_requests, write_between=True
                        )
                        results["scores"][f"{kind}, as served (cache on)"] = scores.run(
                            srv, ws, args.score_requests
                        )
                    if "log_conversation" in names:
                        for n in map(int, args.write_connections.split(",")):
                            results["log_conversation"][f"{kind}, {n} conn."] = (
                                log_conversation.run(
                                    srv, ws, args.write_requests, args.write_seconds, n
                                )
                            )
            if "recompute" in names:
                results["recompute"][kind] = recompute.run(db, ws)
    header = run_header(command, started)
    output = Path(args.output)
    if results.get("scores"):
        text = scores.section(results["scores"], args.stakeholders)
        replace_section("scores", _with_header(text, header), output)
    if results.get("log_conversation"):
        text = log_conversation.section(results["log_conversation"])
        replace_section("log_conversation", _with_header(text, header), output)
    if results.get("recompute"):
        text = recompute.section(results["recompute"], args.stakeholders, args.records)
        replace_section("recompute", _with_header(text, header), output)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    say(f"wrote {args.output}")
