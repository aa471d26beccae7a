"""Numeric answer check in exact rationals: a fraction must be exact, an integer or decimal may be off
by at most 0.005 (inclusive)."""

from __future__ import annotations

from fractions import Fraction

from symbench.checkers.answer import (
    MAX_TOKEN_CHARS,
    parse_number,
    split_tokens,
    unwrap_string,
    within_tolerance,
)
from symbench.instance import Verdict

MAX_CONTENT = 500


def parse(content: str) -> tuple[Fraction, bool] | None:
    """(value, written_as_fraction) for a single number token, else None."""
    text = unwrap_string(content)
    if not text or len(text) > MAX_TOKEN_CHARS:
        return None
    value = parse_number(text)
    if value is None:
        return None
    return value, "/" in text


def check(gold: str, content: str) -> Verdict:
    if len(content) > MAX_CONTENT:
        return Verdict.wrong("unparseable")
    parsed = parse(content)
    if parsed is None:
        tokens = split_tokens(content)
        if len(tokens) > 1 and all(parse_number(t) is not None for t in tokens):
            return Verdict.wrong("wrong_shape")
        return Verdict.wrong("unparseable")
    value, is_fraction = parsed
    target = Fraction(gold)
    ok = value == target if is_fraction else within_tolerance(value, target)
    shown = str(value)
    if not ok:
        return Verdict.wrong("wrong_value", parsed=shown)
    return Verdict.right(parsed=shown)
