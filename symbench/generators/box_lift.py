"""BoxLift puzzles: random box weights and lifter capacities, the greedy step plan that sets the budget
(the original's rule, made explicit), and a tighter budget from several lifter orders.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from symbench.checkers.box_lift import check as check_plan
from symbench.errors import GenerationError

MAX_DRAWS = 100
EXTRA_ORDERS = 29

Plan = list[list[tuple[int, list[int]]]]


def lower_bound(boxes: Sequence[int], lifters: Sequence[int]) -> int:
    return max(math.ceil(sum(boxes) / sum(lifters)), math.ceil(len(boxes) / len(lifters)))


def greedy_plan(boxes: Sequence[int], lifters: Sequence[int], order: Sequence[int]) -> Plan:
    """Each step: walk the remaining boxes heaviest first; a box is lifted when the still-free lifters can
    carry it together, taking free lifters in `order` until their capacities reach its weight."""
    if max(boxes, default=0) > sum(lifters):
        raise ValueError("a box outweighs all lifters together")
    remaining = sorted(boxes, reverse=True)
    plan: Plan = []
    while remaining:
        free = list(order)
        free_sum = sum(lifters)
        step: list[tuple[int, list[int]]] = []
        left: list[int] = []
        for w in remaining:
            if free_sum < w:
                left.append(w)
                continue
            team, carried = [], 0
            for i in free:
                team.append(i)
                carried += lifters[i]
                if carried >= w:
                    break
            taken = set(team)
            free = [i for i in free if i not in taken]
            free_sum -= carried
            step.append((w, team))
        plan.append(step)
        remaining = left
    return plan


def budget_and_witness(
    boxes: Sequence[int], lifters: Sequence[int], mode: str, rng: random.Random | None
) -> Plan:
    """`greedy`: index order (the original's estimate). `tight`: the shortest greedy plan over index
    order, capacities descending, capacities ascending and 29 random orders (first one wins ties)."""
    n = len(lifters)
    index_order = list(range(n))
    if mode == "greedy":
        return greedy_plan(boxes, lifters, index_order)
    if rng is None:
        raise ValueError("the tight budget needs the instance's random generator")
    orders = [
        index_order,
        sorted(index_order, key=lambda i: -lifters[i]),
        sorted(index_order, key=lambda i: lifters[i]),
    ]
    for _ in range(EXTRA_ORDERS):
        perm = list(index_order)
        rng.shuffle(perm)
        orders.append(perm)
    best: Plan | None = None
    for order in orders:
        plan = greedy_plan(boxes, lifters, order)
        if best is None or len(plan) < len(best):
            best = plan
    assert best is not None
    return best


def format_plan(plan: Sequence[Sequence[Sequence]]) -> str:
    lines = []
    for k, step in enumerate(plan, start=1):
        lifts = ", ".join(f"({w}, [{', '.join(str(i) for i in team)}])" for w, team in step)
        lines.append(f"Step {k}: [{lifts}]")
    return "\n".join(lines)


def build_puzzle(boxes: list[int], lifters: list[int], plan: Plan) -> dict:
    """The puzzle fields; the witness must lift every box in exactly `budget` steps (checked here)."""
    puzzle = {
        "boxes": list(boxes),
        "lifters": list(lifters),
        "budget": len(plan),
        "lower_bound": lower_bound(boxes, lifters),
        "witness": [[[w, list(team)] for w, team in step] for step in plan],
    }
    verdict = check_plan(puzzle, format_plan(plan))
    assert verdict.correct and verdict.score == 1, "the witness must be a complete valid plan"
    return puzzle


def generate(
    n_boxes: int,
    n_lifters: int,
    weights: tuple[int, int],
    capacities: tuple[int, int],
    budget_mode: str,
    rng: random.Random,
) -> dict:
    for _ in range(MAX_DRAWS):
        boxes = [rng.randint(*weights) for _ in range(n_boxes)]
        lifters = [rng.randint(*capacities) for _ in range(n_lifters)]
        if max(boxes) > sum(lifters):
            continue
        plan = budget_and_witness(boxes, lifters, budget_mode, rng)
        return build_puzzle(boxes, lifters, plan)
    raise GenerationError(f"box_lift: every one of {MAX_DRAWS} draws had a box heavier than all lifters")
