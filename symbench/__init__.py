"""symbench: SymBench's 37 symbolic-reasoning tasks as seeded generators with rule-based verifiers."""

from __future__ import annotations

__version__ = "0.1.0"

from symbench.errors import GenerationError, ParamError, SymbenchError, UnknownTaskError
from symbench.generation import generate_instances, make_instance
from symbench.instance import Instance, Verdict
from symbench.registry import all_tasks, get_task, task_names

__all__ = [
    "GenerationError",
    "Instance",
    "ParamError",
    "SymbenchError",
    "UnknownTaskError",
    "Verdict",
    "__version__",
    "all_tasks",
    "generate_instances",
    "get_task",
    "make_instance",
    "task_names",
]
