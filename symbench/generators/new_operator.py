"""New binary operators: definitions from four templates, expression trees evaluated left to right in
exact rationals, printing and parsing of expressions."""

from __future__ import annotations

import random
import re
from fractions import Fraction
from typing import Any

from symbench.errors import GenerationError

SYMBOLS = "#@$&%~"
BASIC = ("linear", "product", "ratio")
EXTENDED = (*BASIC, "difference")
TEMPLATE_SETS = {"basic": BASIC, "extended": EXTENDED}
COEFF_MAX = 5
MAX_ABS = 10**6
MAX_DEN = 10**4
MAX_ATTEMPTS = 1000
ORIG_C5_OPERANDS = (3, 4, 5, 6)

Tree = Any  # an int, or [symbol, left, right]


class Rejected(Exception):
    """An intermediate value broke a bound (zero divisor, size, denominator)."""


def formula(template: str, c1: int | None, c2: int | None) -> str:
    if template == "linear":
        return f"{c1}*a + {c2}*b"
    if template == "product":
        return f"{c1}*a*b"
    if template == "ratio":
        return "(a + b)/b"
    if template == "difference":
        return f"{c1}*a - {c2}*b"
    raise ValueError(f"unknown template {template!r}")


def make_operator(template: str, c1: int | None, c2: int | None) -> dict[str, Any]:
    """The stored definition; coefficients a template does not use are null."""
    c1 = c1 if template in ("linear", "product", "difference") else None
    c2 = c2 if template in ("linear", "difference") else None
    return {"template": template, "c1": c1, "c2": c2, "formula": formula(template, c1, c2)}


_FORMULAS = (
    ("linear", re.compile(r"^(\d+)\*a\+(\d+)\*b$")),
    ("difference", re.compile(r"^(\d+)\*a-(\d+)\*b$")),
    ("product", re.compile(r"^(\d+)\*a\*b$")),
    ("ratio", re.compile(r"^\(a\+b\)/b$")),
)


def parse_formula(text: str) -> dict[str, Any]:
    """An original formula string (`5*a+2*b`, `1*a*b`, `(a + b)/b`, `3*a-1*b`) -> definition."""
    compact = re.sub(r"\s+", "", text)
    for template, pattern in _FORMULAS:
        m = pattern.match(compact)
        if m:
            nums = [int(g) for g in m.groups()] + [None, None]
            return make_operator(template, nums[0], nums[1])
    raise ValueError(f"unrecognised operator formula {text!r}")


def apply(op: dict[str, Any], a: Fraction, b: Fraction) -> Fraction:
    t = op["template"]
    if t == "linear":
        return op["c1"] * a + op["c2"] * b
    if t == "product":
        return op["c1"] * a * b
    if t == "difference":
        return op["c1"] * a - op["c2"] * b
    if t == "ratio":
        if b == 0:
            raise Rejected("zero divisor")
        return (a + b) / b
    raise ValueError(f"unknown template {t!r}")


def evaluate(tree: Tree, operators: dict[str, dict[str, Any]], bounded: bool = True) -> Fraction:
    """Bottom-up exact evaluation; with `bounded`, every intermediate value must satisfy the limits."""
    if isinstance(tree, int):
        return Fraction(tree)
    value = apply(
        operators[tree[0]], evaluate(tree[1], operators, bounded), evaluate(tree[2], operators, bounded)
    )
    if bounded and (abs(value) > MAX_ABS or value.denominator > MAX_DEN):
        raise Rejected("intermediate value out of bounds")
    return value


