"""Scoring files of answers (or the instances' own golds) with the task checkers."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from symbench.errors import DataFormatError
from symbench.instance import Instance, Verdict
from symbench.registry import get_task


@dataclasses.dataclass
class TaskTally:
    n: int = 0
    correct: int = 0
    score: float = 0.0

    def add(self, verdict: Verdict) -> None:
        self.n += 1
        self.correct += int(verdict.correct)
        self.score += verdict.score


@dataclasses.dataclass
class VerifyReport:
    per_task: dict[str, TaskTally]
    failures: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "per_task": {
                name: {"n": t.n, "correct": t.correct, "score": t.score / t.n if t.n else 0.0}
                for name, t in sorted(self.per_task.items())
            },
            "failures": self.failures,
        }

    @property
    def all_correct(self) -> bool:
        return not self.failures


def check_instance_integrity(inst: Instance) -> None:
    if inst.recompute_hash() != inst.hash:
        raise DataFormatError(f"instance {inst.id}: hash does not match its content (edited or corrupted)")


def verify_responses(instances: Sequence[Instance], responses: Mapping[str, str | None]) -> VerifyReport:
    """Score `responses[id]` for every instance; a missing response scores 0 (reason `missing_response`)."""
    per_task: dict[str, TaskTally] = {}
    failures: list[dict[str, Any]] = []
    for inst in instances:
        check_instance_integrity(inst)
        task = get_task(inst.task)
        response = responses.get(inst.id)
        if response is None:
            verdict = Verdict(0.0, False, None, None, "missing_response")
        else:
            verdict = task.verify(inst, response)
        per_task.setdefault(inst.task, TaskTally()).add(verdict)
        if not verdict.correct:
            failures.append(
                {
                    "id": inst.id,
                    "task": inst.task,
                    "score": verdict.score,
                    "reason": verdict.reason,
                    "extracted": verdict.extracted,
                }
            )
    return VerifyReport(per_task, failures)


def verify_gold(instances: Sequence[Instance]) -> VerifyReport:
    return verify_responses(instances, {inst.id: f"<<<{inst.answer}>>>" for inst in instances})
