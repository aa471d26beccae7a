"""combinatorial_calculation: insert + - * / and parentheses between digits, kept in order, to reach
a target (LogicGame, unseen)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

from symbench.checkers import combinatorial_calculation as checker
from symbench.errors import DataFormatError
from symbench.generators import combinatorial_calculation as gen
from symbench.importers.common import find_task_folder, iter_samples
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

MAX_SOLVE_NUMBERS = 10


@dataclasses.dataclass(frozen=True)
class CalcParams(Params):
    num_numbers: int = knob(lo=2, hi=40, help="how many digits are given")
    target: int = knob(lo=1, hi=100_000, help="the value to reach")
    method: str = knob(
        choices=("solve", "construct"),
        help="'solve': draw digits, keep the draw if an exact search reaches the target; "
        "'construct': build a random expression tree down from the target",
    )
    digit_min: int = knob(1, lo=1, hi=9, help="smallest digit")
    digit_max: int = knob(9, lo=1, hi=9, help="largest digit")

    def check(self) -> str | None:
        if self.digit_min > self.digit_max:
            return "digit_min must not exceed digit_max"
        if self.method == "solve" and self.num_numbers > MAX_SOLVE_NUMBERS:
            return f"method=solve supports at most {MAX_SOLVE_NUMBERS} numbers; use method=construct"
        return None


LADDER = {
    1: (3, 10, "solve"),
    2: (4, 24, "solve"),
    3: (5, 69, "solve"),
    4: (5, 78, "solve"),
    5: (6, 100, "solve"),
    6: (8, 150, "solve"),
    7: (10, 200, "construct"),
    8: (12, 250, "construct"),
    9: (15, 300, "construct"),
    10: (20, 500, "construct"),
}
_LEVEL_OF = {(n, t): lvl for lvl, (n, t, _) in LADDER.items() if lvl != 6 and lvl <= 10}
VARIED = "combinatorial_calculation_varied_complexity"


def format_answer(tokens: list[str]) -> str:
    return "[" + ", ".join(tokens) + "]"


def _puzzle(numbers: list[int], target: int, tokens: list[str]) -> dict[str, Any]:
    return {"numbers": numbers, "target": target, "gold_tokens": tokens, "gold_expression": "".join(tokens)}


@register
class CombinatorialCalculation(Task):
    name = "combinatorial_calculation"
    version = "1.0"
    group = "unseen"
    category = "Planning"
    description = "Combine digits, kept in their given order, with + - * / and parentheses to hit a target."
    params_cls = CalcParams
    ladder = {
        lvl: {"num_numbers": n, "target": t, "digit_min": 1, "digit_max": 9, "method": m}
        for lvl, (n, t, m) in LADDER.items()
    }
    v1_mix = {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    override_examples = {
        "num_numbers": "7",
        "target": "42",
        "digit_min": "2",
        "digit_max": "6",
        "method": "construct",
    }
    original_folders = ("combinatorial_calculation", VARIED)

    def generate(self, params: CalcParams, rng: random.Random) -> Generated:
        make = gen.draw_and_solve if params.method == "solve" else gen.construct
        numbers, tree = make(params.num_numbers, params.target, params.digit_min, params.digit_max, rng)
        tokens = gen.tokens_of(tree)
        return Generated(_puzzle(numbers, params.target, tokens), format_answer(tokens))

    def render(self, puzzle: dict[str, Any]) -> str:
        numbers, target = puzzle["numbers"], puzzle["target"]
        return (
            f"You are given {len(numbers)} numbers in this fixed order: "
            f"{', '.join(str(v) for v in numbers)}. The target is {target}.\n\n"
            "Build an arithmetic expression whose value is exactly the target. Rules:\n"
            "- Use every number exactly once, in the given order. Numbers may not be reordered, joined "
            "into numbers with more digits, or negated (there is no unary minus).\n"
            "- Between the numbers you may put only the binary operations + (addition), - "
            "(subtraction), * (multiplication) and / (division), and you may add parentheses. No other "
            "operations (no powers, no factorials).\n"
            "- Division is exact, real-valued division: intermediate results may be fractions.\n"
            "- Standard precedence applies: * and / before + and -, and operations of the same level "
            "from left to right; parentheses group as usual.\n"
            "- Any expression that reaches the target exactly is accepted.\n\n"
            "Give the expression as a list of tokens, each number, operator and parenthesis a separate "
            "item, inside triple angle brackets. For example <<<[1, +, 3]>>> stands for 1+3 and "
            "<<<[4, -, (, 6, *, 9, )]>>> stands for 4-(6*9); a plain expression such as <<<4-(6*9)>>> "
            "is accepted too. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["numbers"], instance.puzzle["target"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        numbers, tokens = instance.puzzle["numbers"], instance.puzzle["gold_tokens"]
        out = [format_answer(tokens[:-1] if tokens[-1] != ")" else tokens[1:])]
        # the same operators with the numbers cycled: the order rule is broken (or, for a sequence of
        # equal numbers, the value is changed below)
        if len(set(numbers)) > 1:
            cycled = iter(numbers[1:] + numbers[:1])
            out.append(format_answer([str(next(cycled)) if t.isdigit() else t for t in tokens]))
        out.append(format_answer([*tokens, "+", "1"]))  # an extra number
        out.append(format_answer(["(", *tokens, ")", "+", "(", *tokens, ")"]))  # numbers used twice
        return out

    # ------------------------------------------------------------------ original data
    def import_original(self, path: Path, include_excluded: bool = False) -> Iterator[Imported]:
        """The main folder holds `sample_<i>`; the scaling folder holds one sub-folder per setting."""
        path = Path(path)
        if path.name.startswith("combinatorial_calculation_complexity"):
            sources = [(path, f"{VARIED}/{path.name}")]
        else:
            sources = []
            for folder in find_task_folder(path, self.original_folders):
                if folder.name == VARIED:
                    subs = sorted(
                        (p for p in folder.iterdir() if p.is_dir() and p.name.startswith("combinatorial_")),
                        key=lambda p: (len(p.name), p.name),
                    )
                    sources += [(sub, f"{VARIED}/{sub.name}") for sub in subs]
                else:
                    sources.append((folder, folder.name))
        for folder, label in sources:
            for _, sample_id, question, solution in iter_samples(folder, [folder.name]):
                item = self.import_sample(label, sample_id, question, solution)
                if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                    continue
                yield item

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        where = f"{folder}/{sample_id}"
        try:
            numbers = [int(v) for v in solution["numbers"]]
            target = int(solution["target"])
            stored = [str(t).strip() for t in solution["solution"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{where}: unexpected solution.json ({exc})") from None
        if not numbers or any(not 1 <= v <= 9 for v in numbers):
            raise DataFormatError(f"{where}: numbers must be digits 1-9")
        errata: list[str] = []
        tokens = stored
        if checker.check(numbers, target, format_answer(stored)).score != 1:
            tree = None
            if len(numbers) <= MAX_SOLVE_NUMBERS:
                try:
                    tree = gen.solve(numbers, target)
                except gen._Budget:
                    tree = None
            if tree is not None and gen.value_of(tree) == Fraction(target):
                errata.append("gold_corrected")
                tokens = gen.tokens_of(tree)
            else:
                errata.append("excluded_unsolvable")
        level = _LEVEL_OF.get((len(numbers), target))
        params = None
        if level is None:
            level = 5 if len(numbers) <= 8 else 9
            params = CalcParams(
                num_numbers=len(numbers),
                target=max(target, 1),
                method="solve" if len(numbers) <= MAX_SOLVE_NUMBERS else "construct",
            )
        return Imported(
            puzzle=_puzzle(numbers, target, tokens),
            answer=format_answer(tokens),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question},
        )
