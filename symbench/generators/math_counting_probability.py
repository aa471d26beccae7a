"""Counting and probability word problems with exact answers (math_counting_probability).

Every family is three pure functions: `draw` picks a variant and its numbers from the RNG, `solve`
computes the answer exactly with integer combinatorics and Fractions, and `brute` recounts it by
enumerating the outcome space (vectorised with numpy) when that space has at most 10^6 outcomes.
Where a condition only concerns a few labelled objects (seats of named people), the enumerated
space is that of their placements, each standing for the same number of arrangements of the rest.
`text` writes the problem from the developers' own sentence templates, stating every assumption a
unique count needs.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from symbench.errors import GenerationError

MAX_ATTEMPTS = 500
ENUM_LIMIT = 10**6
MASK_BITS = 16  # subsets as bit masks: 2^16 of them (committees, lattice paths), all of levels 1-5
GRID_LIMIT = 200_000  # tuples of box contents, most of which overshoot the total (stars_and_bars)
FAMILIES = (
    "row_arrangements",
    "committees",
    "binomial_expansion",
    "dice",
    "coins",
    "urn",
    "word_arrangements",
    "lattice_paths",
    "divisibility_count",
    "expected_value",
    "stars_and_bars",
    "pascal",
)
NAMES = (
    "Ava", "Ben", "Carla", "Dmitri", "Emeka", "Fatima", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq",
)  # fmt: skip
COLOURS = ("red", "blue", "green", "yellow", "white")
# Own word list: everyday words of 4 to 11 letters, upper case.
WORDS = (
    "BANANA", "LETTER", "COFFEE", "PEPPER", "BALLOON", "MISSISSIPPI", "STATISTICS", "COMMITTEE",
    "TOMATO", "PUZZLE", "GARDEN", "PLANET", "MARBLE", "CASTLE", "JUNGLE", "WINTER", "PENCIL",
    "BRIDGE", "FOREST", "CAMERA", "PARROT", "RABBIT", "KITTEN", "MIRROR", "LEMON", "TIGER",
    "ORANGE", "PICKLE", "BOTTLE", "APPLE", "CHEESE", "PEBBLE", "SUMMER", "BUTTER", "ROCKET",
    "SILVER", "MONKEY", "CANDLE", "WAGON", "HOUSE", "TABLE", "CLOUD", "PIANO", "RADIO",
    "BASKET", "DOCTOR", "NUMBER", "MOTHER", "FATHER", "PRINCE", "TURTLE", "ANIMAL", "BEACON",
    "HAPPINESS", "ELEPHANT", "ALPHABET", "MOUNTAIN", "TEACHER", "KINGDOM", "CABBAGE", "ACROBAT",
)  # fmt: skip
VOWELS = frozenset("AEIOU")


class Reject(Exception):
    """This draw is unusable (empty event, certain event, zero count); the caller draws again."""


def _cap(max_value: int, small: int) -> int:
    """Family caps keep enumeration feasible at levels 1-5 (max_value <= 20); above that, max_value."""
    return min(max_value, small) if max_value <= 20 else max_value


def _words(n: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}.get(n, str(n))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _distinct_rows(grid: np.ndarray) -> np.ndarray:
    """Mask of the columns of a (k, outcomes) array whose k entries are pairwise different."""
    ok = np.ones(grid.shape[1], dtype=bool)
    for i in range(grid.shape[0]):
        for j in range(i + 1, grid.shape[0]):
            ok &= grid[i] != grid[j]
    return ok


def _grid(size: int, k: int) -> np.ndarray:
    """All k-tuples over range(size), one per column (row-major rows keep the arithmetic contiguous)."""
    return np.indices((size,) * k, dtype=np.int32).reshape(k, -1)


# ============================================================================ row_arrangements
def row_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    top = min(m, 12)
    if steps == 1:
        return "all", {"n": rng.randint(3, max(3, top))}
    if steps == 2:
        return "adjacent", {"n": rng.randint(3, max(3, top))}
    if steps == 3:
        return rng.choice(("not_adjacent", "not_at_end")), {"n": rng.randint(4, max(4, top))}
    if steps == 4:
        return "block_apart", {"n": rng.randint(6, max(6, top))}
    return rng.choice(("round_adjacent", "round_apart")), {"n": rng.randint(4, max(4, top))}


def row_solve(variant: str, p: dict) -> Fraction:
    n = p["n"]
    f = math.factorial
    value = {
        "all": lambda: f(n),
        "adjacent": lambda: 2 * f(n - 1),
        "not_adjacent": lambda: f(n) - 2 * f(n - 1),
        "not_at_end": lambda: (n - 2) * f(n - 1),
        "block_apart": lambda: f(3) * (f(n - 2) - 2 * f(n - 3)),
        "round_adjacent": lambda: 2 * f(n - 2),
        "round_apart": lambda: f(n - 1) - 2 * f(n - 2),
    }[variant]()
    return Fraction(value)


def row_brute(variant: str, p: dict) -> Fraction | None:
    n = p["n"]
    k = {"all": min(n, 4), "adjacent": 2, "not_adjacent": 2, "not_at_end": 1, "block_apart": 5}.get(
        variant, 0
    )
    if variant.startswith("round"):
        # person 0 sits at seat 0 (rotations identical); enumerate the seats of persons 1 .. 3
        k = min(3, n - 1)
        seats = _grid(n - 1, k) + 1
        ok = _distinct_rows(seats)
        near = (seats[0] == 1) | (seats[0] == n - 1)
        hits = ok & (near if variant == "round_adjacent" else ~near)
        return Fraction(int(hits.sum()) * math.factorial(n - 1 - k))
    if n**k > ENUM_LIMIT:
        return None
    seats = _grid(n, k)
    ok = _distinct_rows(seats)
    if variant in ("adjacent", "not_adjacent"):
        near = np.abs(seats[0] - seats[1]) == 1
        ok &= near if variant == "adjacent" else ~near
    elif variant == "not_at_end":
        ok &= (seats[0] != 0) & (seats[0] != n - 1)
    elif variant == "block_apart":
        block = seats[:3]
        ok &= (block.max(axis=0) - block.min(axis=0)) == 2
        ok &= np.abs(seats[3] - seats[4]) != 1
    return Fraction(int(ok.sum()) * math.factorial(n - k))


def row_text(variant: str, p: dict, rng: random.Random) -> str:
    n = p["n"]
    people = rng.sample(NAMES, n)
    a, b, c, d, e = (people + [""] * 5)[:5]
    who = f"{n} friends, {_list(people)},"
    if variant.startswith("round"):
        cond = "sit next to each other" if variant == "round_adjacent" else "do not sit next to each other"
        return (
            f"{who} sit around a round table with {n} identical chairs. Two seatings count as the same "
            f"when one is a rotation of the other. In how many different ways can they be seated if {a} and "
            f"{b} {cond}?"
        )
    head = f"{who} line up in a single row for a photo; two line-ups are different when someone stands in a different place."
    ask = {
        "all": "In how many different orders can they line up?",
        "adjacent": f"In how many line-ups do {a} and {b} stand next to each other?",
        "not_adjacent": f"In how many line-ups are {a} and {b} not next to each other?",
        "not_at_end": f"In how many line-ups is {a} at neither end of the row?",
        "block_apart": (
            f"In how many line-ups do {a}, {b} and {c} stand together as a group of three (in any order "
            f"among themselves), while {d} and {e} are not next to each other?"
        ),
    }[variant]
    return f"{head} {ask}"


# ============================================================================ committees
def committee_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    cap = _cap(m, 8)
    men, women = rng.randint(2, max(2, cap)), rng.randint(2, max(2, cap))
    size = rng.randint(2, min(men + women - 1, 8 if m <= 20 else max(8, m // 5)))
    p = {"men": men, "women": women, "size": size}
    if steps == 1:
        return "any", p
    if steps == 2:
        p["women_in"] = rng.randint(1, min(size, women))
        return "exact_women", p
    if steps == 3:
        return rng.choice(("at_least_one_each", "at_least_one_woman")), p
    if steps == 4:
        return "chair", p
    return "feud", p


def committee_solve(variant: str, p: dict) -> Fraction:
    men, women, k = p["men"], p["women"], p["size"]
    n, c = men + women, math.comb
    value = {
        "any": lambda: c(n, k),
        "exact_women": lambda: c(women, p.get("women_in", 0)) * c(men, k - p.get("women_in", 0)),
        "at_least_one_each": lambda: c(n, k) - c(men, k) - c(women, k),
        "at_least_one_woman": lambda: c(n, k) - c(men, k),
        "chair": lambda: n * c(n - 1, k - 1),
        "feud": lambda: c(n, k) - c(n - 2, k - 2),
    }[variant]()
    return Fraction(value)


def _popcount(masks: np.ndarray, bits: int) -> np.ndarray:
    out = np.zeros(masks.shape, dtype=np.int64)
    for i in range(bits):
        out += (masks >> i) & 1
    return out


def committee_brute(variant: str, p: dict) -> Fraction | None:
    men, women, k = p["men"], p["women"], p["size"]
    n = men + women
    if n > MASK_BITS:
        return None
    masks = np.arange(2**n, dtype=np.int64)
    size = _popcount(masks, n)
    w = _popcount(masks >> men, women)  # bits men .. n-1 are the women
    ok = size == k
    if variant == "exact_women":
        ok &= w == p["women_in"]
    elif variant == "at_least_one_each":
        ok &= (w >= 1) & (w <= k - 1)
    elif variant == "at_least_one_woman":
        ok &= w >= 1
    elif variant == "feud":  # persons 0 (a man) and n - 1 (a woman) refuse to serve together
        ok &= ~(((masks & 1) == 1) & (((masks >> (n - 1)) & 1) == 1))
    count = int(ok.sum())
    return Fraction(count * k if variant == "chair" else count)


def committee_text(variant: str, p: dict, rng: random.Random) -> str:
    men, women, k = p["men"], p["women"], p["size"]
    club = rng.choice(("chess club", "school council", "book group", "robotics team", "choir"))
    head = (
        f"A {club} has {men} men and {women} women, all different people. A committee of {k} members is "
        f"to be chosen; the order in which members are chosen does not matter."
    )
    if variant == "chair":
        return (
            f"A {club} has {men} men and {women} women, all different people. A committee of {k} members is "
            f"to be formed, one of whom is named its chair (the other members have no special roles). In "
            f"how many ways can the committee with its chair be chosen?"
        )
    ask = {
        "any": "In how many ways can the committee be chosen?",
        "exact_women": f"In how many ways can it be chosen if it must contain exactly {_count(p.get('women_in', 0), 'woman', 'women')}?",
        "at_least_one_each": "In how many ways can it be chosen if it must include at least one man and at least one woman?",
        "at_least_one_woman": "In how many ways can it be chosen if it must include at least one woman?",
        "feud": (
            "One particular man and one particular woman refuse to serve together. In how many ways can "
            "the committee be chosen?"
        ),
    }[variant]
    return f"{head} {ask}"


# ============================================================================ binomial_expansion
def binom_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    top = max(4, min(m, 12) if m <= 20 else min(m, 40))
    n = rng.randint(3, top)
    if steps == 1:
        return "disguised", {"n": rng.randint(3, min(top, 6)), "x": rng.randint(2, max(2, min(m, 30)))}
    if steps == 2:
        return "coefficient", {"n": n, "b": rng.randint(1, min(m, 9)), "j": rng.randint(1, n - 1)}
    if steps == 3:
        a = rng.choice((-1, 1)) * rng.randint(1, min(m, 5))
        b = rng.choice((-1, 1)) * rng.randint(1, min(m, 5))
        return "signed_coefficient", {"n": n, "a": a, "b": b, "j": rng.randint(1, n - 1)}
    if steps == 4:
        return "constant_term", {"n": 2 * rng.randint(2, max(2, top // 2)), "c": rng.randint(1, min(m, 6))}
    a, b = rng.randint(1, min(m, 5)), rng.choice((-1, 1)) * rng.randint(1, min(m, 5))
    return "even_sum", {"n": n, "a": a, "b": b}


def binom_solve(variant: str, p: dict) -> Fraction:
    n, c = p["n"], math.comb
    if variant == "disguised":
        return Fraction((p["x"] + 1) ** n)
    if variant == "coefficient":
        return Fraction(c(n, p["j"]) * p["b"] ** (n - p["j"]))
    if variant == "signed_coefficient":
        return Fraction(c(n, p["j"]) * p["a"] ** p["j"] * p["b"] ** (n - p["j"]))
    if variant == "constant_term":
        return Fraction(c(n, n // 2) * p["c"] ** (n // 2))
    return Fraction(((p["a"] + p["b"]) ** n + (p["b"] - p["a"]) ** n) // 2)


def _expand(a: int, b: int, n: int) -> list[int]:
    """Coefficients of (a x + b)^n by multiplying out the n factors one at a time."""
    poly = [1]
    for _ in range(n):
        nxt = [0] * (len(poly) + 1)
        for i, coef in enumerate(poly):
            nxt[i] += coef * b
            nxt[i + 1] += coef * a
        poly = nxt
    return poly


def binom_brute(variant: str, p: dict) -> Fraction | None:
    n = p["n"]
    if variant == "disguised":
        x = p["x"]
        return Fraction(sum(coef * x**i for i, coef in enumerate(_expand(1, 1, n))))
    if variant == "coefficient":
        return Fraction(_expand(1, p["b"], n)[p["j"]])
    if variant == "signed_coefficient":
        return Fraction(_expand(p["a"], p["b"], n)[p["j"]])
    if variant == "constant_term":
        # (x + c/x)^n = x^-n (x^2 + c)^n: the constant term is the x^n coefficient of (x^2 + c)^n
        return Fraction(_expand(1, p["c"], n)[n // 2])
    return Fraction(sum(_expand(p["a"], p["b"], n)[0::2]))


def _poly_text(n: int, x: int) -> str:
    terms = []
    for i in range(n, -1, -1):
        coef = math.comb(n, i)
        if i == 0:
            terms.append(str(coef))
        elif coef == 1:
            terms.append(f"{x}^{{{i}}}" if i > 1 else f"{x}")
        else:
            terms.append(f"{coef}\\cdot {x}^{{{i}}}" if i > 1 else f"{coef}\\cdot {x}")
    return " + ".join(terms)


def _binomial(a: int, b: int, n: int) -> str:
    ax = {1: "x", -1: "-x"}.get(a, f"{a}x")
    return f"({ax} {'+' if b > 0 else '-'} {abs(b)})^{{{n}}}"


def binom_text(variant: str, p: dict, rng: random.Random) -> str:
    n = p["n"]
    if variant == "disguised":
        return f"What is the value of ${_poly_text(n, p['x'])}$?"
    if variant == "coefficient":
        return f"What is the coefficient of $x^{{{p['j']}}}$ in the expansion of ${_binomial(1, p['b'], n)}$?"
    if variant == "signed_coefficient":
        return f"What is the coefficient of $x^{{{p['j']}}}$ in the expansion of ${_binomial(p['a'], p['b'], n)}$?"
    if variant == "constant_term":
        c = p["c"]
        frac = "\\frac{1}{x}" if c == 1 else f"\\frac{{{c}}}{{x}}"
        return f"What is the constant term in the expansion of $\\left(x + {frac}\\right)^{{{n}}}$?"
    return (
        f"When ${_binomial(p['a'], p['b'], n)}$ is expanded as a polynomial in $x$, what is the sum of the "
        f"coefficients of the even powers of $x$ (including the constant term)?"
    )


# ============================================================================ dice
SIDES = (4, 6, 8, 10, 12, 20)


def dice_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    sides = rng.choice([s for s in SIDES if s <= max(6, m) and (m > 20 or s**5 <= ENUM_LIMIT or steps < 5)])
    if steps == 1:
        return "sum_equals", {"dice": 2, "sides": sides, "target": rng.randint(3, 2 * sides - 1)}
    if steps == 2:
        return "sum_at_least", {"dice": 2, "sides": sides, "target": rng.randint(3, 2 * sides)}
    if steps == 3:
        return rng.choice(("sum_equals", "sum_at_least")), {
            "dice": 3,
            "sides": sides,
            "target": rng.randint(4, 3 * sides - 1),
        }
    if steps == 4:
        dice = rng.choice((2, 3))
        if rng.random() < 0.4:
            return rng.choice(("product_even", "product_odd")), {"dice": dice, "sides": sides}
        return "product_multiple", {"dice": dice, "sides": sides, "d": rng.randint(3, 10)}
    dice = rng.choice((4, 5))
    return "sum_equals", {"dice": dice, "sides": sides, "target": rng.randint(dice + 1, dice * sides - 1)}


def dice_solve(variant: str, p: dict) -> Fraction:
    m, s = p["dice"], p["sides"]
    total = s**m
    if variant.startswith("sum"):
        ways = [1]  # ways[t] = number of ways to roll total t with the dice so far
        for _ in range(m):
            nxt = [0] * (len(ways) + s)
            for t, w in enumerate(ways):
                for face in range(1, s + 1):
                    nxt[t + face] += w
            ways = nxt
        t = p["target"]
        hits = ways[t] if variant == "sum_equals" else sum(ways[t:])
        return Fraction(hits, total)
    if variant in ("product_even", "product_odd"):
        odd = Fraction((s + 1) // 2, s) ** m
        return odd if variant == "product_odd" else 1 - odd
    # the product is a multiple of d: complement by inclusion-exclusion over the prime powers of d
    d = p["d"]
    return Fraction(_product_multiple_count(m, s, d), total)


def _product_multiple_count(m: int, s: int, d: int) -> int:
    """Outcomes of m dice with s sides whose product is a multiple of d (a DP over gcd with d)."""
    states = Counter({1: 1})
    for _ in range(m):
        nxt: Counter = Counter()
        for g, w in states.items():
            for face in range(1, s + 1):
                nxt[math.gcd(g * face, d)] += w
        states = nxt
    return states[d]


def dice_brute(variant: str, p: dict) -> Fraction | None:
    m, s = p["dice"], p["sides"]
    if s**m > ENUM_LIMIT:
        return None
    rolls = _grid(s, m) + 1
    if variant.startswith("sum"):
        total = rolls.sum(axis=0)
        hits = total == p["target"] if variant == "sum_equals" else total >= p["target"]
    else:
        prod = np.prod(rolls, axis=0, dtype=np.int64)
        if variant == "product_even":
            hits = prod % 2 == 0
        elif variant == "product_odd":
            hits = prod % 2 == 1
        else:
            hits = prod % p["d"] == 0
    return Fraction(int(hits.sum()), s**m)


def dice_text(variant: str, p: dict, rng: random.Random) -> str:
    m, s = p["dice"], p["sides"]
    dice = f"{_words(m)} fair {s}-sided dice, each with faces numbered 1 to {s},"
    head = f"{rng.choice(NAMES)} rolls {dice} and looks at the numbers on the top faces."
    ask = {
        "sum_equals": lambda: f"What is the probability that the numbers add up to exactly {p['target']}?",
        "sum_at_least": lambda: f"What is the probability that the numbers add up to at least {p['target']}?",
        "product_even": lambda: "What is the probability that the product of the numbers is even?",
        "product_odd": lambda: "What is the probability that the product of the numbers is odd?",
        "product_multiple": lambda: (
            f"What is the probability that the product of the numbers is a multiple of {p['d']}?"
        ),
    }[variant]()
    return f"{head} {ask}"


# ============================================================================ coins
def coin_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    n = rng.randint(3, max(3, min(12, m)))
    if steps == 1:
        return "exactly", {"n": n, "k": rng.randint(1, n - 1)}
    if steps == 2:
        return "at_least", {"n": n, "k": rng.randint(1, n)}
    if steps == 3:
        return "more_heads", {"n": n}
    if steps == 4:
        b = rng.randint(3, 9)
        return "biased", {"n": n, "k": rng.randint(0, n), "a": rng.randint(1, b - 1), "b": b}
    return "no_consecutive_heads", {"n": n}


def coin_solve(variant: str, p: dict) -> Fraction:
    n = p["n"]
    total = 2**n
    if variant == "exactly":
        return Fraction(math.comb(n, p["k"]), total)
    if variant == "at_least":
        return Fraction(sum(math.comb(n, i) for i in range(p["k"], n + 1)), total)
    if variant == "more_heads":
        return Fraction(sum(math.comb(n, i) for i in range(n // 2 + 1, n + 1)), total)
    if variant == "biased":
        q = Fraction(p["a"], p["b"])
        return math.comb(n, p["k"]) * q ** p["k"] * (1 - q) ** (n - p["k"])
    fib = [1, 2]  # strings of length i with no two consecutive heads: F(i + 2)
    while len(fib) <= n:
        fib.append(fib[-1] + fib[-2])
    return Fraction(fib[n], total)


def coin_brute(variant: str, p: dict) -> Fraction | None:
    n = p["n"]
    masks = np.arange(2**n, dtype=np.int64)  # bit i set: flip i is heads
    heads = _popcount(masks, n)
    if variant == "biased":
        q = Fraction(p["a"], p["b"])
        counts = np.bincount(heads, minlength=n + 1)
        return sum(
            (int(counts[h]) * q**h * (1 - q) ** (n - h) for h in range(n + 1) if h == p["k"]), Fraction(0)
        )
    if variant == "exactly":
        hits = heads == p["k"]
    elif variant == "at_least":
        hits = heads >= p["k"]
    elif variant == "more_heads":
        hits = 2 * heads > n
    else:
        hits = (masks & (masks >> 1)) == 0
    return Fraction(int(hits.sum()), 2**n)


def coin_text(variant: str, p: dict, rng: random.Random) -> str:
    n = p["n"]
    if variant == "biased":
        return (
            f"A biased coin lands heads with probability $\\frac{{{p['a']}}}{{{p['b']}}}$ on each toss, "
            f"independently of the other tosses. It is tossed {n} times. What is the probability of getting "
            f"exactly {_count(p['k'], 'head', 'heads')}?"
        )
    head = f"A fair coin is tossed {n} times; each toss is heads or tails with equal probability, independently of the others."
    ask = {
        "exactly": lambda: f"What is the probability of getting exactly {_count(p['k'], 'head', 'heads')}?",
        "at_least": lambda: f"What is the probability of getting at least {_count(p['k'], 'head', 'heads')}?",
        "more_heads": lambda: "What is the probability of getting more heads than tails?",
        "no_consecutive_heads": lambda: (
            "What is the probability that no two consecutive tosses are both heads?"
        ),
    }[variant]()
    return f"{head} {ask}"


# ============================================================================ urn
def urn_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    cap = _cap(m, 6)
    n_colours = 2 if steps in (1, 3, 5) and rng.random() < 0.5 else 3
    counts = [rng.randint(1, max(2, cap)) for _ in range(n_colours)]
    colours = COLOURS[:n_colours]
    p = {"colours": list(colours), "counts": counts}
    total = sum(counts)
    if steps == 1:
        return "one_draw", {**p, "colour": 0}
    if steps == 2:
        return "two_same", p
    if steps == 3:
        k = rng.randint(2, min(4, total))
        return "exactly_j", {**p, "k": k, "j": rng.randint(0, min(k, counts[0]))}
    if steps == 4:
        return "all_different", {**p, "k": n_colours}
    return "first_red_at", {**p, "r": rng.randint(1, total - counts[0] + 1)}


def urn_solve(variant: str, p: dict) -> Fraction:
    counts = p["counts"]
    n = sum(counts)
    c = math.comb
    if variant == "one_draw":
        return Fraction(counts[p["colour"]], n)
    if variant == "two_same":
        return Fraction(sum(x * (x - 1) for x in counts), n * (n - 1))
    if variant == "exactly_j":
        red, k, j = counts[0], p["k"], p["j"]
        return Fraction(c(red, j) * c(n - red, k - j), c(n, k))
    if variant == "all_different":
        return Fraction(math.prod(counts), c(n, len(counts)))
    red, r = counts[0], p["r"]
    prob = Fraction(1)
    for i in range(r - 1):  # the first r - 1 draws are not red
        prob *= Fraction(n - red - i, n - i)
    return prob * Fraction(red, n - r + 1)


SET_LIMIT = 20_000  # subsets listed with itertools before the vectorised test


def urn_brute(variant: str, p: dict) -> Fraction | None:
    """Counts over the equally likely sets of drawn marbles (marbles told apart)."""
    counts = p["counts"]
    n = sum(counts)
    labels = np.repeat(np.arange(len(counts)), counts)  # marble i has colour labels[i]
    if variant == "first_red_at":
        # the draw order is a uniformly random arrangement of the marbles, so the set of draw numbers
        # holding the first colour is a uniformly random set of counts[0] of them; the first such
        # marble comes at the smallest one
        if math.comb(n, counts[0]) > SET_LIMIT:
            return None
        first = np.fromiter((pos[0] for pos in itertools.combinations(range(n), counts[0])), dtype=np.int64)
        return Fraction(int((first == p["r"] - 1).sum()), len(first))
    k = {"one_draw": 1, "two_same": 2}.get(variant) or p["k"]
    if math.comb(n, k) > SET_LIMIT:
        return None
    chosen = np.array(list(itertools.combinations(range(n), k)), dtype=np.int64).reshape(-1, k)
    colours = labels[chosen]
    if variant == "one_draw":
        hits = colours[:, 0] == p["colour"]
    elif variant == "two_same":
        hits = colours[:, 0] == colours[:, 1]
    elif variant == "exactly_j":
        hits = (colours == 0).sum(axis=1) == p["j"]
    else:
        hits = _distinct_rows(colours.T)
    return Fraction(int(hits.sum()), len(chosen))


def urn_text(variant: str, p: dict, rng: random.Random) -> str:
    parts = [f"{n} {col}" for n, col in zip(p["counts"], p["colours"])]
    container = rng.choice(("bag", "box", "jar"))
    head = (
        f"A {container} holds {_list(parts)} marbles; apart from colour the marbles are identical. Marbles are "
        f"drawn at random without replacement, each remaining marble being equally likely to be drawn."
    )
    ask = {
        "one_draw": lambda: (
            f"One marble is drawn. What is the probability that it is {p['colours'][p['colour']]}?"
        ),
        "two_same": lambda: "Two marbles are drawn. What is the probability that they are the same colour?",
        "exactly_j": lambda: (
            f"{_words(p['k']).capitalize()} marbles are drawn. What is the probability that exactly {p['j']} of them are {p['colours'][0]}?"
        ),
        "all_different": lambda: (
            f"{_words(p['k']).capitalize()} marbles are drawn. What is the probability that they are all of different colours?"
        ),
        "first_red_at": lambda: (
            f"Marbles are drawn one at a time. What is the probability that the first {p['colours'][0]} marble "
            f"appears on draw number {p['r']}?"
        ),
    }[variant]()
    return f"{head} {ask}"


# ============================================================================ word_arrangements
def word_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    longest = max(5, min(8, m)) if m <= 20 else min(11, m)  # 8! orderings at most at levels 1-5
    pool = [w for w in WORDS if len(w) <= longest]
    if steps == 1:
        pool = [w for w in pool if len(set(w)) == len(w)]
        return "distinct", {"word": rng.choice(pool)}
    if steps == 2:
        pool = [w for w in pool if len(set(w)) < len(w)]
        return "repeated", {"word": rng.choice(pool)}
    if steps == 3:
        pool = [w for w in pool if 2 <= sum(ch in VOWELS for ch in w) < len(w)]
        return "vowels_together", {"word": rng.choice(pool)}
    if steps == 4:
        pool = [w for w in pool if sorted(Counter(w).values()) == [1] * (len(w) - 2) + [2]]
        return "no_double", {"word": rng.choice(pool)}
    pool = [w for w in pool if sum(ch not in VOWELS for ch in w) >= 2]
    return "consonant_ends", {"word": rng.choice(pool)}


def _multinomial(counts: list[int]) -> int:
    out = math.factorial(sum(counts))
    for c in counts:
        out //= math.factorial(c)
    return out


def word_solve(variant: str, p: dict) -> Fraction:
    word = p["word"]
    counts = Counter(word)
    total = _multinomial(list(counts.values()))
    if variant in ("distinct", "repeated"):
        return Fraction(total)
    if variant == "vowels_together":
        vowels = Counter(ch for ch in word if ch in VOWELS)
        consonants = Counter(ch for ch in word if ch not in VOWELS)
        blocks = _multinomial([*consonants.values(), 1])  # the vowel block is one more unit
        return Fraction(blocks * _multinomial(list(vowels.values())))
    if variant == "no_double":
        double = next(ch for ch, c in counts.items() if c == 2)
        glued = Counter(counts)
        glued[double] = 1  # the two copies glued into one unit
        return Fraction(total - _multinomial(list(glued.values())))
    # begins and ends with consonants: choose the two end letters, arrange the middle
    hits = 0
    letters = sorted(counts)
    for first in letters:
        for last in letters:
            if first in VOWELS or last in VOWELS:
                continue
            rest = Counter(counts)
            rest[first] -= 1
            rest[last] -= 1
            if min(rest.values()) < 0:
                continue
            hits += _multinomial([c for c in rest.values() if c > 0])
    return Fraction(hits)


@functools.lru_cache(maxsize=16)
def _perms(n: int) -> np.ndarray:
    """All n! permutations of range(n), one per row, built by inserting each new element everywhere."""
    perms = np.zeros((1, 0), dtype=np.int8)
    for k in range(n):
        perms = np.concatenate([np.insert(perms, pos, k, axis=1) for pos in range(k + 1)])
    return perms


WORD_LIMIT = 40_320  # 8! orderings: enough for the words of levels 1-5, and fast


def word_brute(variant: str, p: dict) -> Fraction | None:
    """Counts over all n! orderings of the word's letters (copies told apart), then divides by the
    number of orderings that give each distinct arrangement."""
    word = p["word"]
    if math.factorial(len(word)) > WORD_LIMIT:
        return None
    codes = np.array([ord(ch) for ch in word], dtype=np.int16)
    arr = codes[_perms(len(word))]
    vowel = np.isin(arr, [ord(v) for v in sorted(VOWELS)])
    if variant == "vowels_together":
        n_vowels = int(vowel[0].sum())
        first = vowel.argmax(axis=1)
        last = arr.shape[1] - 1 - vowel[:, ::-1].argmax(axis=1)
        ok = last - first + 1 == n_vowels
    elif variant == "no_double":
        ok = (arr[:, 1:] != arr[:, :-1]).all(axis=1)
    elif variant == "consonant_ends":
        ok = ~vowel[:, 0] & ~vowel[:, -1]
    else:
        ok = np.ones(arr.shape[0], dtype=bool)
    repeats = math.prod(math.factorial(c) for c in Counter(word).values())
    hits = int(ok.sum())
    if hits % repeats:
        raise GenerationError(f"word enumeration of {word} is inconsistent")
    return Fraction(hits // repeats)


def word_text(variant: str, p: dict, rng: random.Random) -> str:
    word = p["word"]
    head = (
        f"How many distinct arrangements of the letters of the word {word} are there, where arrangements "
        f"that read the same letter for letter count once"
    )
    tail = {
        "distinct": "?",
        "repeated": "?",
        "vowels_together": " and all the vowels must appear together in one block? (A, E, I, O and U are vowels; every other letter is a consonant.)",
        "no_double": " and no two identical letters may stand next to each other?",
        "consonant_ends": " and the arrangement must begin and end with a consonant? (A, E, I, O and U are vowels; every other letter is a consonant.)",
    }[variant]
    return head + tail


# ============================================================================ lattice_paths
def lattice_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    cap = _cap(m, 8)
    width, height = rng.randint(2, max(2, cap)), rng.randint(2, max(2, cap))
    p = {"width": width, "height": height}

    def inner() -> list[int]:
        return [rng.randint(0, width), rng.randint(0, height)]

    if steps == 1:
        return "corner", p
    if steps == 2:
        return "through", {**p, "via": inner()}
    if steps == 3:
        return "avoid", {**p, "blocked": inner()}
    first, second = inner(), inner()
    if first == second:
        raise Reject("the two points coincide")
    if steps == 4:
        return "through_avoid", {**p, "via": first, "blocked": second}
    return "avoid_two", {**p, "blocked": first, "blocked2": second}


def _paths(a: list[int], b: list[int]) -> int:
    dx, dy = b[0] - a[0], b[1] - a[1]
    return math.comb(dx + dy, dx) if dx >= 0 and dy >= 0 else 0


def lattice_solve(variant: str, p: dict) -> Fraction:
    o, end = [0, 0], [p["width"], p["height"]]
    if variant == "corner":
        return Fraction(_paths(o, end))
    if variant == "through":
        v = p["via"]
        return Fraction(_paths(o, v) * _paths(v, end))
    if variant == "avoid":
        b = p["blocked"]
        return Fraction(_paths(o, end) - _paths(o, b) * _paths(b, end))
    if variant == "through_avoid":
        v, b = p["via"], p["blocked"]
        through = _paths(o, v) * _paths(v, end)
        both = _paths(o, v) * _paths(v, b) * _paths(b, end) + _paths(o, b) * _paths(b, v) * _paths(v, end)
        return Fraction(through - both)
    b1, b2 = p["blocked"], p["blocked2"]
    one = _paths(o, b1) * _paths(b1, end) + _paths(o, b2) * _paths(b2, end)
    both = _paths(o, b1) * _paths(b1, b2) * _paths(b2, end) + _paths(o, b2) * _paths(b2, b1) * _paths(b1, end)
    return Fraction(_paths(o, end) - one + both)


def lattice_brute(variant: str, p: dict) -> Fraction | None:
    w, h = p["width"], p["height"]
    n = w + h
    if n > MASK_BITS:
        return None
    masks = np.arange(2**n, dtype=np.int64)
    masks = masks[_popcount(masks, n) == w]  # bit i set: step i goes right
    steps = ((masks[:, None] >> np.arange(n)) & 1).astype(np.int64)
    xs = np.concatenate([np.zeros((len(masks), 1), dtype=np.int64), np.cumsum(steps, axis=1)], axis=1)
    ys = np.arange(n + 1)[None, :] - xs

    def visits(pt: list[int]) -> np.ndarray:  # after pt[0] + pt[1] steps the path is at pt
        i = pt[0] + pt[1]
        return (xs[:, i] == pt[0]) & (ys[:, i] == pt[1])

    ok = np.ones(len(masks), dtype=bool)
    if "via" in p:
        ok &= visits(p["via"])
    for key in ("blocked", "blocked2"):
        if key in p:
            ok &= ~visits(p[key])
    return Fraction(int(ok.sum()))


def lattice_text(variant: str, p: dict, rng: random.Random) -> str:
    w, h = p["width"], p["height"]
    head = (
        f"A path on the square grid goes from $(0, 0)$ to $({w}, {h})$ using only unit steps to the right "
        f"(from $(x, y)$ to $(x + 1, y)$) and unit steps up (from $(x, y)$ to $(x, y + 1)$)."
    )

    def pt(key: str) -> str:
        return f"$({p[key][0]}, {p[key][1]})$"

    ask = {
        "corner": lambda: "How many such paths are there?",
        "through": lambda: f"How many such paths pass through the point {pt('via')}?",
        "avoid": lambda: f"How many such paths do not pass through the point {pt('blocked')}?",
        "through_avoid": lambda: (
            f"How many such paths pass through {pt('via')} but not through {pt('blocked')}?"
        ),
        "avoid_two": lambda: (
            f"How many such paths pass through neither {pt('blocked')} nor {pt('blocked2')}?"
        ),
    }[variant]()
    return f"{head} {ask}"


# ============================================================================ divisibility_count
def div_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    top = 100 * m
    n = rng.randint(max(20, top // 4), top)
    small = list(range(2, max(12, min(m, 30)) + 1))
    a, b, c = rng.sample(small, 3)
    if steps == 1:
        return "by_a", {"N": n, "a": a}
    if steps == 2:
        return "a_or_b", {"N": n, "a": a, "b": b}
    if steps == 3:
        return "a_or_b_not_c", {"N": n, "a": a, "b": b, "c": c}
    if steps == 4:
        return "exactly_one", {"N": n, "a": a, "b": b, "c": c}
    return "coprime", {"N": n, "M": rng.randint(6, max(30, m))}


def _lcm(*xs: int) -> int:
    out = 1
    for x in xs:
        out = out * x // math.gcd(out, x)
    return out


def div_solve(variant: str, p: dict) -> Fraction:
    n = p["N"]

    def cnt(*xs: int) -> int:
        return n // _lcm(*xs)

    if variant == "by_a":
        return Fraction(cnt(p["a"]))
    a, b = p.get("a", 1), p.get("b", 1)
    if variant == "a_or_b":
        return Fraction(cnt(a) + cnt(b) - cnt(a, b))
    if variant == "a_or_b_not_c":
        c = p["c"]
        either = cnt(a) + cnt(b) - cnt(a, b)
        with_c = cnt(a, c) + cnt(b, c) - cnt(a, b, c)
        return Fraction(either - with_c)
    if variant == "exactly_one":
        c = p["c"]
        singles = cnt(a) + cnt(b) + cnt(c)
        pairs = cnt(a, b) + cnt(a, c) + cnt(b, c)
        return Fraction(singles - 2 * pairs + 3 * cnt(a, b, c))
    primes = [
        q for q in range(2, p["M"] + 1) if p["M"] % q == 0 and all(q % r for r in range(2, math.isqrt(q) + 1))
    ]
    total = 0
    for mask in range(1 << len(primes)):
        chosen = [primes[i] for i in range(len(primes)) if mask >> i & 1]
        total += (-1) ** len(chosen) * (n // math.prod(chosen))
    return Fraction(total)


def div_brute(variant: str, p: dict) -> Fraction | None:
    k = np.arange(1, p["N"] + 1, dtype=np.int64)
    if variant == "coprime":
        return Fraction(int((np.gcd(k, p["M"]) == 1).sum()))
    da, db = k % p["a"] == 0, k % p.get("b", 1) == 0
    if variant == "by_a":
        hits = da
    elif variant == "a_or_b":
        hits = da | db
    elif variant == "a_or_b_not_c":
        hits = (da | db) & (k % p["c"] != 0)
    else:
        hits = (da.astype(int) + db.astype(int) + (k % p["c"] == 0).astype(int)) == 1
    return Fraction(int(hits.sum()))


def div_text(variant: str, p: dict, rng: random.Random) -> str:
    n = p["N"]
    head = f"How many integers from 1 to {n}, inclusive,"
    return (
        head
        + {
            "by_a": lambda: f" are divisible by {p['a']}?",
            "a_or_b": lambda: f" are divisible by {p['a']} or by {p['b']} (or by both)?",
            "a_or_b_not_c": lambda: (
                f" are divisible by {p['a']} or by {p['b']} (or both) but not by {p['c']}?"
            ),
            "exactly_one": lambda: (
                f" are divisible by exactly one of the numbers {p['a']}, {p['b']} and {p['c']}?"
            ),
            "coprime": lambda: f" have no common factor greater than 1 with {p['M']}?",
        }[variant]()
    )


# ============================================================================ expected_value
def ev_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    sides = rng.choice([s for s in SIDES if s <= max(6, m)])
    if steps == 1:
        return "roll", {"sides": sides}
    if steps == 2:
        return "even_payoff", {"sides": sides, "k": rng.randint(2, max(2, min(m, 20)))}
    if steps == 3:
        return "piecewise", {
            "sides": sides,
            "t": rng.randint(1, sides - 1),
            "a": rng.randint(1, max(2, m)),
            "b": rng.randint(2, 5),
        }
    if steps == 4:
        return "max_of_two", {"sides": sides}
    return "until_target", {"sides": sides, "cap": rng.randint(2, 4)}


def ev_solve(variant: str, p: dict) -> Fraction:
    s = p["sides"]
    if variant == "roll":
        return Fraction(s + 1, 2)
    if variant == "even_payoff":
        return Fraction(p["k"] * sum(range(2, s + 1, 2)), s)
    if variant == "piecewise":
        t = p["t"]
        return Fraction(t * p["a"] + p["b"] * sum(range(t + 1, s + 1)), s)
    if variant == "max_of_two":
        return Fraction(sum(r * (r * r - (r - 1) ** 2) for r in range(1, s + 1)), s * s)
    q = Fraction(s - 1, s)
    return sum((q**i for i in range(p["cap"])), Fraction(0))


def ev_brute(variant: str, p: dict) -> Fraction | None:
    s = p["sides"]
    if variant == "until_target":
        cap = p["cap"]
        if s**cap > ENUM_LIMIT:
            return None
        rolls = _grid(s, cap) + 1  # all sequences of cap rolls; stop at the first s (or after cap)
        hit = rolls == s
        first = np.where(hit.any(axis=0), hit.argmax(axis=0) + 1, cap)
        return Fraction(int(first.sum()), s**cap)
    if variant == "max_of_two":
        rolls = _grid(s, 2) + 1
        return Fraction(int(rolls.max(axis=0).sum()), s * s)
    r = np.arange(1, s + 1)
    if variant == "roll":
        pay = r
    elif variant == "even_payoff":
        pay = np.where(r % 2 == 0, p["k"] * r, 0)
    else:
        pay = np.where(r <= p["t"], p["a"], p["b"] * r)
    return Fraction(int(pay.sum()), s)


def ev_text(variant: str, p: dict, rng: random.Random) -> str:
    s = p["sides"]
    die = f"a fair {s}-sided die with faces numbered 1 to {s}"
    if variant == "roll":
        return f"What is the expected value of the number shown when {die} is rolled once?"
    if variant == "even_payoff":
        return (
            f"In a game you roll {die} once. If the number shown is even you win {p['k']} times that number "
            f"of dollars; if it is odd you win nothing. What is the expected value of your winnings, in dollars?"
        )
    if variant == "piecewise":
        return (
            f"In a game you roll {die} once. If the number shown is at most {p['t']} you win {p['a']} dollars; "
            f"otherwise you win {p['b']} times the number shown, in dollars. What is the expected value of "
            f"your winnings, in dollars?"
        )
    if variant == "max_of_two":
        return f"You roll {die} twice. What is the expected value of the larger of the two numbers (either one if they are equal)?"
    return (
        f"You roll {die} repeatedly and stop as soon as it shows {s}, or after {p['cap']} rolls, whichever "
        f"comes first. What is the expected number of rolls you make?"
    )


# ============================================================================ stars_and_bars
def stars_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    cap = _cap(m, 12)
    boxes = rng.randint(2, 4 if m <= 20 else max(4, min(m // 5, 8)))
    n = rng.randint(boxes, max(boxes, cap))
    p = {"n": n, "boxes": boxes}
    if steps == 1:
        return "any", p
    if steps == 2:
        return "nonempty", p
    if steps == 3:
        return "minimums", {**p, "mins": [rng.randint(0, 3) for _ in range(boxes)]}
    if steps == 4:
        return "one_at_most", {**p, "u": rng.randint(0, n - 1)}
    return "two_bounds", {**p, "u1": rng.randint(1, n - 1), "u2": rng.randint(1, n - 1)}


def stars_solve(variant: str, p: dict) -> Fraction:
    n, k = p["n"], p["boxes"]

    def free(total: int) -> int:
        return math.comb(total + k - 1, k - 1) if total >= 0 else 0

    if variant == "any":
        return Fraction(free(n))
    if variant == "nonempty":
        return Fraction(free(n - k))
    if variant == "minimums":
        return Fraction(free(n - sum(p["mins"])))
    if variant == "one_at_most":
        return Fraction(free(n) - free(n - p["u"] - 1))
    u1, u2 = p["u1"], p["u2"]
    return Fraction(free(n) - free(n - u1 - 1) - free(n - u2 - 1) + free(n - u1 - u2 - 2))


def stars_brute(variant: str, p: dict) -> Fraction | None:
    n, k = p["n"], p["boxes"]
    if (n + 1) ** (k - 1) > GRID_LIMIT:
        return None
    first = _grid(n + 1, k - 1)  # the first k - 1 boxes; the last box takes the rest
    last = n - first.sum(axis=0)
    ok = last >= 0
    xs = np.concatenate([first, last[None, :]], axis=0)
    if variant == "nonempty":
        ok &= (xs >= 1).all(axis=0)
    elif variant == "minimums":
        ok &= (xs >= np.array(p["mins"])[:, None]).all(axis=0)
    elif variant == "one_at_most":
        ok &= xs[0] <= p["u"]
    elif variant == "two_bounds":
        ok &= (xs[0] <= p["u1"]) & (xs[1] <= p["u2"])
    return Fraction(int(ok.sum()))


def stars_text(variant: str, p: dict, rng: random.Random) -> str:
    n, k = p["n"], p["boxes"]
    if variant == "two_bounds":
        xs = " + ".join(f"x_{{{i}}}" for i in range(1, k + 1))
        return (
            f"How many solutions in non-negative integers does ${xs} = {n}$ have with $x_{{1}} \\le {p['u1']}$ "
            f"and $x_{{2}} \\le {p['u2']}$?"
        )
    thing = rng.choice(("identical balls", "identical candies", "identical coins"))
    head = (
        f"In how many ways can {n} {thing} be put into {k} distinct boxes (labelled 1 to {k})? Only the "
        f"number of items in each box matters, and a box may stay empty"
    )
    tail = {
        "any": lambda: ".",
        "nonempty": lambda: ", except that here every box must receive at least one item.",
        "minimums": lambda: (
            ", except that box $i$ must receive at least the given minimum: "
            + ", ".join(f"box {i + 1} at least {v}" for i, v in enumerate(p["mins"]))
            + "."
        ),
        "one_at_most": lambda: f", but box 1 may hold at most {p['u']} items.",
    }[variant]()
    return head + tail


# ============================================================================ pascal
def pascal_draw(steps: int, m: int, rng: random.Random) -> tuple[str, dict]:
    top = max(6, min(m, 300))
    n = rng.randint(4, top)
    if steps == 1:
        return "entry", {"n": n, "k": rng.randint(1, n - 1)}
    if steps == 2:
        return "row_sum", {"n": n}
    if steps == 3:
        return "from_above", {"n": n, "k": rng.randint(1, n - 1)}
    if steps == 4:
        k = rng.randint(1, n // 2)
        return "count_above", {"n": n, "v": math.comb(n, k) - rng.randint(0, 1)}
    return "odd_entries", {"n": rng.randint(4, min(63, max(6, m)))}


def pascal_solve(variant: str, p: dict) -> Fraction:
    n = p["n"]
    if variant in ("entry", "from_above"):
        return Fraction(math.comb(n, p["k"]))
    if variant == "row_sum":
        return Fraction(2**n)
    if variant == "count_above":
        return Fraction(sum(1 for k in range(n + 1) if math.comb(n, k) > p["v"]))
    return Fraction(2 ** bin(n).count("1"))


def pascal_brute(variant: str, p: dict) -> Fraction | None:
    row = [1]
    for _ in range(p["n"]):
        row = [a + b for a, b in zip([0, *row], [*row, 0])]
    if variant in ("entry", "from_above"):
        return Fraction(row[p["k"]])
    if variant == "row_sum":
        return Fraction(sum(row))
    if variant == "count_above":
        return Fraction(sum(1 for x in row if x > p["v"]))
    return Fraction(sum(x % 2 for x in row))


def pascal_text(variant: str, p: dict, rng: random.Random) -> str:
    n = p["n"]
    rows = (
        "In Pascal's triangle the top row, containing a single 1, is row 0, and the entries of each row are "
        "numbered from 0 at the left."
    )
    ask = {
        "entry": lambda: f"What is entry {p['k']} of row {n}, that is, $\\binom{{{n}}}{{{p['k']}}}$?",
        "row_sum": lambda: f"What is the sum of all the entries in row {n}?",
        "from_above": lambda: (
            f"Entries {p['k'] - 1} and {p['k']} of row {n - 1} are {math.comb(n - 1, p['k'] - 1)} and "
            f"{math.comb(n - 1, p['k'])}. What is entry {p['k']} of row {n}?"
        ),
        "count_above": lambda: f"How many entries of row {n} are greater than {p['v']}?",
        "odd_entries": lambda: f"How many entries of row {n} are odd?",
    }[variant]()
    return f"{rows} {ask}"


# ============================================================================ registry
FamilyFns = tuple[Callable, Callable, Callable, Callable]
FAMILY_FNS: dict[str, FamilyFns] = {
    "row_arrangements": (row_draw, row_solve, row_brute, row_text),
    "committees": (committee_draw, committee_solve, committee_brute, committee_text),
    "binomial_expansion": (binom_draw, binom_solve, binom_brute, binom_text),
    "dice": (dice_draw, dice_solve, dice_brute, dice_text),
    "coins": (coin_draw, coin_solve, coin_brute, coin_text),
    "urn": (urn_draw, urn_solve, urn_brute, urn_text),
    "word_arrangements": (word_draw, word_solve, word_brute, word_text),
    "lattice_paths": (lattice_draw, lattice_solve, lattice_brute, lattice_text),
    "divisibility_count": (div_draw, div_solve, div_brute, div_text),
    "expected_value": (ev_draw, ev_solve, ev_brute, ev_text),
    "stars_and_bars": (stars_draw, stars_solve, stars_brute, stars_text),
    "pascal": (pascal_draw, pascal_solve, pascal_brute, pascal_text),
}
PROBABILITY = {"dice", "coins", "urn"}


def solve(family: str, variant: str, params: dict) -> Fraction:
    return FAMILY_FNS[family][1](variant, params)


def brute(family: str, variant: str, params: dict) -> Fraction | None:
    return FAMILY_FNS[family][2](variant, params)


def latex(value: Fraction) -> str:
    """Integers plainly, other values as `\\frac{p}{q}` in lowest terms (a leading minus sign)."""
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def generate(steps: int, max_value: int, families: tuple[str, ...], rng: random.Random) -> dict[str, Any]:
    """One puzzle: family drawn uniformly from `families`, redrawn until the answer is usable."""
    for _ in range(MAX_ATTEMPTS):
        family = families[rng.randrange(len(families))]
        draw, solve_fn, brute_fn, text_fn = FAMILY_FNS[family]
        try:
            variant, params = draw(steps, max_value, rng)
        except (Reject, ValueError, IndexError):
            continue
        value = solve_fn(variant, params)
        if value == 0 or (family in PROBABILITY and not 0 < value < 1):
            continue
        checked = brute_fn(variant, params)
        if checked is not None and checked != value:
            raise GenerationError(
                f"{family}/{variant}: formula {value} but enumeration {checked} for {params}"
            )
        return {
            "family": family,
            "variant": variant,
            "params": params,
            "problem": text_fn(variant, params, rng),
            "gold_latex": latex(value),
            "answer_shape": "integer" if value.denominator == 1 else "fraction",
            "enumerated": checked is not None,
        }
    raise GenerationError(f"math_counting_probability: no usable problem in {MAX_ATTEMPTS} attempts")
