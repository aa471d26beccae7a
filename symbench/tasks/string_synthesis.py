"""string_synthesis: combine nine kinds of blocks by fixed methods until nothing changes (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import string_synthesis as checker
from symbench.errors import DataFormatError
from symbench.generators import string_synthesis as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class StringSynthesisParams(Params):
    a_range: tuple[int, int] = knob(lo=0, hi=1000, help="initial number of [A] blocks (range)")
    b_range: tuple[int, int] = knob(lo=0, hi=1000, help="initial number of [B] blocks (range)")
    c_range: tuple[int, int] = knob(lo=0, hi=1000, help="initial number of [C] blocks (range)")
    recycle: bool = knob(help="add method 7: one (C) gives back one [A] and one [C]")


LADDER = {
    1: ((1, 2), (1, 3), (1, 3), False),
    2: ((1, 3), (1, 5), (1, 5), False),
    3: ((1, 5), (1, 8), (1, 7), False),
    4: ((3, 10), (3, 12), (3, 12), False),
    5: ((5, 15), (5, 20), (5, 20), False),
    6: ((5, 15), (5, 20), (5, 20), True),
    7: ((10, 25), (10, 25), (10, 25), True),
    8: ((15, 40), (15, 40), (15, 40), True),
    9: ((30, 70), (30, 70), (30, 70), True),
    10: ((50, 120), (50, 120), (50, 120), True),
}

_METHOD_TEXT = [
    "one [A], one [B] and one [C] combine into one {A}",
    "one [A] and one [B] combine into one {C}",
    "one [B] and one [C] combine into one {B}",
    "two [C] combine into one {C}",
    "one {A} and one {C} combine into one (A) and one (B)",
    "two {B} combine into one (C)",
    "one (C) breaks down into one [A] and one [C]",
]


def format_answer(counts: list[int]) -> str:
    return ", ".join(str(v) for v in counts)


def build_puzzle(a: int, b: int, c: int, recycle: bool) -> dict[str, Any]:
    final, passes, _ = gen.simulate(a, b, c, recycle)
    return {
        "initial": {"[A]": a, "[B]": b, "[C]": c},
        "recycle": recycle,
        "block_order": list(gen.BLOCK_ORDER),
        "gold": final,
        "passes": passes,
    }


@register
class StringSynthesis(Task):
    name = "string_synthesis"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = (
        "Apply block-combination methods pass after pass, each exhausted in turn; report nine counts."
    )
    params_cls = StringSynthesisParams
    ladder = {
        lvl: {"a_range": a, "b_range": b, "c_range": c, "recycle": r} for lvl, (a, b, c, r) in LADDER.items()
    }
    v1_mix = {3: 100}
    override_examples = {"a_range": "2-4", "b_range": "2-9", "c_range": "1-2", "recycle": "true"}
    original_folders = ("string_synthesis",)

    def generate(self, params: StringSynthesisParams, rng: random.Random) -> Generated:
        a, b, c = gen.random_initial(params.a_range, params.b_range, params.c_range, rng)
        puzzle = build_puzzle(a, b, c, params.recycle)
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        n_methods = 7 if puzzle["recycle"] else 6
        methods = "\n".join(f"Method {i + 1}: {_METHOD_TEXT[i]}." for i in range(n_methods))
        init = puzzle["initial"]
        order = ", ".join(puzzle["block_order"])
        return (
            "There are nine kinds of blocks: [A], [B], [C], {A}, {B}, {C}, (A), (B) and (C). "
            "Blocks can be combined by these numbered methods:\n\n"
            f"{methods}\n\n"
            "Procedure. One pass goes through the methods in order, from Method 1 to Method "
            f"{n_methods}. Within a pass, each method is applied as many times as possible (again and "
            "again, until the blocks it needs run out) before moving on to the next method. After the "
            "last method the next pass starts again at Method 1. Passes are repeated until a whole pass "
            "changes nothing; then the procedure stops.\n\n"
            f"At the start there are {init['[A]']} [A], {init['[B]']} [B] and {init['[C]']} [C], and no "
            "block of any other kind.\n\n"
            "How many blocks of each kind are there when the procedure stops? Give the nine counts in "
            f"the order {order}, separated by commas, inside triple angle brackets, for example "
            "<<<1, 0, 3, 0, 0, 0, 0, 0, 0>>> (this example only shows the format). "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = list(instance.puzzle["gold"])
        bumped = list(gold)
        bumped[0] += 1
        shifted = gold[1:] + gold[:1]
        out = [format_answer(bumped), format_answer(gold[:-1]), format_answer(gold + [0])]
        if shifted != gold:
            out.append(format_answer(shifted))
        init = instance.puzzle["initial"]
        untouched = [init["[A]"], init["[B]"], init["[C]"], 0, 0, 0, 0, 0, 0]
        if untouched != gold:
            out.append(format_answer(untouched))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            a, b, c = (int(solution[k]) for k in ("A_count", "B_count", "C_count"))
            stored = [int(v) for v in solution["final_counts"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        puzzle = build_puzzle(a, b, c, False)
        errata = ["question_rerendered"]
        if stored != puzzle["gold"]:
            errata.append("gold_corrected")
        raw = str(solution.get("solution_string") or format_answer(stored)).strip()
        if raw.startswith("<<<") and raw.endswith(">>>"):
            raw = raw[3:-3].strip()
        return Imported(
            puzzle=puzzle,
            answer=format_answer(puzzle["gold"]),
            complexity=3,
            key=f"{folder}/{sample_id}",
            errata=errata,
            original_answer=raw,
            extra_meta={"original_question": question},
        )
