from sqlmodel import SQLModel

import api.models  # noqa: F401 - registers every table on the metadata
from alembic import context
from api.db import make_engine
from api.settings import get_settings

config = context.config
target_metadata = SQLModel.metadata


def url() -> str:
    return config.attributes.get("url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    if not sqlite:
        with context.begin_transaction():
            context.run_migrations()
        return
    # SQLite changes a table by copying it to a new one and dropping the old; with foreign
    # keys enforced, dropping a stakeholder table would delete every record that refers to
    # it (ON DELETE CASCADE). So, as SQLite's documentation prescribes for such changes:
    # enforcement off (only possible outside a transaction), the migrations, a check that
    # every reference still holds, enforcement back on.
    if connection.in_transaction():
        raise RuntimeError("SQLite migrations must start outside a transaction")
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        with context.begin_transaction():
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migrations left rows with broken references: {broken[:5]}")
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
