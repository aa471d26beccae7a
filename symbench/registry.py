"""Task registry: built-in tasks register on import of `symbench.tasks`; third-party tasks come in
through the entry-point group `symbench.tasks` (each entry point names a `Task` subclass)."""

from __future__ import annotations

import difflib
from importlib.metadata import entry_points

from symbench.errors import SymbenchError, UnknownTaskError
from symbench.task import CATEGORIES, GROUPS, LEVELS, Task

_TASKS: dict[str, Task] = {}
_ALIASES: dict[str, str] = {}
_loaded = False


def register(cls: type[Task]) -> type[Task]:
    """Class decorator: validate the task's metadata and add one instance of it to the registry."""
    task = cls()
    problems = []
    if task.group not in GROUPS:
        problems.append(f"group must be one of {GROUPS}")
    if task.category not in CATEGORIES:
        problems.append(f"category must be one of {CATEGORIES}")
    if set(task.ladder) != set(LEVELS):
        problems.append("the ladder must define levels 1..10")
    if not task.v1_mix or sum(task.v1_mix.values()) != 100:
        problems.append("v1_mix must allot 100 instances")
    if problems:
        raise SymbenchError(f"task {cls.__name__}: " + "; ".join(problems))
    for key in (task.name, *task.aliases):
        owner = _ALIASES.get(key)
        if owner is not None and owner != task.name:
            raise SymbenchError(f"task name or alias {key!r} is registered twice ({owner}, {task.name})")
    _TASKS[task.name] = task
    for key in (task.name, *task.aliases):
        _ALIASES[key] = task.name
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import symbench.tasks  # noqa: F401  (registers the built-in tasks)

    for ep in entry_points(group="symbench.tasks"):
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not break the built-in tasks
            raise SymbenchError(f"could not load task plugin {ep.name!r} ({ep.value}): {exc}") from None
        if isinstance(obj, type) and issubclass(obj, Task) and obj.name not in _TASKS:
            register(obj)


def all_tasks() -> list[Task]:
    _load()
    return [_TASKS[name] for name in sorted(_TASKS)]


def task_names() -> list[str]:
    _load()
    return sorted(_TASKS)


def get_task(name: str) -> Task:
    _load()
    key = name.strip()
    canonical = _ALIASES.get(key) or _ALIASES.get(key.lower().replace("-", "_"))
    if canonical is None:
        close = difflib.get_close_matches(key.lower(), list(_ALIASES), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; run `symbench list` for the task names"
        raise UnknownTaskError(f"unknown task {name!r}{hint}")
    return _TASKS[canonical]