def fraction_text(value: Fraction) -> str:
    """`1530` or the reduced `p/q`."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def display(value: Fraction) -> str:
    """The integer, or the value rounded half-up (away from zero) to two decimals."""
    if value.denominator == 1:
        return str(value.numerator)
    hundredths = (abs(value) * 100 + Fraction(1, 2)).__floor__()
    sign = "-" if value < 0 and hundredths else ""
    return f"{sign}{hundredths // 100}.{hundredths % 100:02d}"


# ------------------------------------------------------------------ expressions
def render_expression(tree: Tree, parenthesise_first: bool = False) -> str:
    """Minimal parentheses under the left-to-right rule: only a right operand that is itself an
    operation is bracketed. `parenthesise_first` also brackets the innermost left operation, as the
    original fixed shapes print it (`(3~4)&5@6`)."""
    if isinstance(tree, int):
        return str(tree)
    left, right = tree[1], tree[2]
    if parenthesise_first and not isinstance(left, list):
        body = f"{left}{tree[0]}{render_expression(right)}"
        return f"({body})" if not isinstance(right, list) else body
    left_text = render_expression(left, parenthesise_first)
    right_text = render_expression(right)
    if isinstance(right, list):
        right_text = f"({right_text})"
    return f"{left_text}{tree[0]}{right_text}"


_TOKEN = re.compile(r"\s*(\d+|[()]|[" + re.escape(SYMBOLS) + r"])")


def parse_expression(text: str) -> Tree:
    """Parse with all new operators at one precedence, applied left to right; parentheses first."""
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"unexpected character in expression {text!r} at {pos}")
        tokens.append(m.group(1))
        pos = m.end()
    tree, rest = _parse_chain(tokens, 0)
    if rest != len(tokens):
        raise ValueError(f"trailing tokens in expression {text!r}")
    return tree


def _parse_chain(tokens: list[str], i: int) -> tuple[Tree, int]:
    left, i = _parse_operand(tokens, i)
    while i < len(tokens) and tokens[i] in SYMBOLS:
        op = tokens[i]
        right, i = _parse_operand(tokens, i + 1)
        left = [op, left, right]
    return left, i


def _parse_operand(tokens: list[str], i: int) -> tuple[Tree, int]:
    if i >= len(tokens):
        raise ValueError("expression ends early")
    tok = tokens[i]
    if tok.isdigit():
        return int(tok), i + 1
    if tok == "(":
        inner, i = _parse_chain(tokens, i + 1)
        if i >= len(tokens) or tokens[i] != ")":
            raise ValueError("unbalanced parentheses")
        return inner, i + 1
    raise ValueError(f"unexpected token {tok!r}")


def symbols_in(tree: Tree) -> set[str]:
    if isinstance(tree, int):
        return set()
    return {tree[0]} | symbols_in(tree[1]) | symbols_in(tree[2])


def operands_in(tree: Tree) -> list[int]:
    if isinstance(tree, int):
        return [tree]
    return operands_in(tree[1]) + operands_in(tree[2])


# ------------------------------------------------------------------ generation
def _catalan(n: int) -> list[int]:
    """counts[k] = number of binary trees with k leaves."""
    counts = [0, 1]
    for k in range(2, n + 1):
        counts.append(sum(counts[j] * counts[k - j] for j in range(1, k)))
    return counts


def random_shape(leaves: int, rng: random.Random) -> Tree:
    """A uniformly random binary tree shape with `leaves` leaves (internal nodes hold None)."""
    counts = _catalan(leaves)

    def build(n: int) -> Tree:
        if n == 1:
            return 0
        pick = rng.randrange(counts[n])
        for k in range(1, n):
            pick -= counts[k] * counts[n - k]
            if pick < 0:
                return [None, build(k), build(n - k)]
        raise AssertionError("unreachable")

    return build(leaves)


def left_chain(leaves: int) -> Tree:
    tree: Tree = 0
    for _ in range(leaves - 1):
        tree = [None, tree, 0]
    return tree


def _fill(shape: Tree, ops: list[str], operands: list[int]) -> Tree:
    """Put operators (pre-order) and operands (left to right) into a shape; consumes both lists."""
    if not isinstance(shape, list):
        return operands.pop(0)
    op = ops.pop(0)
    left = _fill(shape[1], ops, operands)
    right = _fill(shape[2], ops, operands)
    return [op, left, right]


def build_puzzle(operators: dict[str, dict[str, Any]], tree: Tree, expression: str) -> dict[str, Any]:
    value = evaluate(tree, operators, bounded=False)
    return {
        "operators": operators,
        "expression": expression,
        "tree": tree,
        "gold": fraction_text(value),
        "gold_display": display(value),
    }


def generate(
    num_operators: int,
    num_operands: int,
    shape: str,
    templates: str,
    operand_max: int,
    rng: random.Random,
) -> dict[str, Any]:
    """Draw operators, a tree and operands; redraw everything while a bound is broken."""
    choices = TEMPLATE_SETS[templates]
    internal = num_operands - 1
    for _ in range(MAX_ATTEMPTS):
        symbols = rng.sample(SYMBOLS, num_operators)
        operators = {}
        for s in symbols:
            template = rng.choice(choices)
            c1, c2 = rng.randint(1, COEFF_MAX), rng.randint(1, COEFF_MAX)
            operators[s] = make_operator(template, c1, c2)
        ops = list(symbols) + [rng.choice(symbols) for _ in range(internal - num_operators)]
        rng.shuffle(ops)
        if shape == "random":
            skeleton = random_shape(num_operands, rng)
        else:
            skeleton = left_chain(num_operands)
        if shape == "orig_c5":
            operands = list(ORIG_C5_OPERANDS)
        else:
            operands = [rng.randint(1, operand_max) for _ in range(num_operands)]
        tree = _fill(skeleton, ops, operands)
        try:
            evaluate(tree, operators)
        except Rejected:
            continue
        expression = render_expression(tree, parenthesise_first=shape != "random")
        return build_puzzle(operators, tree, expression)
    raise GenerationError(f"new_operator: every draw broke a bound in {MAX_ATTEMPTS} attempts")
