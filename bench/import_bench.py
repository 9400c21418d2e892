"""CSV import speed: 10,000 stakeholders, then 100,000 conversations, on SQLite and PostgreSQL.

Each file goes through the same service the import endpoints call (`api.transfer.csv_import`),
as a real import in one transaction, committed; the clock covers parsing, validation, the
bulk insert, the event and the stored readings update. A dry run of the conversations file
first measures parsing and validation alone, and the readings update is timed on its own.

    .venv/bin/python -m bench.import_bench                    # both databases
    .venv/bin/python -m bench.import_bench --databases sqlite --conversations 20000

It rewrites its own section of bench/RESULTS.md (between the `import` markers) and leaves the
rest of the file alone.
"""

import argparse
import os
import platform
import random
import re
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session

import api.models  # noqa: F401
from api.auth.deps import Access, Principal
from api.auth.models import User
from api.db import make_engine
from api.migrations import upgrade
from api.transfer import csv_import
from api.workspaces.models import Role
from api.workspaces.schemas import WorkspaceCreate
from api.workspaces.service import create_workspace
from bench.common import replace_section

RESULTS = Path(__file__).with_name("RESULTS.md")
PG_ADMIN_URL = os.environ.get(
    "RAPPORT_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
ROLES = ["opinion_leader", "innovation_deliverer", "innovation_recipient", "mid_level_leader"]
MODES = ["in_person", "video", "phone"]
TARGET = 50_000  # rows per second, end to end (issue #5)


def stakeholders_csv(n: int) -> str:
    lines = ["name,title,role_type,discipline,email,tags"]
    for i in range(n):
        email = f"person{i:05d}@example.org"
        lines.append(f"Person {i:05d},Nurse,{ROLES[i % 4]},nursing,{email},QI;ward {i % 40}")
    return "\r\n".join(lines) + "\r\n"


def conversations_csv(stakeholders: int, n: int, seed: int) -> str:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    lines = ["stakeholder,occurred_at,mode,duration_minutes,tone,competence,topics,summary"]
    for _ in range(n):
        who = f"person{rng.randrange(stakeholders):05d}@example.org"
        at = (now - timedelta(minutes=rng.randrange(10, 270 * 24 * 60))).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        competence = rng.choice(["", "3", "4", "5"])
        lines.append(
            f"{who},{at},{rng.choice(MODES)},{rng.choice([15, 20, 30])},{rng.randint(-2, 2)},"
            f"{competence},huddles;staffing,Talked through the rollout"
        )
    return "\r\n".join(lines) + "\r\n"


def _owner(session: Session) -> Access:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    user = User(email=email, name="Bench", password_hash="-")  # noqa: S106 - never signs in
    session.add(user)
    session.flush()
    ws = create_workspace(session, user, WorkspaceCreate(name="Import bench"))
    session.commit()
    return Access(ws.id, Principal(user=user), Role.owner, True)


def _timed_readings(timings: dict, add):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return add(*args, **kwargs)
        finally:
            timings["rebuild"] = timings.get("rebuild", 0.0) + time.perf_counter() - started

    return timed


def run(url: str, stakeholders: str, conversations: str) -> dict:
    upgrade(url)
    engine = make_engine(url)
    timings: dict = {}
    # The stored readings' update: on SQLite a large file's is planned while the last rows
    # are written (`plan_readings`, overlapped with the insert), then written.
    hooks = ("add_conversations", "plan_readings", "write_readings")
    originals = {name: getattr(csv_import, name) for name in hooks}
    for name, original in originals.items():
        setattr(csv_import, name, _timed_readings(timings, original))
    try:
        with Session(engine, expire_on_commit=False) as session:
            access = _owner(session)
            out = {}
            for name, text in (("stakeholders", stakeholders), ("conversations", conversations)):
                if name == "conversations":
                    started = time.perf_counter()
                    csv_import.import_csv(
                        session, access, name, text, dry_run=True, skip_invalid=False
                    )
                    session.rollback()
                    out["validate"] = time.perf_counter() - started
                timings.clear()
                started, cpu = time.perf_counter(), time.process_time()
                report = csv_import.import_csv(
                    session, access, name, text, dry_run=False, skip_invalid=False
                )
                session.commit()
                out[name] = (report["written"], time.perf_counter() - started)
                out[f"{name}_cpu"] = time.process_time() - cpu
                out[f"{name}_rebuild"] = timings.get("rebuild", 0.0)
    finally:
        for name, original in originals.items():
            setattr(csv_import, name, original)
        engine.dispose()
    return out


def _postgres_url() -> tuple[str, sa.Engine]:
    name = f"rapport_import_bench_{os.getpid()}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False), admin


def _machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} CPU(s) {model}, Python {platform.python_version()}, "
        f"load average {load:.1f} at the start"
    )


