"""Named suites: `symbench-v1` (37 tasks x 100 at each spec's level mix) and `symbench-v1-mini`
(37 x 10, a proportional subset of v1 so mini scores are comparable), each with a fingerprint."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence

from symbench.canonical import sha256_hex
from symbench.errors import SymbenchError
from symbench.generation import make_instance
from symbench.instance import Instance
from symbench.registry import all_tasks, get_task
from symbench.task import Task

SUITE_SEED = 20250601  # fixed seed of every symbench-v1 instance; changing it makes a new suite


@dataclasses.dataclass(frozen=True)
class SuiteItem:
    task: str
    complexity: int
    seed: int
    index: int


def fingerprint(hashes: Iterable[str]) -> str:
    """sha256 over the instance hashes in suite order, one per line."""
    return sha256_hex("\n".join(hashes))


def allocate(mix: dict[int, int], total: int) -> dict[int, int]:
    """Largest-remainder allocation of `total` over the levels of `mix`, in proportion to it."""
    whole = sum(mix.values())
    quotas = {lvl: n * total / whole for lvl, n in mix.items()}
    out = {lvl: int(q) for lvl, q in quotas.items()}
    rest = total - sum(out.values())
    for lvl in sorted(mix, key=lambda lv: (-(quotas[lv] - out[lv]), lv))[:rest]:
        out[lvl] += 1
    return {lvl: n for lvl, n in out.items() if n}


def _v1_items(task: Task, per_task: int) -> list[SuiteItem]:
    mix = dict(task.v1_mix) if per_task == 100 else allocate(dict(task.v1_mix), per_task)
    return [
        SuiteItem(task.name, level, SUITE_SEED, index) for level in sorted(mix) for index in range(mix[level])
    ]


SUITES: dict[str, int] = {"symbench-v1": 100, "symbench-v1-mini": 10}


def suite_items(name: str, tasks: Sequence[str] | None = None) -> list[SuiteItem]:
    if name not in SUITES:
        raise SymbenchError(f"unknown suite {name!r}; known suites: {', '.join(SUITES)}")
    chosen = [get_task(t) for t in tasks] if tasks else all_tasks()
    items: list[SuiteItem] = []
    for task in chosen:
        items.extend(_v1_items(task, SUITES[name]))
    return items


@dataclasses.dataclass
class Suite:
    name: str
    instances: list[Instance]

    @property
    def fingerprint(self) -> str:
        return fingerprint(inst.hash for inst in self.instances)


def iter_suite(
    name: str, tasks: Sequence[str] | None = None, progress: Callable[[int], None] | None = None
) -> Iterator[Instance]:
    for item in suite_items(name, tasks):
        yield make_instance(item.task, item.complexity, item.seed, item.index)
        if progress:
            progress(1)


def load_suite(name: str, tasks: Sequence[str] | None = None) -> Suite:
    return Suite(name, list(iter_suite(name, tasks)))
