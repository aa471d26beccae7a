"""Rule-based Sudoku verification: givens kept, every row, column and box a permutation of 1..N.

The solution is unique by construction, but the checker never compares with the gold: it applies the
rules, so any grid it accepts is a solution of the puzzle.
"""

from __future__ import annotations

import re

from symbench.instance import Verdict

# Digits, separators, brackets, quotes and grid-drawing characters; anything else rejects the answer.
_ALLOWED = re.compile(r"^[0-9\s,;\[\]\"'`|+\-]*$")
_NUMBER = re.compile(r"\d+")


def parse_grid(content: str, size: int) -> tuple[list[int] | None, str]:
    """The N*N numbers of an answer, row-major, or None with a reason code."""
    if not _ALLOWED.match(content):
        return None, "invalid_symbol"
    tokens = _NUMBER.findall(content)
    if not tokens:
        return None, "unparseable"
    if size <= 9 and any(len(t) > 1 for t in tokens):
        # rows written as digit strings, e.g. 534678912 on each line
        if not all(len(t) == size for t in tokens):
            return None, "wrong_shape"
        tokens = [d for t in tokens for d in t]
    if len(tokens) != size * size:
        return None, "wrong_shape"
    width = len(str(size))
    if any(len(t) > width for t in tokens):
        return None, "invalid_symbol"
    values = [int(t) for t in tokens]
    if any(v < 1 or v > size for v in values):
        return None, "invalid_symbol"
    return values, ""


def broken_rules(values: list[int], puzzle: list[list[int]], box_rows: int, box_cols: int) -> list[str]:
    """Names of the rules a complete grid breaks (empty when it is a solution of the puzzle)."""
    n = box_rows * box_cols
    grid = [values[r * n : (r + 1) * n] for r in range(n)]
    problems = []
    if any(puzzle[r][c] and puzzle[r][c] != grid[r][c] for r in range(n) for c in range(n)):
        problems.append("givens")
    full = set(range(1, n + 1))
    if any(set(row) != full for row in grid):
        problems.append("rows")
    if any({grid[r][c] for r in range(n)} != full for c in range(n)):
        problems.append("columns")
    boxes = [
        {grid[r][c] for r in range(br, br + box_rows) for c in range(bc, bc + box_cols)}
        for br in range(0, n, box_rows)
        for bc in range(0, n, box_cols)
    ]
    if any(box != full for box in boxes):
        problems.append("boxes")
    return problems


def check(puzzle: list[list[int]], box_rows: int, box_cols: int, content: str) -> Verdict:
    size = box_rows * box_cols
    values, reason = parse_grid(content, size)
    if values is None:
        return Verdict.wrong(reason)
    grid = [values[r * size : (r + 1) * size] for r in range(size)]
    problems = broken_rules(values, puzzle, box_rows, box_cols)
    if problems:
        return Verdict.wrong("rule_violation", parsed=grid, metrics={"broken": problems})
    return Verdict.right(parsed=grid)
