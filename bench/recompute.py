"""Target 3: `rapport recompute` of the generated workspace, wall time, under 30 s.

Also times `rapport generate` (reported with it) and `rapport reconcile`, which must find no
drift after the recompute and after the conversations the write benchmark logged.
"""

from __future__ import annotations

from bench.common import LAST_CPU, Database, Workspace, main_for, run_cli, say

TARGET_SECONDS = 30.0


def run(db: Database, ws: Workspace) -> dict:
    reconcile_before, before = run_cli(db, "reconcile", "--workspace", str(ws.id), check=False)
    recompute, _ = run_cli(db, "recompute", "--workspace", str(ws.id), timeout=900)
    recompute_cpu = LAST_CPU[0]
    startup, _ = run_cli(db, "--help")
    startup_cpu = LAST_CPU[0]
    reconcile, out = run_cli(db, "reconcile", "--workspace", str(ws.id), check=False)
    result = {
        "generate": ws.generate_seconds,
        "recompute": recompute,
        "recompute_cpu": recompute_cpu,
        "startup": startup,
        "startup_cpu": startup_cpu,
        "reconcile_before": reconcile_before,
        "reconcile": reconcile,
        "drift_before": before.strip().splitlines()[-1].split(": ", 1)[-1],
        "drift": out.strip().splitlines()[-1].split(": ", 1)[-1],
    }
    say(
        f"  recompute {recompute:.1f} s (CPU {recompute_cpu:.1f} s; process start alone "
        f"{startup:.1f} s) | reconcile {reconcile:.1f} s (before: "
        f"{result['drift_before']}; after: {result['drift']}) "
        f"| generate {ws.generate_seconds:.1f} s"
    )
    return result


def section(results: dict[str, dict], stakeholders: int, records: int) -> str:
    lines = [
        f"## 3. Recompute of {stakeholders:,} stakeholders / {records:,} records (seconds)",
        "",
        f"Target: `rapport recompute` under {TARGET_SECONDS:g} s. Wall time of the command, "
        "process start included. `reconcile` checks the stored readings against a "
        "recomputation (first after the write benchmark's conversations, then after the "
        "recompute).",
        "",
        "| database | recompute | its CPU (user+sys) | process start alone (wall / CPU) "
        "| reconcile (after writes) | reconcile (after recompute) "
        "| drift (after writes / after recompute) | generate | target met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in results.items():
        lines.append(
            f"| {kind} | {r['recompute']:.1f} | {r['recompute_cpu']:.1f} "
            f"| {r['startup']:.1f} / {r['startup_cpu']:.1f} | {r['reconcile_before']:.1f} | "
            f"{r['reconcile']:.1f} | {r['drift_before']} / {r['drift']} | {r['generate']:.1f} | "
            f"{'yes' if r['recompute'] < TARGET_SECONDS else 'no'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main_for(["recompute"])
