"""pattern_recognition: find the largest uniform square in a letter matrix (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

from symbench.checkers import pattern_recognition as checker
from symbench.errors import DataFormatError
from symbench.generators import pattern_recognition as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

_SIDE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_side(text: str) -> tuple[int, int] | None:
    """`auto` -> None; `k` or `lo-hi` -> (lo, hi). Raises ValueError otherwise."""
    if text.strip().lower() == "auto":
        return None
    m = _SIDE.match(text)
    if not m:
        raise ValueError(f"side must be 'auto', 'k' or 'lo-hi', got {text!r}")
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    return lo, hi


@dataclasses.dataclass(frozen=True)
class PatternParams(Params):
    rows: tuple[int, int] = knob(lo=3, hi=100, help="number of rows (range)")
    cols: tuple[int, int] = knob(lo=3, hi=100, help="number of columns (range)")
    side: str = knob(help="side of the planted square: 'auto' (3..min(rows, cols)//2), 'k' or 'lo-hi'")

    def check(self) -> str | None:
        try:
            side = parse_side(self.side)
        except ValueError as exc:
            return f"parameter side: {exc}"
        smallest = min(self.rows[0], self.cols[0])
        if side is None:
            return None if smallest >= 2 * gen.MIN_SIDE else "side=auto needs at least 6 rows and 6 columns"
        if side[0] < gen.MIN_SIDE or side[0] > side[1]:
            return f"parameter side: needs {gen.MIN_SIDE} <= lo <= hi"
        if side[1] > smallest:
            return f"parameter side: a square of side {side[1]} does not fit in {smallest} rows or columns"
        return None


_TABLE = {  # level: (rows and cols range, side)
    1: ((5, 7), "3"),
    2: ((6, 10), "auto"),
    3: ((6, 15), "auto"),
    4: ((12, 18), "3-5"),
    5: ((15, 20), "3-5"),
    6: ((18, 24), "3-4"),
    7: ((22, 28), "3-4"),
    8: ((26, 32), "3"),
    9: ((30, 40), "3"),
    10: ((40, 50), "3"),
}
LADDER = {lvl: {"rows": list(rc), "cols": list(rc), "side": side} for lvl, (rc, side) in _TABLE.items()}

_MATRIX_LINE = re.compile(r"^[A-Z]( [A-Z])*$")


def format_answer(gold: list[int]) -> str:
    return f"[{gold[0]}, {gold[1]}]"


def parse_matrix(question: str) -> list[str]:
    """The block of single-letter rows between the sentence introducing the matrix and the request."""
    lines = question.splitlines()
    start = next((i for i, line in enumerate(lines) if "matrix is" in line), None)
    end = next((i for i, line in enumerate(lines) if line.startswith("Please provide")), None)
    if start is None or end is None or end <= start:
        raise ValueError("matrix block not found")
    rows = [line.strip() for line in lines[start + 1 : end] if line.strip()]
    if not rows or not all(_MATRIX_LINE.match(r) for r in rows):
        raise ValueError("matrix rows are not space-separated capital letters")
    matrix = [r.replace(" ", "") for r in rows]
    if len({len(r) for r in matrix}) != 1:
        raise ValueError("matrix rows differ in length")
    return matrix


@register
class PatternRecognition(Task):
    name = "pattern_recognition"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Find the bottom-right corner of the largest square of one repeated letter in a matrix."
    params_cls = PatternParams
    ladder = LADDER
    v1_mix = {3: 100}
    override_examples = {"rows": "9-9", "cols": "12-14", "side": "4"}
    original_folders = ("pattern_recognition",)

    def generate(self, params: PatternParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.rows, params.cols, parse_side(params.side), rng)
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        matrix = puzzle["matrix"]
        grid = "\n".join(" ".join(row) for row in matrix)
        example = [7, 2] if puzzle["gold"] != [7, 2] else [2, 7]  # never show the answer itself
        return (
            f"Here is a matrix of capital letters with {len(matrix)} rows and {len(matrix[0])} columns:\n\n"
            f"{grid}\n\n"
            "A square is a k x k block of adjacent cells, with k at least 3, in which every cell holds the "
            "same letter. The matrix contains exactly one largest square: every other square of side 3 or "
            "more lies inside it.\n\n"
            "Report the position of the bottom-right cell of that largest square as [row, column]. "
            "Positions are 0-based: row 0 is the top row and column 0 is the leftmost column. Answer in "
            f"the format <<<[row, column]>>>, for example <<<{format_answer(example)}>>> (this only "
            "shows the format). Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        (r, c), (r0, c0) = instance.puzzle["gold"], instance.puzzle["top_left"]
        return [
            format_answer([r0, c0]),  # the top-left corner
            format_answer([r + 1, c + 1]),  # 1-based
            f"[{r}, {c}, {r}]",
            str(r),
        ]

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            stored = [int(solution["row"]), int(solution["column"])]
            matrix = parse_matrix(question)
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected sample ({exc})") from None
        info = gen.analyse(matrix)
        rows, cols = len(matrix), len(matrix[0])
        errata = []
        if len(info["corners"]) > 1:
            errata.append("ambiguous_original_wording")  # several corners under "every square >= 3"
        gold = stored
        if len(info["at_best"]) != 1 or info["best"] < gen.MIN_SIDE:
            errata.append("excluded_ill_posed")  # no unique largest square
        else:
            if info["at_best"][0] != stored:
                errata.append("gold_corrected")
                gold = info["at_best"][0]
            corner_side = info["best"]
            top_left = (gold[0] - corner_side + 1, gold[1] - corner_side + 1)
            if not gen.is_unique(matrix, top_left, corner_side):
                errata.append("excluded_ill_posed")  # another square lies outside the largest one
        inside = 0 <= gold[0] < rows and 0 <= gold[1] < cols
        side = gen.square_sizes(matrix)[gold[0]][gold[1]] if inside else 1
        puzzle = {
            "matrix": matrix,
            "side": side,
            "top_left": [gold[0] - side + 1, gold[1] - side + 1],
            "gold": gold,
        }
        params = None
        lo, hi = _TABLE[3][0]
        if not (lo <= rows <= hi and lo <= cols <= hi):
            params = PatternParams(rows=(rows, rows), cols=(cols, cols), side=str(max(side, gen.MIN_SIDE)))
        return Imported(
            puzzle=puzzle,
            answer=format_answer(gold),
            complexity=3,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question},
        )
