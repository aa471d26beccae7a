"""Pooling answers: exact integers for max pooling; for averages an exact fraction, or a decimal within
+-0.005 (inclusive) of the exact mean, all in exact rational arithmetic (integer cross-multiplication)."""

from __future__ import annotations

import re

from symbench.checkers.answer import MAX_TOKEN_CHARS, parse_number, split_tokens
from symbench.instance import Verdict

_PLAIN = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?$")


def _ratio(token: str) -> tuple[int, int] | None:
    """A C3 number token as an unreduced (numerator, positive denominator); None if it is not one.

    Plain integers and decimals (the common case) are read directly; other forms go through the shared
    exact parser."""
    if len(token) > MAX_TOKEN_CHARS:
        return None
    m = _PLAIN.match(token)
    if m and (m.group(2) or m.group(3)):
        whole, frac = m.group(2), m.group(3) or ""
        num = int(whole + frac) if whole + frac else 0
        if m.group(1) == "-":
            num = -num
        return num, 10 ** len(frac)
    value = parse_number(token)
    if value is None:
        return None
    return value.numerator, value.denominator


def _gold_ratio(text: str) -> tuple[int, int]:
    if "/" in text:
        p, q = text.split("/", 1)
        return int(p), int(q)
    return int(text), 1


def check(gold: list[list[str]], pool: str, content: str) -> Verdict:
    expected = [_gold_ratio(v) for row in gold for v in row]
    tokens = split_tokens(content)
    if not tokens:
        return Verdict.wrong("unparseable")
    if len(tokens) != len(expected):
        # Count first, so a huge answer is never parsed token by token.
        return Verdict.wrong("wrong_shape", metrics={"count": len(tokens)})
    values: list[tuple[int, int]] = []
    for tok in tokens:
        value = _ratio(tok)
        if value is None:
            return Verdict.wrong("unparseable")
        values.append(value)
    ok = []
    for tok, (a, b), (p, q) in zip(tokens, values, expected):
        diff = a * q - p * b  # (a/b - p/q) * b * q, with b, q > 0
        if pool == "max" or "/" in tok:
            ok.append(diff == 0)
        else:
            ok.append(200 * abs(diff) <= b * q)  # |a/b - p/q| <= 1/200
    parsed = [f"{a}/{b}" if b != 1 else str(a) for a, b in values]
    metrics = {"cell_accuracy": sum(ok) / len(ok)}
    if all(ok):
        return Verdict.right(parsed=parsed, metrics=metrics)
    return Verdict.wrong("wrong_value", parsed=parsed, metrics=metrics)
