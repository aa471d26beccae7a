"""Helpers for harness tests: scripted rule files keyed on instance questions, one-call runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from steering.runner.scheduler import EvalOptions, RunResult, run_eval
from steering.runner.selection import Selection
from symbench.generation import generate_instances

TASK = "matrix_transformation"


def instances(n: int = 2, complexity: int = 1, seed: int = 0):
    return list(generate_instances(TASK, complexity, n, seed))


def grid_pattern(question: str) -> str:
    """A regex that matches only this instance's question (its grid lines)."""
    grid = question.split("\n\n")[1]
    return re.escape(grid)


def answer_code(answer: str) -> str:
    return f"I will compute it.\n```python\nprint('<<<' + {answer!r} + '>>>')\n```\n"


def write_rules(path: Path, rules: list[dict[str, Any]]) -> str:
    path.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return f"scripted:{path}"


def run(tmp: Path, method: str, spec: str, sandbox, n: int = 2, **kw: Any) -> RunResult:
    opts = EvalOptions(
        method=method,
        models={"task": spec},
        selection=Selection(tasks=[TASK], complexity=1, n=n, seed=0),
        output_dir=tmp / "runs",
        progress=False,
        cache_mode="off",
        sandbox_obj=sandbox,
        **kw,
    )
    return run_eval(opts)


def records(result: RunResult) -> list[dict[str, Any]]:
    lines = (result.run_dir / "samples.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]
