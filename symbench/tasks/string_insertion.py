"""string_insertion: one simultaneous pass of pattern-triggered insertions (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import string_insertion as checker
from symbench.errors import DataFormatError
from symbench.generators import string_insertion as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class StringInsertionParams(Params):
    num_triggers: int = knob(lo=1, hi=30, help="pattern occurrences in the input string")
    min_sep: int = knob(lo=0, hi=10, help="shortest random separator between planted patterns")
    max_sep: int = knob(lo=0, hi=10, help="longest random separator between planted patterns")
    max_affix: int = knob(lo=0, hi=10, help="longest random prefix and suffix")

    def check(self) -> str | None:
        if self.min_sep > self.max_sep:
            return "min_sep must not exceed max_sep"
        return None


LADDER = {
    1: (1, 1, 1, 2),
    2: (2, 1, 1, 2),
    3: (3, 1, 1, 2),
    4: (4, 1, 2, 3),
    5: (5, 1, 2, 3),
    6: (6, 0, 3, 3),
    7: (8, 0, 3, 4),
    8: (10, 0, 3, 4),
    9: (13, 0, 4, 5),
    10: (16, 0, 4, 5),
}

_EXAMPLES = ("ABCDEACE", "EDCBAEDC")


def build_puzzle(text: str) -> dict[str, Any]:
    return {
        "rules": [list(r) for r in gen.RULES],
        "string": text,
        "matches": [list(m) for m in gen.find_matches(text)],
        "gold": gen.apply_operation(text),
    }


@register
class StringInsertion(Task):
    name = "string_insertion"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Insert a letter after every occurrence of five 4-letter patterns, all decided at once."
    params_cls = StringInsertionParams
    ladder = {
        lvl: {"num_triggers": n, "min_sep": a, "max_sep": b, "max_affix": c}
        for lvl, (n, a, b, c) in LADDER.items()
    }
    v1_mix = {3: 100}
    override_examples = {"num_triggers": "7", "min_sep": "2", "max_sep": "4", "max_affix": "6"}
    original_folders = ("string_insertion",)

    def generate(self, params: StringInsertionParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.num_triggers, params.min_sep, params.max_sep, params.max_affix, rng)
        return Generated(puzzle, puzzle["gold"])

    def render(self, puzzle: dict[str, Any]) -> str:
        rules = "\n".join(
            f"{i}. After every occurrence of the substring {p}, insert the letter {c}."
            for i, (p, c) in enumerate(puzzle["rules"], 1)
        )
        example = next(e for e in _EXAMPLES if e != puzzle["gold"])
        return (
            "Strings here consist of the capital letters A, B, C, D and E. The operation T is defined by "
            f"these five rules:\n{rules}\n\n"
            "One operation T works as follows. First find every occurrence of every one of the five "
            "substrings in the given string; occurrences may overlap (for example, ABCDE contains both "
            "ABCD and BCDE). Then, for each occurrence, insert its rule's letter immediately after the "
            "occurrence's last character. All occurrences are found in the given string before anything "
            "is inserted, so inserted letters never create new occurrences or destroy existing ones. (No "
            "two occurrences end at the same position, so at most one letter is inserted at any place.)\n\n"
            f"Given string: {puzzle['string']}\n\n"
            "What is the string after one operation T? Write the resulting string in capital letters, "
            f"without spaces or quotes, inside triple angle brackets, for example <<<{example}>>>. "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold, text = instance.puzzle["gold"], instance.puzzle["string"]
        last = "A" if gold[-1] != "A" else "B"
        return [text, gold[:-1] + last, gold.lower(), " ".join(gold), gold + "A"]

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            text = str(solution["original_string"]).strip()
            stored = str(solution["modified_string"]).strip()
        except (KeyError, TypeError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        if not text or any(ch not in gen.ALPHABET for ch in text):
            raise DataFormatError(f"{folder}/{sample_id}: the string is not over A-E: {text!r}")
        puzzle = build_puzzle(text)
        errata = [] if stored == puzzle["gold"] else ["gold_corrected"]
        return Imported(
            puzzle=puzzle,
            answer=puzzle["gold"],
            complexity=3,
            key=f"{folder}/{sample_id}",
            errata=errata,
            original_answer=stored,
            extra_meta={"original_question": question},
        )
