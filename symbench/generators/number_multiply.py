"""Random signed factors with exact digit counts, and their exact product."""

from __future__ import annotations

import random


def draw_factor(digits: int, signed: bool, rng: random.Random) -> int:
    """A factor whose absolute value has exactly `digits` digits and is at least 2."""
    lo = 2 if digits == 1 else 10 ** (digits - 1)
    value = rng.randint(lo, 10**digits - 1)
    if signed and rng.random() < 0.5:
        value = -value
    return value


def product(factors: list[int]) -> int:
    out = 1
    for f in factors:
        out *= f
    return out


def generate(digits: tuple[int, ...], signed: bool, rng: random.Random) -> dict:
    factors = [draw_factor(d, signed, rng) for d in digits]
    return {"factors": factors, "digits": list(digits), "product": product(factors)}
