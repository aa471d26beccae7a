"""The `Instance` record (one puzzle with its gold) and the `Verdict` of a checker."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from symbench.canonical import digest_of
from symbench.errors import DataFormatError

INSTANCE_FIELDS = (
    "id",
    "task",
    "task_version",
    "complexity",
    "params",
    "seed",
    "index",
    "puzzle",
    "question",
    "answer",
    "hash",
    "meta",
)


def instance_hash(task: str, version: str, params: dict[str, Any], puzzle: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of task, version, params and puzzle (DESIGN.md)."""
    return digest_of({"task": task, "version": version, "params": params, "puzzle": puzzle})


@dataclasses.dataclass
class Instance:
    id: str
    task: str
    task_version: str
    complexity: int | None
    params: dict[str, Any]
    seed: int | None
    index: int | None
    puzzle: dict[str, Any]
    question: str
    answer: str
    hash: str
    meta: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in INSTANCE_FIELDS}

    def to_line(self) -> str:
        """One JSONL line; the field order is fixed so output is byte-identical across runs."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    def recompute_hash(self) -> str:
        return instance_hash(self.task, self.task_version, self.params, self.puzzle)

    @classmethod
    def from_json(cls, data: Any, where: str = "instance") -> Instance:
        if not isinstance(data, dict):
            raise DataFormatError(f"{where}: expected a JSON object, got {type(data).__name__}")
        missing = [k for k in INSTANCE_FIELDS if k not in data]
        if missing:
            raise DataFormatError(f"{where}: missing field(s) {', '.join(missing)}")
        checks = {
            "id": str,
            "task": str,
            "task_version": str,
            "params": dict,
            "puzzle": dict,
            "question": str,
            "answer": str,
            "hash": str,
            "meta": dict,
        }
        for key, typ in checks.items():
            if not isinstance(data[key], typ):
                raise DataFormatError(f"{where}: field {key!r} must be {typ.__name__}")
        for key in ("complexity", "seed", "index"):
            if data[key] is not None and (not isinstance(data[key], int) or isinstance(data[key], bool)):
                raise DataFormatError(f"{where}: field {key!r} must be an integer or null")
        return cls(**{k: data[k] for k in INSTANCE_FIELDS})


REASONS = (
    "correct",
    "no_answer_block",
    "unparseable",
    "wrong_shape",
    "invalid_symbol",
    "rule_violation",
    "wrong_value",
    "verifier_error",
)


@dataclasses.dataclass
class Verdict:
    """A checker's judgement. `correct` is `score == 1` except for partial-credit tasks (C4a)."""

    score: float
    correct: bool
    extracted: str | None
    parsed: Any
    reason: str
    metrics: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def right(cls, parsed: Any = None, metrics: dict[str, Any] | None = None) -> Verdict:
        return cls(1.0, True, None, parsed, "correct", dict(metrics or {}))

    @classmethod
    def wrong(cls, reason: str, parsed: Any = None, metrics: dict[str, Any] | None = None) -> Verdict:
        if reason not in REASONS or reason == "correct":
            raise ValueError(f"not a failure reason: {reason}")
        return cls(0.0, False, None, parsed, reason, dict(metrics or {}))

    @classmethod
    def partial(
        cls,
        score: float,
        success: bool,
        reason: str,
        parsed: Any = None,
        metrics: dict[str, Any] | None = None,
    ) -> Verdict:
        return cls(float(score), bool(success), None, parsed, reason, dict(metrics or {}))
