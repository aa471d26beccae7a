"""Blocksworld puzzles: random initial and goal arrangements on a fixed number of stacks, a constructive
witness plan, the out-of-place lower bound, and an exact shortest plan length for small state spaces.
"""

from __future__ import annotations

import heapq
import math
import random
import string
from collections.abc import Sequence

from symbench.checkers.blocksworld import is_goal, simulate
from symbench.errors import GenerationError

MAX_DRAWS = 200
MAX_STATES = 200_000
P8 = ("3:2", "3:3", "4:2", "4:3", "4:4", "5:2", "5:3", "5:4")

Stacks = list[list[str]]
Move = tuple[str, int, int]


def parse_pair(text: str) -> tuple[int, int]:
    """`n:g` into (n_stacks, goal_stacks); ValueError when malformed."""
    left, sep, right = text.partition(":")
    if not sep:
        raise ValueError(f"expected n:g, got {text!r}")
    return int(left), int(right)


def block_names(n: int) -> list[str]:
    return list(string.ascii_uppercase[:n])


def fixed_prefix(stack: Sequence[str], goal_stack: Sequence[str]) -> int:
    """Length of the longest bottom part of `stack` that equals the bottom of `goal_stack`."""
    k = 0
    for have, want in zip(stack, goal_stack):
        if have != want:
            break
        k += 1
    return k


def lower_bound(initial: Sequence[Sequence[str]], goal: Sequence[Sequence[str]]) -> int:
    """Blocks not in final position; each of them must move at least once."""
    total = sum(len(s) for s in initial)
    fixed = sum(fixed_prefix(initial[i], goal[i]) for i in range(min(len(goal), len(initial))))
    return total - fixed


def witness_plan(initial: Sequence[Sequence[str]], goal: Sequence[Sequence[str]]) -> list[Move]:
    """The constructive plan: complete the goal stacks bottom-up, one block per round (needs >= 3 stacks)."""
    stacks = [list(s) for s in initial]
    n = len(stacks)
    plan: list[Move] = []

    def move(src: int, dst: int) -> None:
        block = stacks[src].pop()
        stacks[dst].append(block)
        plan.append((block, src + 1, dst + 1))

    def clear_above(stack: int, height: int, dst: int) -> None:
        while len(stacks[stack]) > height:
            move(stack, dst)

    for _ in range(sum(len(s) for s in stacks) + 1):
        pending = [g for g in range(len(goal)) if fixed_prefix(stacks[g], goal[g]) < len(goal[g])]
        if not pending:
            return plan
        g = pending[0]
        p = fixed_prefix(stacks[g], goal[g])
        b = goal[g][p]
        s = next(i for i in range(n) if b in stacks[i])
        if s != g:
            y = min(i for i in range(n) if i not in (s, g))
            clear_above(s, stacks[s].index(b) + 1, y)
            clear_above(g, p, y)
            move(s, g)
        else:
            x, y = sorted(i for i in range(n) if i != g)[:2]
            clear_above(g, stacks[g].index(b) + 1, y)
            move(g, x)
            clear_above(g, p, y)
            move(x, g)
    raise AssertionError("witness construction did not terminate")  # each round fixes one block


def state_count(n_stacks: int, n_blocks: int) -> int:
    """Arrangements of n labelled blocks on n_stacks ordered stacks: (s + n - 1)! / (s - 1)!."""
    return math.factorial(n_stacks + n_blocks - 1) // math.factorial(n_stacks - 1)


def optimal_moves(initial: Sequence[Sequence[str]], goal: Sequence[Sequence[str]]) -> int:
    """Exact shortest plan length, by A* (the same value a breadth-first search gives).

    Heuristic: every block out of final position must move once, and twice if it now sits in its own
    goal stack (it has to leave that stack and come back). A move changes the cost of the moved block
    only, by at most one downwards, so the heuristic is consistent and A* returns the optimum."""
    n = len(initial)
    target = tuple("".join(goal[i]) if i < len(goal) else "" for i in range(n))
    start = tuple("".join(s) for s in initial)
    home = {b: i for i, stack in enumerate(target) for b in stack}

    def h(state: tuple[str, ...]) -> int:
        out = 0
        for i, (have, want) in enumerate(zip(state, target)):
            k = 0
            for a, b in zip(have, want):
                if a != b:
                    break
                k += 1
            for b in have[k:]:
                out += 2 if home[b] == i else 1
        return out

    best = {start: 0}
    heap = [(h(start), 0, start)]
    while heap:
        f, neg_g, state = heapq.heappop(heap)
        g = -neg_g
        if state == target:
            return g
        if best.get(state, math.inf) < g:
            continue
        for i in range(n):
            src = state[i]
            if not src:
                continue
            block, rest = src[-1], src[:-1]
            for j in range(n):
                if j == i:
                    continue
                nxt = list(state)
                nxt[i] = rest
                nxt[j] = state[j] + block
                child = tuple(nxt)
                cost = g + 1
                if cost < best.get(child, math.inf):
                    best[child] = cost
                    heapq.heappush(heap, (cost + h(child), -cost, child))
    raise AssertionError("goal unreachable")  # every arrangement is reachable with >= 2 stacks


def random_arrangement(blocks: Sequence[str], n_stacks: int, rng: random.Random) -> Stacks:
    stacks: Stacks = [[] for _ in range(n_stacks)]
    for b in blocks:
        stacks[rng.randrange(n_stacks)].append(b)
    return stacks


def generate(
    n_blocks: int,
    stack_pairs: Sequence[str],
    goal_order: str,
    min_lower_bound: int,
    rng: random.Random,
) -> dict:
    """One puzzle dict (blocks, initial, goal, lower_bound, optimal_moves, witness)."""
    blocks = block_names(n_blocks)
    pairs = [parse_pair(p) for p in stack_pairs]
    for _ in range(MAX_DRAWS):
        n_stacks, goal_stacks = rng.choice(pairs)
        order = list(blocks)
        rng.shuffle(order)
        initial = random_arrangement(order, n_stacks, rng)
        goal_blocks = list(blocks)
        if goal_order == "random":
            rng.shuffle(goal_blocks)
        goal = random_arrangement(goal_blocks, goal_stacks, rng)
        lb = lower_bound(initial, goal)
        if lb < min_lower_bound or lb == 0:
            continue
        return solved_puzzle(blocks, initial, goal)
    raise GenerationError(
        f"blocksworld: no arrangement with lower bound >= {min_lower_bound} in {MAX_DRAWS} draws"
    )


def solved_puzzle(blocks: Sequence[str], initial: Stacks, goal: Stacks) -> dict:
    """Attach the lower bound, the optimum (small state spaces only) and a checked witness."""
    plan = witness_plan(initial, goal)
    final, bad = simulate(initial, plan)
    assert final is not None and bad < 0 and is_goal(final, goal), "witness must reach the goal"
    lb = lower_bound(initial, goal)
    optimum = optimal_moves(initial, goal) if state_count(len(initial), len(blocks)) <= MAX_STATES else None
    return {
        "blocks": list(blocks),
        "initial": [list(s) for s in initial],
        "goal": [list(s) for s in goal],
        "lower_bound": lb,
        "optimal_moves": optimum,
        "witness": [[b, s, d] for b, s, d in plan],
    }


def format_plan(plan: Sequence[Sequence]) -> str:
    return "\n".join(f"Move {b} from {s} to {d}" for b, s, d in plan)
