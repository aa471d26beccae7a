"""Exact comparison of the bottom-right corner [row, column] of the largest uniform square."""

from __future__ import annotations

from symbench.checkers.answer import parse_int, split_tokens
from symbench.instance import Verdict

MAX_CONTENT = 500


def check(gold: list[int], content: str) -> Verdict:
    if len(content) > MAX_CONTENT:
        return Verdict.wrong("wrong_shape")
    tokens = split_tokens(content)
    values = [parse_int(t) for t in tokens]
    if not tokens or any(v is None for v in values):
        return Verdict.wrong("unparseable")
    if len(values) != 2:
        return Verdict.wrong("wrong_shape", parsed=values)
    if any(v < 0 for v in values):
        return Verdict.wrong("invalid_symbol", parsed=values)
    if values != list(gold):
        return Verdict.wrong("wrong_value", parsed=values)
    return Verdict.right(parsed=values)
