"""The `rapport` command: serve, migrate and administer a Rapport installation."""

from typing import Annotated

import typer
from sqlmodel import Session

from api.settings import get_settings

app = typer.Typer(
    help="Rapport: stakeholder trust and champion tracker.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals can hold passwords
)


def _die_with_parent() -> None:
    """In a child process: end with SIGTERM if the parent dies (even by SIGKILL). Linux only."""
    import ctypes
    import signal
    import sys

    if sys.platform == "linux":
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    migrate_first: Annotated[bool, typer.Option("--migrate/--no-migrate")] = False,
    with_worker: Annotated[
        bool,
        typer.Option(
            "--with-worker",
            help="Also run the webhook worker (`rapport worker`) while the server runs",
        ),
    ] = False,
) -> None:
    """Serve the API (and the built SPA, when present) with uvicorn."""
    import signal
    import subprocess
    import sys

    import uvicorn

    if migrate_first:
        migrate()
    worker = None
    if with_worker:
        # A process of its own, as in production (docker-compose's `worker` service):
        # deliveries never share the server's interpreter, and it stops when the server does.
        # uvicorn re-raises the SIGTERM it stopped on once it is done; as SystemExit that
        # still runs the `finally` below (the default action would end this process there
        # and leave the worker running).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        worker = subprocess.Popen(
            [sys.executable, "-m", "api", "worker"], preexec_fn=_die_with_parent
        )
    try:
        uvicorn.run(
            "api.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            forwarded_allow_ips=get_settings().forwarded_allow_ips,
            log_level="info",
            # The app logs each request itself, as JSON and without the query string (a
            # search names people); uvicorn's own line would repeat it with the query.
            access_log=False,
        )
    finally:
        if worker is not None:
            # SIGTERM: the worker finishes the attempt in flight, then exits.
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


@app.command()
def migrate(
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 unless at the latest")
    ] = False,
) -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from api.migrations import upgrade

    url = get_settings().database_url
    if check:
        raise typer.Exit(_migration_check(url))
    upgrade(url)
    typer.echo("Database is at the latest migration.")


def _migration_check(url: str) -> int:
    """The exit code of `migrate --check`: 0 when the schema is at the latest migration."""
    from api.db import make_engine
    from api.migrations import current_revision, head_revision

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = current_revision(conn)
    except Exception as exc:  # any failure means not ready
        typer.echo(f"database: {type(exc).__name__}", err=True)
        return 1
    finally:
        engine.dispose()
    head = head_revision(url)
    if current != head:
        typer.echo(f"migrations: at {current}, latest is {head}", err=True)
        return 1
    typer.echo(f"Database is at the latest migration ({head}).")
    return 0


@app.command("create-user")
def create_user(
    email: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    name: Annotated[str, typer.Option(help="Display name")] = "",
) -> None:
    """Create a user who can sign in, then create or join workspaces."""
    from api.auth.schemas import LoginIn
    from api.auth.service import create_user as create
    from api.db import get_engine
    from api.kit.errors import AppError

    try:
        creds = LoginIn(email=email, password=password)
    except ValueError as exc:
        typer.echo(f"Invalid input: {exc}", err=True)
        raise typer.Exit(2) from exc
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            user = create(session, creds.email, creds.password, name)
            session.commit()
        except AppError as exc:
            typer.echo(exc.message, err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"Created user {user.email} ({user.id}).")


@app.command()
def openapi(
    output: Annotated[str, typer.Option(help="File to write, or - for stdout")] = "openapi.yaml",
) -> None:
    """Write the API's OpenAPI document (the checked-in openapi.yaml comes from here)."""
    from api.openapi import render

    text = render()
    if output == "-":
        typer.echo(text, nl=False)
    else:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        typer.echo(f"Wrote {output}.")


DEMO_EMAIL = "demo@rapport.example"


