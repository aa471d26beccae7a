"""Helpers for the guide-loop tests: one scripted sample per call, its record and config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from steering.backends.base import ChatRequest
from steering.codesteer.guide_context import sent_view
from steering.runner.scheduler import EvalOptions, run_eval
from steering.runner.selection import Selection
from symbench.generation import generate_instances

TASK = "matrix_transformation"
CHECKER_OK = "Checking.\n```python\nprint('Correct')\n```"
CHECKER_BAD = "Checking.\n```python\nprint('row 1 is wrong')\n```"


def instance():
    return next(iter(generate_instances(TASK, 1, 1, 0)))


def code_answer(answer: str) -> str:
    return f"Plan.\n```python\nprint('<<<' + {answer!r} + '>>>')\n```\n"


def write_rules(path: Path, rules: list[dict[str, Any]]) -> str:
    path.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return f"scripted:{path}"


def run_sample(
    tmp: Path,
    sandbox,
    *,
    guide: list[dict[str, Any]] | None,
    task: list[dict[str, Any]],
    method: str = "codesteer",
    config: dict[str, Any] | None = None,
    guide_options: str = "",
    models: dict[str, str] | None = None,
    prompt_pack: str = "symbench-default-1",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run one sample; returns (record, config.json)."""
    tmp.mkdir(parents=True, exist_ok=True)
    specs: dict[str, str | None] = {"task": write_rules(tmp / "task.json", task)}
    if guide is not None:
        specs["guide"] = write_rules(tmp / "guide.json", guide) + guide_options
    specs.update(models or {})
    result = run_eval(
        EvalOptions(
            method=method,
            models=specs,
            selection=Selection(tasks=[TASK], complexity=1, n=1, seed=0),
            method_config=config or {},
            output_dir=tmp / "runs",
            progress=False,
            cache_mode="off",
            sandbox_obj=sandbox,
            prompt_pack=prompt_pack,
        )
    )
    record = json.loads((result.run_dir / "samples.jsonl").read_text().splitlines()[-1])
    assert record["status"] == "done", record["error"]
    return record, json.loads((result.run_dir / "config.json").read_text())


def assert_requests_rebuild(record: dict[str, Any]) -> None:
    """Every call's recorded view (prefix + §5.6 reductions) re-renders to its request hash."""
    for call in record["calls"]:
        name, _, index = call["conv"].partition(".")
        conv = record["conversations"][name]
        if index:
            conv = conv[int(index)]
        view = sent_view(conv, call["upto"], call["reductions"])
        assert ChatRequest(view, call["sampling"], call["seed"]).sha256 == call["request_sha256"], call


def roles_of(conv: list[dict[str, str]]) -> list[str]:
    return [m["role"] for m in conv]
