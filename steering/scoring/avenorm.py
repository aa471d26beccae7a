"""Ave. Norm. (paper Eq. 2, §8.2) against a reference set, by default the paper's 13 methods."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from symbench.errors import SymbenchError

GROUPS = ("seen", "unseen", "total")


def paper_table() -> dict[str, Any]:
    return json.loads(
        resources.files("steering.scoring").joinpath("paper_table1.json").read_text(encoding="utf-8")
    )


def group_tasks(table: dict[str, Any] | None = None) -> dict[str, list[str]]:
    table = table or paper_table()
    return {
        "seen": list(table["seen"]),
        "unseen": list(table["unseen"]),
        "total": list(table["seen"]) + list(table["unseen"]),
    }


class ReferenceSet:
    """Per-task scores (percent) of the methods used as normalisers."""

    def __init__(self, name: str, rows: dict[str, dict[str, float]]) -> None:
        self.name = name
        self.rows = rows

    @classmethod
    def paper(cls) -> ReferenceSet:
        table = paper_table()
        return cls("paper_table1", {m["name"]: dict(m["scores"]) for m in table["methods"]})

    def best(self, task: str) -> float | None:
        values = [row[task] for row in self.rows.values() if row.get(task) is not None]
        return max(values) if values else None

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "methods": sorted(self.rows)}


def ave_norm(scores: dict[str, float], tasks: list[str], reference: ReferenceSet) -> dict[str, Any]:
    """`100 * mean_i min(1, s_i / max(ref_i ∪ {s_i}))` over the tasks present; a task whose
    normaliser is 0 is left out and listed."""
    values = []
    zero = []
    missing = []
    for task in tasks:
        if task not in scores:
            missing.append(task)
            continue
        s = scores[task]
        ref = reference.best(task)
        top = max(s, ref) if ref is not None else s
        if top <= 0:
            zero.append(task)
            continue
        values.append(min(1.0, s / top))
    value = 100.0 * sum(values) / len(values) if values else None
    return {
        "value": value,
        "n_tasks": len(values),
        "zero_normaliser": zero,
        "tasks_missing": missing,
        "partial": bool(missing),
    }


def load_references(specs: list[str] | None) -> ReferenceSet:
    """`--reference FILE|RUN_DIR|none` (repeatable); `paper` (the default) keeps the paper's rows."""
    if not specs:
        return ReferenceSet.paper()
    rows: dict[str, dict[str, float]] = {}
    names = []
    for spec in specs:
        if spec == "none":
            continue
        if spec == "paper":
            rows.update(ReferenceSet.paper().rows)
            names.append("paper_table1")
            continue
        path = Path(spec)
        if (path / "results.json").is_file():
            data = json.loads((path / "results.json").read_text())
            rows[f"run:{data.get('run_id', path.name)}"] = {
                t: v["rate"] * 100 for t, v in data["per_task"].items()
            }
            names.append(path.name)
        elif path.is_file():
            data = json.loads(path.read_text())
            for m in data.get("methods", []):
                rows[m["name"]] = dict(m["scores"])
            names.append(path.name)
        else:
            raise SymbenchError(
                f"--reference {spec}: not a file, a run directory with results.json, or 'none'"
            )
    return ReferenceSet("+".join(names) or "none", rows)
