"""Random character matrices and their clockwise rotation."""

from __future__ import annotations

import random

ALPHABETS: dict[str, str] = {
    "letters": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "digits": "123456789",
    "mixed": "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789",
    "symbols": "!@#$%^&*",
}
ALPHABETS["all"] = ALPHABETS["mixed"] + ALPHABETS["symbols"]


def rotate_clockwise(matrix: list[list[str]]) -> list[list[str]]:
    """gold[j][rows-1-i] = matrix[i][j]."""
    return [list(row) for row in zip(*matrix[::-1])]


def random_matrix(rows: int, cols: int, alphabet: str, rng: random.Random) -> list[list[str]]:
    chars = ALPHABETS[alphabet]
    return [[rng.choice(chars) for _ in range(cols)] for _ in range(rows)]


def alphabet_of(matrix: list[list[str]]) -> str:
    """The smallest named alphabet that holds every cell (used when importing original data)."""
    cells = {c for row in matrix for c in row}
    for name in ("letters", "digits", "symbols", "mixed", "all"):
        if cells <= set(ALPHABETS[name]):
            return name
    return "all"
