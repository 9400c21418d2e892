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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    migrate_first: Annotated[bool, typer.Option("--migrate/--no-migrate")] = False,
) -> None:
    """Serve the API (and the built SPA, when present) with uvicorn."""
    import uvicorn

    if migrate_first:
        migrate()
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
    )


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from api.migrations import upgrade

    url = get_settings().database_url
    upgrade(url)
    typer.echo("Database is at the latest migration.")


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


def main() -> None:
    app()
