"""Game-24 puzzles: an exact-rational solver with a witness expression, the 4-number difficulty
statistic (counted reduction sequences), and the constructive builder for long number lists.
All randomness comes from the `random.Random` passed in."""

from __future__ import annotations

import dataclasses
import functools
import random
from fractions import Fraction
from math import gcd

from symbench.errors import GenerationError

SEARCH_BUDGET = 5_000_000  # state expansions of one exhaustive search
MAX_DRAWS = 1000
OPS = ("+", "-", "*", "/")
# precedence of a node's operator, used to print the fewest parentheses that keep the value
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


# ---------------------------------------------------------------------------- expressions
@dataclasses.dataclass(frozen=True)
class Node:
    """An expression tree: a leaf holds `value` (an input number), an inner node `op` and two children."""

    value: Fraction
    op: str = ""
    left: Node | None = None
    right: Node | None = None

    def text(self) -> str:
        """The expression with the fewest parentheses that keep its exact value."""
        if not self.op:
            return str(self.value)
        assert self.left is not None and self.right is not None
        left, right = self.left.text(), self.right.text()
        prec = _PREC[self.op]
        if self.left.op and _PREC[self.left.op] < prec:
            left = f"({left})"
        if self.right.op:
            rp = _PREC[self.right.op]
            # a+(b-c) = a+b-c and a*(b/c) = a*b/c; a-(b+c), a/(b*c) and anything below * need them
            if rp < prec or (self.op in "-/" and rp == prec):
                right = f"({right})"
        return f"{left}{self.op}{right}"

    def leaves(self) -> list[int]:
        if not self.op:
            return [int(self.value)]
        assert self.left is not None and self.right is not None
        return self.left.leaves() + self.right.leaves()


def combine(a: Node, op: str, b: Node) -> Node | None:
    """`a op b` as a node, or None for a division by zero."""
    if op == "+":
        value = a.value + b.value
    elif op == "-":
        value = a.value - b.value
    elif op == "*":
        value = a.value * b.value
    else:
        if b.value == 0:
            return None
        value = a.value / b.value
    return Node(value, op, a, b)


# ---------------------------------------------------------------------------- exact rationals
# The searches below run over reduced (numerator, denominator) pairs of Python ints (denominator > 0),
# which is several times faster than `fractions.Fraction` and just as exact.
Rat = tuple[int, int]


