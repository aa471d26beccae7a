"""Exact comparison of the final 2048 grid, read row-major from any list layout."""

from __future__ import annotations

from symbench.checkers.answer import parse_int, split_tokens
from symbench.instance import Verdict


def check(gold: list[list[int]], content: str) -> Verdict:
    expected = [v for row in gold for v in row]
    if len(content) > 40 * len(expected) + 1000:  # far more text than n*n numbers need
        return Verdict.wrong("wrong_shape")
    tokens = split_tokens(content)
    if not tokens:
        return Verdict.wrong("unparseable")
    values = [parse_int(t) for t in tokens]
    if any(v is None for v in values):
        return Verdict.wrong("unparseable")
    if any(v < 0 for v in values):
        return Verdict.wrong("invalid_symbol", parsed=values)
    if len(values) != len(expected):
        return Verdict.wrong("wrong_shape", parsed=values)
    if values != expected:
        return Verdict.wrong("wrong_value", parsed=values)
    return Verdict.right(parsed=values)
