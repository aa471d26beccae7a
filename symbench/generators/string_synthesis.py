"""String synthesis: nine block kinds combined by fixed methods, each exhausted in turn, pass after pass."""

from __future__ import annotations

import random

from symbench.errors import GenerationError

BLOCK_ORDER = ["[A]", "[B]", "[C]", "{A}", "{B}", "{C}", "(A)", "(B)", "(C)"]
_IDX = {name: i for i, name in enumerate(BLOCK_ORDER)}

# (inputs, outputs) per method, as block-name -> count; method 7 only when recycling is on.
METHODS: list[tuple[dict[str, int], dict[str, int]]] = [
    ({"[A]": 1, "[B]": 1, "[C]": 1}, {"{A}": 1}),
    ({"[A]": 1, "[B]": 1}, {"{C}": 1}),
    ({"[B]": 1, "[C]": 1}, {"{B}": 1}),
    ({"[C]": 2}, {"{C}": 1}),
    ({"{A}": 1, "{C}": 1}, {"(A)": 1, "(B)": 1}),
    ({"{B}": 2}, {"(C)": 1}),
    ({"(C)": 1}, {"[A]": 1, "[C]": 1}),
]
MAX_PASSES = 10_000


def methods_for(recycle: bool) -> list[tuple[dict[str, int], dict[str, int]]]:
    return METHODS if recycle else METHODS[:6]


def simulate(a: int, b: int, c: int, recycle: bool) -> tuple[list[int], int, list[list[int]]]:
    """Run the pass procedure; return final counts, the number of passes (the last one changes nothing)
    and, per pass, how many times each method was applied.

    Inside a pass each method is applied as many times as its inputs allow before the next method, so
    one application count per method is computed directly (integer division), never by looping."""
    counts = [a, b, c, 0, 0, 0, 0, 0, 0]
    methods = methods_for(recycle)
    applications: list[list[int]] = []
    for passes in range(1, MAX_PASSES + 1):
        used = []
        for inputs, outputs in methods:
            times = min(counts[_IDX[name]] // need for name, need in inputs.items())
            used.append(times)
            if times:
                for name, need in inputs.items():
                    counts[_IDX[name]] -= need * times
                for name, made in outputs.items():
                    counts[_IDX[name]] += made * times
        applications.append(used)
        if not any(used):
            return counts, passes, applications
    raise GenerationError(f"string_synthesis: no fixed point after {MAX_PASSES} passes")


def random_initial(
    a_range: tuple[int, int], b_range: tuple[int, int], c_range: tuple[int, int], rng: random.Random
) -> tuple[int, int, int]:
    return (rng.randint(*a_range), rng.randint(*b_range), rng.randint(*c_range))
