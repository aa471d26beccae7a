"""Game-24 answers: a restricted lexer and recursive-descent parser over `+ - * / ( )` and integer
literals, evaluated with exact rationals. Model text is never evaluated as code."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

from symbench.checkers.answer import parse_number
from symbench.instance import Verdict

MAX_CHARS = 2000
MAX_DEPTH = 100

_REPLACEMENTS = (
    ("\\left", ""),
    ("\\right", ""),
    ("\\times", "*"),
    ("\\cdot", "*"),
    ("\\div", "/"),
    ("\\(", ""),
    ("\\)", ""),
    ("$", ""),
    ("×", "*"),
    ("·", "*"),
    ("∗", "*"),
    ("÷", "/"),
    ("∕", "/"),
    ("−", "-"),
    ("–", "-"),
    ("[", "("),
    ("]", ")"),
    ("{", "("),
    ("}", ")"),
)
_TOKEN = re.compile(r"\s*(?:([0-9]+)|([-+*/()]))")


class _Reject(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _braced(text: str, start: int) -> int | None:
    """Index just past the balanced `{...}` group starting at `start`, or None."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _rewrite_fracs(text: str) -> str:
    """`\\frac{A}{B}` -> `((A)/(B))`, innermost last occurrence first so nesting resolves."""
    for _ in range(text.count("\\frac")):
        at = text.rfind("\\frac")
        if at < 0:
            break
        a_end = _braced(text, at + 5)
        b_end = _braced(text, a_end) if a_end is not None else None
        if a_end is None or b_end is None:
            break  # left as is: the backslash is rejected by the lexer
        a, b = text[at + 6 : a_end - 1], text[a_end + 1 : b_end - 1]
        text = f"{text[:at]}(({a})/({b})){text[b_end:]}"
    return text


def normalise(content: str) -> str:
    text = _rewrite_fracs(content)
    for old, new in _REPLACEMENTS:
        text = text.replace(old, new)
    return text.strip()


def split_equation(text: str, target: int) -> str:
    """The expression side of `E`, `E = t` or `t = E`; raises _Reject otherwise."""
    parts = text.split("=")
    if len(parts) == 1:
        return text
    if len(parts) > 2:
        raise _Reject("unparseable")
    left, right = parts[0].strip(), parts[1].strip()
    right_value, left_value = parse_number(right), parse_number(left)
    if right_value is not None:
        if right_value != target:
            raise _Reject("wrong_value")
        return left
    if left_value is not None:
        if left_value != target:
            raise _Reject("wrong_value")
        return right
    raise _Reject("unparseable")


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise _Reject("invalid_symbol")
        number = m.group(1)
        if number is not None and len(number) > 1 and number[0] == "0":
            raise _Reject("invalid_symbol")  # no leading zeros: a literal is one of the given numbers
        tokens.append(number if number is not None else m.group(2))
        pos = m.end()
    return tokens


class _Parser:
    """expr := term (("+"|"-") term)*; term := factor (("*"|"/") factor)*; factor := INT | "(" expr ")".
    Produces nested tuples (op, left, right) with int leaves."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos, self.depth = tokens, 0, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> object:
        tree = self.expr()
        if self.pos != len(self.tokens):
            raise _Reject("unparseable")
        return tree

    def expr(self) -> object:
        tree = self.term()
        while self.peek() in ("+", "-"):
            op = self.tokens[self.pos]
            self.pos += 1
            tree = (op, tree, self.term())
        return tree

    def term(self) -> object:
        tree = self.factor()
        while self.peek() in ("*", "/"):
            op = self.tokens[self.pos]
            self.pos += 1
            tree = (op, tree, self.factor())
        return tree

    def factor(self) -> object:
        token = self.peek()
        if token is None:
            raise _Reject("unparseable")
        if token == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Reject("unparseable")
            self.pos += 1
            tree = self.expr()
            if self.peek() != ")":
                raise _Reject("unparseable")
            self.pos += 1
            self.depth -= 1
            return tree
        if token[0] in "0123456789":
            self.pos += 1
            return int(token)
        raise _Reject("unparseable")


def literals(tree: object) -> list[int]:
    out: list[int] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, int):
            out.append(node)
        else:
            stack.extend(node[1:])  # type: ignore[index]
    return out


def evaluate(tree: object) -> Fraction:
    """Exact value (iterative: long chains such as 1+1+...+1 make deep left-leaning trees); raises
    _Reject("rule_violation") on a division by zero."""
    values: list[Fraction] = []
    stack: list[tuple[object, bool]] = [(tree, False)]
    while stack:
        node, expanded = stack.pop()
        if isinstance(node, int):
            values.append(Fraction(node))
        elif not expanded:
            stack.append((node, True))
            stack.append((node[2], False))  # type: ignore[index]
            stack.append((node[1], False))  # type: ignore[index]
        else:
            b, a = values.pop(), values.pop()
            op = node[0]  # type: ignore[index]
            if op == "+":
                values.append(a + b)
            elif op == "-":
                values.append(a - b)
            elif op == "*":
                values.append(a * b)
            elif b == 0:
                raise _Reject("rule_violation")
            else:
                values.append(a / b)
    return values[0]


def parse_expression(content: str, target: int) -> object:
    """The syntax tree of an answer (after normalisation and the `= target` side)."""
    text = normalise(content)
    if len(text) > MAX_CHARS:
        raise _Reject("unparseable")
    expression = split_equation(text, target)
    tokens = tokenize(expression)
    if not tokens:
        raise _Reject("unparseable")
    return _Parser(tokens).parse()


def check(numbers: list[int], target: int, content: str) -> Verdict:
    try:
        tree = parse_expression(content, target)
        used = literals(tree)
        if Counter(used) != Counter(numbers):
            return Verdict.wrong("rule_violation", parsed=sorted(used))
        value = evaluate(tree)
    except _Reject as rej:
        return Verdict.wrong(rej.reason)
    parsed = {"numbers": sorted(used), "value": str(value)}
    if value != target:
        return Verdict.wrong("wrong_value", parsed=parsed)
    return Verdict.right(parsed=parsed)
