"""Exact comparison of the final round's judgement: 0/1/2 or the words Pass/Peng/Chi."""

from __future__ import annotations

from symbench.checkers.answer import parse_int, unwrap_string
from symbench.instance import Verdict

WORDS = {"pass": 0, "peng": 1, "chi": 2}
MAX_CONTENT = 200


def parse(content: str) -> int | None:
    """One integer token (optional .0) or one of the three words, after one layer of brackets/quotes."""
    if len(content) > MAX_CONTENT:
        return None
    text = unwrap_string(content)
    if text.lower() in WORDS:
        return WORDS[text.lower()]
    return parse_int(text)


def check(gold: int, content: str) -> Verdict:
    value = parse(content)
    if value is None:
        return Verdict.wrong("unparseable")
    if value not in (0, 1, 2):
        return Verdict.wrong("invalid_symbol", parsed=value)
    if value != gold:
        return Verdict.wrong("wrong_value", parsed=value)
    return Verdict.right(parsed=value)
