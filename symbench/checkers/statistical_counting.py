"""Exact integer comparison of the total score."""

from __future__ import annotations

from symbench.checkers.answer import parse_int, split_tokens
from symbench.instance import Verdict

MAX_CONTENT = 2_000  # a single integer never needs more; bounds the work on huge inputs


def check(gold: int, content: str) -> Verdict:
    if len(content) > MAX_CONTENT:
        return Verdict.wrong("unparseable")
    tokens = split_tokens(content)
    if not tokens:
        return Verdict.wrong("unparseable")
    values = [parse_int(t) for t in tokens]
    if any(v is None for v in values):
        return Verdict.wrong("unparseable")
    if len(values) != 1:
        return Verdict.wrong("wrong_shape", parsed=values[:10])
    if values[0] != gold:
        return Verdict.wrong("wrong_value", parsed=values[0])
    return Verdict.right(parsed=values[0])
