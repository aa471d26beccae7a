"""synthesis_decomposition: simulate cyclic once-per-visit exchange methods on crop stocks (LogicGame,
unseen)."""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

from symbench.checkers import synthesis_decomposition as checker
from symbench.errors import DataFormatError
from symbench.generators import synthesis_decomposition as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
MAX_STOCK = 1000


def parse_stock(entries: tuple[str, ...]) -> list[tuple[int, int]]:
    """`lo-hi` (or a single value) per entry; raises ValueError on anything else."""
    out = []
    for entry in entries:
        m = _RANGE.match(entry)
        if not m:
            raise ValueError(f"stock entry {entry!r} is not lo-hi")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo > hi or hi > MAX_STOCK:
            raise ValueError(f"stock entry {entry!r} needs 0 <= lo <= hi <= {MAX_STOCK}")
        out.append((lo, hi))
    return out


@dataclasses.dataclass(frozen=True)
class SynthesisParams(Params):
    recipe: str = knob(choices=("R1", "R2", "R3", "random"), help="fixed original recipe set or random")
    stock: tuple[str, ...] = knob(help="initial crop ranges lo-hi: one for every crop, or one per crop")
    num_crops: int = knob(lo=1, hi=len(gen.CROPS), help="crops (must match a fixed recipe's own count)")
    num_products: int = knob(lo=1, hi=len(gen.PRODUCTS), help="products (must match a fixed recipe's)")
    num_methods: int = knob(lo=1, hi=12, help="exchange methods (must match a fixed recipe's)")

    def check(self) -> str | None:
        try:
            ranges = parse_stock(self.stock)
        except ValueError as exc:
            return f"parameter stock: {exc}"
        if self.recipe in gen.FIXED:
            spec = gen.FIXED[self.recipe]
            own = (len(spec["crops"]), len(spec["products"]), len(spec["methods"]))
            if (self.num_crops, self.num_products, self.num_methods) != own:
                return (
                    f"recipe {self.recipe} has {own[0]} crops, {own[1]} product(s) and {own[2]} methods; "
                    f"set num_crops={own[0]} num_products={own[1]} num_methods={own[2]}"
                )
        if len(ranges) not in (1, self.num_crops):
            return f"parameter stock: give one range or {self.num_crops} ranges (one per crop)"
        return None


_TABLE = {  # level: (recipe, stock, crops, products, methods)
    1: ("R1", ["3-6", "2-4"], 2, 1, 2),
    2: ("R2", ["4-8", "3-6", "2-5"], 3, 1, 3),
    3: ("R3", ["5-8", "2-4", "4-7"], 3, 2, 4),
    4: ("R3", ["8-15"], 3, 2, 4),
    5: ("R3", ["15-30"], 3, 2, 4),
    6: ("random", ["10-20"], 3, 2, 4),
    7: ("random", ["10-25"], 4, 2, 5),
    8: ("random", ["15-30"], 4, 3, 6),
    9: ("random", ["20-40"], 5, 3, 7),
    10: ("random", ["30-60"], 5, 4, 8),
}
LADDER = {
    lvl: {"recipe": r, "stock": s, "num_crops": c, "num_products": p, "num_methods": m}
    for lvl, (r, s, c, p, m) in _TABLE.items()
}
# Original complexity -> (recipe, level, positions of the stored five-slot answer to keep).
_ORIGINAL = {1: ("R1", 1, (0, 1, 3)), 2: ("R1", 1, (0, 1, 3)), 3: ("R2", 2, (0, 1, 2, 3))}
_ORIGINAL.update({4: ("R2", 2, (0, 1, 2, 3)), 5: ("R3", 3, (0, 1, 2, 3, 4))})


