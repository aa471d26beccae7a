"""logic_puzzle: select K cells of a number grid under distinct-value and row/column rules (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

from symbench.checkers import logic_puzzle as checker
from symbench.errors import DataFormatError
from symbench.generators import logic_puzzle as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

PLANT_ABOVE_SIZE = 10  # grids larger than the original 10 x 10 get a planted witness (levels 9-10)
_RANGE = re.compile(r"^(-?\d+)\.\.(-?\d+)$")


def parse_range(text: str) -> tuple[int, int]:
    m = _RANGE.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a range lo..hi")
    lo, hi = int(m.group(1)), int(m.group(2))
    if lo > hi or lo == 0 or hi <= 0:
        raise ValueError(f"{text!r}: need lo <= hi, hi > 0 and lo != 0 (0 is never a cell value)")
    return lo, hi


@dataclasses.dataclass(frozen=True)
class LogicPuzzleParams(Params):
    size: tuple[int, ...] = knob(lo=2, hi=16, help="grid side n; a list gives variants drawn uniformly")
    num_select: tuple[int, ...] = knob(lo=1, hi=256, help="cells to select K, per variant")
    value_range: tuple[str, ...] = knob(help="cell values lo..hi without 0 (e.g. -8..8), per variant")
    constraint: str = knob(choices=checker.CONSTRAINTS, help="row/column rule")

    def variants(self) -> list[tuple[int, int, int, int]]:
        """(n, K, lo, hi) per variant; a list of length 1 applies to every variant."""
        count = max(len(self.size), len(self.num_select), len(self.value_range))

        def at(values: tuple, i: int):
            return values[i] if len(values) > 1 else values[0]

        return [
            (at(self.size, i), at(self.num_select, i), *parse_range(at(self.value_range, i)))
            for i in range(count)
        ]

    def check(self) -> str | None:
        lists = {"size": self.size, "num_select": self.num_select, "value_range": self.value_range}
        count = max(len(x) for x in lists.values())
        for name, x in lists.items():
            if len(x) not in (1, count):
                return f"parameter {name}: give one value or {count} (one per variant)"
        try:
            variants = self.variants()
        except ValueError as exc:
            return f"parameter value_range: {exc}"
        for n, k, lo, hi in variants:
            distinct = hi - lo + (0 if lo < 0 else 1)
            if k > n * n:
                return f"parameter num_select: K={k} exceeds the {n * n} cells of a {n}x{n} grid"
            if k > distinct:
                return f"parameter num_select: K={k} exceeds the {distinct} distinct values of {lo}..{hi}"
            if self.constraint == "sum_le_4" and (lo < 1 or k > 4):
                return "parameter constraint: sum_le_4 needs positive values (lo >= 1) and K <= 4"
            if self.constraint == "product_gt_0" and n > PLANT_ABOVE_SIZE and lo > -4 and k > hi:
                return f"parameter value_range: {lo}..{hi} has too few negatives to plant K={k}"
        return None


LADDER = {
    1: ((2, 3), (3, 4), ("1..3", "1..4"), "sum_le_4"),
    2: ((4,), (6,), ("-5..8",), "product_gt_0"),
    3: ((5,), (9, 10), ("-8..8", "-10..10"), "product_gt_0"),
    4: ((6,), (12,), ("-12..12",), "product_gt_0"),
    5: ((7,), (16,), ("-14..14",), "product_gt_0"),
    6: ((8,), (18,), ("-16..16",), "product_gt_0"),
    7: ((9,), (20,), ("-18..18",), "product_gt_0"),
    8: ((10,), (25,), ("-20..20",), "product_gt_0"),
    9: ((12,), (30,), ("-24..24",), "product_gt_0"),
    10: ((14,), (36,), ("-28..28",), "product_gt_0"),
}
# original complexity -> (level, n, K, nominal value range)
_ORIGINAL = {
    1: (1, 2, 3, "1..3"),
    2: (1, 3, 4, "1..4"),
    3: (2, 4, 6, "-5..8"),
    4: (3, 5, 9, "-8..8"),
    5: (3, 5, 10, "-10..10"),
    6: (4, 6, 12, "-12..12"),
    7: (5, 7, 16, "-14..14"),
    8: (6, 8, 18, "-16..16"),
    9: (7, 9, 20, "-18..18"),
    10: (8, 10, 25, "-20..20"),
}


def format_answer(cells: list[tuple[int, int]] | list[list[int]]) -> str:
    return ", ".join(f"{r} {c}" for r, c in cells)


def build_puzzle(
    grid: list[list[int]], k: int, constraint: str, gold: list, result: gen.SolveResult
) -> dict[str, Any]:
    n = len(grid)
    return {
        "grid": grid,
        "num_select": k,
        "constraint": constraint,
        "start": [0, n - 1],
        "gold": [list(cell) for cell in sorted(tuple(c) for c in gold)],
        "num_solutions": result.count,
        "num_solutions_exact": result.exact,
    }


@register
class LogicPuzzle(Task):
    name = "logic_puzzle"
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Select K grid cells with distinct values so every used row and column meets the rule."
    params_cls = LogicPuzzleParams
    ladder = {
        lvl: {"size": s, "num_select": k, "value_range": v, "constraint": c}
        for lvl, (s, k, v, c) in LADDER.items()
    }
    v1_mix = {1: 16, 2: 8, 3: 16, 4: 8, 5: 13, 6: 13, 7: 13, 8: 13}
    override_examples = {"size": "5", "num_select": "8", "value_range": "-9..9", "constraint": "product_gt_0"}
    original_folders = ("logic_puzzle_dataset",)

    def generate(self, params: LogicPuzzleParams, rng: random.Random) -> Generated:
        variants = params.variants()
        n, k, lo, hi = variants[rng.randrange(len(variants))] if len(variants) > 1 else variants[0]
        if params.constraint == "product_gt_0" and n > PLANT_ABOVE_SIZE:
            grid, gold = gen.planted_puzzle(n, k, lo, hi, rng)
            result = gen.solve(grid, k, params.constraint)
            if checker.violations(grid, k, params.constraint, [0, n - 1], gold):
                raise AssertionError("planted selection is invalid")  # construction guarantees it
            if result.count == 0:  # budget ran out before the solver met a selection: the planted one counts
                result = gen.SolveResult(1, gold, False)
        else:
            grid, result = gen.search_puzzle(n, k, lo, hi, params.constraint, rng)
            gold = result.first
        puzzle = build_puzzle(grid, k, params.constraint, gold, result)
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        grid, k = puzzle["grid"], puzzle["num_select"]
        n = len(grid)
        r0, c0 = puzzle["start"]
        rows = "\n".join(", ".join(str(v) for v in row) for row in grid)
        if puzzle["constraint"] == "sum_le_4":
            rule = "the sum of the selected values in it must be at most 4"
        else:
            rule = "the product of the selected values in it must be greater than 0 (positive)"
        return (
            f"Here is a {n} x {n} grid of integers, one row per line, values separated by commas:\n\n"
            f"{rows}\n\n"
            f"Positions are written as 'row column', counting from 0: row 0 is the top row and column 0 is "
            f"the leftmost column, so the top-right cell is '{r0} {c0}'.\n\n"
            f"Select exactly {k} different cells such that:\n"
            f"1. the selection includes the start cell '{r0} {c0}' (the top-right cell, value "
            f"{grid[r0][c0]});\n"
            f"2. the {k} selected values are pairwise different (no value is selected twice);\n"
            f"3. for every row and every column that contains at least one selected cell, {rule}. Rows and "
            "columns without selected cells impose nothing, and unselected cells are ignored.\n"
            "Any selection that satisfies all of these rules is accepted.\n\n"
            f"Give all {k} selected positions, including the start cell, as 'row column' pairs separated by "
            "commas, inside triple angle brackets, for example <<<0 3, 1 0, 2 4>>> (this only shows the "
            "format). Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle, content)

    def corruptions(self, instance: Instance) -> list[str]:
        p = instance.puzzle
        gold = [tuple(c) for c in p["gold"]]
        n = len(p["grid"])
        start = tuple(p["start"])
        out = [format_answer(gold[:-1]) if len(gold) > 1 else "0 0, 0 0"]
        out.append(
            format_answer([gold[0], *gold[:-1]]) if len(gold) > 1 else format_answer([(n, n)])
        )  # duplicate
        without_start = [c for c in gold if c != start]
        spare = next((r, c) for r in range(n) for c in range(n) if (r, c) not in set(gold))
        out.append(
            format_answer([*without_start, spare]) if (n * n > len(gold)) else format_answer(without_start)
        )
        out.append(format_answer([*gold[:-1], (n + 100, n + 100)]))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        where = f"{folder}/{sample_id}"
        try:
            grid = [[int(v) for v in row] for row in solution["grid"]]
            stored = [(int(r), int(c)) for r, c in solution["solution"]]
            complexity = int(solution["complexity"])
            constraint = str(solution["constraints"]["type"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{where}: unexpected solution.json ({exc})") from None
        if complexity not in _ORIGINAL or constraint not in checker.CONSTRAINTS:
            raise DataFormatError(f"{where}: unknown complexity {complexity} or constraint {constraint!r}")
        level, n, k, nominal = _ORIGINAL[complexity]
        if len(grid) != n or any(len(row) != n for row in grid):
            raise DataFormatError(f"{where}: expected a {n}x{n} grid for complexity {complexity}")
        errata: list[str] = []
        result = gen.solve(grid, k, constraint)
        gold: list = stored
        if checker.violations(grid, k, constraint, [0, n - 1], stored):
            if result.first is not None:
                errata.append("gold_corrected")
                gold = result.first
            else:
                errata.append("excluded_unsolvable" if result.exact else "excluded_ill_posed")
        params = LogicPuzzleParams(size=(n,), num_select=(k,), value_range=(nominal,), constraint=constraint)
        puzzle = build_puzzle(grid, k, constraint, gold, result)
        return Imported(
            puzzle=puzzle,
            answer=format_answer(puzzle["gold"]),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question, "original_complexity": complexity},
        )
