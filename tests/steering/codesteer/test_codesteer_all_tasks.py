"""§10.13: every guide-based method runs on every task with the scripted backend."""

from __future__ import annotations

import json

import pytest
from codesteer_helpers import CHECKER_OK, write_rules

from steering.runner.scheduler import EvalOptions, run_eval
from steering.runner.selection import Selection
from symbench.registry import all_tasks

GUIDE_METHODS = (
    "codesteer",
    "code_text_choice",
    "symbolic_agent",
    "code_text_sum",
    "code_first_rule",
    "code_first_agent",
)
RULES = [
    {"role": "guide", "turn": 0, "reply": "<<<Code>>>"},
    {"role": "guide", "reply": "<<<Return Answer>>>"},
    {"role": "paraphraser", "reply": "Write one program that prints the answer."},
    {"role": "checker", "reply": CHECKER_OK},
    {"role": "summarizer", "reply": "Both say <<<0>>>"},
    {"role": "task", "reply": "```python\nprint('<<<0>>>')\n```"},
]


@pytest.mark.parametrize("method", GUIDE_METHODS)
def test_method_runs_on_every_task(tmp_path, sandbox, method):
    spec = write_rules(tmp_path / "rules.json", RULES)
    tasks = [t.name for t in all_tasks()]
    models = {"task": spec, "guide": spec} if method in ("codesteer", "code_text_choice") else {"task": spec}
    result = run_eval(
        EvalOptions(
            method=method,
            models=models,
            selection=Selection(tasks=tasks, complexity=1, n=1, seed=0),
            output_dir=tmp_path / "runs",
            progress=False,
            cache_mode="off",
            sandbox_obj=sandbox,
            concurrency=8,
        )
    )
    records = [json.loads(x) for x in (result.run_dir / "samples.jsonl").read_text().splitlines()]
    assert len(records) == len(tasks) == result.n_done
    assert {r["instance"]["task"] for r in records} == set(tasks)
    for r in records:
        assert r["status"] == "done" and r["verdict"] is not None and r["stop_reason"], r["error"]
