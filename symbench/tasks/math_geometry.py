"""math_geometry: competition-style geometry problems with exact answers (MATH Geometry, seen)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import math_equiv
from symbench.generators import math_geometry as gen
from symbench.importers import math_dataset
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

SUBJECT = math_dataset.Subject(folder="geometry", type_name="Geometry", legacy_max_id=94)


@dataclasses.dataclass(frozen=True)
class MathGeometryParams(Params):
    steps: int = knob(lo=1, hi=5, help="chained sub-computations; selects each family's variant")
    max_value: int = knob(lo=6, hi=100_000, help="bound on the drawn integers")
    families: tuple[str, ...] = knob(choices=gen.FAMILIES, help="problem families drawn uniformly")


LADDER = {1: (1, 10), 2: (1, 15), 3: (2, 20), 4: (3, 25), 5: (4, 30), 6: (4, 60), 7: (5, 60)}
LADDER.update({8: (5, 120), 9: (5, 500), 10: (5, 2000)})

EXAMPLES = {
    "fraction": ("\\frac{3}{5}", "\\frac{7}{2}"),
    "radical": ("4\\sqrt{3}", "2\\sqrt{5}"),
    "pi": ("12\\pi", "9\\pi"),
    "pair": ("(18, -18)", "(4, -7)"),
}
PLAIN = {"\\frac{3}{5}": "3/5", "\\frac{7}{2}": "7/2", "4\\sqrt{3}": "4*sqrt(3)", "2\\sqrt{5}": "2*sqrt(5)"}
PLAIN.update({"12\\pi": "12*pi", "9\\pi": "9*pi"})


def example(kind: str, gold: str) -> str:
    """A format example of `kind` that is not the gold (C7: examples never reveal the answer)."""
    first, second = EXAMPLES[kind]
    return second if math_equiv.equivalent(first, gold)[0] else first


def instruction(gold: str) -> str:
    frac, rad, pie, pair = (example(k, gold) for k in ("fraction", "radical", "pi", "pair"))
    return (
        "Give the exact answer in simplest form: reduce fractions, simplify radicals, keep $\\pi$ as a symbol "
        "(no decimals), give an angle as its number of degrees without the degree sign and a point as an "
        "ordered pair (x, y), and leave out units. Write the final answer inside triple angle brackets, for "
        f"example <<<{frac}>>>, <<<{rad}>>>, <<<{pie}>>> or <<<{pair}>>>; LaTeX or plain text such as "
        f"<<<{PLAIN[frac]}>>>, <<<{PLAIN[rad]}>>> or <<<{PLAIN[pie]}>>> are both accepted. Only the last "
        "<<<...>>> block in your reply is graded."
    )


def imported_instruction(gold: str) -> str:
    return (
        "Give your final answer as an exact value in simplest form inside triple angle brackets, for example "
        f"<<<{example('fraction', gold)}>>>; only the last <<<...>>> block in your reply is graded."
    )


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
    instruction_of: Any,
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


@register
class MathGeometry(Task):
    name = "math_geometry"
    version = "1.0"
    group = "seen"
    category = "Reasoning"
    description = (
        "Geometry word problems with one exact answer: number, radical, multiple of pi, angle or pair."
    )
    params_cls = MathGeometryParams
    ladder = {
        lvl: {"steps": s, "max_value": m, "families": list(gen.FAMILIES)} for lvl, (s, m) in LADDER.items()
    }
    v1_mix = {1: 18, 2: 16, 3: 22, 4: 26, 5: 18}
    override_examples = {"steps": "5", "max_value": "40", "families": "heron_triangle,solids"}
    original_folders = ("MATH",)

    def generate(self, params: MathGeometryParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.steps, params.max_value, params.families, rng)
        return Generated(puzzle, puzzle["gold_latex"])

    def render(self, puzzle: dict[str, Any]) -> str:
        if puzzle.get("source") == "MATH":
            return math_dataset.verbatim_question(puzzle["problem"], puzzle["instruction"])
        return f"{puzzle['problem']}\n\n{instruction(puzzle['gold_latex'])}"

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
        """MATH `train/geometry` (or the test split, or JSONL); `subset="legacy"` = train ids 1..94."""
        yield from import_math(
            self, SUBJECT, path, include_excluded, render, gold_policy, subset, imported_instruction
        )
