"""Harness efficiency against a fixed-latency OpenAI-compatible endpoint.

The endpoint (steering.testing.openai_server) runs in its own process, so this process's CPU time
is the harness alone. Two measurements:

* `runner`: the whole `symbench eval` path (`run_eval`: only_question over N instances, the
  official openai client, retries machinery, the per-endpoint window, the SQLite cache, fsynced
  records, scoring), wall time of the sample phase against the ideal n_calls x latency /
  concurrency (the whole command's wall is reported too), and the marginal CPU per call: the slope
  of harness CPU between runs of N and 3N calls (instance generation measured apart and subtracted;
  one-time start-up and scoring cancel out).
* `call_path`: ModelCaller + OpenAIBackend alone, the same way.

Targets: >= 90 % of ideal at concurrency 64 and <= 2 ms harness CPU per call.

    python benchmarks/harness.py [--calls 1024] [--latency 0.5] [--concurrency 64] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openai  # noqa: F401 - imported once up front: a one-time cost, not a per-call one

from steering.backends.base import ChatRequest
from steering.backends.factory import make_backend
from steering.backends.spec import parse_spec
from steering.runner.caller import ModelCaller, RoleBinding
from steering.runner.scheduler import EvalOptions, run_eval
from steering.runner.selection import Selection

TARGET_EFFICIENCY = 0.90
TARGET_CPU_MS = 2.0


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def start_server(latency: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "steering.testing.openai_server", "--latency", str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = proc.stdout.readline().strip()
    return proc, url


def bench_call_path(url: str, calls: int, concurrency: int, latency: float) -> dict:
    spec = parse_spec(f"openai:test-model?max_connections={concurrency}")
    backend = make_backend(spec, url, "sk-bench")
    binding = RoleBinding(
        "task",
        spec.text,
        backend,
        {"temperature": 0.0, "top_p": 1.0, "max_tokens": 64},
        backend.identity,
        "bench",
    )
    caller = ModelCaller()

    async def go() -> float:
        await backend.start()
        await asyncio.gather(
            *(
                caller.call(binding, ChatRequest([{"role": "user", "content": "warm"}], {}, seed=-i))
                for i in range(concurrency)
            )
        )
        c0, t0 = cpu_s(), time.perf_counter()
        await asyncio.gather(
            *(
                caller.call(
                    binding, ChatRequest([{"role": "user", "content": f"q{i}"}], binding.sampling, seed=i)
                )
                for i in range(calls)
            )
        )
        wall = time.perf_counter() - t0
        used = cpu_s() - c0
        await backend.aclose()
        return wall, used

    wall, used = asyncio.run(go())
    ideal = calls * latency / concurrency
    return {
        "calls": calls,
        "wall_s": wall,
        "ideal_s": ideal,
        "efficiency": ideal / wall,
        "cpu_ms_per_call": 1000 * used / calls,
    }


def bench_runner(url: str, calls: int, concurrency: int, latency: float) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="symbench-bench-"))
    selection = Selection(tasks=["matrix_transformation"], complexity=1, n=calls, seed=0)
    selection.instances()  # loads the task registry once; the run generates the instances again
    c0 = cpu_s()
    selection.instances()
    gen_cpu = cpu_s() - c0
    os.environ["SYMBENCH_TASK_BASE_URL"] = url
    opts = EvalOptions(
        method="only_question",
        models={"task": "openai:test-model"},
        selection=selection,
        concurrency=concurrency,
        output_dir=workdir / "runs",
        progress=False,
        sandbox="plain",
    )
    c0, t0 = cpu_s(), time.perf_counter()
    result = run_eval(opts)
    wall = time.perf_counter() - t0
    used = cpu_s() - c0 - gen_cpu
    config = json.loads((result.run_dir / "config.json").read_text())
    session = config["sessions"][-1]
    run_wall = session["ended_at"] - session["started_at"]
    records = [json.loads(line) for line in (result.run_dir / "samples.jsonl").read_text().splitlines()]
    # the sample phase: first sample started to last sample finished (start-up and scoring apart)
    phase = max(r["timing"]["ended_at"] for r in records) - min(r["timing"]["started_at"] for r in records)
    shutil.rmtree(workdir, ignore_errors=True)
    ideal = calls * latency / concurrency
    return {
        "calls": calls,
        "done": result.n_done,
        "errors": result.n_error,
        "wall_s": wall,
        "session_wall_s": run_wall,
        "sample_phase_s": phase,
        "ideal_s": ideal,
        "efficiency_total": ideal / wall,
        "efficiency": ideal / phase,
        "cpu_ms_per_call": 1000 * used / calls,
        "generation_cpu_s": gen_cpu,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--calls", type=int, default=1024)
    p.add_argument("--latency", type=float, default=0.5)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--out", default=str(Path(__file__).parent / "results" / "harness.json"))
    args = p.parse_args()
    server, url = start_server(args.latency)
    try:
        call_path = bench_call_path(url, args.calls, args.concurrency, args.latency)
        small = bench_runner(url, args.calls, args.concurrency, args.latency)
        runner = bench_runner(url, 3 * args.calls, args.concurrency, args.latency)
        # marginal CPU per call: the slope between the two run sizes (start-up and scoring cancel out)
        total_small = small["cpu_ms_per_call"] * small["calls"]
        total_big = runner["cpu_ms_per_call"] * runner["calls"]
        runner["cpu_ms_per_call_with_startup"] = runner["cpu_ms_per_call"]
        runner["cpu_ms_per_call"] = (total_big - total_small) / (runner["calls"] - small["calls"])
        runner["smaller_run"] = small
    finally:
        server.kill()
        server.wait()
    report = {
        "latency_s": args.latency,
        "concurrency": args.concurrency,
        "cpu_count": os.cpu_count(),
        "call_path": call_path,
        "runner": runner,
        "targets": {"efficiency": TARGET_EFFICIENCY, "cpu_ms_per_call": TARGET_CPU_MS},
    }
    for name, r in (("call path", call_path), ("runner (symbench eval)", runner)):
        ok = r["efficiency"] >= TARGET_EFFICIENCY and r["cpu_ms_per_call"] <= TARGET_CPU_MS
        extra = ""
        if "efficiency_total" in r:
            extra = (
                f"  [whole command incl. start-up and scoring: {r['wall_s']:.2f} s, "
                f"{100 * r['efficiency_total']:.1f}%]"
            )
        wall = r.get("sample_phase_s", r["wall_s"])
        print(
            f"{name:24s} {r['calls']} calls  wall {wall:.2f} s  ideal {r['ideal_s']:.2f} s  "
            f"efficiency {100 * r['efficiency']:.1f}%  CPU {r['cpu_ms_per_call']:.2f} ms/call  "
            f"{'OK' if ok else 'BELOW TARGET'}{extra}"
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
