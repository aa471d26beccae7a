"""Math-answer equivalence (convention C10), shared by math_geometry and math_counting_probability.

Three layers, applied to the gold and to the candidate alike:

1. `normalize`: strips LaTeX wrappers, spacing, degree and currency signs, unit words, thousands
   separators and a leading `name =`, and records a percent mark.
2. `shape_of`: labels (`ABC`), tuples `(a, b)`, sets `\\{a, b\\}`, ratios `a:b`, bare comma lists,
   or a scalar.
3. `parse_math`: a recursive-descent reader of LaTeX and plain-text math that builds sympy objects
   directly. Model text never reaches `sympify`, `parse_expr` or `eval`; the reader knows a fixed
   grammar and refuses anything else, and it bounds the work a hostile answer can cause (length,
   literal size, exponent size, nesting depth, size of exact powers).

Scalars are compared exactly where both sides are rational, else numerically to 50 significant
digits (|a - b| <= 1e-30 |b|, see `_close` for why not 1e-30 max(1, |b|)); a plain decimal candidate
gets a 1e-6 relative tolerance; expressions with free symbols are compared at five fixed rational
points.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from fractions import Fraction
from typing import Any

import sympy
from mpmath.ctx_mp import MPContext
from sympy import Add, Integer, Mul, Pow, Rational, Symbol

from symbench.instance import Verdict

MAX_CHARS = 300
MAX_LITERAL_DIGITS = 100
MAX_EXPONENT = 1000
MAX_SYMBOLS = 8
MAX_DEPTH = 100  # nesting counter (two steps per bracket level)
MAX_POWER_BITS = 120_000  # estimated size of an exact power sympy would compute eagerly
MAX_ROOT_BITS = 6_000  # radicands sympy would trial-factor
MAX_ELEMENTS = 20
DIGITS = 50
TOLERANCE = Fraction(1, 10**30)
DECIMAL_TOLERANCE = Fraction(1, 10**6)
POINT_VALUES = (
    Fraction(7, 3),
    Fraction(11, 5),
    Fraction(13, 7),
    Fraction(17, 11),
    Fraction(19, 13),
    Fraction(23, 17),
    Fraction(29, 19),
    Fraction(31, 23),
    Fraction(37, 29),
    Fraction(41, 31),
    Fraction(43, 37),
    Fraction(47, 41),
)
N_POINTS = 5
MIN_POINTS = 3

GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma Upsilon Phi "
    "Psi Omega"
).split()
FUNCTIONS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "cot": sympy.cot,
    "ln": sympy.log,
    "log": sympy.log,
}
_PLAIN_WORDS = ("sqrt", "sin", "cos", "tan", "sec", "csc", "cot", "log", "ln", "pi")


class _Refused(Exception):
    """The text is outside the grammar or beyond a limit: it is not parsed."""


# ============================================================================ normalisation
_SPACING = re.compile(r"\\[!,;: ]|~|\\(?:left|right)(?![A-Za-z])|\\displaystyle|\\q?quad(?![A-Za-z])")
_FRAC_VARIANTS = re.compile(r"\\[dt]frac(?![A-Za-z])")
_GREEK_ALT = "|".join(sorted(GREEK + ["pi"], key=len, reverse=True))
_SUB = r"(?:_(?:\{[A-Za-z0-9]{1,6}\}|[A-Za-z0-9]))?"
_LEADING_NAME = re.compile(
    r"^\s*(?:[A-Za-z]" + _SUB + r"|\\(?:" + _GREEK_ALT + r")(?![A-Za-z])" + _SUB + r"|[A-Z]{1,3}"
    r"|\\overline\{[A-Z]{1,3}\})\s*=(?!=)\s*"
)
_APPROX = re.compile(r"\\approx(?![A-Za-z])|≈")
_DEGREE = re.compile(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![A-Za-z])|\\circ(?![A-Za-z])|°")
_DEGREE_WORD = re.compile(r"\s*\bdegrees?\s*$")
_PERCENT = re.compile(r"\\%|%")
_CURRENCY = re.compile(r"\\\$|\$")
_TEXT_CMD = r"\\(?:text|textbf|textrm|textnormal|mbox|mathrm)\s*"
_WHOLE_TEXT = re.compile(r"^" + _TEXT_CMD + r"\{([^{}]*)\}$")
_UNIT_TEXT = re.compile(_TEXT_CMD + r"\{[A-Za-z .]*\}(?:\^\s*(?:\{\s*[23]\s*\}|[23]))?")
_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_WS = re.compile(r"\s+")
_DELIMS = re.compile(r"\\[()\[\]]")
_BOXED = re.compile(r"^\\(?:boxed|fbox)\s*\{")
_BOXED_BARE = re.compile(r"^\\boxed\s+([^\s{}]+)$")


def _match_brace(s: str, open_at: int) -> int:
    """Index of the `}` matching the `{` at `open_at`, or -1."""
    depth = 0
    i = open_at
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in "{}":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _unwrap(s: str) -> str:
    """Step (a): whole-string boxes and math delimiters, repeated until nothing changes."""
    for _ in range(20):
        before = s
        s = s.strip()
        if len(s) >= 2 and s.startswith("$") and s.endswith("$"):
            s = s.strip("$")
        for left, right in (("\\(", "\\)"), ("\\[", "\\]")):
            if s.startswith(left) and s.endswith(right) and len(s) >= 4:
                s = s[2:-2]
        m = _BOXED.match(s)
        if m:
            end = _match_brace(s, m.end() - 1)
            if end == len(s) - 1:
                s = s[m.end() : -1]
        else:
            m = _BOXED_BARE.match(s)
            if m:
                s = m.group(1)
        if s == before:
            break
    return _DELIMS.sub("", s)


def _drop_unit_text(s: str) -> str:
    """Step (i): unit words in `\\text{}` that follow other content become a space."""
    m = _WHOLE_TEXT.match(s.strip())
    if m:
        return m.group(1)
    out = []
    last = 0
    for m in _UNIT_TEXT.finditer(s):
        if s[: m.start()].strip():
            out.append(s[last : m.start()])
            out.append(" ")
            last = m.end()
    out.append(s[last:])
    return "".join(out)


def _split_top(s: str, sep: str) -> list[str] | None:
    """Split on `sep` outside any bracket; None if brackets do not balance."""
    parts, depth, start, i = [], 0, 0, 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in "{}":
            depth += 1 if s[i + 1] == "{" else -1
            i += 2
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and s.startswith(sep, i):
            parts.append(s[start:i])
            start = i + len(sep)
            i += len(sep)
            continue
        i += 1
    if depth != 0:
        return None
    parts.append(s[start:])
    return parts


def _is_value(side: str) -> bool:
    """A side of `A = B` is a value if it reads as a number (no free symbols)."""
    text = _CURRENCY.sub("", _PERCENT.sub("", _DEGREE.sub("", side)))
    text = _WS.sub(" ", _drop_unit_text(text)).strip()
    expr = parse_math(text)
    return expr is not None and (isinstance(expr, Fraction) or not expr.free_symbols)


def _first_value(s: str) -> str:
    """Step (e): `A \\approx B` keeps A; `A = B` with values on both sides keeps A."""
    parts = _APPROX.split(s, maxsplit=1)
    if len(parts) == 2 and parts[0].strip():
        return parts[0]
    if "=" in s and not re.search(r"[<>!=]=|=[=<>]", s):
        sides = _split_top(s, "=")
        if sides and len(sides) >= 2 and all(p.strip() for p in sides):
            if all(_is_value(p) for p in sides):
                return sides[0]
    return s


@dataclasses.dataclass(frozen=True)
class Normalized:
    text: str
    percent: bool


_PLAIN = re.compile(r"^[0-9+\-*/^(). ]*$")


def normalize(raw: str) -> Normalized:
    """C10 step 1, (a) to (k), in order."""
    if _PLAIN.match(raw):  # nothing any step would touch except whitespace and a trailing period
        s = _WS.sub(" ", raw).strip()
        if s.endswith("."):
            s = s[:-1].rstrip()
        return Normalized(s, False)
    s = _unwrap(raw.replace("\u2212", "-").replace("\uff0c", ","))  # (a), Unicode minus
    s = _SPACING.sub("", s)  # (b)
    s = _FRAC_VARIANTS.sub(r"\\frac", s)  # (c)
    s = _LEADING_NAME.sub("", s, count=1)  # (d)
    s = _first_value(s)  # (e)
    s = _DEGREE.sub("", s)  # (f)
    s = _DEGREE_WORD.sub("", s)
    percent = bool(_PERCENT.search(s))  # (g)
    s = _PERCENT.sub("", s)
    s = _CURRENCY.sub("", s)  # (h)
    s = _drop_unit_text(s)  # (i)
    s = s.replace("{,}", "")  # (j)
    s = _WS.sub(" ", s).strip()  # (k)
    if s.endswith("."):
        s = s[:-1].rstrip()
    if _GROUPED_NUMBER.match(s):
        s = s.replace(",", "")
    return Normalized(s, percent)


# ============================================================================ shapes
_LABEL = re.compile(r"^[A-Z]{1,5}$")


@dataclasses.dataclass(frozen=True)
class Shape:
    kind: str  # "label", "tuple", "set", "ratio", "list", "scalar"
    text: str
    parts: tuple[str, ...] = ()


def _enclosed(s: str, left: str, right: str) -> str | None:
    """The inside of `s` if `left` opens at 0 and its partner closes at the very end."""
    if not (s.startswith(left) and s.endswith(right)) or len(s) < len(left) + len(right):
        return None
    inner = s[len(left) : len(s) - len(right)]
    return inner if _split_top(inner, ",") is not None else None


@functools.lru_cache(maxsize=8192)
def shape_of(s: str) -> Shape:
    if _LABEL.match(s):
        return Shape("label", s)
    inner = _enclosed(s, "\\{", "\\}")
    if inner is not None:
        parts = _split_top(inner, ",") or []
        return Shape("set", s, tuple(p.strip() for p in parts))
    inner = _enclosed(s, "(", ")")
    if inner is not None:
        parts = _split_top(inner, ",") or []
        if len(parts) >= 2:
            return Shape("tuple", s, tuple(p.strip() for p in parts))
    parts = _split_top(s, ",")
    if parts and len(parts) >= 2:
        return Shape("list", s, tuple(p.strip() for p in parts))
    ratio = _split_top(s.replace("\\colon", ":"), ":")
    if ratio and len(ratio) >= 2:
        return Shape("ratio", s, tuple(p.strip() for p in ratio))
    return Shape("scalar", s)


# ============================================================================ tokenizer
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+(?![\d.]))?)"
    r"|(?P<cmd>\\[A-Za-z]+|\\[{}])"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<op>\*\*|[-+*/^(){}\[\]_,]|[π√·×÷⋅])"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos, n = 0, len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if not m:
            raise _Refused(f"unexpected character {text[pos]!r}")
        pos = m.end()
        kind = m.lastgroup
        value = m.group()
        if kind == "ws":
            continue
        if kind == "word":
            out.extend(_split_word(value))
            continue
        if kind == "op":
            value = {"**": "^", "·": "*", "×": "*", "⋅": "*", "÷": "/"}.get(value, value)
            if value == "π":
                kind, value = "const", "pi"
            elif value == "√":
                kind, value = "func", "sqrt"
        if kind == "cmd":
            name = value[1:]
            if name in ("cdot", "times", "ast"):
                kind, value = "op", "*"
            elif name == "div":
                kind, value = "op", "/"
            elif name == "pi":
                kind, value = "const", "pi"
            elif name in ("{", "}"):
                raise _Refused("set braces inside an expression")
        out.append((kind, value))
    return out


def _split_word(word: str) -> list[tuple[str, str]]:
    """A run of letters: known plain names (`sqrt`, `pi`, `sin`, ...) or single-letter symbols."""
    out = []
    i = 0
    while i < len(word):
        for name in _PLAIN_WORDS:
            if word.startswith(name, i):
                out.append(("const", "pi") if name == "pi" else ("func", name))
                i += len(name)
                break
        else:
            out.append(("sym", word[i]))
            i += 1
    return out


# ============================================================================ parser
# Values are exact Python Fractions while they stay rational (fast, and exact by construction) and
# become sympy expressions as soon as a radical, pi, a function or a symbol enters.
Num = Fraction | sympy.Expr


def _sym(v: Num) -> Num:
    return Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else v


def _bits(expr: Num) -> int:
    """Rough size in bits of the exact numbers inside `expr`."""
    if isinstance(expr, Fraction):
        return expr.numerator.bit_length() + expr.denominator.bit_length()
    if expr.is_Rational:
        return int(expr.p).bit_length() + int(expr.q).bit_length()
    return sum(_bits(a) for a in expr.args) + 1


def _add(terms: list[Num]) -> Num:
    if all(isinstance(t, Fraction) for t in terms):
        return sum(terms, Fraction(0))
    return Add(*[_sym(t) for t in terms])


def _mul(a: Num, b: Num) -> Num:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a * b
    return Mul(_sym(a), _sym(b))


def _neg(a: Num) -> Num:
    return -a if isinstance(a, Fraction) else Mul(Integer(-1), a)


def _div(a: Num, b: Num) -> Num:
    if isinstance(b, Fraction):
        if b == 0:
            raise _Refused("division by zero")
        return a / b if isinstance(a, Fraction) else Mul(a, Rational(b.denominator, b.numerator))
    if b.is_zero:
        raise _Refused("division by zero")
    return Mul(_sym(a), _pow(b, Fraction(-1)))


def _exact_root(value: Fraction, q: int) -> Fraction | None:
    if value < 0:
        return None
    num, num_exact = sympy.integer_nthroot(value.numerator, q)
    den, den_exact = sympy.integer_nthroot(value.denominator, q)
    return Fraction(int(num), int(den)) if num_exact and den_exact else None


def _pow(base: Num, exp: Num) -> Num:
    """Pow with the C10 exponent limit and a bound on the exact numbers computed eagerly."""
    if isinstance(exp, sympy.Expr) and exp.is_Rational:
        exp = Fraction(int(exp.p), int(exp.q))
    if isinstance(exp, Fraction):
        if abs(exp) > MAX_EXPONENT:
            raise _Refused("exponent too large")
        if exp < 0 and (base == 0 if isinstance(base, Fraction) else base.is_zero):
            raise _Refused("division by zero")
        if exp.denominator == 1:
            if _bits(base) * abs(exp.numerator) > MAX_POWER_BITS:
                raise _Refused("power too large")
            if isinstance(base, Fraction):
                return base**exp.numerator
            return Pow(base, Integer(exp.numerator))
        if isinstance(base, Fraction):
            if _bits(base) > MAX_ROOT_BITS:
                raise _Refused("radicand too large")
            root = _exact_root(base, exp.denominator)
            if root is not None:
                return _pow(root, Fraction(exp.numerator))
            # left unevaluated: sympy would factor the radicand only to simplify the form, which
            # costs milliseconds on large radicands and changes nothing in the value compared
            return Pow(_sym(base), Rational(exp.numerator, exp.denominator), evaluate=False)
        return Pow(_sym(base), Rational(exp.numerator, exp.denominator))
    if not exp.free_symbols:
        size = exp.evalf(15)
        if not size.is_number or not size.is_finite or abs(size) > MAX_EXPONENT:
            raise _Refused("exponent too large")
    return Pow(_sym(base), exp)


class _Parser:
    """Recursive descent over the token list; every method returns a sympy expression."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.toks = tokens
        self.i = 0
        self.depth = 0

    # -- helpers ------------------------------------------------------------------------
    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise _Refused("unexpected end")
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        tok = self.take()
        if tok[1] != value or tok[0] not in ("op",):
            raise _Refused(f"expected {value}")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused("nested too deeply")

    def starts_atom(self, tok: tuple[str, str] | None) -> bool:
        if tok is None:
            return False
        kind, value = tok
        if kind in ("sym", "const", "func"):
            return True
        if kind == "op":
            return value in ("(", "{", "[")
        if kind == "cmd":
            name = value[1:]
            return name in ("frac", "sqrt") or name in GREEK or name in FUNCTIONS
        return False

    # -- grammar ------------------------------------------------------------------------
    def parse(self) -> Num:
        expr = self.expr()
        if self.peek() is not None:
            raise _Refused(f"unexpected {self.peek()[1]!r}")
        return expr

    def expr(self) -> Num:
        self.enter()
        terms = [self.term()]
        while True:
            tok = self.peek()
            if tok == ("op", "+"):
                self.i += 1
                terms.append(self.term())
            elif tok == ("op", "-"):
                self.i += 1
                terms.append(_neg(self.term()))
            else:
                break
        self.depth -= 1
        return _add(terms) if len(terms) > 1 else terms[0]

    def term(self) -> Num:
        value = self.unary()
        while True:
            tok = self.peek()
            if tok == ("op", "*"):
                self.i += 1
                value = _mul(value, self.unary())
            elif tok == ("op", "/"):
                self.i += 1
                value = _div(value, self.unary())
            elif self.starts_atom(tok):
                value = _mul(value, self.power())
            else:
                return value

    def unary(self) -> Num:
        tok = self.peek()
        if tok == ("op", "-"):
            self.i += 1
            self.enter()
            value = _neg(self.unary())
            self.depth -= 1
            return value
        if tok == ("op", "+"):
            self.i += 1
            self.enter()
            value = self.unary()
            self.depth -= 1
            return value
        return self.power()

    def power(self) -> Num:
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.i += 1
            self.enter()
            exp = self.exponent()
            self.depth -= 1
            return _pow(base, exp)
        return base

    def exponent(self) -> Num:
        tok = self.peek()
        if tok == ("op", "{"):
            return self.group("{", "}")
        return self.unary()

    def group(self, left: str, right: str) -> Num:
        self.expect(left)
        value = self.expr()
        self.expect(right)
        return value

    def latex_arg(self) -> Num:
        """A `\\frac`/`\\sqrt` argument: a brace group or one character/command (`\\frac23`)."""
        tok = self.peek()
        if tok == ("op", "{"):
            return self.group("{", "}")
        if tok is not None and tok[0] == "num":
            self.i += 1
            digits = tok[1]
            if len(digits) > 1:
                self.toks.insert(self.i, ("num", digits[1:]))
            if not digits[0].isdigit():
                raise _Refused("bad fraction argument")
            return Fraction(int(digits[0]))
        if tok is not None and (tok[0] in ("sym", "const") or (tok[0] == "cmd" and tok[1][1:] in GREEK)):
            return self.atom()
        raise _Refused("bad argument")

    def number(self, text: str) -> Num:
        if text.isdigit():
            if len(text) > MAX_LITERAL_DIGITS:
                raise _Refused("literal too long")
            return Fraction(int(text))
        mantissa, _, exp_text = text.lower().partition("e")
        if len(mantissa) - ("." in mantissa) > MAX_LITERAL_DIGITS:
            raise _Refused("literal too long")
        exp = int(exp_text) if exp_text else 0
        if abs(exp) > MAX_EXPONENT:
            raise _Refused("exponent too large")
        whole, _, frac = mantissa.partition(".")
        value = Fraction(int(whole + frac) if whole + frac else 0, 10 ** len(frac))
        return value * 10**exp if exp >= 0 else value / 10**-exp

    def atom(self) -> Num:
        self.enter()
        try:
            return self._atom()
        finally:
            self.depth -= 1

    def _atom(self) -> Num:
        kind, value = self.take()
        if kind == "num":
            nxt = self.peek()
            if nxt is not None and nxt[0] == "num":
                raise _Refused("two numbers in a row")
            return self.number(value)
        if kind == "op":
            if value == "(":
                self.i -= 1
                return self.group("(", ")")
            if value == "{":
                self.i -= 1
                return self.group("{", "}")
            if value == "[":
                self.i -= 1
                return self.group("[", "]")
            raise _Refused(f"unexpected {value!r}")
        if kind == "const":
            return sympy.pi
        if kind == "sym":
            return Symbol(value + self.subscript())
        if kind == "func":
            if value == "sqrt":
                return _pow(self.func_arg(), Fraction(1, 2))
            return self.apply(value)
        if kind == "cmd":
            name = value[1:]
            if name == "frac":
                num = self.latex_arg()
                den = self.latex_arg()
                return _div(num, den)
            if name == "sqrt":
                index = None
                if self.peek() == ("op", "["):
                    index = self.group("[", "]")
                arg = self.latex_arg() if self.peek() != ("op", "(") else self.group("(", ")")
                if index is None:
                    return _pow(arg, Fraction(1, 2))
                if index == 0:
                    raise _Refused("zeroth root")
                return _pow(arg, _div(Fraction(1), index))
            if name in GREEK:
                return Symbol(name + self.subscript())
            if name in FUNCTIONS:
                return self.apply(name)
        raise _Refused(f"unknown {value!r}")

    def subscript(self) -> str:
        if self.peek() != ("op", "_"):
            return ""
        self.i += 1
        tok = self.take()
        if tok == ("op", "{"):
            parts = []
            while self.peek() not in (("op", "}"), None):
                kind, value = self.take()
                if kind not in ("num", "sym"):
                    raise _Refused("bad subscript")
                parts.append(value)
            self.expect("}")
            if not parts:
                raise _Refused("empty subscript")
            return "_" + "".join(parts)
        if tok[0] == "num" and tok[1].isdigit():
            return "_" + tok[1]
        if tok[0] == "sym":
            return "_" + tok[1]
        raise _Refused("bad subscript")

    def func_arg(self) -> Num:
        """Argument of a function: a bracket group, or the juxtaposed atoms that follow (`\\sin 2x`)."""
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] in "({[":
            closing = {"(": ")", "{": "}", "[": "]"}[tok[1]]
            return self.group(tok[1], closing)
        if tok is not None and tok[0] == "num":
            value = self.power()
        else:
            if not self.starts_atom(tok) or (tok[0] in ("func", "cmd") and tok[1].lstrip("\\") in FUNCTIONS):
                raise _Refused("missing function argument")
            value = self.power()
        while True:
            tok = self.peek()
            if not self.starts_atom(tok) or tok[0] == "func" or (tok[0] == "cmd" and tok[1][1:] in FUNCTIONS):
                return value
            if tok[0] == "op":  # a bracket after the argument starts a new factor
                return value
            value = _mul(value, self.power())

    def apply(self, name: str) -> Num:
        power = None
        base = None
        if name == "log" and self.peek() == ("op", "_"):
            self.i += 1
            base = self.latex_arg()
        if self.peek() == ("op", "^"):
            self.i += 1
            power = self.exponent()
        arg = self.func_arg()
        if name in ("log", "ln") and (arg == 0 if isinstance(arg, Fraction) else arg.is_zero):
            raise _Refused("log of zero")
        value = FUNCTIONS[name](_sym(arg))
        if base is not None:
            if base == 0 or base == 1 or (isinstance(base, sympy.Expr) and (base - 1).is_zero):
                raise _Refused("bad log base")
            value = _div(value, sympy.log(_sym(base)))
        if power is not None:
            value = _pow(value, power)
        return value


