"""Combination-lock puzzles: random guesses with digit/letter feedback until one password remains.

The digit part and the letter part of the feedback are independent, so the set of consistent passwords
is (consistent digit tuples) x (consistent letter tuples). Each part is searched with numpy over the
array of all ordered tuples of distinct symbols of its alphabet (90 / 650 for the original 2 + 2 shape,
at most 15 600 for three letters), and only the surviving candidates are re-filtered after each guess.
"""

from __future__ import annotations

import functools
import itertools
import random
from typing import Any

import numpy as np

from symbench.errors import GenerationError

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_RESTARTS = 1000  # per part, as in the original
MAX_COLLISION_REDRAWS = 50

# Hint classes. One absent symbol: low / high / between; two or more: all_low / all_high / none.
_HINT_CODE = {None: 0, "low": 1, "high": 2, "between": 3, "all_low": 4, "all_high": 5, "none": 6}


def feedback(password: tuple[int, ...], guess: tuple[int, ...]) -> dict[str, Any]:
    """Structured feedback of one part (symbols as alphabet indices, ordered, distinct)."""
    correct = sum(1 for p, g in zip(password, guess) if p == g)
    present = sum(1 for g in guess if g in password)
    absent_syms = [g for g in guess if g not in password]
    lo, hi = min(password), max(password)
    classes = ["low" if g < lo else "high" if g > hi else "between" for g in absent_syms]
    if not classes:
        hint = None
    elif len(classes) == 1:
        hint = classes[0]
    elif all(c == "low" for c in classes):
        hint = "all_low"
    elif all(c == "high" for c in classes):
        hint = "all_high"
    else:
        hint = "none"
    return {"correct": correct, "misplaced": present - correct, "absent": len(absent_syms), "hint": hint}


def feedback_code(fb: dict[str, Any]) -> int:
    """One integer per distinct feedback, matching `_Space.codes`."""
    return (fb["correct"] * 8 + fb["misplaced"]) * 8 + _HINT_CODE[fb["hint"]]


class _Space:
    """All ordered tuples of `k` distinct symbols out of `alpha`, with vectorised feedback codes."""

    def __init__(self, alpha: int, k: int) -> None:
        self.alpha, self.k = alpha, k
        self.tuples = np.array(list(itertools.permutations(range(alpha), k)), dtype=np.int8)
        n = len(self.tuples)
        self.member = np.zeros((n, alpha), dtype=bool)
        self.member[np.arange(n)[:, None], self.tuples] = True
        self.lo = self.tuples.min(axis=1)
        self.hi = self.tuples.max(axis=1)
        # (correct, present, low, high) -> feedback code; a symbol below the password's minimum or above
        # its maximum is necessarily absent, so `low` and `high` count guess symbols against lo and hi.
        size = k + 1
        table = np.zeros((size, size, size, size), dtype=np.int16)
        for correct, present, low, high in itertools.product(range(size), repeat=4):
            n_abs = k - present
            if n_abs == 0:
                hint = None
            elif n_abs == 1:
                hint = "low" if low else "high" if high else "between"
            else:
                hint = "all_low" if low == n_abs else "all_high" if high == n_abs else "none"
            misplaced = max(present - correct, 0)
            table[correct, present, low, high] = feedback_code(
                {"correct": correct, "misplaced": misplaced, "hint": hint}
            )
        self.table = table

    def codes(self, rows: np.ndarray, guess: tuple[int, ...]) -> np.ndarray:
        """Feedback codes of `guess` against the candidate tuples with indices `rows`."""
        g = np.asarray(guess, dtype=np.int8)
        full = len(rows) == len(self.tuples)
        cand = self.tuples if full else self.tuples[rows]
        correct = np.zeros(len(cand), dtype=np.intp)
        for j in range(self.k):
            correct += cand[:, j] == g[j]
        member = self.member[:, g] if full else self.member[rows[:, None], g]
        present = member.sum(axis=1)
        # how many guess symbols lie below each possible minimum / above each possible maximum
        below = np.array([sum(1 for x in guess if x < v) for v in range(self.alpha)], dtype=np.intp)
        above = np.array([sum(1 for x in guess if x > v) for v in range(self.alpha)], dtype=np.intp)
        lo = self.lo if full else self.lo[rows]
        hi = self.hi if full else self.hi[rows]
        return self.table[correct, present, below[lo], above[hi]]


@functools.cache
def _space(alpha: int, k: int) -> _Space:
    return _Space(alpha, k)


