"""Exact big-integer answers: one integer, optionally grouped by thousands, compared digit for digit.

The digits are compared as strings, so no float ever intervenes and a 10 000-digit answer costs
nothing (Python refuses to convert very long digit strings to `int`).
"""

from __future__ import annotations

import re

from symbench.instance import Verdict

MAX_CONTENT_CHARS = 100_000
_WRAPPERS = (
    re.compile(r"^\$\$(.*)\$\$$", re.DOTALL),
    re.compile(r"^\$(.*)\$$", re.DOTALL),
    re.compile(r"^\\\((.*)\\\)$", re.DOTALL),
    re.compile(r"^\\\[(.*)\\\]$", re.DOTALL),
)
# Sign, then either plain digits or groups of three with one consistent separator, then `.0...0`.
_INTEGER = re.compile(
    r"^([+-]?)(\d+|\d{1,3}(?:(?P<sep>[,_ \u202f\u00a0])\d{3})(?:(?P=sep)\d{3})*)(?:\.0*)?$", re.ASCII
)


def parse_integer(content: str) -> tuple[int, str] | None:
    """(sign, digits without leading zeros) of an integer answer, or None if it is not one."""
    if not isinstance(content, str) or len(content) > MAX_CONTENT_CHARS:
        return None
    text = content.strip()
    for pattern in _WRAPPERS:
        m = pattern.match(text)
        if m:
            text = m.group(1).strip()
            break
    text = text.replace("\u2212", "-")
    m = _INTEGER.match(text)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(2)).lstrip("0") or "0"
    sign = -1 if m.group(1) == "-" and digits != "0" else 1
    return sign, digits


def check(product: int, content: str) -> Verdict:
    parsed = parse_integer(content)
    if parsed is None:
        return Verdict.wrong("unparseable")
    sign, digits = parsed
    gold_sign = -1 if product < 0 else 1
    shown = ("-" if sign < 0 else "") + (digits if len(digits) <= 200 else digits[:200] + "...")
    if sign != gold_sign or digits != str(abs(product)):
        return Verdict.wrong("wrong_value", parsed=shown)
    return Verdict.right(parsed=shown)
