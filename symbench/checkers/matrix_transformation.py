"""Exact comparison of a rotated matrix, tolerant of nested lists, row strings and quotes."""

from __future__ import annotations

from symbench.checkers.answer import split_tokens
from symbench.instance import Verdict


def parse_cells(content: str, out_rows: int, out_cols: int) -> list[str] | None:
    tokens = split_tokens(content)
    if tokens and all(len(t) == 1 for t in tokens):
        return tokens
    if len(tokens) == out_rows and all(len(t) == out_cols for t in tokens):
        return [c for t in tokens for c in t]
    return None


def check(gold: list[list[str]], content: str) -> Verdict:
    out_rows, out_cols = len(gold), len(gold[0])
    cells = parse_cells(content, out_rows, out_cols)
    if cells is None:
        return Verdict.wrong("unparseable")
    if len(cells) != out_rows * out_cols:
        return Verdict.wrong("wrong_shape", parsed=cells)
    expected = [c for row in gold for c in row]
    if cells != expected:
        return Verdict.wrong("wrong_value", parsed=cells)
    return Verdict.right(parsed=cells)
