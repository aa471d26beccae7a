"""A fixed number of non-negative counts: separated integers, or one run of single-digit counts (the
original format of string_splitting and string_synthesis)."""

from __future__ import annotations

from symbench.checkers.answer import parse_int, split_tokens
from symbench.instance import Verdict


def parse_counts(content: str, size: int) -> tuple[list[int] | None, str]:
    """`size` non-negative integers, or None and a reason. A single run of exactly `size` digits is
    read one digit per count (the original format); a run of any other length is a shape error."""
    tokens = split_tokens(content)
    if not tokens:
        return None, "unparseable"
    if len(tokens) == 1 and tokens[0].isascii() and tokens[0].isdigit():
        if len(tokens[0]) != size:
            return None, "wrong_shape"
        return [int(ch) for ch in tokens[0]], ""
    values = []
    for tok in tokens:
        value = parse_int(tok)
        if value is None or not tok.isascii():
            return None, "unparseable"
        values.append(value)
    if len(values) != size:
        return None, "wrong_shape"
    if any(v < 0 for v in values):
        return None, "invalid_symbol"
    return values, ""


def check(gold: list[int], content: str) -> Verdict:
    values, reason = parse_counts(content, len(gold))
    if values is None:
        return Verdict.wrong(reason)
    if values != list(gold):
        return Verdict.wrong("wrong_value", parsed=values)
    return Verdict.right(parsed=values)
