"""Grid selection puzzle: the rules (shared with the generator's solver) and the rule-based check of a
selection: K distinct in-bounds cells, the start cell, pairwise different values, and the row/column
constraint (sum <= 4, or product > 0) on every row and column holding selected cells."""

from __future__ import annotations

from symbench.checkers.answer import parse_int, split_tokens
from symbench.instance import Verdict

CONSTRAINTS = ("sum_le_4", "product_gt_0")


def line_ok(values: list[int], constraint: str) -> bool:
    """The constraint on the selected values of one row or column (non-empty)."""
    if constraint == "sum_le_4":
        return sum(values) <= 4
    negatives = sum(v < 0 for v in values)
    return 0 not in values and negatives % 2 == 0


def violations(
    grid: list[list[int]], num_select: int, constraint: str, start: list[int], cells: list[tuple[int, int]]
) -> list[str]:
    """The rules a selection breaks; empty when it is valid."""
    n = len(grid)
    cells = [(int(r), int(c)) for r, c in cells]
    out = []
    if len(cells) != num_select:
        out.append(f"{len(cells)} cells selected instead of {num_select}")
    if any(not (0 <= r < n and 0 <= c < n) for r, c in cells):
        out.append("a cell is outside the grid")
        return out
    if len(set(cells)) != len(cells):
        out.append("a cell is selected twice")
    if tuple(start) not in set(cells):
        out.append("the start cell is not selected")
    values = [grid[r][c] for r, c in set(cells)]
    if len(set(values)) != len(values):
        out.append("two selected values are equal")
    rows: dict[int, list[int]] = {}
    cols: dict[int, list[int]] = {}
    for r, c in set(cells):
        rows.setdefault(r, []).append(grid[r][c])
        cols.setdefault(c, []).append(grid[r][c])
    bad_rows = sorted(r for r, vals in rows.items() if not line_ok(vals, constraint))
    bad_cols = sorted(c for c, vals in cols.items() if not line_ok(vals, constraint))
    if bad_rows:
        out.append(f"rows {bad_rows} break the {constraint} rule")
    if bad_cols:
        out.append(f"columns {bad_cols} break the {constraint} rule")
    return out


def parse_pairs(content: str, limit: int) -> tuple[list[tuple[int, int]] | None, str]:
    """Non-negative integer tokens taken two by two as (row, column)."""
    tokens = split_tokens(content)
    if not tokens:
        return None, "unparseable"
    if len(tokens) > 2 * limit + 2:
        return None, "wrong_shape"
    values = []
    for tok in tokens:
        v = parse_int(tok)
        if v is None or not tok.isascii():
            return None, "unparseable"
        if v < 0 or tok.startswith("-"):
            return None, "invalid_symbol"
        values.append(v)
    if len(values) % 2:
        return None, "wrong_shape"
    return [(values[i], values[i + 1]) for i in range(0, len(values), 2)], ""


def check(puzzle: dict, content: str) -> Verdict:
    k = puzzle["num_select"]
    pairs, reason = parse_pairs(content, k)
    if pairs is None:
        return Verdict.wrong(reason)
    if len(pairs) != k:
        return Verdict.wrong("wrong_shape", parsed=pairs)
    broken = violations(puzzle["grid"], k, puzzle["constraint"], puzzle["start"], pairs)
    if broken:
        return Verdict.wrong("rule_violation", parsed=pairs, metrics={"violations": broken})
    return Verdict.right(parsed=pairs)
