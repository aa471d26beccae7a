"""string_splitting: dismantle machines into parts with five methods visited cyclically (LogicGame, unseen)."""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

from symbench.checkers import string_splitting as checker
from symbench.errors import DataFormatError
from symbench.generators import string_splitting as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class StringSplittingParams(Params):
    count_min: int = knob(lo=0, hi=1000, help="smallest initial number of each machine A, B, C")
    count_max: int = knob(lo=0, hi=1000, help="largest initial number of each machine A, B, C")

    def check(self) -> str | None:
        if self.count_min > self.count_max:
            return f"count_min={self.count_min} is above count_max={self.count_max}"
        return None


LADDER = {1: (1, 3), 2: (2, 4), 3: (3, 6), 4: (4, 7), 5: (5, 10), 6: (8, 15), 7: (12, 25), 8: (20, 40)}
LADDER.update({9: (30, 60), 10: (50, 100)})

_INITIAL = re.compile(
    r"there (?:are|is) (\d+) units? of Machine A, (\d+) units? of Machine B,? and (\d+) units? of Machine C",
    re.IGNORECASE,
)


def format_answer(counts: list[int]) -> str:
    return ", ".join(str(v) for v in counts)


def build_puzzle(a: int, b: int, c: int, texts: list[str]) -> dict[str, Any]:
    final, trace = gen.simulate(a, b, c)
    return {"initial": {"A": a, "B": b, "C": c}, "method_texts": texts, "gold": final, "trace": trace}


@register
class StringSplitting(Task):
    name = "string_splitting"
    version = "1.0"
    group = "unseen"
    category = "Execution"
    description = (
        "Visit five dismantling methods cyclically, applying each once when possible; report six counts."
    )
    params_cls = StringSplittingParams
    ladder = {lvl: {"count_min": lo, "count_max": hi} for lvl, (lo, hi) in LADDER.items()}
    v1_mix = {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    override_examples = {"count_min": "2", "count_max": "9"}
    original_folders = ("string_splitting",)

    def generate(self, params: StringSplittingParams, rng: random.Random) -> Generated:
        a, b, c = gen.random_initial(params.count_min, params.count_max, rng)
        puzzle = build_puzzle(a, b, c, gen.random_texts(rng))
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        methods = "\n".join(f"Method {i + 1}: {text}." for i, text in enumerate(puzzle["method_texts"]))
        init = puzzle["initial"]
        return (
            "A dismantling engineer owns old machines of three types, A, B and C. He can turn them into "
            "parts X, Y and Z (or into other machines) with these five methods:\n\n"
            f"{methods}\n\n"
            "Procedure. He starts with Method 1 and then visits the methods in order, one per step: "
            "Method 1, 2, 3, 4, 5, then Method 1 again, and so on. At each step, if the current method "
            "can be applied with the items he has at that moment, he applies it exactly once "
            "(one application per visit, not repeatedly); if it cannot be applied, he skips it. Either way he then moves on to the "
            "next method. He stops as soon as none of the five methods can be applied.\n\n"
            f"At the start he has {init['A']} machine(s) A, {init['B']} machine(s) B and {init['C']} "
            "machine(s) C, and no parts X, Y or Z.\n\n"
            "How many machines A, B, C and parts X, Y, Z does he have when he stops? Give the six "
            "numbers in the order A, B, C, X, Y, Z, separated by commas, inside triple angle brackets, "
            "for example <<<1, 0, 1, 1, 1, 1>>> (this example only shows the format). "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = list(instance.puzzle["gold"])
        bumped = list(gold)
        bumped[5] += 1
        out = [format_answer(bumped), format_answer(gold[:5]), format_answer(gold + [1])]
        labelled = ", ".join(f"{k}={v}" for k, v in zip(gen.ITEMS, gold))
        out.append(labelled)
        reordered = gold[3:] + gold[:3]
        if reordered != gold:
            out.append(format_answer(reordered))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        m = _INITIAL.search(question)
        if m is None:
            raise DataFormatError(f"{folder}/{sample_id}: initial machine counts not found in the question")
        a, b, c = (int(g) for g in m.groups())
        try:
            stored = [int(v) for v in solution["expected_answer"]]
            level = int(solution["complexity"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        if len(stored) != 6 or level not in range(1, 6):
            raise DataFormatError(f"{folder}/{sample_id}: unexpected expected_answer or complexity")
        puzzle = build_puzzle(a, b, c, [options[0] for options in gen.TEMPLATES])
        errata = ["question_rerendered"]
        if stored != puzzle["gold"]:
            errata.append("gold_corrected")
        return Imported(
            puzzle=puzzle,
            answer=format_answer(puzzle["gold"]),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            original_answer=", ".join(str(v) for v in solution["expected_answer"]),
            extra_meta={"original_question": question},
        )
