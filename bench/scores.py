"""Target 1: `GET /api/v1/workspaces/{id}/scores` for every stakeholder, server-side time.

One client, requests one after another on a keep-alive connection, authenticated with an API
token. The bare baseline (`GET /bench/bare-scores/{id}`, harness only) returns the same rows
straight from the database driver; both alternate in the same run. Target: p95 <= 150 ms
and at most 3x the bare endpoint.
"""

from __future__ import annotations

import asyncio
import random

import orjson

from bench.common import Connection, Server, Workspace, main_for, say, summary
from bench.log_conversation import _body

TARGET_P95_MS = 150.0
TARGET_RATIO = 3.0


async def _run(
    server: Server, ws: Workspace, requests: int, warmup: int, write_between: bool
) -> dict:
    conn = Connection(server.port)
    await conn.open()
    auth = {"Authorization": f"Bearer {ws.token}"}
    real = f"/api/v1/workspaces/{ws.id}/scores"
    bare = f"/bench/bare-scores/{ws.id}"
    write = f"/api/v1/workspaces/{ws.id}/conversations"
    rng = random.Random(2)
    sizes = {}
    try:
        for i in range(warmup + requests):
            if i == warmup:
                server.timings(reset=True)
            if write_between:
                # A lead logs a conversation, or corrects the one just logged (an edit reaches
                # the map by another path than a new record), then the map is loaded again.
                headers = {"Content-Type": "application/json", **auth}
                if i % 2 == 0:
                    status, _, body = await conn.request("POST", write, headers, _body(rng, ws))
                    logged = orjson.loads(body).get("id") if status == 201 else None
                    expected = 201
                else:
                    edit = orjson.dumps({"tone": rng.randint(-2, 2)})
                    status, _, body = await conn.request(
                        "PATCH", f"{write}/{logged}", headers, edit
                    )
                    expected = 200
                if status != expected:
                    raise RuntimeError(f"{write} answered {status}: {body[:300]!r}")
            for name, path, headers in (("real", real, auth), ("bare", bare, {})):
                status, _, body = await conn.request("GET", path, headers)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
                try:
                    items = orjson.loads(body)["items"]
                except orjson.JSONDecodeError:
                    raise RuntimeError(f"{path}: {status} {_} {body[:200]!r}") from None
                if len(items) != len(ws.stakeholders):
                    raise RuntimeError(f"{path} gave {len(items)} items")
                sizes[name] = len(body)
    finally:
        await conn.close()
    timings = server.timings(reset=True)
    pick = lambda prefix: next(v for k, v in timings.items() if k.startswith(prefix))  # noqa: E731
    return {
        "real": summary(pick("GET /api/v1/workspaces/{id}/scores")),
        "bare": summary(pick("GET /bench/bare-scores/")),
        "real_cpu": summary(pick("CPU GET /api/v1/workspaces/{id}/scores")),
        "bare_cpu": summary(pick("CPU GET /bench/bare-scores/")),
        "bytes": sizes,
    }


def run(
    server: Server,
    ws: Workspace,
    requests: int = 30,
    warmup: int = 3,
    write_between: bool = False,
) -> dict:
    result = asyncio.run(_run(server, ws, requests, warmup, write_between))
    real, bare = result["real"], result["bare"]
    result["ratio_p95"] = real["p95"] / bare["p95"]
    result["ratio_p50"] = real["p50"] / bare["p50"]
    say(
        f"  scores: p50 {real['p50']:.1f} ms, p95 {real['p95']:.1f} ms, max {real['max']:.1f} ms"
        f" | bare p50 {bare['p50']:.1f} ms, p95 {bare['p95']:.1f} ms"
        f" | ratio p95 {result['ratio_p95']:.2f}x ({real['n']} requests each)"
        f" | CPU p50 {result['real_cpu']['p50']:.1f} ms, p95 {result['real_cpu']['p95']:.1f} ms,"
        f" bare CPU p50 {result['bare_cpu']['p50']:.1f} ms"
    )
    return result


def section(results: dict[str, dict], stakeholders: int) -> str:
    lines = [
        f"## 1. GET /scores, all {stakeholders:,} stakeholders (server-side ms)",
        "",
        f"Target: p95 <= {TARGET_P95_MS:g} ms and <= {TARGET_RATIO:g}x the bare endpoint.",
        "",
        "Three runs per database. *Computed every time*: a server with "
        "`RAPPORT_SCORES_CACHE_SECONDS=0`, so every answer is computed from the stored "
        "readings (the map's rows, read once, are kept while the event log has not moved: "
        "`scoremap.map_rows`). *After each write*: the server as shipped, with a write "
        "before every request, alternately a new conversation (`POST .../conversations`, a "
        "random stakeholder) and an edit of it (`PATCH`, its tone), so no answer comes from "
        "the cache and every map brings its kept rows up to "
        "date from the event log first: what a dashboard sees after a lead logs a "
        "conversation. *As served*: the same server with no writes, where an answer is reused "
        "while the event log has not moved (at most 60 s; `api/insights/scorecache.py`). "
        "The target is for every run.",
        "",
        "| database | requests | p50 | p95 | max | bare p50 | bare p95 | bare max | ratio (p95) "
        "| ratio (p50) | response | target met |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    cpu = [
        "",
        "Server CPU time per request (process CPU while the request ran; requests come one at "
        "a time, so this is the request's own work, unaffected by other load on the machine):",
        "",
        "| database | CPU p50 | CPU p95 | bare CPU p50 | bare CPU p95 | ratio (p50) |",
        "|---|---|---|---|---|---|",
    ]
    for kind, r in results.items():
        real, bare = r["real"], r["bare"]
        met = real["p95"] <= TARGET_P95_MS and r["ratio_p95"] <= TARGET_RATIO
        lines.append(
            f"| {kind} | {real['n']} | {real['p50']:.1f} | {real['p95']:.1f} | {real['max']:.1f} "
            f"| {bare['p50']:.1f} | {bare['p95']:.1f} | {bare['max']:.1f} | {r['ratio_p95']:.2f}x "
            f"| {r['ratio_p50']:.2f}x | {r['bytes']['real'] / 1e6:.1f} MB | "
            f"{'yes' if met else 'no'} |"
        )
        rc, bc = r["real_cpu"], r["bare_cpu"]
        cpu.append(
            f"| {kind} | {rc['p50']:.1f} | {rc['p95']:.1f} | {bc['p50']:.1f} | {bc['p95']:.1f} "
            f"| {rc['p50'] / bc['p50']:.2f}x |"
        )
    return "\n".join(lines + cpu) + "\n"


if __name__ == "__main__":
    main_for(["scores"])
