"""math_geometry: competition-style geometry problems with exact answers (MATH Geometry, seen)."""

from __future__ import annotations

import dataclasses

from symbench.checkers import math_equiv
from symbench.generators import math_geometry as gen
from symbench.importers import math_dataset
from symbench.params import Params, knob
from symbench.registry import register
from symbench.tasks._math_task import MathAnswerTask

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


@register
class MathGeometry(MathAnswerTask):
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
    generator = gen
    subject = SUBJECT
    instruction = staticmethod(instruction)
    imported_instruction = staticmethod(imported_instruction)
