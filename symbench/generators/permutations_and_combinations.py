"""Random positional constraints on a shelf of books, and a pruned depth-first solver that finds the
lexicographically smallest arrangement and counts arrangements up to a cap."""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from typing import Any

from symbench.errors import GenerationError

TYPES = ("fixed_position", "not_in_position", "left_of", "right_of", "adjacent_to")
MAX_ATTEMPTS = 1000  # constraint sets per instance
MAX_REDRAWS = 200  # redraws of one duplicate constraint
COUNT_CAP = 1000


def normal_form(c: dict[str, Any]) -> tuple:
    """Equivalent constraints share a normal form: right_of(a, b) = left_of(b, a); adjacency is symmetric."""
    kind, a, b, p = c["type"], c["a"], c.get("b"), c.get("pos")
    if kind == "right_of":
        return ("left_of", b, a)
    if kind == "left_of":
        return ("left_of", a, b)
    if kind == "adjacent_to":
        return ("adjacent_to", *sorted((a, b)))
    return (kind, a, p)


def draw_constraint(items: Sequence[str], types: Sequence[str], rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(list(types))
    if kind in ("fixed_position", "not_in_position"):
        return {"type": kind, "a": rng.choice(list(items)), "b": None, "pos": rng.randint(1, len(items))}
    a, b = rng.sample(list(items), 2)
    return {"type": kind, "a": a, "b": b, "pos": None}


def solve(
    items: Sequence[str], constraints: Sequence[dict[str, Any]], cap: int = COUNT_CAP
) -> tuple[list[str] | None, int]:
    """(lexicographically smallest arrangement or None, number of arrangements counted up to `cap`).

    Positions are filled left to right. Every constraint is checked the moment its letter is placed: a
    letter that must stand left of another can only be placed while that other is still unplaced, an
    adjacency partner placed earlier must stand immediately before, and a single unplaced partner forces
    the next position. So whether a partial arrangement can be completed depends only on the set of
    placed letters and, when it has adjacency partners, the last placed letter: completion counts
    (capped) are memoised on that state, and the smallest arrangement is read off greedily in
    alphabetical order."""
    n = len(items)
    index = {letter: i for i, letter in enumerate(items)}
    full = (1 << n) - 1
    allowed = [full] * n  # position bitmask per letter
    before = [0] * n  # letters that must already be placed
    after = [0] * n  # letters that must not yet be placed
    partners: list[set[int]] = [set() for _ in range(n)]
    for c in constraints:
        a = index[c["a"]]
        kind = c["type"]
        if kind == "fixed_position":
            allowed[a] &= 1 << (c["pos"] - 1)
            for other in range(n):
                if other != a:
                    allowed[other] &= ~(1 << (c["pos"] - 1))
        elif kind == "not_in_position":
            allowed[a] &= ~(1 << (c["pos"] - 1))
        else:
            b = index[c["b"]]
            if kind == "left_of":
                before[b] |= 1 << a
                after[a] |= 1 << b
            elif kind == "right_of":
                before[a] |= 1 << b
                after[b] |= 1 << a
            else:
                partners[a].add(b)
                partners[b].add(a)
    if any(len(p) > 2 for p in partners) or any(not m for m in allowed):
        return None, 0
    partner_list = [sorted(p) for p in partners]
    memo: dict[tuple[int, int], int] = {}

    def moves(placed: int, prev: int) -> list[int]:
        """Letters that may take the next position, alphabetically."""
        p = placed.bit_count()
        bit_p = 1 << p
        forced = -1
        if prev >= 0:
            for y in partner_list[prev]:
                if not placed >> y & 1:
                    forced = y
        out = []
        for x in (forced,) if forced >= 0 else range(n):
            if placed >> x & 1 or not allowed[x] & bit_p or before[x] & ~placed or after[x] & placed:
                continue
            ok = True
            unplaced = 0
            for y in partner_list[x]:
                if placed >> y & 1:
                    if y != prev:
                        ok = False
                else:
                    unplaced += 1
            if ok and (unplaced == 0 or (unplaced == 1 and p < n - 1)):
                out.append(x)
        return out

    def key(placed: int, x: int) -> tuple[int, int]:
        return (placed, x if partner_list[x] else -1)

    def completions(placed: int, prev: int) -> int:
        if placed == full:
            return 1
        k = (placed, prev if prev >= 0 and partner_list[prev] else -1)
        got = memo.get(k)
        if got is not None:
            return got
        total = 0
        for x in moves(placed, prev):
            total += completions(placed | 1 << x, x)
            if total >= cap:
                total = cap
                break
        memo[k] = total
        return total

    count = completions(0, -1)
    if count == 0:
        return None, 0
    first: list[str] = []
    placed, prev = 0, -1
    while placed != full:
        for x in moves(placed, prev):
            if completions(placed | 1 << x, x) > 0:
                first.append(items[x])
                placed, prev = placed | 1 << x, x
                break
    return first, count


def generate(
    num_items: int, num_constraints: tuple[int, int], types: Sequence[str], rng: random.Random
) -> dict[str, Any]:
    items = list(string.ascii_uppercase[:num_items])
    for _ in range(MAX_ATTEMPTS):
        m = rng.randint(num_constraints[0], num_constraints[1])
        constraints: list[dict[str, Any]] = []
        seen: set[tuple] = set()
        for _ in range(m):
            for _ in range(MAX_REDRAWS):
                c = draw_constraint(items, types, rng)
                key = normal_form(c)
                if key not in seen:
                    break
            else:
                raise GenerationError(
                    f"permutations_and_combinations: no new distinct constraint in {MAX_REDRAWS} draws "
                    f"({num_items} books, types {', '.join(types)})"
                )
            seen.add(key)
            constraints.append(c)
        gold, count = solve(items, constraints)
        if gold is not None:
            return {"items": items, "constraints": constraints, "gold": gold, "num_solutions": count}
    raise GenerationError(
        f"permutations_and_combinations: no solvable constraint set in {MAX_ATTEMPTS} attempts"
    )
