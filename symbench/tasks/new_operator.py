"""new_operator: evaluate an expression of newly defined binary operators, left to right (LogicGame,
seen)."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction
from typing import Any

from symbench.checkers import new_operator as checker
from symbench.errors import DataFormatError
from symbench.generators import new_operator as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

SHAPE_OPERANDS = {"orig_c2": 3, "orig_c5": 4}


@dataclasses.dataclass(frozen=True)
class NewOperatorParams(Params):
    num_operators: int = knob(
        lo=1, hi=len(gen.SYMBOLS), help="distinct new operators, each used at least once"
    )
    num_operands: int = knob(lo=2, hi=16, help="integers in the expression")
    shape: str = knob(choices=("random", "orig_c2", "orig_c5"), help="random tree or an original fixed shape")
    templates: str = knob(
        choices=tuple(gen.TEMPLATE_SETS), help="basic: linear, product, ratio; extended: +difference"
    )
    operand_max: int = knob(10, lo=1, hi=1000, help="operands are drawn from 1..operand_max")

    def check(self) -> str | None:
        if self.num_operators > self.num_operands - 1:
            return f"{self.num_operands} operands leave room for at most {self.num_operands - 1} operators"
        need = SHAPE_OPERANDS.get(self.shape)
        if need is not None and self.num_operands != need:
            return f"shape {self.shape} has exactly {need} operands"
        return None


_TABLE = {  # level: (operators, operands, shape, templates)
    1: (1, 2, "random", "basic"),
    2: (1, 3, "orig_c2", "basic"),
    3: (2, 3, "random", "basic"),
    4: (3, 4, "orig_c5", "basic"),
    5: (3, 4, "random", "basic"),
    6: (3, 5, "random", "basic"),
    7: (4, 5, "random", "extended"),
    8: (4, 6, "random", "extended"),
    9: (5, 7, "random", "extended"),
    10: (6, 8, "random", "extended"),
}
LADDER = {
    lvl: {"num_operators": o, "num_operands": n, "shape": s, "templates": t, "operand_max": 10}
    for lvl, (o, n, s, t) in _TABLE.items()
}
_ORIGINAL_LEVEL = {2: 2, 5: 4}
_EXAMPLES = ("-12", "7/3", "2.33", "45", "0.75")


def _order_example(symbols: list[str]) -> str:
    s = [symbols[i % len(symbols)] for i in range(3)]
    return f"p {s[0]} q {s[1]} r {s[2]} s means ((p {s[0]} q) {s[1]} r) {s[2]} s"


@register
class NewOperator(Task):
    name = "new_operator"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Evaluate an expression built from newly defined binary operators, applied left to right."
    params_cls = NewOperatorParams
    ladder = LADDER
    v1_mix = {2: 50, 4: 50}
    override_examples = {
        "num_operators": "2",
        "num_operands": "5",
        "shape": "random",
        "templates": "extended",
        "operand_max": "20",
    }
    original_folders = ("new_operator_dataset",)

    def generate(self, params: NewOperatorParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.num_operators, params.num_operands, params.shape, params.templates, params.operand_max, rng
        )
        return Generated(puzzle, puzzle["gold_display"])

    def render(self, puzzle: dict[str, Any]) -> str:
        operators = puzzle["operators"]
        symbols = list(operators)
        definitions = "\n".join(f"a {s} b = {op['formula']}" for s, op in operators.items())
        gold = Fraction(puzzle["gold"])
        examples = [e for e in _EXAMPLES if abs(checker.parse(e)[0] - gold) > Fraction(1, 100)][:2]
        return (
            "The following new binary operators are defined. In each definition, a is the left operand and "
            "b the right operand; the right-hand side is ordinary arithmetic (* is multiplication and / is "
            "exact division).\n\n"
            f"{definitions}\n\n"
            f"Evaluate this expression: {puzzle['expression']}\n\n"
            "Evaluation order: parts in parentheses are evaluated first. Apart from that, all the new "
            "operators have the same precedence and are applied from left to right, so "
            f"{_order_example(symbols)}.\n\n"
            "Give the value as a single number inside triple angle brackets: an integer when the value is "
            "whole, otherwise an exact fraction p/q or a decimal rounded to at least two decimal places, "
            f"for example <<<{examples[0]}>>> or <<<{examples[1]}>>> (these only show the format). Only the "
            "last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = Fraction(instance.puzzle["gold"])
        display = instance.puzzle["gold_display"]
        return [
            gen.fraction_text(gold + 1),
            gen.fraction_text(gold - 2),
            f"{display}, {display}",
            f"{display} points",
        ]

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        where = f"{folder}/{sample_id}"
        try:
            complexity = int(solution["complexity"])
            stored = float(solution["solution"])
            operators = {
                str(s): gen.parse_formula(str(f)) for s, f in solution["operator_definitions"].items()
            }
            line = next(line for line in question.splitlines() if line.strip().startswith("Calculate"))
            expression = line.strip()[len("Calculate") :].strip().rstrip(".").strip()
            tree = gen.parse_expression(expression)
        except (KeyError, TypeError, ValueError, StopIteration) as exc:
            raise DataFormatError(f"{where}: unexpected sample ({exc})") from None
        if not gen.symbols_in(tree) <= set(operators):
            raise DataFormatError(f"{where}: the expression uses an undefined operator")
        try:
            value = gen.evaluate(tree, operators, bounded=False)
        except gen.Rejected:
            raise DataFormatError(f"{where}: division by zero in the expression") from None
        puzzle = gen.build_puzzle(operators, tree, expression)
        errata = []
        if abs(Fraction(stored) - value) > Fraction(1, 10**6) * max(1, abs(value)):
            errata.append("gold_corrected")  # the original evaluator dropped part of the expression
        level = _ORIGINAL_LEVEL.get(complexity, 4)
        operands = gen.operands_in(tree)
        expected = LADDER[level]
        params = None
        if len(operators) != expected["num_operators"] or len(operands) != expected["num_operands"]:
            shape = next((s for s, n in SHAPE_OPERANDS.items() if n == len(operands)), "random")
            params = NewOperatorParams(
                num_operators=len(operators),
                num_operands=len(operands),
                shape=shape,
                templates="extended"
                if any(op["template"] == "difference" for op in operators.values())
                else "basic",
                operand_max=max(10, *operands),
            )
        return Imported(
            puzzle=puzzle,
            answer=puzzle["gold_display"],
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=repr(stored),
            extra_meta={"original_question": question},
        )