def format_answer(values: list[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _amounts(items: dict[str, int]) -> str:
    return " and ".join(f"{n} unit{'s' if n != 1 else ''} of {r}" for r, n in items.items())


@register
class SynthesisDecomposition(Task):
    name = "synthesis_decomposition"
    version = "1.0"
    group = "unseen"
    category = "Execution"
    description = "Apply exchange methods cyclically, once per visit, until none applies; report the stocks."
    params_cls = SynthesisParams
    ladder = LADDER
    v1_mix = {1: 15, 2: 35, 3: 50}
    override_examples = {
        "recipe": "random",
        "stock": "5-9",
        "num_crops": "5",
        "num_products": "3",
        "num_methods": "6",
    }
    original_folders = ("synthesis_decomposition_dataset",)

    def generate(self, params: SynthesisParams, rng: random.Random) -> Generated:
        ranges = parse_stock(params.stock)
        if params.recipe in gen.FIXED:
            puzzle = gen.fixed_recipe(params.recipe, ranges, rng)
        else:
            puzzle = gen.random_recipe(params.num_crops, params.num_products, params.num_methods, ranges, rng)
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        crops, products, methods = puzzle["crops"], puzzle["products"], puzzle["methods"]
        n = len(methods)
        lines = [
            f"Method {k}: exchange {_amounts(m['inputs'])} for {_amounts(m['outputs'])}."
            for k, m in enumerate(methods, 1)
        ]
        stock = ", ".join(f"{puzzle['initial'][c]} of {c}" for c in crops)
        order = puzzle["answer_order"]
        example = [1, 0, 2, 3, 1, 4, 0, 2, 1][: len(order)]
        if example == puzzle["gold"]:
            example = [v + 1 for v in example]  # never show the answer itself
        return (
            f"A farmer grows the crops {', '.join(crops)} and can turn resources into the products "
            f"{', '.join(products)}. Every resource is named by its letter. He knows these exchange "
            "methods:\n\n" + "\n".join(lines) + "\n\n"
            "Procedure: start with method 1. At each step, if every input of the current method is "
            "available in the current stock, apply the method exactly once (not repeatedly); if not, skip "
            "it. Then move on to the next method, going from method "
            f"{n} back to method 1. Stop as soon as none of the {n} methods can be applied with the current "
            "stock.\n\n"
            f"Initial stock: {stock}; every product ({', '.join(products)}) starts at 0.\n\n"
            f"Report the final amount of each resource in the order {', '.join(order)} (for products this "
            "is what is left at the end, after any later consumption). Give the amounts as a list in "
            f"that order inside triple angle brackets, for example <<<{format_answer(example)}>>> (this "
            "only shows the format). Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = list(instance.puzzle["gold"])
        bumped = list(gold)
        bumped[-1] += 1
        out = [format_answer(gold[:-1]), format_answer(bumped)]
        out.append(", ".join(f"{r}={v}" for r, v in zip(instance.puzzle["answer_order"], gold)))
        greedy = _repeat_until_stuck(instance.puzzle)
        if greedy != gold:
            out.append(format_answer(greedy))  # the apply-repeatedly misreading
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            complexity = int(solution["complexity"])
            recipe, level, positions = _ORIGINAL[complexity]
            initial_raw = {str(k): int(v) for k, v in solution["initial_state"].items()}
            stored_all = [int(v) for v in solution["solution"]["answer"]]
            stored = [stored_all[i] for i in positions]
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        spec = gen.FIXED[recipe]
        if set(initial_raw) != set(spec["crops"]):
            raise DataFormatError(f"{folder}/{sample_id}: crops {sorted(initial_raw)} do not fit {recipe}")
        puzzle = gen.build_puzzle(recipe, spec["crops"], spec["products"], spec["methods"], initial_raw, None)
        errata = [] if stored == puzzle["gold"] else ["gold_corrected"]
        return Imported(
            puzzle=puzzle,
            answer=format_answer(puzzle["gold"]),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question},
        )


def _repeat_until_stuck(puzzle: dict[str, Any]) -> list[int]:
    """The misreading that applies each method as often as possible before moving on (for corruptions)."""
    stock = {r: 0 for r in puzzle["answer_order"]}
    stock.update(puzzle["initial"])
    methods = puzzle["methods"]
    progress = True
    steps = 0
    while progress and steps < 100_000:
        progress = False
        for m in methods:
            while all(stock[r] >= n for r, n in m["inputs"].items()) and steps < 100_000:
                for r, n in m["inputs"].items():
                    stock[r] -= n
                for r, n in m["outputs"].items():
                    stock[r] += n
                progress = True
                steps += 1
    return [stock[r] for r in puzzle["answer_order"]]
