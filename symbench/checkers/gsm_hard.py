"""gsm_hard answers: one number, read exactly, compared with the gold in exact rationals.

Accepted: a C3 number token (integer, decimal, exponent form, `p/q`), thousands separators in
correct groups of three, one currency sign in front, `%` or one unit word after, the Unicode minus.
Integer golds need the exact value; other golds accept anything within 0.005 (right to the cent).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from symbench.checkers.answer import TOLERANCE, parse_number
from symbench.instance import Verdict

MAX_CONTENT = 200
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\d+\s*/\s*\d+"
_ANSWER = re.compile(
    rf"^(?P<s1>[+-])?\s*(?P<cur>\\?[$€£])?\s*(?P<s2>[+-])?\s*(?P<num>{_NUMBER})\s*(?P<tail>%|[A-Za-z]+)?\s*\.?$"
)


def parse_answer(content: str) -> Fraction | None:
    """The single number an answer block holds, or None if it holds anything else."""
    text = content.strip().replace("\u2212", "-")
    if not text or len(text) > MAX_CONTENT:
        return None
    m = _ANSWER.match(text)
    if not m or (m.group("s1") and m.group("s2")):
        return None
    value = parse_number(m.group("num").replace(",", ""))
    if value is None:
        return None
    return -value if "-" in (m.group("s1") or "", m.group("s2") or "") else value


def gold_value(gold: str) -> Fraction:
    """An exact gold from its decimal text (`41073052.666666664`, `-2.4967e-05`, `307.75`)."""
    try:
        return Fraction(Decimal(gold.strip()))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a decimal gold: {gold!r}") from exc


def check(gold: str, content: str) -> Verdict:
    target = gold_value(gold)
    value = parse_answer(content)
    if value is None:
        return Verdict.wrong("unparseable")
    if target.denominator == 1:
        ok = value == target
    else:
        ok = abs(value - target) <= TOLERANCE
    return Verdict.right(parsed=str(value)) if ok else Verdict.wrong("wrong_value", parsed=str(value))
