"""Farm exchange recipes: the fixed original sets R1-R3, weight-decreasing random sets, and the cyclic
once-per-visit simulation."""

from __future__ import annotations

import random
from typing import Any

from symbench.errors import GenerationError

CROPS = "ABCDE"
PRODUCTS = "XYZW"
CROP_WEIGHT = 10
MAX_STEPS = 100_000
MAX_ATTEMPTS = 2000
MAX_METHOD_DRAWS = 1000

Method = dict[str, dict[str, int]]


def _m(inputs: dict[str, int], outputs: dict[str, int]) -> Method:
    return {"inputs": inputs, "outputs": outputs}


FIXED: dict[str, dict[str, Any]] = {
    "R1": {
        "crops": ["A", "B"],
        "products": ["X"],
        "methods": [_m({"A": 1, "B": 1}, {"X": 1}), _m({"A": 3}, {"X": 2})],
    },
    "R2": {
        "crops": ["A", "B", "C"],
        "products": ["X"],
        "methods": [
            _m({"A": 1, "B": 1, "C": 1}, {"X": 1}),
            _m({"A": 1, "B": 1}, {"C": 2}),
            _m({"C": 2}, {"X": 1}),
        ],
    },
    "R3": {
        "crops": ["A", "B", "C"],
        "products": ["X", "Y"],
        "methods": [
            _m({"A": 2, "B": 1, "C": 1}, {"X": 3}),
            _m({"A": 1, "B": 1}, {"C": 2}),
            _m({"C": 2, "X": 1}, {"Y": 1}),
            _m({"A": 1, "X": 2}, {"Y": 1}),
        ],
    },
}


def simulate(methods: list[Method], initial: dict[str, int], order: list[str]) -> dict[str, Any]:
    """Visit the methods cyclically from method 1; apply a method once when its inputs are available;
    stop when a whole cycle applies nothing (then no method can be applied to the current stock)."""
    stock = {r: 0 for r in order}
    stock.update(initial)
    trace: list[dict[str, Any]] = []
    idle = 0
    k = 0
    while idle < len(methods):
        method = methods[k]
        if all(stock.get(r, 0) >= n for r, n in method["inputs"].items()):
            for r, n in method["inputs"].items():
                stock[r] -= n
            for r, n in method["outputs"].items():
                stock[r] = stock.get(r, 0) + n
            trace.append({"method": k + 1, "state": {r: stock[r] for r in order}})
            idle = 0
            if len(trace) > MAX_STEPS:
                raise GenerationError("synthesis_decomposition: simulation exceeded its step cap")
        else:
            idle += 1
        k = (k + 1) % len(methods)
    return {"final": [stock[r] for r in order], "trace": trace}


def build_puzzle(
    recipe: str,
    crops: list[str],
    products: list[str],
    methods: list[Method],
    initial: dict[str, int],
    weights: dict[str, int] | None,
) -> dict[str, Any]:
    order = list(crops) + list(products)
    result = simulate(methods, initial, order)
    return {
        "recipe": recipe,
        "crops": list(crops),
        "products": list(products),
        "methods": [{"inputs": dict(m["inputs"]), "outputs": dict(m["outputs"])} for m in methods],
        "initial": {c: initial[c] for c in crops},
        "answer_order": order,
        "gold": result["final"],
        "trace": result["trace"],
        "weights": dict(weights) if weights is not None else None,
    }


def draw_stock(crops: list[str], ranges: list[tuple[int, int]], rng: random.Random) -> dict[str, int]:
    """One range per crop, or a single range for every crop."""
    return {c: rng.randint(*(ranges[i] if len(ranges) > 1 else ranges[0])) for i, c in enumerate(crops)}


def fixed_recipe(recipe: str, ranges: list[tuple[int, int]], rng: random.Random) -> dict[str, Any]:
    spec = FIXED[recipe]
    initial = draw_stock(spec["crops"], ranges, rng)
    return build_puzzle(recipe, spec["crops"], spec["products"], spec["methods"], initial, None)


def _random_method(resources: list[str], weights: dict[str, int], rng: random.Random) -> Method:
    """1-3 distinct inputs and 1-2 distinct other outputs, amounts 1-3, input weight > output weight."""
    for _ in range(MAX_METHOD_DRAWS):
        chosen = rng.sample(resources, rng.randint(1, 3))
        rest = [r for r in resources if r not in chosen]
        outs = rng.sample(rest, min(len(rest), rng.randint(1, 2)))
        if not outs:
            continue
        inputs = {r: rng.randint(1, 3) for r in sorted(chosen, key=resources.index)}
        outputs = {r: rng.randint(1, 3) for r in sorted(outs, key=resources.index)}
        weight_in = sum(weights[r] * n for r, n in inputs.items())
        weight_out = sum(weights[r] * n for r, n in outputs.items())
        if weight_in > weight_out:
            return _m(inputs, outputs)
    raise GenerationError(f"synthesis_decomposition: no weight-decreasing method in {MAX_METHOD_DRAWS} draws")


def random_recipe(
    num_crops: int, num_products: int, num_methods: int, ranges: list[tuple[int, int]], rng: random.Random
) -> dict[str, Any]:
    """Random methods whose inputs outweigh their outputs (so every run terminates); redraw until every
    product can be produced, every method fires and there are at least 2 x num_methods applications."""
    crops, products = list(CROPS[:num_crops]), list(PRODUCTS[:num_products])
    resources = crops + products
    for _ in range(MAX_ATTEMPTS):
        weights = {c: CROP_WEIGHT for c in crops}
        weights.update({p: rng.randint(2, 9) for p in products})
        methods = [_random_method(resources, weights, rng) for _ in range(num_methods)]
        produced = {r for m in methods for r in m["outputs"]}
        if not set(products) <= produced:
            continue
        initial = draw_stock(crops, ranges, rng)
        puzzle = build_puzzle("random", crops, products, methods, initial, weights)
        fired = {step["method"] for step in puzzle["trace"]}
        if len(fired) == num_methods and len(puzzle["trace"]) >= 2 * num_methods:
            return puzzle
    raise GenerationError(f"synthesis_decomposition: no acceptable random recipe in {MAX_ATTEMPTS} attempts")