def _create_demo(password: str | None) -> None:
    import secrets

    import api.models  # noqa: F401
    from api.db import get_engine
    from api.demo.story import create_demo

    password = password or secrets.token_urlsafe(9)
    with Session(get_engine(), expire_on_commit=False) as session:
        ws, user = create_demo(session, DEMO_EMAIL, password)
        session.commit()
    viewer = DEMO_EMAIL.replace("@", "+viewer@", 1)
    typer.echo(f'Demo workspace "{ws.name}" is ready.')
    typer.echo(f"  Sign in as the implementation lead: {user.email}  password: {password}")
    typer.echo(f"  Or as a viewer:                     {viewer}  password: {password}")


@app.command()
def demo(
    password: Annotated[str | None, typer.Option(help="Password for the demo logins")] = None,
) -> None:
    """Create a demo workspace with nine months of realistic history, and print its login."""
    _create_demo(password)


@app.command("offer-demo")
def offer_demo(
    password: Annotated[str | None, typer.Option(help="Password for the demo logins")] = None,
) -> None:
    """On an empty database, create the demo workspace (what `make run` does first)."""
    from sqlmodel import func, select

    import api.models  # noqa: F401
    from api.auth.models import User
    from api.db import get_engine

    with Session(get_engine()) as session:
        users = session.exec(select(func.count()).select_from(User)).one()
    if users:
        typer.echo(
            "The database has users already; not adding the demo (run `rapport demo` to add it)."
        )
        return
    typer.echo("The database is empty: creating the demo workspace.")
    _create_demo(password)


@app.command()
def generate(
    stakeholders: Annotated[int, typer.Option(min=1, max=1_000_000)] = 10_000,
    records: Annotated[int, typer.Option(min=0, max=50_000_000)] = 1_000_000,
    seed: Annotated[int, typer.Option()] = 1,
    email: Annotated[str, typer.Option(help="Owner login to create")] = "bench@rapport.example",
    password: Annotated[str, typer.Option()] = "bench-password",  # noqa: S107 - benchmark login
) -> None:
    """Build a deterministic large workspace for benchmarks (no per-record events)."""
    import time

    import api.models  # noqa: F401
    from api.db import get_engine
    from api.demo.generate import generate as build

    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        typer.echo(f"  {stage}: {done:,}/{total:,}  ({time.perf_counter() - started:.1f}s)")

    with Session(get_engine(), expire_on_commit=False) as session:
        ws = build(session, stakeholders, records, seed, email, password, progress)
        session.commit()
    typer.echo(f"Workspace {ws.id} ready in {time.perf_counter() - started:.1f}s; owner {email}.")


def _workspaces(session: Session, workspace: str | None) -> list:
    import uuid

    from sqlmodel import select

    from api.workspaces.models import Workspace

    if workspace:
        try:
            ws = session.get(Workspace, uuid.UUID(workspace))
        except ValueError:
            ws = None
        if ws is None:
            typer.echo(f"No workspace {workspace}", err=True)
            raise typer.Exit(2)
        return [ws]
    return list(session.exec(select(Workspace).order_by(Workspace.id)))


@app.command()
def recompute(
    workspace: Annotated[str | None, typer.Option(help="Workspace id (default: all)")] = None,
) -> None:
    """Rebuild every stored reading from the record log."""
    import api.models  # noqa: F401
    from api.db import get_engine
    from api.insights.readings import recompute_workspace

    with Session(get_engine(), expire_on_commit=False) as session:
        for ws in _workspaces(session, workspace):
            with typer.progressbar(length=1, label=f"{ws.name}") as bar:
                state = {"done": 0}

                def progress(done: int, total: int, bar=bar, state=state) -> None:
                    bar.length = total
                    bar.update(done - state["done"])
                    state["done"] = done

                changed = recompute_workspace(session, ws.id, progress)
            session.commit()
            typer.echo(f"{ws.name}: recomputed; {changed} category change(s).")


