"""Sandbox start-up cost: the warm pool (a launcher that imported numpy/sympy once forks a child per
job) against a cold start (a fresh launcher and a fresh interpreter per job), per backend.

The job is a small numpy + sympy script, the kind model code usually is. Each figure is the
end-to-end `Sandbox.run` wall time as the harness sees it (launch, limits, execution, capture,
cleanup of every process and the directory).

    python benchmarks/sandbox.py [--runs 20] [--kinds plain bwrap] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from steering.sandbox.factory import make_sandbox

JOB = """
import itertools
import numpy as np
import sympy
x = sympy.symbols('x')
roots = sympy.solve(x**2 - 5*x + 6, x)
m = np.arange(16).reshape(4, 4)
best = max(itertools.permutations(range(4)), key=lambda p: sum(m[i, p[i]] for i in range(4)))
print(sorted(int(r) for r in roots), int(m.trace()), best)
"""
EXPECTED = "[2, 3] 30 (0, 1, 2, 3)"


def measure(kind: str, warm: bool, runs: int) -> dict:
    sandbox = make_sandbox(kind, warm=warm, concurrency=1)
    try:
        if warm:
            sandbox.prewarm(1)
        first = sandbox.run(JOB, 30, purpose="bench")
        assert first.stdout.strip() == EXPECTED, first.stderr
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            result = sandbox.run(JOB, 30, purpose="bench")
            times.append(time.perf_counter() - t0)
            assert result.status == "ok" and result.stdout.strip() == EXPECTED
    finally:
        sandbox.close()
    return {
        "kind": kind,
        "warm": warm,
        "runs": runs,
        "mean_s": statistics.mean(times),
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--kinds", nargs="+", default=["plain", "bwrap"])
    p.add_argument("--out", default=str(Path(__file__).parent / "results" / "sandbox.json"))
    args = p.parse_args()
    rows = []
    for kind in args.kinds:
        try:
            cold = measure(kind, False, args.runs)
            warm = measure(kind, True, args.runs)
        except Exception as exc:  # noqa: BLE001 - a missing backend is reported, not fatal
            print(f"{kind}: unavailable ({exc})")
            continue
        speedup = cold["median_s"] / warm["median_s"]
        rows += [cold, warm]
        print(
            f"{kind:8s} cold median {1000 * cold['median_s']:7.1f} ms (mean {1000 * cold['mean_s']:.1f})   "
            f"warm median {1000 * warm['median_s']:6.1f} ms (mean {1000 * warm['mean_s']:.1f})   "
            f"speed-up x{speedup:.1f}"
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"job": JOB, "results": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
