"""Exact comparison of the final resource amounts, in the stated order."""

from __future__ import annotations

from symbench.checkers.answer import parse_int, split_tokens
from symbench.instance import Verdict


def check(gold: list[int], content: str) -> Verdict:
    if len(content) > 30 * len(gold) + 500:  # far more text than the amounts need
        return Verdict.wrong("wrong_shape")
    tokens = split_tokens(content)
    values = [parse_int(t) for t in tokens]
    if not tokens or any(v is None for v in values):
        return Verdict.wrong("unparseable")
    if any(v < 0 for v in values):
        return Verdict.wrong("invalid_symbol", parsed=values)
    if len(values) != len(gold):
        return Verdict.wrong("wrong_shape", parsed=values)
    if values != list(gold):
        return Verdict.wrong("wrong_value", parsed=values)
    return Verdict.right(parsed=values)