@app.command()
def reconcile(
    workspace: Annotated[str | None, typer.Option(help="Workspace id (default: all)")] = None,
) -> None:
    """Compare stored readings with a recomputation from the log; exit 1 on any drift > 1e-6."""
    import json

    import api.models  # noqa: F401
    from api.db import get_engine
    from api.insights.readings import reconcile as check

    drifted = 0
    with Session(get_engine()) as session:
        for ws in _workspaces(session, workspace):
            drifts = check(session, ws.id)
            drifted += len(drifts)
            for d in drifts[:20]:
                typer.echo(json.dumps(d, default=str), err=True)
            typer.echo(f"{ws.name}: {len(drifts)} stakeholder(s) drifted.")
    if drifted:
        raise typer.Exit(1)


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Send what is due, then exit")] = False,
    poll_interval: Annotated[float, typer.Option(min=0.01, help="Idle seconds between polls")] = 1,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Parallel deliveries")] = 4,
    check: Annotated[bool, typer.Option("--check", help="Health check; exit 1 if unwell")] = False,
) -> None:
    """Deliver webhooks: fan events out to subscribed endpoints, sign, send and retry."""
    from api.webhooks.cli import run

    raise typer.Exit(run(once, poll_interval, concurrency, check))


def _progress(started: float):
    import time

    def say(stage: str, done: int) -> None:
        typer.echo(f"  {stage}: {done:,}  ({time.perf_counter() - started:.1f}s)", err=True)

    return say


@app.command("export")
def export_workspace(
    workspace: Annotated[str, typer.Option(help="Workspace id")],
    output: Annotated[str, typer.Option(help="File to write, or - for stdout")],
) -> None:
    """Write a workspace as a JSON document that `rapport import` (or the API) reads back.

    Unlike the API's export, it includes every private conversation summary: keep the file
    as safe as a database backup.
    """
    import sys
    import time
    import uuid

    import orjson

    import api.models  # noqa: F401
    from api.db import get_engine
    from api.transfer.document import export_workspace as build
    from api.workspaces.models import Workspace

    started = time.perf_counter()
    with Session(get_engine()) as session:
        try:
            ws = session.get(Workspace, uuid.UUID(workspace))
        except ValueError:
            ws = None
        if ws is None:
            typer.echo(f"No workspace {workspace}", err=True)
            raise typer.Exit(2)
        doc = build(session, ws.id, viewer=None, redact=False, progress=_progress(started))
    data = orjson.dumps(doc)
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(output, "wb") as fh:
            fh.write(data)
    records = sum(
        len(doc[k])
        for k in ("conversations", "concerns", "acknowledgements", "signals", "commitments")
    )
    typer.echo(
        f"Exported {ws.name!r}: {len(doc['stakeholders']):,} stakeholders, {records:,} records "
        f"to {output} in {time.perf_counter() - started:.1f}s.",
        err=True,
    )


@app.command("import")
def import_workspace(
    file: Annotated[str, typer.Argument(help="A workspace document, or - for stdin")],
    owner: Annotated[str, typer.Option(help="Email of the user who will own the new workspace")],
) -> None:
    """Create a new workspace from a workspace document, owned by an existing user."""
    import sys
    import time
    from pathlib import Path

    import orjson
    from sqlmodel import select

    import api.models  # noqa: F401
    from api.auth.models import User
    from api.db import get_engine
    from api.kit.errors import AppError
    from api.transfer.restore import import_workspace as restore

    started = time.perf_counter()
    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        typer.echo(f"{file} is not valid JSON: {exc}", err=True)
        raise typer.Exit(2) from exc
    with Session(get_engine(), expire_on_commit=False) as session:
        user = session.exec(select(User).where(User.email == owner.strip().lower())).first()
        if user is None:
            typer.echo(f"No user {owner}; create it first with `rapport create-user`", err=True)
            raise typer.Exit(2)
        try:
            ws, counts = restore(session, user, doc, _progress(started))
            session.commit()
        except AppError as exc:
            typer.echo(exc.message, err=True)
            for detail in (exc.details if isinstance(exc.details, list) else [])[:20]:
                typer.echo(f"  {detail['field']}: {detail['message']}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(
        f"Imported workspace {ws.id} ({ws.name!r}) for {user.email} in "
        f"{time.perf_counter() - started:.1f}s: "
        + ", ".join(f"{n:,} {kind}" for kind, n in counts.items() if n)
    )


def main() -> None:
    app()
