"""Shelf arrangements: the answer must be a permutation of the books that satisfies every positional
constraint of the instance (rule-based, so any valid arrangement scores)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from symbench.checkers.answer import split_tokens
from symbench.instance import Verdict


def violated(constraint: Mapping[str, Any], pos: Mapping[str, int]) -> bool:
    """True when `constraint` fails for the 1-based positions `pos`."""
    kind, a, b, p = constraint["type"], constraint["a"], constraint.get("b"), constraint.get("pos")
    if kind == "fixed_position":
        return pos[a] != p
    if kind == "not_in_position":
        return pos[a] == p
    if kind == "left_of":
        return not pos[a] < pos[b]
    if kind == "right_of":
        return not pos[a] > pos[b]
    if kind == "adjacent_to":
        return abs(pos[a] - pos[b]) != 1
    raise ValueError(f"unknown constraint type {kind!r}")


def parse_arrangement(content: str, items: Sequence[str]) -> tuple[list[str] | None, str]:
    n = len(items)
    if len(content) > 20 * n + 1000:
        return None, "wrong_shape"
    tokens = [t.upper() for t in split_tokens(content)]
    if not tokens:
        return None, "unparseable"
    if len(tokens) == 1 and len(tokens[0]) == n and n > 1:
        tokens = list(tokens[0])
    legal = set(items)
    if any(t not in legal for t in tokens):
        return None, "invalid_symbol"
    if len(tokens) != n:
        return None, "wrong_shape"
    return tokens, ""


def check(items: Sequence[str], constraints: Sequence[Mapping[str, Any]], content: str) -> Verdict:
    letters, reason = parse_arrangement(content, items)
    if letters is None:
        return Verdict.wrong(reason)
    if len(set(letters)) != len(items):
        return Verdict.wrong("rule_violation", parsed=letters, metrics={"duplicate_books": True})
    pos = {letter: i + 1 for i, letter in enumerate(letters)}
    broken = [i + 1 for i, c in enumerate(constraints) if violated(c, pos)]
    if broken:
        return Verdict.wrong("rule_violation", parsed=letters, metrics={"violated_constraints": broken})
    return Verdict.right(parsed=letters)
