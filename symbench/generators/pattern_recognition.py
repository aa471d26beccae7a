"""Letter matrices with one planted uniform square, and the largest-uniform-square dynamic programme."""

from __future__ import annotations

import random
import string
from typing import Any

from symbench.errors import GenerationError

LETTERS = string.ascii_uppercase
MIN_SIDE = 3
MAX_ATTEMPTS = 1000


def square_sizes(matrix: list[str]) -> list[list[int]]:
    """dp[r][c] = side of the largest uniform square whose bottom-right corner is (r, c)."""
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    dp = [[1] * cols for _ in range(rows)]
    for r in range(1, rows):
        row, up = matrix[r], matrix[r - 1]
        cur, prev = dp[r], dp[r - 1]
        for c in range(1, cols):
            ch = row[c]
            if ch == row[c - 1] and ch == up[c] and ch == up[c - 1]:
                cur[c] = 1 + min(cur[c - 1], prev[c], prev[c - 1])
    return dp


def analyse(matrix: list[str]) -> dict[str, Any]:
    """The largest side, the cells attaining it, and every corner of a uniform square of side >= 3."""
    dp = square_sizes(matrix)
    best = max((v for row in dp for v in row), default=0)
    at_best = [[r, c] for r, row in enumerate(dp) for c, v in enumerate(row) if v == best]
    corners = [[r, c, v] for r, row in enumerate(dp) for c, v in enumerate(row) if v >= MIN_SIDE]
    return {"best": best, "at_best": at_best, "corners": corners}


def is_unique(matrix: list[str], top_left: tuple[int, int], side: int) -> bool:
    """The largest square is attained only at the planted corner and every uniform square of side >= 3
    lies inside the planted one (checked on the largest square ending at each cell, which contains
    every smaller square ending there)."""
    info = analyse(matrix)
    r0, c0 = top_left
    corner = [r0 + side - 1, c0 + side - 1]
    if info["best"] != side or info["at_best"] != [corner]:
        return False
    return all(
        r - k + 1 >= r0 and c - k + 1 >= c0 and r <= corner[0] and c <= corner[1]
        for r, c, k in info["corners"]
    )


def build_puzzle(matrix: list[str], top_left: tuple[int, int], side: int) -> dict[str, Any]:
    return {
        "matrix": list(matrix),
        "side": side,
        "top_left": [top_left[0], top_left[1]],
        "gold": [top_left[0] + side - 1, top_left[1] + side - 1],
    }


def generate(
    rows_range: tuple[int, int],
    cols_range: tuple[int, int],
    side_range: tuple[int, int] | None,
    rng: random.Random,
) -> dict[str, Any]:
    """Draw the dimensions, side, letter and position once; redraw the background until unique.

    `side_range` None means `auto`: 3 .. min(rows, cols) // 2."""
    rows = rng.randint(*rows_range)
    cols = rng.randint(*cols_range)
    if side_range is None:
        side = rng.randint(MIN_SIDE, max(MIN_SIDE, min(rows, cols) // 2))
    else:
        side = rng.randint(*side_range)
    side = min(side, rows, cols)
    letter = rng.choice(LETTERS)
    r0 = rng.randint(0, rows - side)
    c0 = rng.randint(0, cols - side)
    for _ in range(MAX_ATTEMPTS):
        grid = [[rng.choice(LETTERS) for _ in range(cols)] for _ in range(rows)]
        for r in range(r0, r0 + side):
            for c in range(c0, c0 + side):
                grid[r][c] = letter
        matrix = ["".join(row) for row in grid]
        if is_unique(matrix, (r0, c0), side):
            return build_puzzle(matrix, (r0, c0), side)
    raise GenerationError(f"pattern_recognition: no unique background in {MAX_ATTEMPTS} attempts")
