"""Strings over A-E with planted 4-letter trigger patterns, and the one-pass insertion operation."""

from __future__ import annotations

import random

from symbench.errors import GenerationError

ALPHABET = "ABCDE"
RULES: tuple[tuple[str, str], ...] = (
    ("ABCD", "A"),
    ("BCDE", "B"),
    ("CDEA", "C"),
    ("DEAB", "D"),
    ("EABC", "E"),
)
_INSERT = dict(RULES)
MAX_ATTEMPTS = 5000


def find_matches(text: str) -> list[tuple[int, str]]:
    """Every occurrence (overlaps included) of every pattern: (0-based start, letter to insert)."""
    out = []
    for i in range(len(text) - 3):
        letter = _INSERT.get(text[i : i + 4])
        if letter is not None:
            out.append((i, letter))
    return out


def apply_operation(text: str) -> str:
    """One operation T: all matches are found on the original string, each inserts its letter right
    after its last character (no two matches end at the same position, since each window is at most
    one pattern)."""
    after = {start + 3: letter for start, letter in find_matches(text)}
    return "".join(ch + after.get(i, "") for i, ch in enumerate(text))


def _random_letters(n: int, rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(n))


def _draw(num_triggers: int, min_sep: int, max_sep: int, max_affix: int, rng: random.Random) -> str:
    """One candidate string. With min_sep >= 1 (the original setting) exactly `num_triggers` patterns
    are planted, separated by random letters. With min_sep = 0, patterns may touch and new occurrences
    can form across the junction, overlapping the planted ones; there patterns are planted until the
    string holds `num_triggers` occurrences or more (acceptance then asks for exactly that many)."""
    text = _random_letters(rng.randint(0, max_affix), rng)
    for k in range(num_triggers):
        if k:
            text += _random_letters(rng.randint(min_sep, max_sep), rng)
        text += rng.choice(RULES)[0]
        if min_sep == 0 and len(find_matches(text)) >= num_triggers:
            break
    return text + _random_letters(rng.randint(0, max_affix), rng)


def generate(num_triggers: int, min_sep: int, max_sep: int, max_affix: int, rng: random.Random) -> dict:
    for _ in range(MAX_ATTEMPTS):
        text = _draw(num_triggers, min_sep, max_sep, max_affix, rng)
        matches = find_matches(text)
        if len(matches) == num_triggers:
            return {
                "rules": [list(r) for r in RULES],
                "string": text,
                "matches": [list(m) for m in matches],
                "gold": apply_operation(text),
            }
    raise GenerationError(
        f"string_insertion: no string with exactly {num_triggers} occurrences in {MAX_ATTEMPTS} attempts"
    )
