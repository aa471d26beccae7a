"""permutations_and_combinations: arrange books on a shelf under positional constraints
(LogicGame, unseen)."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
import string
from typing import Any

from symbench.checkers import permutations_and_combinations as checker
from symbench.errors import DataFormatError
from symbench.generators import permutations_and_combinations as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class PermParams(Params):
    num_items: int = knob(lo=3, hi=16, help="number of books (letters A, B, ...)")
    num_constraints: tuple[int, int] = knob(lo=1, hi=60, help="range of the number of constraints")
    constraint_types: tuple[str, ...] = knob(gen.TYPES, choices=gen.TYPES, help="enabled constraint types")


LADDER = {
    1: (4, (5, 6)),
    2: (5, (6, 7)),
    3: (6, (7, 8)),
    4: (7, (8, 9)),
    5: (8, (9, 10)),
    6: (9, (10, 11)),
    7: (10, (11, 12)),
    8: (11, (12, 13)),
    9: (12, (13, 14)),
    10: (14, (15, 16)),
}

SENTENCES = {
    "fixed_position": "Book {a} must be placed in position {pos}.",
    "not_in_position": "Book {a} must not be placed in position {pos}.",
    "left_of": "Book {a} must be somewhere to the left of book {b}.",
    "right_of": "Book {a} must be somewhere to the right of book {b}.",
    "adjacent_to": "Book {a} must be next to book {b}.",
}

# The five fixed sentence templates of the original data.
_ORIGINAL_LINE = re.compile(r"^\s*\d+\.\s*Book ([A-Z]) (.+?)\.?\s*$")
_ORIGINAL_TEMPLATES = (
    (re.compile(r"^must be placed in position (\d+)$"), "fixed_position"),
    (re.compile(r"^cannot be placed in position (\d+)$"), "not_in_position"),
    (re.compile(r"^must be to the left of book ([A-Z])$"), "left_of"),
    (re.compile(r"^must be to the right of book ([A-Z])$"), "right_of"),
    (re.compile(r"^must be adjacent to book ([A-Z])$"), "adjacent_to"),
)


def format_answer(arrangement: list[str]) -> str:
    return "[" + ", ".join(f'"{letter}"' for letter in arrangement) + "]"


def parse_original_constraint(line: str) -> dict[str, Any] | None:
    m = _ORIGINAL_LINE.match(line)
    if not m:
        return None
    a, rest = m.group(1), m.group(2)
    for pattern, kind in _ORIGINAL_TEMPLATES:
        t = pattern.match(rest)
        if t:
            if kind in ("fixed_position", "not_in_position"):
                return {"type": kind, "a": a, "b": None, "pos": int(t.group(1))}
            return {"type": kind, "a": a, "b": t.group(1), "pos": None}
    return None


@register
class PermutationsAndCombinations(Task):
    name = "permutations_and_combinations"
    version = "1.0"
    group = "unseen"
    category = "Planning"
    description = "Arrange lettered books on a shelf so that every positional constraint holds."
    params_cls = PermParams
    ladder = {
        lvl: {"num_items": n, "num_constraints": rng_, "constraint_types": gen.TYPES}
        for lvl, (n, rng_) in LADDER.items()
    }
    v1_mix = {3: 25, 4: 25, 5: 25, 6: 25}
    override_examples = {
        "num_items": "15",
        "num_constraints": "3-4",
        "constraint_types": "left_of,adjacent_to",
    }
    original_folders = ("permutations_and_combinations",)

    def generate(self, params: PermParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.num_items, params.num_constraints, params.constraint_types, rng)
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        items = puzzle["items"]
        n = len(items)
        lines = "\n".join(
            f"{i}. " + SENTENCES[c["type"]].format(a=c["a"], b=c["b"], pos=c["pos"])
            for i, c in enumerate(puzzle["constraints"], 1)
        )
        example = format_answer(self._format_example(items, puzzle["constraints"]))
        return (
            f"A shelf has {n} positions numbered 1 to {n}; position 1 is the leftmost and position {n} "
            f"the rightmost. There are {n} books labelled {', '.join(items)}. Every book must be placed "
            "exactly once, and every position holds exactly one book.\n\n"
            "The arrangement must satisfy all of these constraints:\n"
            f"{lines}\n\n"
            'Meaning of the constraints: "placed in position p" means the book occupies position p; '
            '"must not be placed in position p" means it occupies any other position; "to the left '
            'of" means its position number is smaller than the other book\'s, and "to the right of" '
            'means it is larger; in both cases the two books need not be neighbours. "Next to" means '
            "the two positions differ by exactly 1, in either order.\n\n"
            "Several arrangements may satisfy the constraints; any one of them is accepted.\n\n"
            "Give the books of positions 1 to "
            f"{n} in order as a list inside triple angle brackets, for example <<<{example}>>> (this "
            "only shows the format). Only the last <<<...>>> block in your reply is graded."
        )

    @staticmethod
    def _format_example(items: list[str], constraints: list[dict[str, Any]]) -> list[str]:
        """A format example that is not an answer: the books in an order that breaks a constraint
        (reverse order first), or, for longer shelves, three letters as in the original."""
        candidates = [list(reversed(items))]
        if len(items) == 3:
            candidates += [list(p) for p in itertools.permutations(items)]
        for letters in candidates:
            pos = {letter: i + 1 for i, letter in enumerate(letters)}
            if any(checker.violated(c, pos) for c in constraints):
                return letters
        return ["A", "B", "C"]

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["items"], instance.puzzle["constraints"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = instance.puzzle["gold"]
        duplicated = [*gold[:-1], gold[0]]
        missing = gold[:-1]
        out = [format_answer(duplicated), format_answer(missing)]
        # a full permutation that breaks a constraint, when one exists close to the gold
        constraints = instance.puzzle["constraints"]
        for i in range(len(gold)):
            for j in range(i + 1, len(gold)):
                trial = list(gold)
                trial[i], trial[j] = trial[j], trial[i]
                pos = {letter: k + 1 for k, letter in enumerate(trial)}
                if any(checker.violated(c, pos) for c in constraints):
                    return [*out, format_answer(trial)]
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        where = f"{folder}/{sample_id}"
        try:
            items = [str(x) for x in solution["items"]]
            lines = [ln for ln in str(solution["constraints_text"]).splitlines() if ln.strip()]
            stored = [str(x) for x in solution["correct_solution"]]
        except (KeyError, TypeError) as exc:
            raise DataFormatError(f"{where}: unexpected solution.json ({exc})") from None
        n = len(items)
        if not 3 <= n <= 16 or items != list(string.ascii_uppercase[:n]):
            raise DataFormatError(f"{where}: books are not the first letters of the alphabet")
        constraints = []
        for line in lines:
            c = parse_original_constraint(line)
            if c is None:
                raise DataFormatError(f"{where}: unrecognised constraint line {line!r}")
            if c["a"] not in items or (c["b"] is not None and c["b"] not in items):
                raise DataFormatError(f"{where}: constraint names an unknown book: {line!r}")
            if c["pos"] is not None and not 1 <= c["pos"] <= n:
                raise DataFormatError(f"{where}: constraint position out of range: {line!r}")
            constraints.append(c)
        gold, count = gen.solve(items, constraints)
        errata: list[str] = []
        if gold is None:
            errata.append("excluded_unsolvable")
            gold = stored
        elif checker.check(items, constraints, format_answer(stored)).score != 1:
            errata.append("gold_corrected")
        keys = [gen.normal_form(c) for c in constraints]
        level = min(max(n - 3, 1), 10)
        params = None
        if n - 3 not in LADDER or not (LADDER[n - 3][1][0] <= len(constraints) <= LADDER[n - 3][1][1]):
            params = PermParams(
                num_items=n,
                num_constraints=(len(constraints), len(constraints)),
                constraint_types=gen.TYPES,
            )
        return Imported(
            puzzle={"items": items, "constraints": constraints, "gold": gold, "num_solutions": count},
            answer=format_answer(gold),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={
                "original_question": question,
                "duplicate_constraint": len(set(keys)) != len(keys),
            },
        )
