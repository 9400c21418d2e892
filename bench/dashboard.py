"""The dashboard's budgets: `.venv/bin/python -m bench.dashboard`.

    python -m bench.dashboard [--runs 7]

1. Initial JavaScript: `npm run size` builds the SPA and sums the gzipped entry chunk and
   everything it imports statically (target: <= 300 KB).
2. The champion map with 10,000 stakeholders: `frontend/e2e/map-perf.spec.ts` in headless
   Chromium against the real server (`frontend/e2e/server.sh`, a throwaway SQLite database),
   with the readings served from a fixture; `--runs` fresh page loads of the map, each timed
   from the data's arrival to the main thread being free again (target: <= 1.5 s).
3. The concerns board of a workspace with 2,000 people and 15,000 concerns:
   `frontend/e2e/board-perf.spec.ts`, the same way, with the concerns and people served page by
   page from a fixture; `--runs` fresh loads of the board, and a search on each.

Needs `make install`, `make frontend-install` and Chromium (`/usr/bin/chromium` or
$CHROMIUM_PATH). Prints each number as it comes and writes its section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from bench.common import ROOT, free_port, machine, replace_section, run_header, say, summary

FRONTEND = ROOT / "frontend"
SIZE_BUDGET_KB = 300.0
INTERACTIVE_BUDGET_MS = 1500.0
SECTION = "dashboard"


def run(
    command: list[str], env: dict[str, str] | None = None, timeout: float = 1800, check: bool = True
) -> str:
    """Run `command` in frontend/ and return its output; fail loudly on a bad exit if `check`."""
    done = subprocess.run(
        command,
        cwd=FRONTEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{output}")
    return output


def initial_js() -> dict:
    """`npm run size`: the initial JavaScript, gzipped, and the chunks it is made of."""
    # Over budget it exits 1 after printing the sizes: still a result to record.
    output = run(["npm", "run", "--silent", "size"], check=False)
    total = re.search(r"Initial JS: ([\d.]+) KB gzipped \(budget ([\d.]+) KB\)", output)
    if not total:
        raise RuntimeError(f"`npm run size` printed no total:\n{output}")
    chunks = re.findall(r"^\s*([\d.]+) KB gz\s+(\S+)$", output, flags=re.MULTILINE)
    lazy = re.search(r"Lazy chunks: (\d+)", output)
    result = {
        "kb": float(total[1]),
        "budget_kb": float(total[2]),
        "chunks": [(name, float(kb)) for kb, name in chunks],
        "lazy_chunks": int(lazy[1]) if lazy else None,
    }
    say(f"initial JS: {result['kb']} KB gzipped in {len(result['chunks'])} chunk(s)")
    return result


def chromium_version(path: str) -> str:
    done = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def spec_perf(name: str, runs: int) -> dict:
    """The `{name}` spec (map-perf, board-perf), `runs` page loads; every run's numbers."""
    runs_var = name.split("-")[0].upper() + "_PERF_RUNS"
    env = dict(os.environ, **{runs_var: str(runs)}, E2E_PORT=str(free_port()))
    env.pop("CI", None)  # no retries: a retried run would be measured twice
    output = run(["npx", "playwright", "test", name], env=env, timeout=600 + 120 * runs)
    for line in output.splitlines():
        if line.startswith(f"{name}: "):
            say(f"  {line}")
    found = [line for line in output.splitlines() if line.startswith(f"{name}-json: ")]
    if not found:
        raise RuntimeError(f"the {name} spec printed no `{name}-json:` line:\n{output}")
    data = json.loads(found[-1].removeprefix(f"{name}-json: "))
    if len(data["runs"]) != runs:
        raise RuntimeError(f"expected {runs} runs, got {len(data['runs'])}")
    return data


def fmt(value: float) -> str:
    return f"{value:,.0f}"


def row(measure: str, runs: object, cells: list[str], target: str = "", met: str = "") -> str:
    return "| " + " | ".join([measure, str(runs), *cells, target, met]) + " |"


