"""Target 2: logging a conversation (`POST .../conversations`), requests per second.

One uvicorn worker on SQLite (and the same on PostgreSQL for reference), a few keep-alive
connections from an asyncio client, a bounded number of requests and a deadline. Every
request is a real write: validation, the row, its `conversation.created` event and the
stakeholder's stored reading (and a category-change event when the category moves). The bare
baseline (`POST /bench/bare-conversation/{id}`, harness only) inserts one row with the driver
and commits. Target on SQLite: >= 300 req/s and >= half the bare rate.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta

import orjson

from bench.common import Connection, Server, Workspace, main_for, say, summary

TARGET_RATE = 300.0
TARGET_SHARE = 0.5


def _body(rng: random.Random, ws: Workspace) -> bytes:
    at = datetime.now(UTC) - timedelta(days=rng.uniform(0.01, 60))
    return orjson.dumps(
        {
            "stakeholder_id": rng.choice(ws.stakeholders),
            "occurred_at": at.isoformat().replace("+00:00", "Z"),
            "tone": rng.randint(-2, 2),
            "ratings": {"competence": rng.randint(1, 5)},
            "summary": "Benchmark conversation",
        }
    )


async def _load(
    server: Server,
    path: str,
    headers: dict[str, str],
    ws: Workspace,
    connections: int,
    requests: int,
    seconds: float,
    seed: int,
) -> dict:
    rng = random.Random(seed)
    headers = {"Content-Type": "application/json", **headers}
    done = 0
    errors: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        conn = Connection(server.port)
        await conn.open()
        try:
            while done < requests and time.perf_counter() < deadline:
                status, _, body = await conn.request("POST", path, headers, _body(rng, ws))
                if status != 201:
                    errors[status] = errors.get(status, 0) + 1
                    if len(errors) == 1 and errors[status] == 1:
                        say(f"    {path} answered {status}: {body[:300]!r}")
                done += 1
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    return {"requests": done, "seconds": elapsed, "rate": done / elapsed, "errors": errors}


def run(
    server: Server,
    ws: Workspace,
    requests: int = 6000,
    seconds: float = 15.0,
    connections: int = 4,
) -> dict:
    out = {}
    routes = (
        ("bare", f"/bench/bare-conversation/{ws.id}", {}),
        (
            "real",
            f"/api/v1/workspaces/{ws.id}/conversations",
            {"Authorization": f"Bearer {ws.token}"},
        ),
    )
    for name, path, headers in routes:
        # A short warm-up, then the measured run.
        asyncio.run(_load(server, path, headers, ws, connections, 100, 5, 0))
        server.timings(reset=True)
        out[name] = asyncio.run(_load(server, path, headers, ws, connections, requests, seconds, 1))
        latencies = [v for values in server.timings(reset=True).values() for v in values]
        out[name]["latency"] = summary(latencies)
    real, bare = out["real"], out["bare"]
    out["share"] = real["rate"] / bare["rate"]
    say(
        f"  log conversation: {real['rate']:.0f} req/s (p50 {real['latency']['p50']:.1f} ms, "
        f"p95 {real['latency']['p95']:.1f} ms) | bare insert {bare['rate']:.0f} req/s "
        f"| share {out['share']:.2f} | errors {real['errors'] or 'none'}"
    )
    return out


def section(results: dict[str, dict]) -> str:
    lines = [
        "## 2. POST /conversations, one uvicorn worker",
        "",
        f"Target (SQLite): >= {TARGET_RATE:g} req/s and >= {TARGET_SHARE:g}x the bare insert "
        "endpoint. Rates are completed requests per second at the client (N keep-alive "
        "connections, each waiting for its answer); latencies are server-side ms.",
        "",
        "| database | requests | req/s | p50 ms | p95 ms | max ms | bare req/s | bare p95 ms "
        "| share of bare | errors | target met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in results.items():
        real, bare = r["real"], r["bare"]
        met = real["rate"] >= TARGET_RATE and r["share"] >= TARGET_SHARE and not real["errors"]
        lines.append(
            f"| {kind} | {real['requests']} | {real['rate']:.0f} | {real['latency']['p50']:.1f} "
            f"| {real['latency']['p95']:.1f} | {real['latency']['max']:.1f} | {bare['rate']:.0f} "
            f"| {bare['latency']['p95']:.1f} | {r['share']:.2f} | {real['errors'] or 'none'} "
            f"| {'yes' if met else 'no'}{'' if 'sqlite' in kind else ' (target is for SQLite)'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main_for(["log_conversation"])
