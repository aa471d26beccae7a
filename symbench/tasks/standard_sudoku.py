"""standard_sudoku: fill a partially given Sudoku grid with its unique solution (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import json
import random
from typing import Any

from symbench.checkers import standard_sudoku as checker
from symbench.errors import DataFormatError
from symbench.generators import standard_sudoku as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class SudokuParams(Params):
    box_rows: int = knob(lo=2, hi=4, help="rows per box (the grid has box_rows*box_cols rows)")
    box_cols: int = knob(lo=2, hi=4, help="columns per box")
    blanks: tuple[int, int] = knob(lo=1, hi=240, help="range of the number of empty cells")

    def check(self) -> str | None:
        n = self.box_rows * self.box_cols
        if self.blanks[1] > n * n - n:
            return f"blanks up to {self.blanks[1]} leave too few givens for a unique {n}x{n} grid"
        return None


LADDER = {
    1: (3, 3, (30, 35)),
    2: (3, 3, (36, 40)),
    3: (3, 3, (41, 45)),
    4: (3, 3, (46, 50)),
    5: (3, 3, (51, 55)),
    6: (3, 3, (56, 58)),
    7: (3, 4, (70, 80)),
    8: (3, 4, (81, 90)),
    9: (4, 4, (120, 135)),
    10: (4, 4, (140, 155)),
}


def format_grid(grid: list[list[int]]) -> str:
    """Canonical answer: a JSON-style nested list."""
    return json.dumps(grid, separators=(",", ":"))


def _ranges(count: int, step: int) -> str:
    parts = [f"{i + 1}-{i + step}" for i in range(0, count, step)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@register
class StandardSudoku(Task):
    name = "standard_sudoku"
    aliases = ("sudoku",)
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Complete a Sudoku grid (9x9, or larger at extension levels) that has exactly one solution."
    params_cls = SudokuParams
    ladder = {lvl: {"box_rows": r, "box_cols": c, "blanks": list(b)} for lvl, (r, c, b) in LADDER.items()}
    v1_mix = {5: 100}
    override_examples = {"box_rows": "4", "box_cols": "4", "blanks": "20-25"}
    original_folders = ("standard_sudoku",)

    def generate(self, params: SudokuParams, rng: random.Random) -> Generated:
        puzzle, gold = gen.generate(params.box_rows, params.box_cols, params.blanks, rng)
        return Generated(self._puzzle(params.box_rows, params.box_cols, puzzle, gold), format_grid(gold))

    @staticmethod
    def _puzzle(
        box_rows: int, box_cols: int, puzzle: list[list[int]], gold: list[list[int]]
    ) -> dict[str, Any]:
        return {
            "box_rows": box_rows,
            "box_cols": box_cols,
            "size": box_rows * box_cols,
            "puzzle": puzzle,
            "gold": gold,
            "blanks": sum(v == 0 for row in puzzle for v in row),
        }

    def render(self, puzzle: dict[str, Any]) -> str:
        n, br, bc = puzzle["size"], puzzle["box_rows"], puzzle["box_cols"]
        grid = "\n".join(",".join(str(v) if v else "." for v in row) for row in puzzle["puzzle"])
        example_row = "[" + ",".join(["n"] * n) + "]"
        return (
            f"Solve this Sudoku puzzle. The grid has {n} rows and {n} columns and is divided into {n} boxes "
            f"of {br} rows by {bc} columns: each box joins one of the row groups {_ranges(n, br)} "
            f"(rows counted from the top) with one of the column groups {_ranges(n, bc)} "
            "(columns counted from the left).\n\n"
            f"Fill every empty cell with a whole number from 1 to {n} so that:\n"
            f"- every row contains each number from 1 to {n} exactly once;\n"
            f"- every column contains each number from 1 to {n} exactly once;\n"
            f"- every {br}x{bc} box contains each number from 1 to {n} exactly once.\n"
            "The numbers already in the grid are fixed and must not be changed. "
            "The puzzle has exactly one solution.\n\n"
            "The grid, one row per line, cells separated by commas, empty cells shown as '.':\n\n"
            f"{grid}\n\n"
            f"Answer with the completed grid: {n} rows of {n} numbers, as a nested list such as "
            f"<<<[{example_row},{example_row},...]>>> (each n a number) or with one row per line inside "
            "the brackets. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        p = instance.puzzle
        return checker.check(p["puzzle"], p["box_rows"], p["box_cols"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        p = instance.puzzle
        gold, puzzle, n = p["gold"], p["puzzle"], p["size"]
        flat = [v for row in gold for v in row]
        out = [format_grid([row[:] for row in gold][:-1])]  # a row missing
        # swap two empty cells of the same row that hold different numbers: the columns break
        for r in range(n):
            blanks = [c for c in range(n) if puzzle[r][c] == 0]
            if len(blanks) >= 2:
                swapped = [row[:] for row in gold]
                a, b = blanks[0], blanks[1]
                swapped[r][a], swapped[r][b] = swapped[r][b], swapped[r][a]
                out.append(format_grid(swapped))
                break
        zeroed = list(flat)
        zeroed[0] = 0
        out.append(",".join(map(str, zeroed)))
        relabelled = [[v % n + 1 for v in row] for row in gold]  # a valid grid that changes the givens
        out.append(format_grid(relabelled))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            puzzle = [[int(v) for v in row] for row in solution["puzzle"]]
            stored = [[int(v) for v in row] for row in solution["solution"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        n = len(puzzle)
        box = {4: (2, 2), 6: (2, 3), 9: (3, 3), 12: (3, 4), 16: (4, 4)}.get(n)
        if box is None or any(len(row) != n for row in puzzle + stored) or len(stored) != n:
            raise DataFormatError(f"{folder}/{sample_id}: a {n}x{n} grid is not a supported Sudoku")
        box_rows, box_cols = box
        errata = []
        gold = stored
        flat = [v for row in stored for v in row]
        if checker.broken_rules(flat, puzzle, box_rows, box_cols):
            solved = gen.solve(puzzle, box_rows, box_cols, limit=1)
            if not solved:
                raise DataFormatError(f"{folder}/{sample_id}: the stored puzzle has no solution")
            gold = solved[0]
            errata.append("gold_corrected")
        item = self._puzzle(box_rows, box_cols, puzzle, gold)
        params = None
        level = 5
        if (box_rows, box_cols) != (3, 3) or not 51 <= item["blanks"] <= 55:
            params = SudokuParams(
                box_rows=box_rows, box_cols=box_cols, blanks=(item["blanks"], item["blanks"])
            )
        return Imported(
            puzzle=item,
            answer=format_grid(gold),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=format_grid(stored),
            extra_meta={"original_question": question, "original_complexity": solution.get("complexity")},
        )
