"""CodeSteer per-sample cost against fixed-latency OpenAI-compatible endpoints.

Two loopback endpoints run in their own processes: the task endpoint (TaskLLM and Self-answer
Checker) and the guide endpoint, each answering after a fixed latency. `symbench`'s whole eval path
runs the `codesteer` method over N instances. Scenarios:

* `turn_cap`: the guide always gives guidance, so every sample runs all `max_turns` guidance turns
  (the worst case: 6 guide calls, 6 TaskLLM answers, 5 self-checks).
* `early_stop`: the guide returns the answer at turn 1 (the best case: 2 guide calls).

Reported per scenario: per-sample wall time (mean, median, p95), calls per sample by role, the
guide's share of each sample's wall time (sum of guide-call latencies / sample wall), and the
efficiency against the sequential ideal of one sample (sum of its call latencies and executions).

    python benchmarks/codesteer.py [--n 16] [--concurrency 16] [--task-latency 0.2]
                                   [--guide-latency 0.1] [--out benchmarks/results/codesteer.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GUIDANCE = "The answer is not verified yet.\n<<<Write one program that checks every constraint, then print>>>"
TASK_ANSWER = "Plan: rotate.\n```python\nrows = [[1, 2], [3, 4]]\nprint('<<<' + ','.join(str(x) for r in zip(*rows[::-1]) for x in r) + '>>>')\n```"
CHECKER_CODE = "```python\nprint('Correct')\n```"


def serve(role: str, latency: float, scenario: str) -> None:
    """Child process: one endpoint with the scenario's rules; prints its URL, serves until killed."""
    from steering.testing.openai_server import OpenAIServer, Rule

    if role == "guide":
        body = GUIDANCE if scenario == "turn_cap" else "<<<Return Answer>>>"
        rules = [
            Rule(match=r"^The latest answer", reply=body),
            Rule(reply="Write a program that rotates the grid."),
        ]
        models = ("guide-model",)
    else:
        rules = [Rule(match=r"Answer to test:", reply=CHECKER_CODE), Rule(reply=TASK_ANSWER)]
        models = ("task-model",)
    server = OpenAIServer(models=models, rules=rules, latency_s=latency, keep_requests=False)

    async def run() -> None:
        task = asyncio.create_task(server.serve_forever(0))
        while not server.port:
            await asyncio.sleep(0.01)
        print(server.url, flush=True)
        await task

    asyncio.run(run())


def start(role: str, latency: float, scenario: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", role, "--latency", str(latency), "--scenario", scenario],
        stdout=subprocess.PIPE,
        text=True,
    )
    return proc, proc.stdout.readline().strip()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_scenario(scenario: str, n: int, concurrency: int, task_latency: float, guide_latency: float) -> dict:
    from steering.runner.scheduler import EvalOptions, run_eval
    from steering.runner.selection import Selection

    procs = [start("task", task_latency, scenario), start("guide", guide_latency, scenario)]
    workdir = Path(tempfile.mkdtemp(prefix="symbench-bench-codesteer-"))
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench-placeholder")
    try:
        t0 = time.perf_counter()
        result = run_eval(
            EvalOptions(
                method="codesteer",
                models={"task": "openai:task-model", "guide": "openai:guide-model"},
                base_urls={"task": procs[0][1], "guide": procs[1][1]},
                selection=Selection(tasks=["matrix_transformation"], complexity=1, n=n, seed=0),
                concurrency=concurrency,
                output_dir=workdir / "runs",
                progress=False,
                cache_mode="off",
            )
        )
        wall = time.perf_counter() - t0
        records = [json.loads(x) for x in (result.run_dir / "samples.jsonl").read_text().splitlines()]
    finally:
        for proc, _ in procs:
            proc.terminate()
            proc.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    walls = [r["timing"]["wall_s"] for r in records]
    roles = ("task", "guide", "checker")
    calls = {
        role: statistics.mean(sum(c["role"] == role for c in r["calls"]) for r in records) for role in roles
    }
    guide_s = [sum(c["latency_s"] or 0 for c in r["calls"] if c["role"] == "guide") for r in records]
    llm_s = [r["timing"]["llm_s"] for r in records]
    exec_s = [r["timing"]["exec_s"] for r in records]
    ideal = [a + b for a, b in zip(llm_s, exec_s)]
    return {
        "scenario": scenario,
        "samples": len(records),
        "errors": sum(r["status"] == "error" for r in records),
        "stop_reasons": sorted({r["stop_reason"] for r in records}),
        "run_wall_s": round(wall, 3),
        "sample_wall_s": {
            "mean": round(statistics.mean(walls), 3),
            "median": round(statistics.median(walls), 3),
            "p95": round(pct(walls, 0.95), 3),
        },
        "calls_per_sample": {
            **{k: round(v, 2) for k, v in calls.items()},
            "total": round(sum(calls.values()), 2),
        },
        "executions_per_sample": round(statistics.mean(len(r["executions"]) for r in records), 2),
        "guide_share_of_wall": round(statistics.mean(g / w for g, w in zip(guide_s, walls)), 3),
        "exec_s_per_sample": round(statistics.mean(exec_s), 3),
        "efficiency_vs_sequential_ideal": round(statistics.mean(i / w for i, w in zip(ideal, walls)), 3),
        "expected_llm_s_per_sample": round(
            calls["task"] * task_latency + calls["checker"] * task_latency + calls["guide"] * guide_latency, 3
        ),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=16)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--task-latency", type=float, default=0.2)
    p.add_argument("--guide-latency", type=float, default=0.1)
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "codesteer.json")
    p.add_argument("--serve", choices=("task", "guide"), help=argparse.SUPPRESS)
    p.add_argument("--latency", type=float, default=0.0, help=argparse.SUPPRESS)
    p.add_argument("--scenario", default="turn_cap", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve:
        serve(args.serve, args.latency, args.scenario)
        return 0
    results = {
        "n": args.n,
        "concurrency": args.concurrency,
        "task_latency_s": args.task_latency,
        "guide_latency_s": args.guide_latency,
        "cpu_count": os.cpu_count(),
        "scenarios": [
            run_scenario(s, args.n, args.concurrency, args.task_latency, args.guide_latency)
            for s in ("turn_cap", "early_stop")
        ],
    }
    for r in results["scenarios"]:
        w, c = r["sample_wall_s"], r["calls_per_sample"]
        print(
            f"{r['scenario']:>10}: {r['samples']} samples ({r['errors']} errors, stop {','.join(r['stop_reasons'])}); "
            f"per-sample wall mean {w['mean']:.2f} s, median {w['median']:.2f} s, p95 {w['p95']:.2f} s "
            f"(sequential LLM time {r['expected_llm_s_per_sample']:.2f} s); calls/sample task {c['task']}, "
            f"guide {c['guide']}, checker {c['checker']} (total {c['total']}); executions/sample "
            f"{r['executions_per_sample']}; guide share of wall {100 * r['guide_share_of_wall']:.1f} %; "
            f"efficiency vs sequential ideal {100 * r['efficiency_vs_sequential_ideal']:.1f} %"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
