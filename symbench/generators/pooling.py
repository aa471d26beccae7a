"""Random integer matrices and their exact stride-1, no-padding max / average pooling."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def random_matrix(size: int, value_min: int, value_max: int, rng: random.Random) -> list[list[int]]:
    return [[rng.randint(value_min, value_max) for _ in range(size)] for _ in range(size)]


def pool_exact(matrix: list[list[int]], window: int, pool: str) -> list[list[Fraction]]:
    """Output cell (i, j) pools the window whose top-left input cell is (i, j)."""
    size = len(matrix)
    out_size = size - window + 1
    out: list[list[Fraction]] = []
    for i in range(out_size):
        row: list[Fraction] = []
        for j in range(out_size):
            cells = [matrix[r][c] for r in range(i, i + window) for c in range(j, j + window)]
            if pool == "max":
                row.append(Fraction(max(cells)))
            else:
                row.append(Fraction(sum(cells), len(cells)))
        out.append(row)
    return out


def exact_text(value: Fraction) -> str:
    """`16` for integers, the reduced fraction `39/4` otherwise."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def display_text(value: Fraction) -> str:
    """Integers as such; other values rounded half-up (away from zero) to two decimals, zeros trimmed."""
    if value.denominator == 1:
        return str(value.numerator)
    dec = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    text = format(dec, "f").rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
