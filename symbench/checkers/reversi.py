"""Exact comparison of the final Reversi board; cells `*`, `0`, `1` with any separators."""

from __future__ import annotations

import re

from symbench.instance import Verdict

_IGNORED = re.compile(r"[\s,;\[\](){}\"'`]+")


def parse_board(content: str, cells: int) -> tuple[str | None, str]:
    if len(content) > 20 * cells + 1000:
        return None, "wrong_shape"
    text = _IGNORED.sub("", content)
    if not text:
        return None, "unparseable"
    if text.strip("*01"):
        return None, "invalid_symbol"
    if len(text) != cells:
        return None, "wrong_shape"
    return text, ""


def check(gold_board: list[str], content: str) -> Verdict:
    gold = "".join(gold_board)
    cells, reason = parse_board(content, len(gold))
    if cells is None:
        return Verdict.wrong(reason)
    metrics = {"cell_accuracy": sum(a == b for a, b in zip(cells, gold)) / len(gold)}
    if cells == gold:
        return Verdict.right(parsed=cells, metrics=metrics)
    return Verdict.wrong("wrong_value", parsed=cells, metrics=metrics)