def _once(database: str, people: str, talks: str) -> dict:
    """One import of both files into a fresh database."""
    if database == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            return run(f"sqlite:///{tmp}/bench.db", people, talks)
    url, admin = _postgres_url()
    try:
        return run(url, people, talks)
    finally:
        with admin.connect() as conn:
            name = make_url(url).database
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="Runs per database (median shown)")
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md")
    args = parser.parse_args()
    machine = _machine()
    people = stakeholders_csv(args.stakeholders)
    talks = conversations_csv(args.stakeholders, args.conversations, args.seed)
    print(f"files: {len(people) / 1e6:.1f} MB and {len(talks) / 1e6:.1f} MB")

    rows = []
    for database in args.databases.split(","):
        runs = []
        for _ in range(args.repeat):
            runs.append(_once(database, people, talks))
            n_people, t_people = runs[-1]["stakeholders"]
            n_talks, t_talks = runs[-1]["conversations"]
            print(f"  {database}: {(n_people + n_talks) / (t_people + t_talks):,.0f} rows/s")
        # The median run by end-to-end time (the machine's other load moves single runs).
        runs.sort(key=lambda r: r["stakeholders"][1] + r["conversations"][1])
        result = runs[len(runs) // 2]
        n_people, t_people = result["stakeholders"]
        n_talks, t_talks = result["conversations"]
        rebuild = result["conversations_rebuild"]
        cpu = result["stakeholders_cpu"] + result["conversations_cpu"]
        total = t_people + t_talks
        rates = [(n_people + n_talks) / (r["stakeholders"][1] + r["conversations"][1])
                 for r in runs]  # fmt: skip
        row = {
            "database": database,
            "stakeholders": f"{n_people:,} in {t_people:.2f} s ({n_people / t_people:,.0f}/s)",
            "conversations": f"{n_talks:,} in {t_talks:.2f} s ({n_talks / t_talks:,.0f}/s)",
            "validation": f"{n_talks / result['validate']:,.0f}/s",
            "rebuild": f"{rebuild:.2f} s",
            "without_rebuild": f"{(n_people + n_talks) / (total - rebuild):,.0f}/s",
            "total": f"{(n_people + n_talks) / total:,.0f}/s",
            "runs": ", ".join(f"{r:,.0f}" for r in sorted(rates)),
            "cpu": f"{(n_people + n_talks) / cpu:,.0f}/s",
            "met": "yes" if (n_people + n_talks) / total >= TARGET else "no",
        }
        print(row)
        rows.append(row)

    command = "python -m bench.import_bench"
    if (args.stakeholders, args.conversations) != (10_000, 100_000):
        command += f" --stakeholders {args.stakeholders} --conversations {args.conversations}"
    if args.repeat != 3:
        command += f" --repeat {args.repeat}"
    lines = [
        "## CSV import",
        "",
        f"`{command}` on {datetime.now(UTC):%Y-%m-%d}: {machine}.",
        "",
        "A real import (one transaction, committed) of a stakeholders CSV, then of a "
        "conversations CSV naming each stakeholder by email, through the service the "
        "`import/stakeholders` and `import/conversations` endpoints call. *Validation* is a "
        "dry run of the conversations file (parse, resolve, validate); *readings* adds the new "
        "conversations to the stored readings of the 10,000 touched stakeholders "
        "(`api.insights.bulk_add`), inside the conversations time (on SQLite partly while the "
        "last rows are written). On SQLite the commit leaves the copy of the write-ahead log "
        "back into the database to a background thread (`api.db.defer_checkpoint`), which the "
        "clock does not include, as PostgreSQL's numbers do not include its checkpointer. "
        "*Per CPU second* "
        "divides the rows by this process's CPU time (on PostgreSQL the server's work, index "
        "upkeep and foreign-key checks, is not in it), a view that other load on the machine "
        "does not change.",
        "",
        f"Target: >= {TARGET:,} rows/s end to end. Each database is imported into "
        f"{args.repeat} times, each time fresh; the row shows the median run, and *all runs* "
        "every run's end-to-end rate.",
        "",
        "| database | stakeholders | conversations | validation only | readings "
        "| rows/s without readings | rows/s end to end | all runs (rows/s) "
        "| rows per CPU second | target met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | {r['stakeholders']} | {r['conversations']} | "
            f"{r['validation']} | {r['rebuild']} | {r['without_rebuild']} | {r['total']} | "
            f"{r['runs']} | {r['cpu']} | {r['met']} |"
        )
    if not args.no_write:
        replace_section("import", "\n".join(lines))
        print(f"Updated {RESULTS}")


if __name__ == "__main__":
    main()
