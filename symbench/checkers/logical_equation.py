"""Letter-value systems: the answer must be a bijection onto the value set that satisfies every
relation, checked in exact integer/rational arithmetic (several answers may be right)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from symbench.checkers.answer import parse_int, split_tokens
from symbench.instance import Verdict


def tenths(m: str) -> int:
    """The multiplier `"3.0"` as the integer 30 (exact: x = m * y  <=>  10 * x = tenths(m) * y)."""
    whole, _, frac = str(m).partition(".")
    return int(whole) * 10 + (int(frac[:1]) if frac else 0)


def holds(c: Mapping[str, Any], value: Mapping[str, int]) -> bool:
    x = value[c["x"]]
    y = value[c["y"]]
    kind = c["type"]
    if kind == "sum":
        return x + y == c["k"]
    if kind == "diff":
        return x - y == c["k"]
    if kind == "mult":
        return 10 * x == tenths(c["m"]) * y
    if kind == "gt":
        return x > y
    raise ValueError(f"unknown relation type {kind!r}")


def check(
    letters: Sequence[str], values: Sequence[int], constraints: Sequence[Mapping[str, Any]], content: str
) -> Verdict:
    n = len(letters)
    if len(content) > 30 * n + 1000:
        return Verdict.wrong("wrong_shape")
    tokens = split_tokens(content)
    if not tokens:
        return Verdict.wrong("unparseable")
    if len(tokens) != n:
        return Verdict.wrong("wrong_shape", metrics={"count": len(tokens)})
    answer: list[int] = []
    for tok in tokens:
        v = parse_int(tok)
        if v is None:
            return Verdict.wrong("unparseable")
        answer.append(v)
    if sorted(answer) != sorted(values):
        return Verdict.wrong("rule_violation", parsed=answer, metrics={"bijection": False})
    value = dict(zip(letters, answer))
    broken = [i + 1 for i, c in enumerate(constraints) if not holds(c, value)]
    if broken:
        return Verdict.wrong("rule_violation", parsed=answer, metrics={"violated_relations": broken})
    return Verdict.right(parsed=answer)
