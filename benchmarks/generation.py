"""Generation and verification speed per task and level.

Prints a table and writes JSON (default `benchmarks/results/generation.json`). Targets on the 2-core
reference machine: p99 <= 50 ms per generated instance at every level (<= 200 ms at levels 9-10 of
search-heavy tasks) and >= 5,000 verifications/s per task.

The targets are judged on CPU time per instance (`time.process_time`), which a busy shared machine
inflates far less than wall time; wall-clock p99 is printed beside it. One warm-up instance per level
(not timed) keeps one-time set-up such as lazily built tables out of the figures.

    python benchmarks/generation.py [--tasks T ...] [--levels 1-10] [-n 30] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from symbench.generation import make_instance
from symbench.registry import all_tasks, get_task

GEN_TARGET_MS = 50.0
GEN_TARGET_HEAVY_MS = 200.0
VERIFY_TARGET_PER_S = 5000.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))
    return ordered[k]


def bench_level(task, level: int, n: int, seed: int) -> dict:
    gen_ms: list[float] = []
    cpu_ms: list[float] = []
    instances = []
    make_instance(task, level, seed + 1, 0)  # warm-up, not timed
    for i in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        inst = make_instance(task, level, seed, i)
        cpu_ms.append((time.process_time() - c0) * 1000)
        gen_ms.append((time.perf_counter() - t0) * 1000)
        instances.append(inst)
    responses = [f"Final answer: <<<{inst.answer}>>>" for inst in instances]
    wrong = [f"<<<{c}>>>" for inst in instances for c in task.corruptions(inst)[:1]]
    ver_ms: list[float] = []
    rounds = max(1, 2000 // max(1, len(responses) + len(wrong)))
    c0 = time.process_time()
    for _ in range(rounds):
        for inst, resp in zip(instances, responses):
            t0 = time.perf_counter()
            task.verify(inst, resp)
            ver_ms.append((time.perf_counter() - t0) * 1000)
        for inst, resp in zip(instances, wrong):
            t0 = time.perf_counter()
            task.verify(inst, resp)
            ver_ms.append((time.perf_counter() - t0) * 1000)
    ver_cpu = time.process_time() - c0
    gen_total = sum(cpu_ms) / 1000
    return {
        "task": task.name,
        "level": level,
        "n": n,
        "gen_per_s": n / gen_total if gen_total else float("inf"),
        "gen_p50_ms": statistics.median(cpu_ms),
        "gen_p99_ms": percentile(cpu_ms, 0.99),
        "gen_max_ms": max(cpu_ms),
        "gen_wall_p99_ms": percentile(gen_ms, 0.99),
        "verify_per_s": len(ver_ms) / ver_cpu if ver_cpu else float("inf"),
        "verify_p99_ms": percentile(ver_ms, 0.99),
    }


def parse_levels(text: str) -> list[int]:
    if "-" in text:
        lo, hi = text.split("-", 1)
        return list(range(int(lo), int(hi) + 1))
    return [int(x) for x in text.split(",")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", nargs="+", help="task names (default: all)")
    ap.add_argument("--levels", default="1-10")
    ap.add_argument("-n", type=int, default=30, help="instances per task and level")
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "generation.json"))
    args = ap.parse_args(argv)

    tasks = [get_task(t) for t in args.tasks] if args.tasks else all_tasks()
    levels = parse_levels(args.levels)
    rows = []
    header = (
        f"{'task':34} {'lvl':>3} {'gen/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'wall p99':>9} "
        f"{'verify/s':>10}  ok"
    )
    print(header)
    print("-" * len(header))
    misses = 0
    for task in tasks:
        for level in levels:
            row = bench_level(task, level, args.n, args.seed)
            limit = GEN_TARGET_HEAVY_MS if level >= 9 else GEN_TARGET_MS
            row["gen_target_ms"] = limit
            row["meets_targets"] = row["gen_p99_ms"] <= limit and row["verify_per_s"] >= VERIFY_TARGET_PER_S
            misses += not row["meets_targets"]
            rows.append(row)
            print(
                f"{task.name:34} {level:>3} {row['gen_per_s']:>9.1f} {row['gen_p50_ms']:>8.2f} "
                f"{row['gen_p99_ms']:>8.2f} {row['gen_max_ms']:>8.2f} {row['gen_wall_p99_ms']:>9.2f} "
                f"{row['verify_per_s']:>10.0f}  "
                f"{'yes' if row['meets_targets'] else 'NO'}",
                flush=True,
            )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "python": sys.version.split()[0]}, indent=2))
    print(f"\n{len(rows)} rows, {misses} below target; JSON written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
