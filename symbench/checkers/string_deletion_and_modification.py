"""Exact comparison of the final string; one pair of surrounding quotes or backticks is tolerated."""

from __future__ import annotations

import re

from symbench.instance import Verdict

_LEGAL = re.compile(r"^[abcz]+$")
_QUOTES = ('"', "'", "`")


def parse_string(content: str) -> str:
    """Strip whitespace and at most one pair of matching quotes or backticks; nothing else is changed."""
    text = content.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        text = text[1:-1].strip()
    return text


def check(gold: str, content: str) -> Verdict:
    text = parse_string(content)
    if not text:
        return Verdict.wrong("unparseable")
    if len(text) > 10 * len(gold) + 100:
        return Verdict.wrong("wrong_value", parsed=text[:200])
    if not _LEGAL.match(text):
        return Verdict.wrong("invalid_symbol", parsed=text)
    if text != gold:
        return Verdict.wrong("wrong_value", parsed=text)
    return Verdict.right(parsed=text)
