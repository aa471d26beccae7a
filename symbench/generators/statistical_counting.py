"""Random letter strings and the per-block score (each maximal run of length >= 2 scores once)."""

from __future__ import annotations

import random
import string
from typing import Any

LETTERS = string.ascii_uppercase


def letter_scores(num_letters: int) -> dict[str, int]:
    """A = 1, B = 2, ... for the first `num_letters` letters."""
    return {LETTERS[i]: i + 1 for i in range(num_letters)}


def scoring_runs(sequence: str) -> list[dict[str, Any]]:
    """Maximal blocks of identical consecutive letters of length >= 2, with 0-based starts."""
    runs: list[dict[str, Any]] = []
    i = 0
    while i < len(sequence):
        j = i
        while j + 1 < len(sequence) and sequence[j + 1] == sequence[i]:
            j += 1
        if j > i:
            runs.append({"letter": sequence[i], "start": i, "length": j - i + 1})
        i = j + 1
    return runs


def total_score(sequence: str, scores: dict[str, int]) -> int:
    """One pass over the maximal runs: each scoring block adds its letter's score once."""
    return sum(scores[run["letter"]] for run in scoring_runs(sequence))


def configurations(lengths: tuple[int, ...], letters: tuple[int, ...]) -> list[tuple[int, int]]:
    """Pair the two knob lists (equal lengths zip; a one-element list is broadcast)."""
    n = max(len(lengths), len(letters))
    return [(lengths[i % len(lengths)], letters[i % len(letters)]) for i in range(n)]


def generate(lengths: tuple[int, ...], letters: tuple[int, ...], rng: random.Random) -> dict[str, Any]:
    """One configuration uniformly, then each character uniformly from the first k letters."""
    length, k = rng.choice(configurations(lengths, letters))
    alphabet = LETTERS[:k]
    sequence = "".join(rng.choice(alphabet) for _ in range(length))
    scores = letter_scores(k)
    return build_puzzle(sequence, scores)


def build_puzzle(sequence: str, scores: dict[str, int]) -> dict[str, Any]:
    runs = scoring_runs(sequence)
    return {
        "sequence": sequence,
        "scores": dict(scores),
        "runs": runs,
        "gold": sum(scores[r["letter"]] for r in runs),
    }
