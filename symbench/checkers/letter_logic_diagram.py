"""Rule-based check of a completed letter logic diagram: givens kept, Latin rows and columns, one letter
on the whole minor diagonal. Any valid completion scores 1."""

from __future__ import annotations

import re

from symbench.instance import Verdict

_ALLOWED = re.compile(r"^[A-Za-z\s,;\[\]\"'`|+\-]*$")
_LETTER = re.compile(r"[A-Za-z]")


def parse_grid(content: str, n: int, letters: list[str]) -> tuple[list[list[str]] | None, str]:
    """Every letter in reading order, lower-cased, filled row-major into n x n; None and a reason if the
    block holds anything but letters and the tolerated separators, or the wrong number of letters."""
    if not _ALLOWED.match(content):
        return None, "invalid_symbol"
    found = [ch.lower() for ch in _LETTER.findall(content)]
    if not found:
        return None, "unparseable"
    if len(found) != n * n:
        return None, "wrong_shape"
    alphabet = set(letters)
    if any(ch not in alphabet for ch in found):
        return None, "invalid_symbol"
    return [found[r * n : (r + 1) * n] for r in range(n)], ""


def violations(grid: list[list[str]], given: list[list[str | None]], letters: list[str]) -> list[str]:
    """The rules the filled grid breaks (empty when it is a valid completion)."""
    n = len(letters)
    want = sorted(letters)
    out = []
    if any(given[r][c] is not None and grid[r][c] != given[r][c] for r in range(n) for c in range(n)):
        out.append("a pre-filled cell was changed")
    if any(sorted(row) != want for row in grid):
        out.append("a row does not hold every letter once")
    if any(sorted(grid[r][c] for r in range(n)) != want for c in range(n)):
        out.append("a column does not hold every letter once")
    if len({grid[r][n - 1 - r] for r in range(n)}) != 1:
        out.append("the minor diagonal is not one letter")
    return out


def check(given: list[list[str | None]], letters: list[str], content: str) -> Verdict:
    n = len(letters)
    if len(content) > 50 * n * n + 1000:
        return Verdict.wrong("wrong_shape")
    grid, reason = parse_grid(content, n, letters)
    if grid is None:
        return Verdict.wrong(reason)
    broken = violations(grid, given, letters)
    if broken:
        return Verdict.wrong("rule_violation", parsed=grid, metrics={"violations": broken})
    return Verdict.right(parsed=grid)