def _results(a: Rat, b: Rat) -> list[tuple[int, Rat]]:
    """a+b, a-b, b-a, a*b, a/b, b/a (codes 0..5), skipping divisions by zero."""
    an, ad = a
    bn, bd = b
    out = []
    n, d = an * bd + bn * ad, ad * bd
    g = gcd(n, d)
    out.append((0, (n // g, d // g)))
    n = an * bd - bn * ad
    g = gcd(n, d)
    out.append((1, (n // g, d // g)))
    out.append((2, (-n // g, d // g)))
    n, d = an * bn, ad * bd
    g = gcd(n, d)
    out.append((3, (n // g, d // g)))
    if bn:
        n, d = an * bd, ad * bn
        if d < 0:
            n, d = -n, -d
        g = gcd(n, d)
        out.append((4, (n // g, d // g)))
    if an:
        n, d = bn * ad, bd * an
        if d < 0:
            n, d = -n, -d
        g = gcd(n, d)
        out.append((5, (n // g, d // g)))
    return out


# ---------------------------------------------------------------------------- exhaustive solver
class _Budget(Exception):
    pass


def solve(numbers: list[int], target: int, budget: int = SEARCH_BUDGET) -> str | None:
    """The first expression found that uses every number once and equals `target` exactly, or None.

    Depth-first over the current list of values: pairs in index order, and for each pair the results
    a+b, a-b, b-a, a*b, a/b, b/a in that order; the result replaces the first value of the pair.
    Multisets already shown to fail are remembered. Raises GenerationError past `budget` expansions.
    """
    goal: Rat = (target, 1)
    failed: set[tuple[Rat, ...]] = set()
    expansions = 0

    def search(values: list[Rat]) -> list[tuple[int, int, int]] | None:
        """The steps (i, j, result code) of a reduction to the goal, last step first, or None."""
        nonlocal expansions
        if len(values) == 2:
            for code, r in _results(values[0], values[1]):
                if r == goal:
                    return [(0, 1, code)]
            return None
        key = tuple(sorted(values))
        if key in failed:
            return None
        expansions += 1
        if expansions > budget:
            raise _Budget
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                rest = values[:i] + [values[i]] + values[i + 1 : j] + values[j + 1 :]
                for code, r in _results(values[i], values[j]):
                    rest[i] = r
                    steps = search(rest)
                    if steps is not None:
                        steps.append((i, j, code))
                        return steps
        failed.add(key)
        return None

    if len(numbers) == 1:
        return str(numbers[0]) if numbers[0] == target else None
    try:
        steps = search([(v, 1) for v in numbers])
    except _Budget:
        raise GenerationError(f"game24 search exceeded {budget} state expansions") from None
    if steps is None:
        return None
    nodes = [Node(Fraction(v)) for v in numbers]
    for i, j, code in reversed(steps):
        a, b = nodes[i], nodes[j]
        x, op, y = ((a, "+", b), (a, "-", b), (b, "-", a), (a, "*", b), (a, "/", b), (b, "/", a))[code]
        node = combine(x, op, y)
        assert node is not None
        nodes = nodes[:i] + [node] + nodes[i + 1 : j] + nodes[j + 1 :]
    assert nodes[0].value == target
    return nodes[0].text()


# ---------------------------------------------------------------------------- difficulty statistic
def _count_pair(a: Rat, b: Rat, goal: Rat) -> int:
    """Ordered (pair, operator) choices that turn the two values a, b into `goal`, by
    cross-multiplication: a+b and a*b count for both orders, a-b, b-a, a/b, b/a once each."""
    an, ad = a
    bn, bd = b
    gn, gd = goal
    count = 0
    if (an * bd + bn * ad) * gd == gn * ad * bd:
        count += 2
    diff = (an * bd - bn * ad) * gd
    if diff == gn * ad * bd:
        count += 1
    if -diff == gn * ad * bd:
        count += 1
    if an * bn * gd == gn * ad * bd:
        count += 2
    if bn and an * bd * gd == gn * ad * bn:
        count += 1
    if an and bn * ad * gd == gn * bd * an:
        count += 1
    return count


@functools.lru_cache(maxsize=65536)
def _paths(values: tuple[Rat, ...], goal: Rat) -> tuple[int, bool]:
    """(number of reduction sequences from this multiset that end in `goal`, whether one of them
    keeps every intermediate value an integer). A stage picks an ordered pair of distinct positions
    (i, j) and an operator, and replaces v_i, v_j by v_i op v_j; `/` is skipped when v_j = 0."""
    n = len(values)
    count, integral = 0, False
    if n == 2:
        count = _count_pair(values[0], values[1], goal)
        return count, count > 0  # the last value is the goal itself, an integer
    if n == 3:
        for i, j, k in ((0, 1, 2), (0, 2, 1), (1, 2, 0)):
            other = values[k]
            for code, r in _results(values[i], values[j]):
                sub = _count_pair(r, other, goal)
                if sub:
                    count += sub * (2 if code in (0, 3) else 1)
                    if r[1] == 1:
                        integral = True
        return count, integral
    for i in range(n):
        for j in range(i + 1, n):
            rest = [values[k] for k in range(n) if k != i and k != j]
            for code, r in _results(values[i], values[j]):
                sub, sub_integral = _paths(tuple(sorted([*rest, r])), goal)
                if sub:
                    count += sub * (2 if code in (0, 3) else 1)
                    if sub_integral and r[1] == 1:
                        integral = True
    return count, integral


def difficulty(numbers: list[int], target: int) -> tuple[int, bool, str]:
    """`n_paths`, `integer_path` and the bucket of a 4-number puzzle."""
    n_paths, integer_path = _paths(tuple(sorted((v, 1) for v in numbers)), (target, 1))
    if n_paths >= 100 and integer_path:
        bucket = "easy"
    elif 24 <= n_paths <= 99 and integer_path:
        bucket = "medium"
    else:
        bucket = "hard"
    return n_paths, integer_path, bucket


# ---------------------------------------------------------------------------- constructive builder
def _split_large(v: int, lo: int, hi: int, rng: random.Random) -> tuple[str, int, int]:
    """Split a value outside [lo, hi] as a product of two factors >= 2 or a sum."""
    options = []
    factors = [a for a in range(2, int(v**0.5) + 1) if v % a == 0]
    if factors:
        options.append("*")
    if v - lo >= lo:
        options.append("+")
    if not options:
        raise GenerationError(f"game24: cannot split {v} into values within {lo}-{hi}")
    op = rng.choice(options)
    if op == "*":
        pairs = [(a, v // a) for a in factors] + [(v // a, a) for a in factors if a != v // a]
        pairs.sort()
        a, b = rng.choice(pairs)
        return "*", a, b
    a = rng.randint(lo, min(hi, v - lo))
    return "+", a, v - a


def _split_small(x: int, lo: int, hi: int, rng: random.Random) -> tuple[str, int, int] | None:
    """Split a value inside [lo, hi] into two children inside [lo, hi]; None if no split exists."""
    options = []
    add_lo, add_hi = max(lo, x - hi), min(hi, x - lo)
    if add_lo <= add_hi:
        options.append("+")
    if hi - x >= lo:
        options.append("-")
    divisors = [a for a in range(max(lo, 1), hi + 1) if x % a == 0 and lo <= x // a <= hi]
    if divisors:
        options.append("*")
    if x > 0 and hi // x >= lo:
        options.append("/")
    if not options:
        return None
    op = rng.choice(options)
    if op == "+":
        a = rng.randint(add_lo, add_hi)
        return "+", a, x - a
    if op == "-":
        b = rng.randint(lo, hi - x)
        return "-", x + b, b
    if op == "*":
        a = rng.choice(divisors)
        return "*", a, x // a
    b = rng.randint(lo, hi // x)
    return "/", x * b, b


@dataclasses.dataclass
class _Tree:
    """A mutable expression tree over integer nodes for the constructive builder."""

    value: int
    op: str = ""
    left: _Tree | None = None
    right: _Tree | None = None

    def leaves(self) -> list[_Tree]:
        if not self.op:
            return [self]
        assert self.left is not None and self.right is not None
        return self.left.leaves() + self.right.leaves()

    def split(self, op: str, a: int, b: int) -> None:
        self.op, self.left, self.right = op, _Tree(a), _Tree(b)

    def node(self) -> Node:
        if not self.op:
            return Node(Fraction(self.value))
        assert self.left is not None and self.right is not None
        built = combine(self.left.node(), self.op, self.right.node())
        assert built is not None and built.value == self.value
        return built


def construct(
    n_numbers: int, target: int, lo: int, hi: int, rng: random.Random
) -> tuple[list[int], str] | None:
    """Build an integer expression tree backwards from `target` with `n_numbers` leaves in [lo, hi];
    None when bringing the target into range already needs more leaves (the caller redraws)."""
    root = _Tree(target)
    while True:
        outside = [leaf for leaf in root.leaves() if not lo <= leaf.value <= hi]
        if not outside:
            break
        outside[0].split(*_split_large(outside[0].value, lo, hi, rng))
        if len(root.leaves()) > n_numbers:
            return None
    leaves = root.leaves()
    while len(leaves) < n_numbers:
        leaf = rng.choice(leaves)
        split = _split_small(leaf.value, lo, hi, rng)
        if split is None:
            return None
        leaf.split(*split)
        leaves = root.leaves()
    node = root.node()
    return [leaf.value for leaf in leaves], node.text()


# ---------------------------------------------------------------------------- the generator
def generate(
    n_numbers: int,
    value_min: int,
    value_max: int,
    targets: tuple[int, ...],
    bucket: str,
    method: str,
    rng: random.Random,
) -> dict:
    """One solvable puzzle as the instance's `puzzle` fields (numbers sorted ascending)."""
    if method == "auto":
        method = "exhaustive" if n_numbers <= 6 else "constructive"
    for _ in range(MAX_DRAWS):
        target = rng.choice(targets)
        if method == "exhaustive":
            numbers = [rng.randint(value_min, value_max) for _ in range(n_numbers)]
            stats: tuple[int | None, bool | None, str | None] = (None, None, None)
            if n_numbers == 4:
                stats = difficulty(numbers, target)
                if stats[0] == 0 or (bucket != "any" and stats[2] != bucket):
                    continue
            elif bucket != "any":
                raise GenerationError("game24: the bucket filter needs exactly 4 numbers")
            try:
                witness = solve(numbers, target)
            except GenerationError:
                continue  # an exhausted budget counts as a rejection
            if witness is None:
                continue
        else:
            built = construct(n_numbers, target, value_min, value_max, rng)
            if built is None:
                continue
            numbers, witness = built
            stats = difficulty(numbers, target) if n_numbers == 4 else (None, None, None)
            if bucket != "any" and stats[2] != bucket:
                continue
        return {
            "numbers": sorted(numbers),
            "target": target,
            "witness": witness,
            "n_paths": stats[0],
            "integer_path": stats[1],
            "bucket": stats[2],
            "source": "generated",
        }
    raise GenerationError(f"game24: no acceptable puzzle after {MAX_DRAWS} draws")
