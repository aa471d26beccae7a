"""Digit sequences with a target: "draw and solve" (an exact search over every binary expression tree
of the fixed sequence) and "witness first" (a random tree built down from the target). Expression
trees are ints (leaves) or (op, left, right) tuples."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Union

from symbench.errors import GenerationError

Tree = Union[int, tuple]  # noqa: UP007 - a recursive alias reads better this way

MAX_DRAWS = 2000
MAX_CONSTRUCT_ATTEMPTS = 1000
SEARCH_BUDGET = 200_000  # find() states per draw; a draw over budget counts as rejected
BUILD_BUDGET = 20_000  # build() calls per construction attempt
TRIES_PER_NODE = 12
SMALL = 4  # ranges this short are looked up in their full value table
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


# ---------------------------------------------------------------------------- rendering
def tokens_of(tree: Tree) -> list[str]:
    """Tokens with the fewest parentheses that keep the value under standard precedence."""
    if isinstance(tree, int):
        return [str(tree)]
    op, left, right = tree
    lt, rt = tokens_of(left), tokens_of(right)
    if not isinstance(left, int) and PRECEDENCE[left[0]] < PRECEDENCE[op]:
        lt = ["(", *lt, ")"]
    if not isinstance(right, int):
        inner = right[0]
        if (
            PRECEDENCE[inner] < PRECEDENCE[op]
            or (op == "-" and inner in "+-")
            or (op == "/" and inner in "*/")
        ):
            rt = ["(", *rt, ")"]
    return [*lt, op, *rt]


def value_of(tree: Tree) -> Fraction:
    if isinstance(tree, int):
        return Fraction(tree)
    op, left, right = tree
    a, b = value_of(left), value_of(right)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b


def leaves(tree: Tree) -> list[int]:
    if isinstance(tree, int):
        return [tree]
    return [*leaves(tree[1]), *leaves(tree[2])]


# ---------------------------------------------------------------------------- draw and solve
class _Budget(Exception):
    pass


class Solver:
    """Is `target` reachable by some binary expression tree over `numbers` (in order)? Memoised
    top-down search: at each split the shorter side is enumerated from its full value table and the
    value the longer side must reach is searched for recursively."""

    def __init__(self, numbers: list[int], budget: int = SEARCH_BUDGET):
        self.numbers = numbers
        self.tables: dict[tuple[int, int], dict[Fraction, Tree]] = {}
        self.memo: dict[tuple[int, int, Fraction], Tree | None] = {}
        self.budget = budget

    def table(self, i: int, j: int) -> dict[Fraction, Tree]:
        """Every value reachable on numbers[i..j] with one witness each (first found kept)."""
        key = (i, j)
        got = self.tables.get(key)
        if got is not None:
            return got
        if i == j:
            out: dict[Fraction, Tree] = {Fraction(self.numbers[i]): self.numbers[i]}
        else:
            out = {}
            for k in range(i, j):
                left, right = self.table(i, k), self.table(k + 1, j)
                for a, ta in left.items():
                    for b, tb in right.items():
                        for v, op in ((a + b, "+"), (a - b, "-"), (a * b, "*")):
                            if v not in out:
                                out[v] = (op, ta, tb)
                        if b:
                            v = a / b
                            if v not in out:
                                out[v] = ("/", ta, tb)
        self.tables[key] = out
        return out

    def any_tree(self, i: int, j: int) -> Tree:
        """The sum of numbers[i..j]: a witness whose value is positive (all numbers are >= 1)."""
        tree: Tree = self.numbers[i]
        for k in range(i + 1, j + 1):
            tree = ("+", tree, self.numbers[k])
        return tree

    def find(self, i: int, j: int, t: Fraction) -> Tree | None:
        if j - i + 1 <= SMALL:
            return self.table(i, j).get(t)
        key = (i, j, t)
        if key in self.memo:
            return self.memo[key]
        if len(self.memo) >= self.budget:
            raise _Budget
        self.memo[key] = None
        result = self._search(i, j, t)
        self.memo[key] = result
        return result

    def _search(self, i: int, j: int, t: Fraction) -> Tree | None:
        for k in range(i, j):
            if k - i <= j - k - 1:  # enumerate the left side, search the right
                for a, ta in self.table(i, k).items():
                    for op in "+-*/":
                        if op == "+":
                            need: Fraction | None = t - a
                        elif op == "-":
                            need = a - t
                        elif op == "*":
                            if a == 0:
                                if t == 0:
                                    return ("*", ta, self.any_tree(k + 1, j))
                                continue
                            need = t / a
                        else:
                            if t == 0:
                                if a == 0:
                                    return ("/", ta, self.any_tree(k + 1, j))
                                continue
                            need = a / t
                            if need == 0:
                                continue
                        tb = self.find(k + 1, j, need)
                        if tb is not None:
                            return (op, ta, tb)
            else:  # enumerate the right side, search the left
                for b, tb in self.table(k + 1, j).items():
                    for op in "+-*/":
                        if op == "+":
                            need = t - b
                        elif op == "-":
                            need = t + b
                        elif op == "*":
                            if b == 0:
                                if t == 0:
                                    return ("*", self.any_tree(i, k), tb)
                                continue
                            need = t / b
                        else:
                            if b == 0:
                                continue
                            need = t * b
                        ta = self.find(i, k, need)
                        if ta is not None:
                            return (op, ta, tb)
        return None


def solve(numbers: list[int], target: int, budget: int = SEARCH_BUDGET) -> Tree | None:
    """A witness tree for `target`, None if unreachable; raises `_Budget` past the state budget."""
    return Solver(numbers, budget).find(0, len(numbers) - 1, Fraction(target))


def draw_and_solve(
    num_numbers: int, target: int, digit_min: int, digit_max: int, rng: random.Random
) -> tuple[list[int], Tree]:
    for _ in range(MAX_DRAWS):
        numbers = [rng.randint(digit_min, digit_max) for _ in range(num_numbers)]
        try:
            tree = solve(numbers, target)
        except _Budget:
            continue
        if tree is not None:
            return numbers, tree
    raise GenerationError(
        f"combinatorial_calculation: no draw of {num_numbers} digits reached {target} in {MAX_DRAWS} draws"
    )


# ---------------------------------------------------------------------------- witness first
def _max_reach(k: int, digit_max: int) -> int:
    """A bound on the value k digits can reach (products and sums of the largest digit)."""
    best = [0, digit_max]
    for m in range(2, k + 1):
        best.append(max(max(best[a] * best[m - a], best[a] + best[m - a]) for a in range(1, m)))
    return best[k]


def construct(
    num_numbers: int, target: int, digit_min: int, digit_max: int, rng: random.Random
) -> tuple[list[int], Tree]:
    """Build a tree top-down from the target: integer intermediate values in [1, 2*target], digit
    leaves in [digit_min, digit_max]; failed branches are retried."""
    limit = 2 * target
    reach = [0] + [_max_reach(k, digit_max) for k in range(1, num_numbers + 1)]
    calls = 0

    def build(v: int, k: int) -> Tree | None:
        nonlocal calls
        calls += 1
        if calls > BUILD_BUDGET:
            raise _Budget
        if k == 1:
            return v if digit_min <= v <= digit_max else None
        if v > reach[k]:
            return None
        for _ in range(TRIES_PER_NODE):
            a = rng.randint(1, k - 1)
            b = k - a
            op = rng.choice("+-*/")
            if op == "+":
                if v < 2:
                    continue
                left = rng.randint(1, v - 1)
                right = v - left
            elif op == "-":
                if v + 1 > limit:
                    continue
                left = rng.randint(v + 1, limit)
                right = left - v
            elif op == "*":
                divisors = [d for d in range(1, v + 1) if v % d == 0]
                left = rng.choice(divisors)
                right = v // left
            else:
                right = rng.randint(1, digit_max)
                left = v * right
                if left > limit:
                    continue
            if left > reach[a] or right > reach[b]:
                continue
            lt = build(left, a)
            if lt is None:
                continue
            rt = build(right, b)
            if rt is None:
                continue
            return (op, lt, rt)
        return None

    for _ in range(MAX_CONSTRUCT_ATTEMPTS):
        calls = 0
        try:
            tree = build(target, num_numbers)
        except _Budget:
            continue
        if tree is not None:
            return leaves(tree), tree
    raise GenerationError(
        f"combinatorial_calculation: no tree of {num_numbers} digits for {target} in "
        f"{MAX_CONSTRUCT_ATTEMPTS} attempts"
    )