def random_tuple(alpha: int, k: int, rng: random.Random) -> tuple[int, ...]:
    return tuple(rng.sample(range(alpha), k))


def consistent(alpha: int, k: int, observed: list[tuple[tuple[int, ...], dict[str, Any]]]) -> list[tuple]:
    """Every tuple of one part that would give each listed guess its listed feedback."""
    space = _space(alpha, k)
    rows = np.arange(len(space.tuples))
    for guess, fb in observed:
        rows = rows[space.codes(rows, guess) == feedback_code(fb)]
    return [tuple(int(x) for x in space.tuples[i]) for i in rows]


def _part_run(
    alpha: int, k: int, budget: int, rng: random.Random
) -> tuple[tuple[int, ...], list[tuple[int, ...]]] | None:
    """One faithful attempt for one part: a random password, random guesses until its candidate set
    is a single tuple. None if the budget runs out first."""
    space = _space(alpha, k)
    password = random_tuple(alpha, k, rng)
    rows = np.arange(len(space.tuples))
    guesses: list[tuple[int, ...]] = []
    while len(guesses) < budget:
        g = random_tuple(alpha, k, rng)
        guesses.append(g)
        rows = rows[space.codes(rows, g) == feedback_code(feedback(password, g))]
        if len(rows) == 1:
            return password, guesses
    return None


def _solve_part(alpha: int, k: int, budget: int, rng: random.Random) -> tuple[tuple, list[tuple], int]:
    for attempt in range(MAX_RESTARTS):
        run = _part_run(alpha, k, budget, rng)
        if run is not None:
            return run[0], run[1], attempt
    raise GenerationError(
        f"cryptanalysis: no {k}-symbol password pinned down within {budget} guesses "
        f"after {MAX_RESTARTS} restarts"
    )


def to_text(part: tuple[int, ...], alphabet: str) -> str:
    return "".join(alphabet[i] for i in part)


def generate(num_digits: int, num_letters: int, budget: int, rng: random.Random) -> dict[str, Any]:
    """A puzzle with exactly one consistent password and at most `budget` guesses.

    The faithful process (random password, random guesses until one password remains, restart when
    the budget is used up) accepts exactly when both parts are pinned down within the budget. Those
    two events concern independent random streams, so each part is drawn (with its own restarts)
    conditioned on its own event; the part that finishes first receives further random guesses, as it
    would in the joint process, until the other part is pinned down.
    """
    for _ in range(MAX_COLLISION_REDRAWS):
        pd, dg, _ = _solve_part(10, num_digits, budget, rng)
        pl, lg, _ = _solve_part(26, num_letters, budget, rng)
        total = max(len(dg), len(lg))
        dg = dg + [random_tuple(10, num_digits, rng) for _ in range(total - len(dg))]
        lg = lg + [random_tuple(26, num_letters, rng) for _ in range(total - len(lg))]
        joint = [(d, g) for d, g in zip(dg, lg)]
        # The joint guesses must differ from the password and from each other (rare collisions redraw).
        if (pd, pl) in joint or len(set(joint)) != len(joint):
            continue
        guesses = [
            {
                "guess": to_text(d, DIGITS) + to_text(g, LETTERS),
                "digits": feedback(pd, d),
                "letters": feedback(pl, g),
            }
            for d, g in joint
        ]
        return {
            "num_digits": num_digits,
            "num_letters": num_letters,
            "budget": budget,
            "guesses": guesses,
            "gold": to_text(pd, DIGITS) + to_text(pl, LETTERS),
        }
    raise GenerationError(f"cryptanalysis: {MAX_COLLISION_REDRAWS} draws all repeated a guess")


def split_guess(text: str, num_digits: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """`"38TA"` -> digit indices and letter indices."""
    return tuple(DIGITS.index(c) for c in text[:num_digits]), tuple(
        LETTERS.index(c) for c in text[num_digits:]
    )


def candidates(puzzle: dict[str, Any]) -> list[str]:
    """Every password consistent with all feedback of the puzzle (the factorised enumeration)."""
    kd, kl = puzzle["num_digits"], puzzle["num_letters"]
    parts = [(split_guess(g["guess"], kd), g) for g in puzzle["guesses"]]
    ds = consistent(10, kd, [(p[0], g["digits"]) for p, g in parts])
    ls = consistent(26, kl, [(p[1], g["letters"]) for p, g in parts])
    return [to_text(d, DIGITS) + to_text(lt, LETTERS) for d in ds for lt in ls]