_MIXED = re.compile(r"^([+-]?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$")
_UNDEFINED = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)
_UNDEFINED_SET = frozenset(_UNDEFINED)


def _usable(expr: sympy.Basic) -> bool:
    """No undefined or infinite part, and after sympy merged powers (`(x^a)^b`, `x^a x^b`) every
    rational exponent is still within the limit."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if node in _UNDEFINED_SET:
            return False
        if node.is_Pow and node.exp.is_Rational and abs(node.exp.p) > MAX_EXPONENT * node.exp.q:
            return False
        stack.extend(node.args)
    return True


@functools.lru_cache(maxsize=4096)
def parse_math(text: str) -> Num | None:
    """The sympy value of a normalised scalar answer, or None if it is outside the grammar or limits.

    A mixed number written `3\\frac{1}{2}` (MATH's convention) reads as 3 + 1/2.
    """
    if not text or len(text) > MAX_CHARS:
        return None
    try:
        m = _MIXED.match(text)
        if m and int(m.group(3)) < int(m.group(4)) and len(m.group(2)) <= MAX_LITERAL_DIGITS:
            whole = Fraction(int(m.group(2))) + Fraction(int(m.group(3)), int(m.group(4)))
            return -whole if m.group(1) == "-" else whole
        expr = _Parser(_tokens(text)).parse()
        if isinstance(expr, Fraction):
            return expr
        if expr.is_Rational:
            return Fraction(int(expr.p), int(expr.q))
        if not _usable(expr):
            return None
        if len(expr.free_symbols) > MAX_SYMBOLS:
            return None
        return expr
    except (_Refused, ValueError, ZeroDivisionError, OverflowError, RecursionError, TypeError):
        return None
    except Exception:  # noqa: BLE001 - sympy may raise anything on odd but legal input; refuse it
        return None


# ============================================================================ values
# A private mpmath context, so the working precision never leaks into (or from) other code.
_MP = MPContext()
_MP.prec = 220  # about 66 decimal digits, above the 50 that values are evaluated to
_ONE = _MP.mpf(1)
_MP_TOL = {TOLERANCE: _MP.mpf(1) / 10**30, DECIMAL_TOLERANCE: _MP.mpf(1) / 10**6}
Value = Fraction | Any  # a Fraction, or a complex number of `_MP`


def _to_mp(value: Value) -> Any:
    if isinstance(value, Fraction):
        return _MP.mpc(_MP.mpf(value.numerator) / value.denominator)
    return value


def _mp_tol(rel: Fraction) -> Any:
    return _MP_TOL.get(rel) or _MP.mpf(rel.numerator) / rel.denominator


_HI = MPContext()
_HI.prec = 300
# relative size below which a sum has lost more digits than the context can spare over 56
_SPARE = {id(_HI): _HI.mpf(10) ** (56 - _HI.dps)}
_FAST_FUNCS = {
    sympy.sin: "sin",
    sympy.cos: "cos",
    sympy.tan: "tan",
    sympy.sec: "sec",
    sympy.csc: "csc",
    sympy.cot: "cot",
    sympy.log: "ln",
}


class _NoFast(Exception):
    """The expression has a node the direct evaluator does not handle; sympy's evalf takes over."""


def _walk(expr: sympy.Basic, ctx: MPContext) -> Any:
    """The value of a symbol-free expression in `ctx`'s precision (principal branches, like sympy)."""
    if expr.is_Rational:
        return ctx.mpc(ctx.mpf(int(expr.p)) / int(expr.q))
    if expr is sympy.pi:
        return ctx.mpc(ctx.pi)
    if expr is sympy.I:
        return ctx.mpc(0, 1)
    if expr.is_Add:
        terms = [_walk(a, ctx) for a in expr.args]
        total = ctx.fsum(terms)
        # cancellation costing more digits than this precision has to spare: let evalf decide
        if abs(total) < max(abs(t) for t in terms) * _SPARE[id(ctx)]:
            raise _NoFast("cancellation")
        return total
    if expr.is_Mul:
        out = ctx.mpc(1)
        for a in expr.args:
            out *= _walk(a, ctx)
        return out
    if expr.is_Pow:
        base = _walk(expr.base, ctx)
        if expr.exp.is_Integer:
            return ctx.power(base, int(expr.exp))
        return ctx.power(base, _walk(expr.exp, ctx))
    name = _FAST_FUNCS.get(expr.func)
    if name is not None and len(expr.args) == 1:
        return getattr(ctx, name)(_walk(expr.args[0], ctx))
    raise _NoFast(type(expr).__name__)


def _fast_numeric(expr: sympy.Expr) -> Value | None:
    """Evaluate directly with mpmath at about 90 digits. Products, powers (exponents are at most 1000)
    and mpmath's functions lose only a few digits; a sum that cancels more than 34 digits is handed
    to sympy's adaptive evalf instead, so the 50 digits the comparison needs are always correct."""
    try:
        value = _walk(expr, _HI)
    except (_NoFast, ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None
    if not (_HI.isfinite(value.real) and _HI.isfinite(value.imag)):
        return None
    return _MP.mpc(value)


def _numeric(expr: Num) -> Value | None:
    """Exact Fraction for rationals, else a 50-digit complex value; None if undefined or infinite."""
    if isinstance(expr, Fraction):
        return expr
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    fast = _fast_numeric(expr)
    if fast is not None:
        return fast
    try:
        approx = expr.evalf(DIGITS)
        re_part, im_part = approx.as_real_imag()
        if not (re_part.is_Number and im_part.is_Number):
            return None
        if not (re_part.is_finite and im_part.is_finite):
            return None
        return _MP.mpc(_MP.mpf(re_part._to_mpmath(_MP.prec)), _MP.mpf(im_part._to_mpmath(_MP.prec)))
    except Exception:  # noqa: BLE001 - evalf failures mean "not a usable value"
        return None


def _close(a: Value, b: Value, rel: Fraction) -> bool:
    """Rationals must be equal exactly; otherwise |a - b| <= rel |b| (|a| <= rel when b = 0).

    C10 writes the bound as rel * max(1, |b|); below 1 that bound is absolute and would accept any
    answer (0 included) for a gold smaller than 1e-30, such as a tiny probability. Values are
    evaluated to 50 significant digits, so the relative form loses nothing for real equalities.
    """
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    a, b = _to_mp(a), _to_mp(b)
    scale = abs(b) if b != 0 else _ONE
    return bool(abs(a - b) <= _mp_tol(rel) * scale)


def _relative(a: Value, b: Value, rel: Fraction) -> bool:
    """|a - b| <= rel * |b| (for b = 0: a = 0)."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return abs(a - b) <= rel * abs(b)
    a, b = _to_mp(a), _to_mp(b)
    return bool(abs(a - b) <= _mp_tol(rel) * abs(b))


_DECIMAL_LITERAL = re.compile(r"^[+-]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?$")


@dataclasses.dataclass(frozen=True)
class Scalar:
    """A parsed scalar: its expression, its numeric value (when it has no free symbols), its symbols."""

    expr: Num
    value: Value | None
    symbols: tuple[str, ...]
    decimal: bool


@functools.lru_cache(maxsize=4096)
def read_scalar(text: str) -> Scalar | None:
    """Parse and (when symbol-free) evaluate a normalised scalar; None if it cannot be read."""
    expr = parse_math(text)
    if expr is None:
        return None
    decimal = bool(_DECIMAL_LITERAL.match(text))
    if isinstance(expr, Fraction):
        return Scalar(expr, expr, (), decimal)
    symbols = tuple(sorted(s.name for s in expr.free_symbols))
    value = None
    if not symbols:
        value = _numeric(expr)
        if value is None:
            return None
    return Scalar(expr, value, symbols, decimal)


def _point_value(expr: sympy.Expr, subs: dict) -> Value | None:
    try:
        at = expr.xreplace(subs)
        if any(at.has(u) for u in _UNDEFINED):
            return None
        for node in sympy.preorder_traversal(at):
            if node.is_Pow and not node.exp.is_Rational:
                size = node.exp.evalf(15)
                if not size.is_number or not size.is_finite or abs(size) > MAX_EXPONENT:
                    return None
        return _numeric(at)
    except Exception:  # noqa: BLE001 - an undefined point is skipped
        return None


def scalars_equivalent(cand: str, gold: str) -> bool:
    """C10 steps 3 and 5-7 for two normalised scalars."""
    if cand == gold:
        return True
    g = read_scalar(gold)
    c = read_scalar(cand)
    if g is None or c is None:
        return False
    if c.symbols != g.symbols:
        return False
    if not g.symbols:
        if _close(c.value, g.value, TOLERANCE):
            return True
        return c.decimal and _relative(c.value, g.value, DECIMAL_TOLERANCE)
    return _symbolic_equal(_sym(c.expr), _sym(g.expr))


def _symbolic_equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    if len(symbols) > MAX_SYMBOLS:
        return False
    used = 0
    for j in range(N_POINTS):
        subs = {
            sym: Rational(POINT_VALUES[i + j].numerator, POINT_VALUES[i + j].denominator)
            for i, sym in enumerate(symbols)
        }
        av, bv = _point_value(a, subs), _point_value(b, subs)
        if av is None or bv is None:
            continue
        used += 1
        if isinstance(av, Fraction) and isinstance(bv, Fraction):
            if abs(av - bv) > TOLERANCE:
                return False
        else:
            if abs(_to_mp(av) - _to_mp(bv)) > _mp_tol(TOLERANCE):
                return False
    return used >= MIN_POINTS


# ============================================================================ top level
def _multiset_match(cands: tuple[str, ...], golds: tuple[str, ...]) -> bool:
    """Equal as multisets up to order (bipartite matching on equivalence; lists are short)."""
    if len(cands) != len(golds) or len(golds) > MAX_ELEMENTS:
        return False
    match: dict[int, int] = {}

    def augment(ci: int, seen: set[int]) -> bool:
        for gi, g in enumerate(golds):
            if gi in seen or not _equivalent_text(cands[ci], g):
                continue
            seen.add(gi)
            if gi not in match or augment(match[gi], seen):
                match[gi] = ci
                return True
        return False

    return all(augment(ci, set()) for ci in range(len(cands)))


def _equivalent_text(cand: str, gold: str) -> bool:
    """C10 steps 3-7 on normalised strings."""
    if cand == gold:
        return True
    gs, cs = shape_of(gold), shape_of(cand)
    if gs.kind == "label" or cs.kind == "label":
        return False
    if gs.kind == "tuple":
        return (
            cs.kind == "tuple"
            and len(cs.parts) == len(gs.parts) <= MAX_ELEMENTS
            and all(_equivalent_text(c, g) for c, g in zip(cs.parts, gs.parts))
        )
    if gs.kind == "set":
        return cs.kind == "set" and _multiset_match(cs.parts, gs.parts)
    if gs.kind == "list":
        return cs.kind in ("list", "set") and _multiset_match(cs.parts, gs.parts)
    if gs.kind == "ratio":
        return cs.kind == "ratio" and _ratio_equal(cs.parts, gs.parts)
    if cs.kind != "scalar":
        return False
    return scalars_equivalent(cand, gold)


def _ratio_equal(cands: tuple[str, ...], golds: tuple[str, ...]) -> bool:
    if len(cands) != len(golds) or len(golds) > MAX_ELEMENTS:
        return False
    cs = [read_scalar(c) for c in cands]
    gs = [read_scalar(g) for g in golds]
    if any(s is None or s.symbols or s.value == 0 for s in cs + gs):
        return False
    for i in range(1, len(golds)):
        # a_i / a_0 == b_i / b_0  <=>  a_i * b_0 == b_i * a_0
        left = _product(cs[i].value, gs[0].value)
        right = _product(gs[i].value, cs[0].value)
        if not _close(left, right, TOLERANCE):
            return False
    return True


def _product(a: Value, b: Value) -> Value:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a * b
    return _to_mp(a) * _to_mp(b)


@functools.lru_cache(maxsize=4096)
def prepare_gold(gold: str) -> Normalized:
    """The gold's normalisation, cached (a task verifies many answers against few golds)."""
    return normalize(gold)


def gold_is_readable(gold: str) -> bool:
    """Whether any C10 rule beyond string equality applies to a gold (else it is free-form)."""
    text = prepare_gold(gold).text
    shape = shape_of(text)
    if shape.kind == "label":
        return True
    if shape.kind == "scalar":
        return read_scalar(text) is not None
    return all(gold_is_readable(p) for p in shape.parts)


def equivalent(candidate: str, gold: str, string_only: bool = False) -> tuple[bool, str, Any]:
    """C10 as a whole: (equivalent?, reason code, the candidate's normalised text)."""
    if len(candidate) > 20 * MAX_CHARS:
        return False, "unparseable", None
    g = prepare_gold(gold)
    c = normalize(candidate)
    if not c.text:
        return False, "unparseable", None
    if c.percent and not g.percent:
        return False, "wrong_value", c.text
    if c.text == g.text:
        return True, "correct", c.text
    if string_only:
        return False, "wrong_value", c.text
    if _equivalent_text(c.text, g.text):
        return True, "correct", c.text
    shape = shape_of(c.text)
    if shape.kind == "scalar" and read_scalar(c.text) is None:
        return False, "unparseable", c.text
    return False, "wrong_value", c.text


def check(gold: str, content: str, string_only: bool = False) -> Verdict:
    """A verdict for one answer-block content against a gold written in LaTeX or plain text."""
    ok, reason, parsed = equivalent(content, gold, string_only)
    return Verdict.right(parsed=parsed) if ok else Verdict.wrong(reason, parsed=parsed)
