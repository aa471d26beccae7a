"""`Count: X, Positions: [...]` answers: parsed strictly, duplicates and out-of-range positions rejected."""

from __future__ import annotations

import re

from symbench.checkers.answer import MAX_TOKEN_CHARS, parse_int
from symbench.instance import Verdict

MAX_ITEMS = 10_000

_ANSWER = re.compile(
    r"^count\s*[:=]\s*(?P<count>\S+?)\s*[,;]?\s*positions?\s*[:=]\s*\[(?P<items>[^\[\]]*)\]\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)
# integer items (C3: optionally `.0...0`) separated by commas and/or whitespace, optional trailing comma
_ITEM = re.compile(r"([+-]?\d+)(?:\.0*)?", re.ASCII)
_LONG = re.compile(rf"\d{{{MAX_TOKEN_CHARS},}}", re.ASCII)
_PLAIN = re.compile(r"\d{1,60}(?:\s*[,\s]\s*\d{1,60})*\s*,?", re.ASCII)
_ITEMS = re.compile(r"^(?:[+-]?\d+(?:\.0*)?(?:\s*,\s*|\s+|$))+$", re.ASCII)


def parse(content: str) -> tuple[int, list[int]] | str:
    """(count, positions) or a failure reason."""
    m = _ANSWER.match(content.strip())
    if not m:
        return "unparseable"
    count = parse_int(m.group("count"))
    if count is None:
        return "unparseable"
    inner = m.group("items").strip()
    if not inner:
        return count, []
    if _PLAIN.fullmatch(inner):  # fast path: unsigned integers only (almost every answer)
        tokens = inner.replace(",", " ").split()
        if len(tokens) > MAX_ITEMS:
            return "wrong_shape"
        return count, list(map(int, tokens))
    if not _ITEMS.match(inner):
        return "unparseable"
    tokens = _ITEM.findall(inner)
    if len(tokens) > MAX_ITEMS:
        return "wrong_shape"
    if _LONG.search(inner):
        return "unparseable"
    positions = list(map(int, tokens))
    return count, positions


def check(word: str, count: int, positions: list[int], content: str) -> Verdict:
    parsed = parse(content)
    if isinstance(parsed, str):
        return Verdict.wrong(parsed)
    got_count, got = parsed
    shown = {"count": got_count, "positions": got[:100]}
    if len(set(got)) != len(got):
        return Verdict.wrong("rule_violation", parsed=shown)
    if got and (min(got) < 1 or max(got) > len(word)):
        return Verdict.wrong("rule_violation", parsed=shown)
    if got_count != count or set(got) != set(positions):
        return Verdict.wrong("wrong_value", parsed=shown)
    return Verdict.right(parsed=shown)
