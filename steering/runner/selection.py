"""Which instances a run covers: a named suite, or task/complexity/n/seed (§4 `symbench eval`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from symbench.errors import SymbenchError
from symbench.generation import generate_instances
from symbench.instance import Instance
from symbench.params import parse_overrides
from symbench.registry import get_task
from symbench.suites import fingerprint, iter_suite


@dataclasses.dataclass
class Selection:
    suite: str | None = None
    tasks: list[str] | None = None
    complexity: int | None = None
    n: int = 1
    seed: int = 0
    params: list[str] | None = None
    limit: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "tasks": self.tasks,
            "complexity": self.complexity,
            "n": self.n,
            "seed": self.seed,
            "params": self.params,
            "limit": self.limit,
        }

    def instances(self) -> list[Instance]:
        if self.suite:
            if self.complexity is not None or self.params:
                raise SymbenchError("--suite cannot be combined with --complexity or --param")
            out = list(iter_suite(self.suite, self.tasks))
        else:
            if not self.tasks:
                raise SymbenchError("choose instances with --suite NAME or --task T --complexity C")
            if self.complexity is None:
                raise SymbenchError("--task needs --complexity (1..10)")
            if self.n < 1:
                raise SymbenchError("-n must be at least 1")
            overrides = parse_overrides(self.params or [])
            out = []
            for task in self.tasks:
                out.extend(generate_instances(get_task(task), self.complexity, self.n, self.seed, overrides))
        if self.limit is not None:
            out = out[: self.limit]
        if not out:
            raise SymbenchError("the selection is empty")
        return out


def selection_fingerprint(instances: Sequence[Instance]) -> str:
    return fingerprint(inst.hash for inst in instances)
