"""Exact comparison of the final light grid; cells as 0/1 tokens, rows or one glued string."""

from __future__ import annotations

from symbench.checkers.answer import split_tokens
from symbench.instance import Verdict


def parse_grid(content: str, cells: int) -> tuple[list[int] | None, str]:
    """The answer's 0/1 cells row-major, or None with a failure reason."""
    if len(content) > 20 * cells + 1000:  # far longer than any sensible rendering of the grid
        return None, "wrong_shape"
    tokens = split_tokens(content)
    if not tokens:
        return None, "unparseable"
    joined = "".join(tokens)
    if joined.strip("01"):
        return None, "invalid_symbol"
    if len(joined) != cells:
        return None, "wrong_shape"
    return [int(ch) for ch in joined], ""


def check(gold: list[int], content: str) -> Verdict:
    values, reason = parse_grid(content, len(gold))
    if values is None:
        return Verdict.wrong(reason)
    correct = sum(a == b for a, b in zip(values, gold))
    metrics = {"cell_accuracy": correct / len(gold)}
    if values == gold:
        return Verdict.right(parsed=values, metrics=metrics)
    return Verdict.wrong("wrong_value", parsed=values, metrics=metrics)
