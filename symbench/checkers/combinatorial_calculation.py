"""Arithmetic expressions over the given numbers in their given order: a restricted lexer and a
precedence parser (never `eval`), then exact rational evaluation against the target."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from symbench.checkers.answer import MAX_TOKEN_CHARS
from symbench.instance import Verdict

OPERATORS = {"+": 1, "-": 1, "*": 2, "/": 2}
MAX_DEPTH = 200
_REMOVE = str.maketrans({"[": None, "]": None, '"': None, "'": None, "`": None, ",": None})
_MAP = str.maketrans({"×": "*", "·": "*", "÷": "/"})
_TOKEN = re.compile(r"\s*(?:(\d+)|([-+*/()]))")
_EQUALS_SUFFIX = re.compile(r"=\s*([+-]?\d{1,64})\s*$")


def lex(content: str, target: int) -> list[str] | None:
    """Tokens (digit runs, operators, parentheses) or None if any other character appears."""
    text = content.translate(_REMOVE).translate(_MAP)
    m = _EQUALS_SUFFIX.search(text)
    if m and int(m.group(1)) == target:
        text = text[: m.start()]
    tokens: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            return None
        tokens.append(m.group(1) or m.group(2))
        pos = m.end()
    return tokens


def to_postfix(tokens: Sequence[str]) -> list[str] | None:
    """Shunting-yard for expr := term (('+'|'-') term)*, term := factor (('*'|'/') factor)*,
    factor := NUMBER | '(' expr ')'; None unless the whole token list is one such expression (no unary
    signs, no empty parentheses, no juxtaposed operands)."""
    out: list[str] = []
    stack: list[str] = []
    expect_operand = True
    depth = 0
    for tok in tokens:
        if expect_operand:
            if tok.isdigit():
                out.append(tok)
                expect_operand = False
            elif tok == "(":
                depth += 1
                if depth > MAX_DEPTH:
                    return None
                stack.append(tok)
            else:
                return None
        else:
            if tok in OPERATORS:
                while stack and stack[-1] != "(" and OPERATORS[stack[-1]] >= OPERATORS[tok]:
                    out.append(stack.pop())
                stack.append(tok)
                expect_operand = True
            elif tok == ")":
                while stack and stack[-1] != "(":
                    out.append(stack.pop())
                if not stack:
                    return None
                stack.pop()
                depth -= 1
            else:
                return None
    if expect_operand or "(" in stack:
        return None
    while stack:
        out.append(stack.pop())
    return out


def evaluate(postfix: Sequence[str]) -> Fraction | None:
    """Exact value of a postfix expression; None on division by zero."""
    stack: list[Fraction] = []
    for tok in postfix:
        if tok in OPERATORS:
            b = stack.pop()
            a = stack.pop()
            if tok == "+":
                stack.append(a + b)
            elif tok == "-":
                stack.append(a - b)
            elif tok == "*":
                stack.append(a * b)
            else:
                if b == 0:
                    return None
                stack.append(a / b)
        else:
            stack.append(Fraction(int(tok)))
    return stack[0]


def check(numbers: Sequence[int], target: int, content: str) -> Verdict:
    if len(content) > 40 * len(numbers) + 2000:
        return Verdict.wrong("wrong_shape")
    tokens = lex(content, target)
    if tokens is None:
        return Verdict.wrong("invalid_symbol")
    if not tokens:
        return Verdict.wrong("unparseable")
    operands = [t for t in tokens if t.isdigit()]
    if any(len(t) > MAX_TOKEN_CHARS for t in operands):
        return Verdict.wrong("rule_violation")
    postfix = to_postfix(tokens)
    if postfix is None:
        return Verdict.wrong("unparseable", parsed=tokens)
    # numbers exactly as given: same values, order and count; no joined digits, no leading zeros
    if operands != [str(n) for n in numbers]:
        return Verdict.wrong("rule_violation", parsed=tokens, metrics={"numbers_in_order": False})
    value = evaluate(postfix)
    if value is None:
        return Verdict.wrong("wrong_value", parsed=tokens, metrics={"division_by_zero": True})
    if value != target:
        return Verdict.wrong("wrong_value", parsed=tokens, metrics={"value": str(value)})
    return Verdict.right(parsed=tokens)
