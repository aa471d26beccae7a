"""What math_geometry and math_counting_probability share: exact-answer checking (C10), corruptions,
the MATH importer (C8a) and the task methods built on them. Not a task module (leading underscore)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from symbench.checkers import math_equiv
from symbench.importers import math_dataset
from symbench.instance import Instance, Verdict
from symbench.params import Params
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task


def corruptions_for(gold: str) -> list[str]:
    """Answers that are certainly wrong: the value moved by 1 or 1/2, a broken or resized pair."""
    text = math_equiv.normalize(gold).text
    shape = math_equiv.shape_of(text)
    if shape.kind == "tuple":
        first, rest = shape.parts[0], shape.parts[1:]
        out = ["(" + ", ".join([f"{first} + 1", *rest]) + ")", ", ".join(shape.parts)]
        out.append("(" + ", ".join([*shape.parts, "0"]) + ")")
        return out
    if shape.kind == "scalar" and math_equiv.read_scalar(text) is not None:
        return [f"{text} + 1", f"{text} - 1", f"({text}) + \\frac{{1}}{{2}}"]
    return [f"{text}X", "0 + " + text + " + 1"] if shape.kind == "label" else [f"{text} + 1", "?"]


def import_math(
    task: Task,
    subject: math_dataset.Subject,
    path: Path,
    include_excluded: bool,
    render: str,
    gold_policy: str,
    subset: str | None,
    instruction_of: Callable[[str], str],
) -> Iterator[Imported]:
    """C8a import of one MATH subject (shared by math_geometry and math_counting_probability)."""
    math_dataset.check_options(render, gold_policy, subset)
    for item in math_dataset.iter_items(Path(path), subject):
        if subset == "legacy" and not item.legacy:
            continue
        errata: list[str] = []
        gold = item.boxes[-1] if item.boxes else ""
        if not item.boxes:
            errata += ["no_boxed_answer", "excluded_ill_posed"]
        if len(item.boxes) > 1:
            errata.append("multi_boxed")
        compare = "math"
        if gold and not math_equiv.gold_is_readable(gold):
            errata.append("gold_free_form")
            compare = "string"
        excluded = bool(EXCLUDING_ERRATA.intersection(errata))
        if excluded and not include_excluded:
            continue
        puzzle = {
            "source": "MATH",
            "problem": item.problem,
            "level": item.level,
            "solution": item.solution,
            "gold_latex": gold,
            "compare": compare,
            "split": item.split,
            "id": item.id,
            "instruction": instruction_of(gold),
        }
        yield Imported(
            puzzle=puzzle,
            answer=gold,
            complexity=item.level,
            key=item.key,
            errata=errata,
            params=task.params(item.level or 3),
            original_answer=gold or None,
            extra_meta={
                "provenance": {"split": item.split, "id": item.id, "level": item.level_text},
                "legacy": item.legacy,
            },
        )


class MathAnswerTask(Task):
    """A task whose answer is one exact math value, generated from families or imported from MATH."""

    generator: ClassVar[ModuleType]
    subject: ClassVar[math_dataset.Subject]
    # Each subclass words its own answer-format sentences (set with `staticmethod(...)`).
    instruction: ClassVar[Callable[[str], str]]
    imported_instruction: ClassVar[Callable[[str], str]]

    def generate(self, params: Params, rng: random.Random) -> Generated:
        puzzle = self.generator.generate(params.steps, params.max_value, params.families, rng)
        return Generated(puzzle, puzzle["gold_latex"])

    def render(self, puzzle: dict[str, Any]) -> str:
        if puzzle.get("source") == "MATH":
            return math_dataset.verbatim_question(puzzle["problem"], puzzle["instruction"])
        return f"{puzzle['problem']}\n\n{self.instruction(puzzle['gold_latex'])}"

    def check(self, instance: Instance, content: str) -> Verdict:
        puzzle = instance.puzzle
        return math_equiv.check(puzzle["gold_latex"], content, string_only=puzzle.get("compare") == "string")

    def corruptions(self, instance: Instance) -> list[str]:
        return corruptions_for(instance.puzzle["gold_latex"])

    def import_original(
        self,
        path: Path,
        include_excluded: bool = False,
        render: str = "verbatim",
        gold_policy: str = "corrected",
        subset: str | None = None,
    ) -> Iterator[Imported]:
        """One MATH subject from `train/<subject>` (or the test split, or JSONL); `subset="legacy"` keeps
        the original harness's selection."""
        yield from import_math(
            self, self.subject, path, include_excluded, render, gold_policy, subset, self.imported_instruction
        )