def section(size: dict, perf: dict, board: dict, header: str, chromium: str) -> str:
    runs = perf["runs"]
    n = len(runs)

    def stat(key: str, of: list[dict] = runs) -> dict[str, float]:
        return summary([float(r[key]) for r in of])

    def cells(s: dict[str, float]) -> list[str]:
        return [fmt(s["p50"]), fmt(s["p95"]), fmt(s["max"])]

    interactive = stat("interactive")
    interactive_met = interactive["p95"] <= INTERACTIVE_BUDGET_MS
    size_met = size["kb"] <= SIZE_BUDGET_KB
    map_ = f"map, {perf['points']:,} points"
    rows = [
        "| measure | runs | p50 | p95 | max | target | target met |",
        "|---|---|---|---|---|---|---|",
        row(
            "initial JavaScript, gzipped",
            "build",
            [f"{size['kb']:.1f} KB", "", ""],
            f"<= {SIZE_BUDGET_KB:.0f} KB",
            "yes" if size_met else "no",
        ),
        row(
            f"{map_}: data → interactive (ms)",
            n,
            cells(interactive),
            f"p95 <= {INTERACTIVE_BUDGET_MS:,.0f}",
            "yes" if interactive_met else "no",
        ),
        row(f"{map_}: data → first full render (ms)", n, cells(stat("render"))),
        row("map: long tasks (> 50 ms) after the data", n, cells(stat("longTasks"))),
        row("map: mouse on a point → hover card (ms)", n, cells(stat("hover"))),
        row(
            f"concerns board, {board['concerns']:,} concerns: load → drawn (ms)",
            len(board["runs"]),
            cells(stat("load", board["runs"])),
        ),
        row(
            "concerns board: a search → the columns filtered (ms)",
            len(board["runs"]),
            cells(stat("search", board["runs"])),
        ),
        row("concerns board: cards drawn", len(board["runs"]), cells(stat("cards", board["runs"]))),
    ]
    biggest = ", ".join(f"`{name}` {kb:.1f} KB" for name, kb in size["chunks"])
    lazy = size["lazy_chunks"]
    return "\n".join(
        [
            "## 4. Dashboard: initial JavaScript, the 10,000-point map and a large concerns board",
            "",
            header,
            "",
            f"Targets: initial JavaScript <= {SIZE_BUDGET_KB:.0f} KB gzipped; with 10,000 "
            "stakeholders the champion map is interactive within 1.5 s of its data arriving, "
            f"in headless Chromium ({chromium}).",
            "",
            *rows,
            "",
            "Initial JavaScript is the entry chunk and every chunk it imports statically "
            f"(`npm run size`): {biggest}. Pages and ECharts load lazily"
            + (f" ({lazy} lazy chunks) and are not counted." if lazy is not None else "."),
            "",
            "The map numbers come from `frontend/e2e/map-perf.spec.ts`: the real server and SPA, "
            "the 10,000 readings served from a fixture, and each run a fresh load of the map "
            "page with a warm HTTP cache. *Data → interactive* runs from the parsed response "
            "(`rapport:scores-received`) to the end of the last long task on the main thread, "
            "or the first frame after ECharts' first finished render, whichever is later; the "
            "hover time includes the test driver's round trip.",
            "",
            "The board numbers come from `frontend/e2e/board-perf.spec.ts`: "
            f"{board['people']:,} people and {board['concerns']:,} concerns (the mix of "
            "`rapport generate --stakeholders 2000 --records 100000`) served page by page, 200 "
            "a page as the API does, from a fixture. *Load → drawn* runs from navigating to the "
            "board until its four columns are drawn (every page fetched, grouped and sorted); "
            "the search types a word a quarter of the concerns hold. Each column draws at most "
            "50 cards until asked for more.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=7, help="page loads of the map and the board (default 7)"
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    command = " ".join(["python -m bench.dashboard", *map(shlex.quote, sys.argv[1:])])
    started = machine()
    say(f"{command}\n{started}")

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        sys.exit(f"{chromium} is missing: apt-get install chromium, or set CHROMIUM_PATH")
    if not (FRONTEND / "node_modules").is_dir():
        sys.exit("frontend/node_modules is missing: run `make frontend-install`")

    size = initial_js()  # also the build the map test serves
    say(f"map: {args.runs} run(s) of {FRONTEND.name}/e2e/map-perf.spec.ts")
    perf = spec_perf("map-perf", args.runs)
    say(f"board: {args.runs} run(s) of {FRONTEND.name}/e2e/board-perf.spec.ts")
    board = spec_perf("board-perf", args.runs)
    text = section(size, perf, board, run_header(command, started), chromium_version(chromium))
    replace_section(SECTION, text, Path(args.output))
    say(f"wrote the {SECTION} section of {args.output}")


if __name__ == "__main__":
    main()
