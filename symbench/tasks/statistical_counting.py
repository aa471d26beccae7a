"""statistical_counting: score the maximal runs of a letter string (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import statistical_counting as checker
from symbench.errors import DataFormatError
from symbench.generators import statistical_counting as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class StatisticalCountingParams(Params):
    length: tuple[int, ...] = knob(
        lo=1, hi=5000, help="string length(s); paired with num_letters (a single value is broadcast)"
    )
    num_letters: tuple[int, ...] = knob(
        lo=2, hi=26, help="letter count(s); paired with length (a single value is broadcast)"
    )

    def check(self) -> str | None:
        a, b = len(self.length), len(self.num_letters)
        if a != b and 1 not in (a, b):
            return "length and num_letters must have equal lengths, or one of them a single value"
        return None


# Each level lists its (length, num_letters) configurations as two paired lists.
LADDER: dict[int, dict[str, list[int]]] = {
    1: {"length": [5], "num_letters": [2]},
    2: {"length": [10], "num_letters": [3]},
    3: {"length": [15], "num_letters": [4]},
    4: {"length": [20], "num_letters": [5]},
    5: {"length": [25, 35], "num_letters": [6, 3]},
    6: {"length": [45, 55], "num_letters": [3]},
    7: {"length": [65], "num_letters": [3, 4, 5, 6, 7]},
    8: {"length": [100], "num_letters": [3, 4, 5, 6, 7]},
    9: {"length": [150], "num_letters": [3, 4, 5, 6, 7]},
    10: {"length": [250], "num_letters": list(range(3, 11))},
}

# The original (length, letters) settings -> level.
ORIGINAL_LEVEL = {
    cfg: lvl
    for lvl in range(1, 8)
    for cfg in gen.configurations(tuple(LADDER[lvl]["length"]), tuple(LADDER[lvl]["num_letters"]))
}


@register
class StatisticalCounting(Task):
    name = "statistical_counting"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Add a letter's score once for every maximal block of two or more identical letters."
    params_cls = StatisticalCountingParams
    ladder = LADDER
    v1_mix = {1: 1, 2: 2, 3: 2, 4: 5, 5: 20, 6: 20, 7: 50}
    override_examples = {"length": "30", "num_letters": "9"}
    original_folders = ("statistical_counting_dataset",)

    def generate(self, params: StatisticalCountingParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.length, params.num_letters, rng)
        return Generated(puzzle, str(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        scores = puzzle["scores"]
        letters = sorted(scores, key=lambda c: (scores[c], c))
        table = "\n".join(f"- {c}: {scores[c]} point(s)" for c in letters)
        return (
            "You are given a string of capital letters. Each letter has a score:\n"
            f"{table}\n\n"
            "Compute a total score, starting from 0. Read the string from left to right and cut it into "
            "maximal blocks of identical consecutive letters (a block ends where the next letter is "
            "different). Every block of length 2 or more adds its letter's score exactly once, however long "
            "the block is: a block AAAA adds A's score once, not three or four times. Blocks of length 1 add "
            "nothing.\n\n"
            f"String: {puzzle['sequence']}\n\n"
            "What is the total score? Give it as a single integer inside triple angle brackets, for example "
            "<<<5>>>. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        puzzle = instance.puzzle
        gold = puzzle["gold"]
        out = [str(gold + 1), f"{gold}, {gold + 1}", f"{gold} points"]
        # Per-occurrence reading: every letter after the first in a block adds the score again.
        per_pair = sum(puzzle["scores"][r["letter"]] * (r["length"] - 1) for r in puzzle["runs"])
        if per_pair != gold:
            out.append(str(per_pair))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            sequence = str(solution["sequence"])
            scores = {str(r["letter"]): int(r["score"]) for r in solution["rules"]}
            stored = int(solution["solution"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        if not sequence or any(c not in scores for c in sequence):
            raise DataFormatError(f"{folder}/{sample_id}: sequence uses a letter without a score")
        puzzle = gen.build_puzzle(sequence, scores)
        errata = [] if stored == puzzle["gold"] else ["gold_corrected"]
        level = ORIGINAL_LEVEL.get((len(sequence), len(scores)))
        params = None
        if level is None:  # not an original setting: nearest level, real shape recorded
            level = 7
            params = StatisticalCountingParams(length=(len(sequence),), num_letters=(len(scores),))
        return Imported(
            puzzle=puzzle,
            answer=str(puzzle["gold"]),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=str(stored),
            extra_meta={"original_question": question},
        )
