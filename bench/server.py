"""The benchmark server: the real app from `create_app()`, plus harness-only routes.

Never part of the shipped API. It adds:

- a timing middleware around everything, recording each request's server-side time (from
  its arrival to the last byte handed to uvicorn) by route, and a `Server-Timing` header;
- `GET /bench/timings`: those times (and `?reset=1` to start over);
- `GET /bench/bare-scores/{workspace_id}`: the rows the scores endpoint reads (stakeholders
  joined with their stored readings), straight from the database driver, as JSON;
- `POST /bench/bare-conversation/{workspace_id}`: one conversation row inserted with the
  driver and committed.

Run as `python -m bench.server --port N` with RAPPORT_DATABASE_URL set.
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections import defaultdict
from typing import Annotated, Any

import orjson
import sqlalchemy as sa
import uvicorn
from fastapi import Body
from fastapi.responses import Response

from api.db import get_engine
from api.kit.ids import uuid7
from api.kit.time import utcnow
from api.main import create_app
from api.records.models import Conversation

TIMINGS: dict[str, list[float]] = defaultdict(list)

BARE_SCORES_SQL = """
SELECT s.id, s.name, s.team_id, s.role_type, s.influence_manual,
       r.evidence, r.champion, r.reluctance, r.open_evidence, r.open_reluctance,
       r.authenticity_weight, r.authenticity_value, r.competence_weight, r.competence_value,
       r.empathy_weight, r.empathy_value, r.facts, r.category
FROM stakeholder s LEFT OUTER JOIN stakeholder_reading r ON r.stakeholder_id = s.id
WHERE s.workspace_id = {param} AND s.archived = {false}
"""


def _route(path: str) -> str:
    """The path with ids as {id}, so timings group by endpoint."""
    parts = path.split("/")
    return "/".join("{id}" if len(p) == 36 and p.count("-") == 4 else p for p in parts)


class Timing:
    """Pure ASGI: time from the first call to the last body message sent."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] == "/bench/timings":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        cpu = time.process_time()

        async def timed_send(message):
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - started) * 1000
                headers = [
                    *message.get("headers", []),
                    (b"server-timing", f"app;dur={elapsed:.2f}".encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                name = f"{scope['method']} {_route(scope['path'])}"
                TIMINGS[name].append((time.perf_counter() - started) * 1000)
                # CPU of the whole process while the request ran: the request's own CPU
                # when requests come one at a time (the scores benchmark), and unlike wall
                # time not inflated by other work on the machine.
                TIMINGS[f"CPU {name}"].append((time.process_time() - cpu) * 1000)

        await self.app(scope, receive, timed_send)


_INSERT = (
    "INSERT INTO bench_conversation (id, workspace_id, stakeholder_id, occurred_at, tone, mode, "
    "summary, private, ratings, topics, next_contact_scheduled, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, 'in_person', '', FALSE, '{}', '[]', FALSE, ?, ?)"
)


def _insert_sql(sqlite: bool) -> str:
    """Placeholders and literals only: no value is ever formatted into the statement."""
    if sqlite:
        return _INSERT.replace("FALSE", "0")
    return _INSERT.replace("?", "%s")


def bare_table(metadata: sa.MetaData) -> sa.Table:
    """`bench_conversation`: the conversation table's columns, primary key and indexes (under
    names of its own), without its foreign keys."""
    source = Conversation.__table__
    table = sa.Table(
        "bench_conversation",
        metadata,
        *[
            sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
            for c in source.columns
        ],
    )
    for index in source.indexes:
        names = [c.name for c in index.columns]
        name = f"ix_bench_conversation_{'_'.join(names)}"
        sa.Index(name, *[table.c[n] for n in names], unique=index.unique)
    return table


def build():
    app = create_app()
    engine = get_engine()
    sqlite = engine.dialect.name == "sqlite"
    scores_sql = BARE_SCORES_SQL.format(
        param="?" if sqlite else "%s", false="0" if sqlite else "false"
    )

    insert_sql = _insert_sql(sqlite)
    before = len(app.router.routes)
    # The bare insert writes to a copy of the conversation table (the same columns, primary
    # key and indexes, no foreign keys), so it leaves the workspace's record log, and its
    # readings, alone.
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS bench_conversation")
        bare_table(sa.MetaData()).create(conn)

    def workspace_param(workspace_id: uuid.UUID):
        return workspace_id.hex if sqlite else workspace_id

    @app.get("/bench/timings", include_in_schema=False)
    def timings(reset: bool = False):
        body = orjson.dumps(TIMINGS)
        if reset:
            TIMINGS.clear()
        return Response(body, media_type="application/json")

    @app.get("/bench/bare-scores/{workspace_id}", include_in_schema=False)
    def bare_scores(workspace_id: uuid.UUID):
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(scores_sql, (workspace_param(workspace_id),))
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            raw.rollback()
        finally:
            raw.close()
        items = [dict(zip(names, row, strict=True)) for row in rows]
        return Response(orjson.dumps({"items": items}, default=str), media_type="application/json")

    @app.post("/bench/bare-conversation/{workspace_id}", include_in_schema=False)
    def bare_conversation(workspace_id: uuid.UUID, body: Annotated[dict[str, Any], Body()]):
        now = utcnow()
        values = (
            uuid7(),
            workspace_id,
            uuid.UUID(body["stakeholder_id"]),
            now,
            int(body["tone"]),
            now,
            now,
        )
        if sqlite:
            values = (
                values[0].hex,
                values[1].hex,
                values[2].hex,
                now.replace(tzinfo=None).isoformat(" "),
                values[4],
                now.replace(tzinfo=None).isoformat(" "),
                now.replace(tzinfo=None).isoformat(" "),
            )
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            if sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            cursor.execute(insert_sql, values)
            raw.commit()
        finally:
            raw.close()
        return Response(b'{"ok":true}', status_code=201, media_type="application/json")

    # Ahead of the SPA's catch-all mount.
    added = app.router.routes[before:]
    del app.router.routes[before:]
    app.router.routes[:0] = added
    return Timing(app)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        build(),
        host="127.0.0.1",
        port=args.port,
        workers=1,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
