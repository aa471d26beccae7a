"""Shared answer handling (conventions C1-C3): the final `<<<...>>>` block, the token splitter, and
exact-rational numbers. Nothing here evaluates model text as code, and nothing raises on any input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

MAX_RESPONSE_CHARS = 200_000
MAX_TOKEN_CHARS = 64
MAX_EXPONENT = 1000
TOLERANCE = Fraction(5, 1000)

_BLOCK = re.compile(r"<<<(.*?)>>>", re.DOTALL)


def extract_last_block(response: object) -> str | None:
    """C1: the stripped content of the last non-overlapping `<<<...>>>` (shortest match), or None."""
    if not isinstance(response, str):
        return None
    text = response[-MAX_RESPONSE_CHARS:]
    matches = _BLOCK.findall(text)
    return matches[-1].strip() if matches else None


_STRIP_CHARS = str.maketrans("", "", "[]{}()\"'`")
_SPLIT = re.compile(r"[,;\s]+")


def split_tokens(content: str) -> list[str]:
    """C2: drop brackets and quotes, split on runs of commas, semicolons and whitespace."""
    return [t for t in _SPLIT.split(content.translate(_STRIP_CHARS)) if t]


_INT = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_DECIMAL = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+))?$")
_FRACTION = re.compile(r"^([+-]?\d+)\s*/\s*([+-]?\d+)$")


def parse_int(token: str) -> int | None:
    """C3 integer token: `[+-]?\\d+` optionally followed by `.0...0`."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
        return None
    token = token.strip()
    if not _INT.match(token):
        return None
    return int(token.split(".", 1)[0])


def parse_number(token: str) -> Fraction | None:
    """C3 number token as an exact rational: integer, decimal (optional exponent) or `p/q`."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
        return None
    token = token.strip()
    m = _FRACTION.match(token)
    if m:
        den = int(m.group(2))
        return Fraction(int(m.group(1)), den) if den != 0 else None
    m = _DECIMAL.match(token)
    if not m:
        return None
    exponent = int(m.group(2)) if m.group(2) else 0
    if abs(exponent) > MAX_EXPONENT:
        return None
    return Fraction(m.group(1)) * Fraction(10) ** exponent


def within_tolerance(value: Fraction, target: Fraction, tol: Fraction = TOLERANCE) -> bool:
    """Inclusive absolute tolerance, in exact arithmetic."""
    return abs(value - target) <= tol


def parse_int_tokens(content: str) -> list[int] | None:
    """All C2 tokens as integers, or None if any token is not an integer."""
    out = []
    for tok in split_tokens(content):
        value = parse_int(tok)
        if value is None:
            return None
        out.append(value)
    return out


def parse_number_tokens(content: str) -> list[Fraction] | None:
    out = []
    for tok in split_tokens(content):
        value = parse_number(tok)
        if value is None:
            return None
        out.append(value)
    return out


def reshape(flat: Sequence, rows: int, cols: int) -> list[list] | None:
    """Row-major list into a rows x cols grid, or None on a wrong count."""
    if len(flat) != rows * cols:
        return None
    return [list(flat[r * cols : (r + 1) * cols]) for r in range(rows)]


_COORD_PAIR = re.compile(r"\(\s*([+-]?\d+)\s*,\s*([+-]?\d+)\s*\)|\[\s*([+-]?\d+)\s*,\s*([+-]?\d+)\s*\]")


def parse_coordinate_pairs(content: str) -> list[tuple[int, int]] | None:
    """Integer pairs written `(r, c)`, `[r, c]`, or as a flat even-length run of integers."""
    pairs = [
        (int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))) for m in _COORD_PAIR.finditer(content)
    ]
    if pairs:
        rest = _COORD_PAIR.sub(" ", content)
        if split_tokens(rest):
            return None
        return pairs
    flat = parse_int_tokens(content)
    if flat is None or len(flat) % 2:
        return None
    return [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]


_WRAPPERS = (("[", "]"), ("(", ")"), ("{", "}"), ('"', '"'), ("'", "'"), ("`", "`"))


def unwrap_string(content: str) -> str:
    """A string answer with any number of surrounding quotes or brackets removed, whitespace stripped."""
    text = content.strip()
    changed = True
    while changed and len(text) >= 2:
        changed = False
        for left, right in _WRAPPERS:
            if text.startswith(left) and text.endswith(right):
                text = text[1:-1].strip()
                changed = True
                break
    return text
