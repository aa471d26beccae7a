"""String splitting: machines A, B, C dismantled into parts X, Y, Z by five methods visited cyclically,
each applied at most once per visit."""

from __future__ import annotations

import random

from symbench.errors import GenerationError

ITEMS = ["A", "B", "C", "X", "Y", "Z"]
_IDX = {name: i for i, name in enumerate(ITEMS)}

# (inputs, outputs) per method.
METHODS: list[tuple[dict[str, int], dict[str, int]]] = [
    ({"A": 1}, {"X": 2, "Y": 1}),
    ({"B": 2}, {"X": 1}),
    ({"C": 2}, {"Y": 1}),
    ({"B": 1, "C": 1}, {"A": 1}),
    ({"X": 1, "Y": 1}, {"Z": 1}),
]

# Paraphrases per method (same inputs and outputs, different wording).
TEMPLATES: list[list[str]] = [
    [
        "dismantling one machine A gives two parts X and one part Y",
        "one machine A can be taken apart into two X parts and one Y part",
        "each time, a single machine A is broken down into 2 parts X plus 1 part Y",
    ],
    [
        "dismantling two machines B gives one part X",
        "two units of machine B can be taken apart together to obtain a single part X",
        "each time, 2 machines B are broken down into 1 part X",
    ],
    [
        "dismantling two machines C gives one part Y",
        "two units of machine C can be taken apart together to obtain a single part Y",
        "each time, 2 machines C are broken down into 1 part Y",
    ],
    [
        "one machine B and one machine C are assembled into one machine A",
        "a machine B together with a machine C can be rebuilt into a single machine A",
        "each time, 1 machine B and 1 machine C are combined into 1 machine A",
    ],
    [
        "one part X and one part Y are joined into one part Z",
        "a part X together with a part Y can be merged into a single part Z",
        "each time, 1 part X and 1 part Y are combined into 1 part Z",
    ],
]


def can_apply(stock: list[int], method: int) -> bool:
    return all(stock[_IDX[k]] >= v for k, v in METHODS[method][0].items())


def apply(stock: list[int], method: int) -> None:
    inputs, outputs = METHODS[method]
    for k, v in inputs.items():
        stock[_IDX[k]] -= v
    for k, v in outputs.items():
        stock[_IDX[k]] += v


def simulate(a: int, b: int, c: int) -> tuple[list[int], list[dict]]:
    """Visit methods 1..5 cyclically, applying the visited one once when possible; stop as soon as no
    method applies. Terminates: machines never increase in number (method 4 turns two into one) and
    parts only decrease once machines are gone; the step cap is a safety net."""
    stock = [a, b, c, 0, 0, 0]
    trace: list[dict] = []
    cap = 10 * (a + b + c) + 100
    method = 0
    while any(can_apply(stock, m) for m in range(5)):
        if len(trace) > cap:
            raise GenerationError("string_splitting: simulation did not stop")
        if can_apply(stock, method):
            apply(stock, method)
            trace.append({"method": method + 1, "state": list(stock)})
        method = (method + 1) % 5
    return stock, trace


def random_initial(lo: int, hi: int, rng: random.Random) -> tuple[int, int, int]:
    return (rng.randint(lo, hi), rng.randint(lo, hi), rng.randint(lo, hi))


def random_texts(rng: random.Random) -> list[str]:
    return [rng.choice(options) for options in TEMPLATES]
