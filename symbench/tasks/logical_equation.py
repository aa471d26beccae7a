"""logical_equation: assign distinct numbers to letters so that sums, differences, multiples and
comparisons hold (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import logical_equation as checker
from symbench.errors import DataFormatError
from symbench.generators import logical_equation as gen
from symbench.importers.common import find_task_folder, read_json
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class EquationParams(Params):
    num_letters: int = knob(lo=2, hi=26, help="number of letters (A, B, ...) and of values")
    num_constraints: tuple[int, int] = knob(lo=1, hi=100, help="range of the number of relations")
    value_set: str = knob(
        help="'random' (n distinct values from 1..value_max), 'preset:<name>' "
        f"({', '.join(gen.PRESETS)}), or 'original' (the preset of the original group for the drawn "
        "relation count)"
    )
    value_max: int = knob(lo=2, hi=10_000, help="largest value of a random value set")
    p_inequality: float = knob(0.05, lo=0.0, hi=1.0, help="probability that a draw is a '>' relation")

    def check(self) -> str | None:
        vs = self.value_set
        if vs == "random":
            if self.value_max < self.num_letters:
                return "value_max must be at least num_letters for a random value set"
        elif vs == "original":
            lo, hi = self.num_constraints
            missing = [m for m in range(lo, hi + 1) if (self.num_letters, m) not in gen.ORIGINAL_GROUPS]
            if missing:
                groups = ", ".join(f"{a}/{b}" for a, b in gen.ORIGINAL_GROUPS)
                return f"value_set=original needs an original letters/relations group ({groups})"
        elif vs.startswith("preset:"):
            name = vs.split(":", 1)[1]
            if name not in gen.PRESETS:
                return f"unknown preset {name!r}; presets: {', '.join(gen.PRESETS)}"
            if len(gen.PRESETS[name]) != self.num_letters:
                return (
                    f"preset {name} has {len(gen.PRESETS[name])} values, not num_letters={self.num_letters}"
                )
        else:
            return "value_set must be 'random', 'original' or 'preset:<name>'"
        return None


LADDER = {
    1: (5, (4, 4), "random", 30),
    2: (7, (5, 6), "random", 50),
    3: (9, (7, 8), "original", 100),
    4: (11, (10, 11), "original", 100),
    5: (13, (10, 12), "original", 100),
    6: (15, (12, 14), "original", 100),
    7: (17, (14, 16), "random", 150),
    8: (19, (16, 18), "random", 180),
    9: (22, (19, 21), "random", 220),
    10: (26, (23, 25), "random", 300),
}
_LEVEL_OF_LETTERS = {9: 3, 11: 4, 13: 5, 15: 6}

_SAMPLE = re.compile(r"^sample_(\d+)_(\d+)_(\d+)$")
_NUMBER_LIST = re.compile(r"-?\d+(?:\s*,\s*-?\d+)+")
_RELATION_LINE = re.compile(r"^\s*(\d+)\.\s*(.*?)\s*$")
_ORIGINAL_RELATIONS = (
    (re.compile(r"^([A-Z])\s*-\s*([A-Z])\s*=\s*(-?\d+)$"), "diff"),
    (re.compile(r"^([A-Z])\s*\+\s*([A-Z])\s*=\s*(-?\d+)$"), "sum"),
    (re.compile(r"^([A-Z])\s*=\s*(\d\.\d)\s*\*?\s*([A-Z])$"), "mult"),
    (re.compile(r"^([A-Z])\s*>\s*([A-Z])$"), "gt"),
)


def relation_text(c: dict[str, Any]) -> str:
    kind = c["type"]
    if kind == "sum":
        return f"{c['x']} + {c['y']} = {c['k']}"
    if kind == "diff":
        return f"{c['x']} - {c['y']} = {c['k']}"
    if kind == "mult":
        return f"{c['x']} = {c['m']} * {c['y']}"
    return f"{c['x']} > {c['y']}"


def parse_original_relation(text: str) -> dict[str, Any] | None:
    for pattern, kind in _ORIGINAL_RELATIONS:
        m = pattern.match(text)
        if not m:
            continue
        if kind in ("sum", "diff"):
            return {"type": kind, "x": m.group(1), "y": m.group(2), "k": int(m.group(3))}
        if kind == "mult":
            return {"type": "mult", "x": m.group(1), "y": m.group(3), "m": m.group(2)}
        return {"type": "gt", "x": m.group(1), "y": m.group(2)}
    return None


def format_answer(values: list[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


@register
class LogicalEquation(Task):
    name = "logical_equation"
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = (
        "Assign distinct numbers to letters so that every sum, difference, multiple and comparison holds."
    )
    params_cls = EquationParams
    ladder = {
        lvl: {"num_letters": n, "num_constraints": m, "value_set": vs, "value_max": vm, "p_inequality": 0.05}
        for lvl, (n, m, vs, vm) in LADDER.items()
    }
    v1_mix = {3: 20, 4: 20, 5: 30, 6: 30}
    override_examples = {
        "num_letters": "6",
        "num_constraints": "3-5",
        "value_set": "random",
        "value_max": "40",
        "p_inequality": "0.5",
    }
    original_folders = ("logical_equation",)

    def generate(self, params: EquationParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.num_letters,
            params.num_constraints,
            params.value_set,
            params.value_max,
            params.p_inequality,
            rng,
        )
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        letters, values = puzzle["letters"], puzzle["values"]
        n = len(letters)
        lines = "\n".join(f"{i}. {relation_text(c)}" for i, c in enumerate(puzzle["constraints"], 1))
        example = format_answer(list(range(1, min(n, 3) + 1)))
        meaning = ", ".join(f"{letter} = {v}" for letter, v in zip(letters, range(1, min(n, 3) + 1)))
        return (
            f"There are {n} letters {', '.join(letters)}. Each letter stands for a different number from "
            f"this set of {n} numbers: {', '.join(str(v) for v in values)}. Every number is used by "
            "exactly one letter, so no two letters have the same value.\n\n"
            "The values satisfy all of these relations:\n"
            f"{lines}\n\n"
            "Here X + Y = s and X - Y = d are ordinary sums and differences, X > Y means X is larger "
            "than Y, and X = m * Y means X equals m times Y exactly (m is written with one decimal "
            "digit, e.g. 1.5 * Y is one and a half times Y).\n\n"
            "If several assignments satisfy every relation, any one of them is accepted.\n\n"
            f"Give the values of {', '.join(letters)} in this alphabetical order as a list of integers "
            f"inside triple angle brackets; for example <<<{example}>>> would mean {meaning}. "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        p = instance.puzzle
        return checker.check(p["letters"], p["values"], p["constraints"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        p = instance.puzzle
        gold = p["gold"]
        repeated = [gold[0], *gold[1:-1], gold[0]] if len(gold) > 1 else [gold[0] + 1]
        out = [format_answer(gold[:-1]), format_answer(repeated)]
        for i in range(len(gold)):
            for j in range(i + 1, len(gold)):
                trial = list(gold)
                trial[i], trial[j] = trial[j], trial[i]
                named = dict(zip(p["letters"], trial))
                if not all(checker.holds(c, named) for c in p["constraints"]):
                    return [*out, format_answer(trial)]
        return out

    # ------------------------------------------------------------------ original data
    def import_original(self, path: Path, include_excluded: bool = False) -> Iterator[Imported]:
        """The original folders are named `sample_<letters>_<relations>_<i>`, not `sample_<i>`."""
        for folder in find_task_folder(path, self.original_folders):
            samples = []
            for child in folder.iterdir():
                m = _SAMPLE.match(child.name)
                if m and child.is_dir():
                    samples.append((tuple(int(g) for g in m.groups()), child))
            for _, child in sorted(samples):
                question_file, solution_file = child / "question.txt", child / "solution.json"
                if not question_file.is_file() or not solution_file.is_file():
                    raise DataFormatError(f"{child}: expected question.txt and solution.json")
                question = question_file.read_text(encoding="utf-8", errors="replace")
                item = self.import_sample(folder.name, child.name, question, read_json(solution_file))
                if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                    continue
                yield item

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        where = f"{folder}/{sample_id}"
        if not isinstance(solution, list) or not all(isinstance(v, int) for v in solution):
            raise DataFormatError(f"{where}: solution.json is not a list of integers")
        n = len(solution)
        letters = list(string.ascii_uppercase[:n])
        first_paragraph = question.split("\n", 1)[0]
        lists = _NUMBER_LIST.findall(first_paragraph)
        if not lists:
            raise DataFormatError(f"{where}: no number list in the first paragraph")
        values = sorted(int(v) for v in max(lists, key=len).split(","))
        if len(values) != n or len(set(values)) != n:
            raise DataFormatError(f"{where}: the value set does not match the {n} stored values")
        constraints = []
        for line in question.splitlines():
            m = _RELATION_LINE.match(line)
            if not m:
                continue
            c = parse_original_relation(m.group(2))
            if c is None:
                raise DataFormatError(f"{where}: unrecognised relation {line!r}")
            if c["x"] not in letters or c["y"] not in letters:
                raise DataFormatError(f"{where}: relation names an unknown letter: {line!r}")
            constraints.append(c)
        if not constraints:
            raise DataFormatError(f"{where}: no relations found")
        stored = [int(v) for v in solution]
        found = gen.solutions(letters, values, constraints)
        errata: list[str] = []
        gold = stored
        if checker.check(letters, values, constraints, format_answer(stored)).score != 1:
            if found:
                errata.append("gold_corrected")
                gold = found[0]
            else:
                errata.append("excluded_unsolvable")
        preset = gen.ORIGINAL_GROUPS.get((n, len(constraints)))
        if preset is not None and tuple(values) != gen.PRESETS[preset]:
            preset = None
        level = _LEVEL_OF_LETTERS.get(n, 6)
        params = None
        if preset is None or n not in _LEVEL_OF_LETTERS:
            params = EquationParams(
                num_letters=n,
                num_constraints=(len(constraints), len(constraints)),
                value_set="random",
                value_max=max(max(values), n),
                p_inequality=0.05,
            )
        puzzle = {
            "letters": letters,
            "values": values,
            "constraints": constraints,
            "gold": gold,
            "num_solutions": len(found),
            "value_preset": preset,
        }
        return Imported(
            puzzle=puzzle,
            answer=format_answer(gold),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question},
        )
