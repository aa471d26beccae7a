"""Turning (task, complexity, params, seed, index) into instances."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from symbench.instance import Instance, instance_hash
from symbench.params import Params
from symbench.registry import get_task
from symbench.rng import instance_rng
from symbench.task import Imported, Task


def build_instance(
    task: Task,
    complexity: int | None,
    params: Params,
    seed: int | None,
    index: int | None,
    puzzle: dict[str, Any],
    answer: str,
    meta: dict[str, Any],
    id_: str | None = None,
) -> Instance:
    params_json = params.to_json()
    digest = instance_hash(task.name, task.version, params_json, puzzle)
    if id_ is None:
        id_ = f"{task.name}-c{complexity}-s{seed}-i{index}-{digest[:8]}"
    return Instance(
        id=id_,
        task=task.name,
        task_version=task.version,
        complexity=complexity,
        params=params_json,
        seed=seed,
        index=index,
        puzzle=puzzle,
        question=task.render(puzzle),
        answer=answer,
        hash=digest,
        meta=meta,
    )


def make_instance(
    task: Task | str,
    complexity: int,
    seed: int,
    index: int,
    overrides: Mapping[str, str] | None = None,
    params: Params | None = None,
) -> Instance:
    """One seeded instance: a pure function of its arguments."""
    task = get_task(task) if isinstance(task, str) else task
    if params is None:
        params = task.params(complexity, overrides)
    params_json = params.to_json()
    rng = instance_rng(task.name, task.version, complexity, params_json, seed, index)
    generated = task.generate(params, rng)
    return build_instance(
        task, complexity, params, seed, index, generated.puzzle, generated.answer, {"source": "generated"}
    )


def generate_instances(
    task: Task | str,
    complexity: int,
    n: int,
    seed: int = 0,
    overrides: Mapping[str, str] | None = None,
    start_index: int = 0,
) -> Iterator[Instance]:
    task = get_task(task) if isinstance(task, str) else task
    params = task.params(complexity, overrides)
    for index in range(start_index, start_index + n):
        yield make_instance(task, complexity, seed, index, params=params)


def imported_instance(task: Task, item: Imported, source: str = "codesteer-v1") -> Instance:
    if item.params is None and item.complexity is None:
        raise ValueError(f"{task.name}: an imported item without a level must carry its params")
    params = item.params or task.params(item.complexity)
    meta = {"source": source, "original": item.key, "errata": list(item.errata), **item.extra_meta}
    if item.original_answer is not None:
        meta["original_answer"] = item.original_answer
    ident = f"{task.name}-orig-{item.key.replace('/', '-')}"
    return build_instance(
        task, item.complexity, params, None, None, item.puzzle, item.answer, meta, id_=ident
    )
