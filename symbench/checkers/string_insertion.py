"""Exact comparison of the string after one insertion operation (case-sensitive, letters A-E only)."""

from __future__ import annotations

import re

from symbench.instance import Verdict

_LEGAL = re.compile(r"^[A-E]+$")
_QUOTES = ('"', "'", "`")


def parse_string(content: str) -> tuple[str | None, str]:
    """The answer string after stripping whitespace and one pair of matching quotes or backticks."""
    text = content.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        text = text[1:-1]
    if not text:
        return None, "unparseable"
    if not _LEGAL.match(text):
        return None, "invalid_symbol"
    return text, ""


def check(gold: str, content: str) -> Verdict:
    text, reason = parse_string(content)
    if text is None:
        return Verdict.wrong(reason)
    if len(text) != len(gold):
        return Verdict.wrong("wrong_shape", parsed=text)
    if text != gold:
        return Verdict.wrong("wrong_value", parsed=text)
    return Verdict.right(parsed=text)
