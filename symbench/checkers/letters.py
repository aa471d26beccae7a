"""`Count: X, Positions: [...]` answers: parsed strictly, duplicates and out-of-range positions rejected."""

from __future__ import annotations

import re

from symbench.checkers.answer import parse_int
from symbench.instance import Verdict

MAX_ITEMS = 10_000

_ANSWER = re.compile(
    r"^count\s*[:=]\s*(?P<count>\S+?)\s*[,;]?\s*positions?\s*[:=]\s*\[(?P<items>[^\[\]]*)\]\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)
_SEP = re.compile(r"[\s,]+")


def parse(content: str) -> tuple[int, list[int]] | str:
    """(count, positions) or a failure reason."""
    m = _ANSWER.match(content.strip())
    if not m:
        return "unparseable"
    count = parse_int(m.group("count"))
    if count is None:
        return "unparseable"
    inner = m.group("items").strip()
    pieces = [p for p in _SEP.split(inner) if p] if inner else []
    if len(pieces) > MAX_ITEMS:
        return "wrong_shape"
    positions = []
    for piece in pieces:
        value = parse_int(piece)
        if value is None:
            return "unparseable"
        positions.append(value)
    return count, positions


def check(word: str, count: int, positions: list[int], content: str) -> Verdict:
    parsed = parse(content)
    if isinstance(parsed, str):
        return Verdict.wrong(parsed)
    got_count, got = parsed
    shown = {"count": got_count, "positions": got[:100]}
    if len(set(got)) != len(got):
        return Verdict.wrong("rule_violation", parsed=shown)
    if any(not 1 <= p <= len(word) for p in got):
        return Verdict.wrong("rule_violation", parsed=shown)
    if got_count != count or set(got) != set(positions):
        return Verdict.wrong("wrong_value", parsed=shown)
    return Verdict.right(parsed=shown)
