"""PathPlan answers: a waypoint list `[(x0, y0), (x1, y1), ...]`, checked by an exact geometric
simulator (walls, forbidden regions, required regions with optional visit order).

All numbers are decimals, so every coordinate (of the answer and of the instance) is scaled by one
common power of ten into an integer; segment-rectangle clipping (Liang-Barsky) then works with integer
numerators and denominators only: exact, and much faster than Fractions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from symbench.checkers.answer import MAX_EXPONENT, MAX_TOKEN_CHARS
from symbench.instance import Verdict

MAX_POINTS = 1000
MIN_POINTS = 2
WALL = (7, 5)  # the free area is the open square (-7/5, 7/5)^2
ENDPOINT_TOLERANCE_DIGITS = 6  # |difference| <= 10**-6

_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_POINT = r"(?:\(\s*" + _NUM + r"\s*,\s*" + _NUM + r"\s*\)|\[\s*" + _NUM + r"\s*,\s*" + _NUM + r"\s*\])"
_LIST = re.compile(r"\s*\[\s*(?:" + _POINT + r"\s*(?:,\s*" + _POINT + r"\s*)*(?:,\s*)?)?\]\s*", re.ASCII)
_NUMS = r"(?:" + _NUM + r"\s*(?:,\s*" + _NUM + r"\s*)*(?:,\s*)?)?"
_ANY_POINT = r"(?:\(\s*" + _NUMS + r"\)|\[\s*" + _NUMS + r"\])"
_LOOSE = re.compile(
    r"\s*\[\s*(?:" + _ANY_POINT + r"\s*(?:,\s*" + _ANY_POINT + r"\s*)*(?:,\s*)?)?\]\s*", re.ASCII
)
_NUMBER = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?", re.ASCII)
_FIND = re.compile(_NUM, re.ASCII)

Decimal = tuple[int, int]  # (m, e): the value m * 10**e
Interval = tuple[int, int, int, int]  # [a_num / a_den, b_num / b_den], denominators > 0


def parse_decimal(token: str) -> Decimal | None:
    """A C3 decimal token (no fraction form) as an exact (mantissa, exponent) pair."""
    if len(token) > MAX_TOKEN_CHARS:
        return None
    m = _NUMBER.fullmatch(token.strip())
    if not m or not (m.group(2) or m.group(3)):
        return None
    sign, whole, frac, exp = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4)
    e = int(exp) if exp else 0
    if abs(e) > MAX_EXPONENT:
        return None
    mantissa = int(whole + frac)
    return (-mantissa if sign == "-" else mantissa), e - len(frac)


@functools.lru_cache(maxsize=4096)
def _instance_decimal(value: float | int) -> Decimal:
    """Instance numbers are stored as JSON numbers; their shortest repr is the exact decimal meant."""
    parsed = parse_decimal(repr(value) if isinstance(value, float) else str(value))
    if parsed is None:
        raise ValueError(f"not a finite decimal: {value!r}")
    return parsed


def parse_points(content: str) -> tuple[list[tuple[Decimal, Decimal]] | None, str]:
    """The waypoint list, or (None, reason)."""
    if not _LIST.fullmatch(content):
        return None, ("wrong_shape" if _LOOSE.fullmatch(content) else "unparseable")
    tokens = _FIND.findall(content)
    if len(tokens) // 2 > MAX_POINTS:
        return None, "wrong_shape"
    values = []
    for tok in tokens:
        d = parse_decimal(tok)
        if d is None:
            return None, "unparseable"
        values.append(d)
    points = [(values[i], values[i + 1]) for i in range(0, len(values), 2)]
    if len(points) < MIN_POINTS:
        return None, "wrong_shape"
    return points, "correct"


def _scaled(d: Decimal, k: int) -> int:
    m, e = d
    return m * 10 ** (e + k)


def clip(p: tuple[int, int], q: tuple[int, int], rect: Sequence[int]) -> Interval | None:
    """Parameters t in [0, 1] with p + t(q - p) in the closed rectangle (x0, x1, y0, y1), or None."""
    px, py = p
    qx, qy = q
    x0, x1, y0, y1 = rect
    if (px < x0 and qx < x0) or (px > x1 and qx > x1) or (py < y0 and qy < y0) or (py > y1 and qy > y1):
        return None
    lo_n, lo_d, hi_n, hi_d = 0, 1, 1, 1
    for start, delta, low, high in ((px, qx - px, x0, x1), (py, qy - py, y0, y1)):
        if delta == 0:
            if start < low or start > high:
                return None
            continue
        if delta > 0:
            enter, leave, den = low - start, high - start, delta
        else:
            enter, leave, den = start - high, start - low, -delta
        if enter * lo_d > lo_n * den:
            lo_n, lo_d = enter, den
        if leave * hi_d < hi_n * den:
            hi_n, hi_d = leave, den
    if lo_n * hi_d > hi_n * lo_d:
        return None
    return lo_n, lo_d, hi_n, hi_d


def ordered_visits(path: Sequence[tuple[int, int]], rects: Sequence[Sequence[int]]) -> int:
    """Greedy earliest matching of the regions in order; returns how many were matched (all = len)."""
    k, tau_n, tau_d = 0, 0, 1
    last = len(path) - 1
    for done, rect in enumerate(rects):
        while True:
            if k >= last:
                return done
            iv = clip(path[k], path[k + 1], rect)
            if iv is not None:
                a_n, a_d, b_n, b_d = iv
                if b_n * tau_d >= tau_n * b_d:
                    if a_n * tau_d > tau_n * a_d:
                        tau_n, tau_d = a_n, a_d
                    break
            k, tau_n, tau_d = k + 1, 0, 1
    return len(rects)


def check(puzzle: dict[str, Any], content: str) -> Verdict:
    points, reason = parse_points(content)
    if points is None:
        return Verdict.wrong(reason)
    names = {r["name"]: r["rect"] for r in puzzle["regions"]}
    start = [_instance_decimal(v) for v in puzzle["start"]]
    end = [_instance_decimal(v) for v in puzzle["end"]]
    required = [[_instance_decimal(v) for v in names[n]] for n in puzzle["required"]]
    forbidden = [[_instance_decimal(v) for v in names[n]] for n in puzzle["forbidden"]]
    everything = [d for pt in points for d in pt] + start + end + [d for r in required + forbidden for d in r]
    k = max(0, -min(e for _, e in everything))
    scale = 10**k
    path = [(_scaled(x, k), _scaled(y, k)) for x, y in points]
    parsed = {"points": len(points)}

    tol = 10 ** max(0, k - ENDPOINT_TOLERANCE_DIGITS) if k >= ENDPOINT_TOLERANCE_DIGITS else None
    for (px, py), target in ((path[0], start), (path[-1], end)):
        tx, ty = _scaled(target[0], k), _scaled(target[1], k)
        for diff in (abs(px - tx), abs(py - ty)):
            far = diff > tol if tol is not None else diff * 10 ** (ENDPOINT_TOLERANCE_DIGITS - k) > 1
            if far:
                return Verdict.wrong("rule_violation", parsed={**parsed, "failed": "endpoints"})

    wall_num, wall_den = WALL
    limit = wall_num * scale
    for x, y in path:
        if abs(x) * wall_den >= limit or abs(y) * wall_den >= limit:
            return Verdict.wrong("rule_violation", parsed={**parsed, "failed": "walls"})

    segments = list(zip(path, path[1:]))
    for name, rect in zip(puzzle["forbidden"], forbidden):
        box = [_scaled(v, k) for v in rect]
        for i, (p, q) in enumerate(segments):
            if clip(p, q, box) is not None:
                return Verdict.wrong(
                    "rule_violation",
                    parsed={**parsed, "failed": "forbidden", "region": name, "segment": i + 1},
                )

    boxes = [[_scaled(v, k) for v in rect] for rect in required]
    if puzzle["ordered"]:
        matched = ordered_visits(path, boxes)
        if matched < len(boxes):
            return Verdict.wrong(
                "wrong_value", parsed={**parsed, "failed": "order", "region": puzzle["required"][matched]}
            )
    else:
        for name, box in zip(puzzle["required"], boxes):
            if not any(clip(p, q, box) is not None for p, q in segments):
                return Verdict.wrong("wrong_value", parsed={**parsed, "failed": "required", "region": name})
    return Verdict.right(parsed=parsed)
