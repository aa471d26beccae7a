"""Rule-based checking of an N-queens completion: givens kept, no blocked cell, in bounds, no attacks."""

from __future__ import annotations

import re

from symbench.checkers.answer import split_tokens
from symbench.instance import Verdict

_NON_NEGATIVE = re.compile(r"^\d{1,6}$")


def parse_pairs(content: str, max_pairs: int) -> tuple[list[tuple[int, int]] | None, str]:
    """C2 tokens read as non-negative integers, taken two at a time as (row, column) pairs."""
    if len(content) > 40 * max_pairs + 200:  # far more text than any list of max_pairs pairs needs
        return None, "wrong_shape"
    tokens = split_tokens(content)
    if not tokens:
        return None, "unparseable"
    if any(not _NON_NEGATIVE.match(t) for t in tokens):
        return None, "unparseable"
    if len(tokens) % 2:
        return None, "wrong_shape"
    values = [int(t) for t in tokens]
    return [(values[i], values[i + 1]) for i in range(0, len(values), 2)], ""


def violations(
    size: int, queens: list[tuple[int, int]], blocked: list[tuple[int, int]], placed: list[tuple[int, int]]
) -> list[str]:
    """Every broken rule of a full placement (empty when it is a valid completion)."""
    problems = []
    if len(placed) != size:
        problems.append(f"{len(placed)} queens instead of {size}")
    if any(not (0 <= r < size and 0 <= c < size) for r, c in placed):
        problems.append("a queen lies outside the board")
    cells = set(placed)
    if any(q not in cells for q in queens):
        problems.append("a pre-placed queen is missing or moved")
    if cells & set(blocked):
        problems.append("a queen stands on a blocked cell")
    for name, key in (
        ("row", lambda p: p[0]),
        ("column", lambda p: p[1]),
        ("diagonal", lambda p: p[0] - p[1]),
        ("anti-diagonal", lambda p: p[0] + p[1]),
    ):
        if len({key(p) for p in placed}) != len(placed):
            problems.append(f"two queens share a {name}")
    return problems


def check(size: int, queens: list[list[int]], blocked: list[list[int]], content: str) -> Verdict:
    given = [(int(r), int(c)) for r, c in queens]
    pairs, reason = parse_pairs(content, size)
    if pairs is None:
        return Verdict.wrong(reason)
    if len(set(pairs)) != len(pairs):
        return Verdict.wrong("rule_violation", parsed=pairs, metrics={"problem": "a position is repeated"})
    if len(pairs) == size:
        placed = pairs
    elif given and len(pairs) == size - len(given):
        if set(pairs) & set(given):
            return Verdict.wrong(
                "rule_violation",
                parsed=pairs,
                metrics={"problem": "a pre-placed queen listed among new ones"},
            )
        placed = pairs + given  # only the newly placed queens were listed
    else:
        return Verdict.wrong("wrong_shape", parsed=pairs)
    problems = violations(size, given, [(int(r), int(c)) for r, c in blocked], placed)
    if problems:
        return Verdict.wrong("rule_violation", parsed=pairs, metrics={"problems": problems})
    return Verdict.right(parsed=sorted(placed))
