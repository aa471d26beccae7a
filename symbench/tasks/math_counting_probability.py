"""math_counting_probability: counting and probability problems with exact answers (MATH, seen)."""

from __future__ import annotations

import dataclasses

from symbench.checkers import math_equiv
from symbench.generators import math_counting_probability as gen
from symbench.importers import math_dataset
from symbench.params import Params, knob
from symbench.registry import register
from symbench.tasks._math_task import MathAnswerTask

SUBJECT = math_dataset.Subject(
    folder="counting_and_probability", type_name="Counting & Probability", legacy_max_id=90
)


@dataclasses.dataclass(frozen=True)
class CountingParams(Params):
    steps: int = knob(lo=1, hi=5, help="chained sub-computations; selects each family's variant")
    max_value: int = knob(lo=6, hi=10_000, help="bound on the drawn integers (families cap some lower)")
    families: tuple[str, ...] = knob(choices=gen.FAMILIES, help="problem families drawn uniformly")


LADDER = {1: (1, 8), 2: (1, 10), 3: (2, 12), 4: (3, 15), 5: (4, 20), 6: (4, 30), 7: (5, 30)}
LADDER.update({8: (5, 50), 9: (5, 100), 10: (5, 200)})


def _example(options: tuple[str, str], gold: str) -> str:
    """A format example that is not the gold (C7)."""
    return options[1] if math_equiv.equivalent(options[0], gold)[0] else options[0]


def instruction(gold: str) -> str:
    count = _example(("80", "120"), gold)
    frac, plain = (
        ("\\frac{3}{8}", "3/8") if _example(("3/8", "5/12"), gold) == "3/8" else ("\\frac{5}{12}", "5/12")
    )
    return (
        "Give the answer as an exact integer or, for a probability or an expected value, as a common "
        "fraction in lowest terms (not a decimal or a percentage). Write the final answer inside triple "
        f"angle brackets, for example <<<{count}>>> or <<<{frac}>>> (<<<{plain}>>> is accepted too). Only "
        "the last <<<...>>> block in your reply is graded."
    )


def imported_instruction(gold: str) -> str:
    frac = "\\frac{3}{8}" if _example(("3/8", "5/12"), gold) == "3/8" else "\\frac{5}{12}"
    return (
        "Give your final answer as an exact value (an integer or a common fraction in lowest terms) inside "
        f"triple angle brackets, for example <<<{frac}>>>; only the last <<<...>>> block in your reply is "
        "graded."
    )


@register
class MathCountingProbability(MathAnswerTask):
    name = "math_counting_probability"
    version = "1.0"
    group = "seen"
    category = "Reasoning"
    description = "Counting and probability problems with one exact answer: an integer or a reduced fraction."
    params_cls = CountingParams
    ladder = {
        lvl: {"steps": s, "max_value": m, "families": list(gen.FAMILIES)} for lvl, (s, m) in LADDER.items()
    }
    v1_mix = {1: 8, 2: 22, 3: 28, 4: 22, 5: 20}
    override_examples = {"steps": "5", "max_value": "40", "families": "dice,coins"}
    original_folders = ("MATH",)
    generator = gen
    subject = SUBJECT
    instruction = staticmethod(instruction)
    imported_instruction = staticmethod(imported_instruction)
