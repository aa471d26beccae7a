"""Competition-style geometry word problems with exact answers (math_geometry).

Each family draws integers, computes the answer exactly (Fractions and sympy objects built from
exact numbers, never floats), writes the problem text from the developers' own sentence templates,
and prints the gold with one canonical LaTeX printer. `steps` selects the variant (how many
sub-computations are chained); `max_value` bounds the drawn integers.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import sympy
from sympy import Rational, pi, sqrt

from symbench.errors import GenerationError

MAX_ATTEMPTS = 500
FAMILIES = (
    "polygon_area_coords",
    "pythagorean",
    "circle_measures",
    "polygon_angles",
    "triangle_angles",
    "similar_triangles",
    "solids",
    "coordinate_transform",
    "heron_triangle",
    "distance_midpoint",
    "arc_sector",
)
UNITS = ("cm", "m", "inches", "feet", "units")
NAMES = ("Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Keiko", "Liam")
DIVISORS_OF_360 = tuple(d for d in range(1, 360) if 360 % d == 0)


class Reject(Exception):
    """This draw is unusable (degenerate, zero, tie); the caller draws again."""


@dataclasses.dataclass
class Problem:
    variant: str
    params: dict[str, Any]
    text: str
    value: Any  # a sympy number, or a tuple of them for a pair
    shape: str  # "number", "pair", "degrees"
    steps: list[str]


# ============================================================================ canonical printer
def _terms(expr: sympy.Expr) -> dict[tuple[int, int], Fraction]:
    """`expr` as {(radicand, power of pi): rational coefficient}; radicands square-free."""
    out: dict[tuple[int, int], Fraction] = {}
    for term in sympy.Add.make_args(sympy.expand(expr)):
        coeff, rest = term.as_coeff_Mul()
        if not coeff.is_Rational:
            raise ValueError(f"not an exact term: {term}")
        radicand, pi_power = 1, 0
        for factor in sympy.Mul.make_args(rest):
            if factor == 1:
                continue
            if factor == pi:
                pi_power += 1
            elif factor.is_Pow and factor.exp == Rational(1, 2) and factor.base.is_Integer:
                radicand *= int(factor.base)
            else:
                raise ValueError(f"cannot print {term} canonically")
        key = (radicand, pi_power)
        out[key] = out.get(key, Fraction(0)) + Fraction(int(coeff.p), int(coeff.q))
    return {k: v for k, v in out.items() if v != 0}


def _term_latex(coeff: Fraction, radicand: int, pi_power: int) -> str:
    p, q = abs(coeff.numerator), coeff.denominator
    root = f"\\sqrt{{{radicand}}}" if radicand > 1 else ""
    tail = "\\pi" if pi_power == 1 else (f"\\pi^{{{pi_power}}}" if pi_power > 1 else "")
    if not root and not tail:
        return str(p) if q == 1 else f"\\frac{{{p}}}{{{q}}}"
    lead = "" if p == 1 else str(p)
    if q == 1:
        return f"{lead}{root}{tail}"
    if root:
        return f"\\frac{{{lead}{root}}}{{{q}}}{tail}"
    return f"\\frac{{{p}}}{{{q}}}{tail}"


def latex(value: Any) -> str:
    """Canonical LaTeX: integers plain, `\\frac{p}{q}` reduced, `a\\sqrt{b}` square-free, pi last in
    each term; pi terms first, then radicals, then the rational part (`\\frac{27}{2}\\pi - 9\\sqrt{3}`)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(latex(v) for v in value) + ")"
    terms = _terms(_q(value) if isinstance(value, Fraction) else value)
    if not terms:
        return "0"
    order = sorted(terms, key=lambda k: (-k[1], k[0] == 1, k[0]))
    out = ""
    for i, key in enumerate(order):
        coeff = terms[key]
        body = _term_latex(coeff, *key)
        if i == 0:
            out = ("-" if coeff < 0 else "") + body
        else:
            out += (" - " if coeff < 0 else " + ") + body
    return out


def _pt(p: tuple[int, int]) -> str:
    return f"({p[0]}, {p[1]})"


def _q(x: Fraction) -> sympy.Rational:
    return sympy.Rational(x.numerator, x.denominator)


# ============================================================================ geometry helpers
def _cross(o: tuple[int, int], a: tuple[int, int], b: tuple[int, int]) -> int:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def shoelace(points: list[tuple[int, int]]) -> Fraction:
    total = 0
    for i, p in enumerate(points):
        q = points[(i + 1) % len(points)]
        total += p[0] * q[1] - q[0] * p[1]
    return Fraction(abs(total), 2)


def _segments_cross(a, b, c, d) -> bool:
    """Closed segments ab and cd share a point."""

    def on(p, q, r):
        return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])

    d1, d2, d3, d4 = _cross(c, d, a), _cross(c, d, b), _cross(a, b, c), _cross(a, b, d)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return (
        (d1 == 0 and on(c, a, d))
        or (d2 == 0 and on(c, b, d))
        or (d3 == 0 and on(a, c, b))
        or (d4 == 0 and on(a, d, b))
    )


def is_simple(points: list[tuple[int, int]]) -> bool:
    """No repeated vertex, no straight angle, no two non-adjacent edges touching."""
    n = len(points)
    if len(set(points)) != n:
        return False
    for i in range(n):
        if _cross(points[i - 1], points[i], points[(i + 1) % n]) == 0:
            return False
    edges = [(points[i], points[(i + 1) % n]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue
            if _segments_cross(*edges[i], *edges[j]):
                return False
    return True


def _angle_key(c: tuple[Fraction, Fraction]):
    """Sort key for the exact polar angle of a point around c (counterclockwise from the +x axis)."""

    def key(p):
        dx, dy = p[0] - c[0], p[1] - c[1]
        half = 0 if (dy > 0 or (dy == 0 and dx > 0)) else 1
        # within a half plane, order by the cross product: compare via cotangent-like fraction
        return (half, _PolarKey(dx, dy))

    return key


@dataclasses.dataclass(frozen=True)
class _PolarKey:
    dx: Fraction
    dy: Fraction

    def __lt__(self, other: _PolarKey) -> bool:
        return self.dx * other.dy - self.dy * other.dx > 0


def convex_hull(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Counterclockwise hull without collinear points (monotone chain)."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts
    lower: list[tuple[int, int]] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[int, int]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def strictly_inside_convex(p: tuple[int, int], hull: list[tuple[int, int]]) -> bool:
    return all(_cross(hull[i], hull[(i + 1) % len(hull)], p) > 0 for i in range(len(hull)))


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _polygon_name(n: int) -> str:
    return {3: "triangle", 4: "quadrilateral", 5: "pentagon", 6: "hexagon", 7: "heptagon", 8: "octagon"}[n]


def _labelled(points: list[tuple[int, int]], start: int = 0) -> str:
    labels = [chr(ord("A") + start + i) for i in range(len(points))]
    parts = [f"{lab}{_pt(p)}" for lab, p in zip(labels, points)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _random_polygon(n: int, half: int, rng: random.Random) -> list[tuple[int, int]]:
    points = set()
    while len(points) < n:
        points.add((rng.randint(-half, half), rng.randint(-half, half)))
    pts = sorted(points)
    cx = Fraction(sum(p[0] for p in pts), n)
    cy = Fraction(sum(p[1] for p in pts), n)
    ordered = sorted(pts, key=_angle_key((cx, cy)))
    start = rng.randrange(n)
    ordered = ordered[start:] + ordered[:start]
    if not is_simple(ordered):
        raise Reject("not a simple polygon")
    return ordered


# ============================================================================ families
def polygon_area_coords(steps: int, m: int, rng: random.Random) -> Problem:
    half = max(3, m // 2)
    nested = steps >= 4 and rng.random() < 0.4
    if not nested:
        n = {1: 3, 2: 4, 3: 5, 4: rng.choice((6, 7)), 5: 8}[steps]
        points = _random_polygon(n, half, rng)
        area = shoelace(points)
        name = _polygon_name(n)
        opening = rng.choice(
            (
                f"The vertices of {_a(name)}, listed in order around it, are {_labelled(points)}.",
                f"{_a(name).capitalize()} is drawn in the coordinate plane with consecutive vertices {_labelled(points)}.",
            )
        )
        text = f"{opening} What is the area of the {name}, in square units?"
        return Problem(
            f"{name}",
            {"vertices": [list(p) for p in points]},
            text,
            _q(area),
            "number",
            [f"shoelace over {n} vertices: area = {area}"],
        )
    k = 5 if steps == 5 else 4
    outer = convex_hull([(rng.randint(-half, half), rng.randint(-half, half)) for _ in range(3 * k)])
    if len(outer) < k:
        raise Reject("hull too small")
    if len(outer) > k:
        outer = [outer[i] for i in sorted(rng.sample(range(len(outer)), k))]
    if not is_simple(outer):
        raise Reject("degenerate hull")
    inner = []
    for _ in range(3):
        inner.append((rng.randint(-half, half), rng.randint(-half, half)))
    if len(set(inner)) < 3 or _cross(*inner) == 0:
        raise Reject("degenerate triangle")
    if not all(strictly_inside_convex(p, outer) for p in inner):
        raise Reject("triangle not inside")
    outer_area, inner_area = shoelace(outer), shoelace(inner)
    area = outer_area - inner_area
    name = _polygon_name(k)
    text = (
        f"{_a(name).capitalize()} has consecutive vertices {_labelled(outer)}. A triangle with vertices "
        f"{_labelled(inner, start=k)} lies inside it. What is the area of the region that is inside "
        f"the {name} but outside the triangle, in square units?"
    )
    return Problem(
        f"nested_{name}",
        {"vertices": [list(p) for p in outer], "inner": [list(p) for p in inner]},
        text,
        _q(area),
        "number",
        [f"outer area = {outer_area}", f"triangle area = {inner_area}", f"difference = {area}"],
    )


@functools.lru_cache(maxsize=64)
def _triples(limit: int) -> tuple[tuple[int, int, int], ...]:
    """Every Pythagorean triple (a < b < c) with c <= limit, from Euclid's formula."""
    out = set()
    m = 2
    while m * m + 1 <= limit:
        for n in range(1, m):
            if (m - n) % 2 == 1 and math.gcd(m, n) == 1:
                a, b, c = m * m - n * n, 2 * m * n, m * m + n * n
                k = 1
                while k * c <= limit:
                    out.add(tuple(sorted((k * a, k * b))) + (k * c,))
                    k += 1
        m += 1
    return tuple(sorted(out))


def pythagorean(steps: int, m: int, rng: random.Random) -> Problem:
    unit = rng.choice(UNITS)
    if steps == 1:
        triples = _triples(max(m, 5))
        a, b, c = rng.choice(triples)
        if rng.random() < 0.5 and c <= m:
            a, b = rng.sample((a, b), 2)
            text = (
                f"A right triangle has a hypotenuse of {c} {unit} and one leg of {a} {unit}. "
                f"How long is the other leg, in {unit}?"
            )
            return Problem("missing_leg", {"leg": a, "hypotenuse": c}, text, sympy.Integer(b), "number", [])
        text = f"The legs of a right triangle measure {a} {unit} and {b} {unit}. How long is its hypotenuse?"
        return Problem(
            "hypotenuse", {"legs": [a, b]}, text, sympy.Integer(c), "number", [f"{a}^2+{b}^2={c}^2"]
        )
    if steps == 2:
        if rng.random() < 0.5:
            a, b = rng.randint(1, m), rng.randint(1, m)
            value = sqrt(a * a + b * b)
            if value.is_Integer:
                raise Reject("a triple")
            text = (
                f"A right triangle has legs of length {a} and {b} {unit}. What is the length of its "
                f"hypotenuse? Express your answer in simplest radical form."
            )
            return Problem(
                "hypotenuse_radical", {"legs": [a, b]}, text, value, "number", [f"c^2 = {a * a + b * b}"]
            )
        c = rng.randint(2, m)
        a = rng.randint(1, c - 1)
        value = sqrt(c * c - a * a)
        if value.is_Integer:
            raise Reject("a triple")
        text = (
            f"The hypotenuse of a right triangle is {c} {unit} long and one of its legs is {a} {unit} long. "
            f"Find the length of the other leg in simplest radical form."
        )
        return Problem(
            "leg_radical", {"leg": a, "hypotenuse": c}, text, value, "number", [f"b^2 = {c * c - a * a}"]
        )
    if steps == 3:
        a, b = rng.randint(1, m), rng.randint(1, m)
        c = sqrt(a * a + b * b)
        if rng.random() < 0.5:
            value = sympy.Integer(a * b) / c
            text = (
                f"In right triangle $ABC$, the right angle is at $C$, $AC = {a}$ and $BC = {b}$. "
                f"What is the length of the altitude from $C$ to the hypotenuse $AB$?"
            )
            return Problem("altitude", {"legs": [a, b]}, text, value, "number", [f"AB = {c}", "h = AC*BC/AB"])
        value = sympy.Integer(a * a) / c
        text = (
            f"In right triangle $ABC$ with the right angle at $C$, $AC = {a}$ and $BC = {b}$. The altitude "
            f"from $C$ meets the hypotenuse at $D$. What is the length of $AD$?"
        )
        return Problem(
            "hypotenuse_segment", {"legs": [a, b]}, text, value, "number", [f"AB = {c}", "AD = AC^2/AB"]
        )
    if steps == 4:
        dims = [rng.randint(1, m) for _ in range(3)]
        value = sqrt(sum(d * d for d in dims))
        text = (
            f"A rectangular box measures {dims[0]} {unit} by {dims[1]} {unit} by {dims[2]} {unit}. What is "
            f"the length of a diagonal joining two opposite corners through the inside of the box?"
        )
        return Problem(
            "space_diagonal", {"dims": dims}, text, value, "number", [f"d^2 = {sum(d * d for d in dims)}"]
        )
    dims = sorted(rng.randint(1, m) for _ in range(3))
    a, b, c = dims
    best = min((a + b) ** 2 + c * c, (a + c) ** 2 + b * b, (b + c) ** 2 + a * a)
    value = sqrt(best)
    text = (
        f"A closed rectangular box measures {a} {unit} by {b} {unit} by {c} {unit}. An ant crawls along the "
        f"outside surface of the box from one corner to the opposite corner (the corner farthest from "
        f"it). What is the length of the shortest possible path?"
    )
    return Problem(
        "surface_path", {"dims": dims}, text, value, "number", [f"unfold: ({a}+{b})^2+{c}^2 = {best}"]
    )


def circle_measures(steps: int, m: int, rng: random.Random) -> Problem:
    unit = rng.choice(UNITS)
    if steps == 1:
        r = rng.randint(1, m)
        by_diameter = rng.random() < 0.5
        ask_area = rng.random() < 0.5
        given = f"a diameter of {r} {unit}" if by_diameter else f"a radius of {r} {unit}"
        radius = Rational(r, 2) if by_diameter else sympy.Integer(r)
        if ask_area:
            value = pi * radius**2
            text = f"A circle has {given}. What is its area? Express your answer in terms of $\\pi$."
        else:
            value = 2 * pi * radius
            text = f"A circle has {given}. What is its circumference? Express your answer in terms of $\\pi$."
        variant = ("area" if ask_area else "circumference") + (
            "_from_diameter" if by_diameter else "_from_radius"
        )
        return Problem(variant, {"given": r}, text, value, "number", [f"r = {radius}"])
    if steps == 2:
        chord, dist = rng.randint(1, m), rng.randint(1, m)
        r2 = Rational(chord * chord, 4) + dist * dist
        text = (
            f"A chord of length {chord} {unit} lies at a distance of {dist} {unit} from the centre of a circle. "
            f"What is the area of the circle? Express your answer in terms of $\\pi$."
        )
        return Problem(
            "area_from_chord", {"chord": chord, "distance": dist}, text, pi * r2, "number", [f"r^2 = {r2}"]
        )
    s = rng.randint(1, m)
    polygon = rng.choice(
        ("square", "equilateral triangle")
        if steps < 4
        else ("square", "equilateral triangle", "regular hexagon")
    )
    r_in2 = {
        "square": Rational(s * s, 4),
        "equilateral triangle": Rational(s * s, 12),
        "regular hexagon": Rational(3 * s * s, 4),
    }[polygon]
    r_out2 = {
        "square": Rational(s * s, 2),
        "equilateral triangle": Rational(s * s, 3),
        "regular hexagon": sympy.Integer(s * s),
    }[polygon]
    if steps == 3:
        inscribed = rng.random() < 0.5
        r2 = r_in2 if inscribed else r_out2
        where = "inscribed in" if inscribed else "circumscribed about"
        if rng.random() < 0.6:
            value = pi * r2
            ask = "the area of the circle"
        else:
            value = 2 * pi * sqrt(r2)
            ask = "the circumference of the circle"
        text = (
            f"A circle is {where} {_a(polygon)} with side length {s} {unit}. What is {ask}? Express your answer "
            f"in simplest form in terms of $\\pi$."
        )
        variant = ("inscribed" if inscribed else "circumscribed") + (
            "_area" if "area" in ask else "_circumference"
        )
        return Problem(variant, {"polygon": polygon, "side": s}, text, value, "number", [f"r^2 = {r2}"])
    if steps == 4:
        value = pi * (r_out2 - r_in2)
        text = (
            f"{_a(polygon).capitalize()} has side length {s} {unit}. One circle is inscribed in it and another is "
            f"circumscribed about it. What is the area of the ring between the two circles? Express your "
            f"answer in terms of $\\pi$."
        )
        return Problem(
            "annulus",
            {"polygon": polygon, "side": s},
            text,
            value,
            "number",
            [f"R^2 - r^2 = {r_out2 - r_in2}"],
        )
    poly_area = {
        "square": sympy.Integer(s * s),
        "equilateral triangle": sqrt(3) * s * s / 4,
        "regular hexagon": 3 * sqrt(3) * s * s / 2,
    }[polygon]
    value = pi * r_out2 - poly_area
    text = (
        f"{_a(polygon).capitalize()} with side length {s} {unit} is inscribed in a circle. What is the area of the part of "
        f"the disk that lies outside the {polygon}? Express your answer in simplest form in terms of $\\pi$."
    )
    return Problem(
        "outside_polygon",
        {"polygon": polygon, "side": s},
        text,
        value,
        "number",
        [f"R^2 = {r_out2}", f"polygon area = {poly_area}"],
    )


def polygon_angles(steps: int, m: int, rng: random.Random) -> Problem:
    top = max(6, m)
    if steps == 1:
        n = rng.randint(3, top)
        if rng.random() < 0.5:
            value = Rational(180 * (n - 2), n)
            text = f"What is the measure, in degrees, of each interior angle of a regular polygon with {n} sides?"
            return Problem("interior_angle", {"n": n}, text, value, "degrees", [f"180({n}-2)/{n}"])
        value = Rational(360, n)
        text = f"What is the measure, in degrees, of each exterior angle of a regular polygon with {n} sides?"
        return Problem("exterior_angle", {"n": n}, text, value, "degrees", [f"360/{n}"])
    if steps == 2:
        choices = [d for d in DIVISORS_OF_360 if 3 <= d <= max(top, 12)]
        n = rng.choice(choices)
        if rng.random() < 0.5:
            angle = 180 - 360 // n
            text = f"Each interior angle of a regular polygon measures {angle} degrees. How many sides does the polygon have?"
            return Problem(
                "sides_from_interior",
                {"angle": angle},
                text,
                sympy.Integer(n),
                "number",
                [f"exterior = {360 // n}"],
            )
        angle = 360 // n
        text = f"Each exterior angle of a regular polygon measures {angle} degrees. How many sides does the polygon have?"
        return Problem(
            "sides_from_exterior", {"angle": angle}, text, sympy.Integer(n), "number", [f"n = 360/{angle}"]
        )
    if steps == 3:
        n = rng.randint(4, min(8, max(4, m // 2)))
        missing = rng.randint(40, 175)
        rest = 180 * (n - 2) - missing
        mean = rest // (n - 1)
        angles = [rng.randint(max(40, mean - 25), min(179, mean + 25)) for _ in range(n - 2)]
        angles.append(rest - sum(angles))
        if not 40 <= angles[-1] <= 179:
            raise Reject("last angle out of range")
        listed = ", ".join(str(a) for a in angles[:-1]) + f" and {angles[-1]}"
        text = (
            f"A convex {_polygon_name(n)} has {n - 1} of its interior angles measuring {listed} degrees. "
            f"What is the measure, in degrees, of its remaining interior angle?"
        )
        return Problem(
            "missing_angle",
            {"n": n, "angles": angles},
            text,
            sympy.Integer(missing),
            "degrees",
            [f"sum = {180 * (n - 2)}"],
        )
    n = rng.randint(5, max(6, min(top, 24)))
    if steps == 4:
        i, j = sorted(rng.sample(range(2, n + 1), 2))
        value = Rational(180 * (j - i), n)
        text = (
            f"Let $P_1P_2\\ldots P_{{{n}}}$ be a regular polygon with {n} vertices labelled in order. "
            f"What is the measure, in degrees, of angle $P_{{{i}}}P_1P_{{{j}}}$?"
        )
        return Problem(
            "inscribed_angle", {"n": n, "i": i, "j": j}, text, value, "degrees", [f"arc = {j - i} steps"]
        )
    for _ in range(50):
        b, a, c = sorted(rng.sample(range(1, n), 3))
        if a >= 2 and a <= n - 2 and c - b >= 2 and b + n - c >= 2:
            break
    else:
        raise Reject("no crossing diagonals")
    value = Rational(180 * (b + c - a), n)
    text = (
        f"Let $P_1P_2\\ldots P_{{{n}}}$ be a regular polygon with {n} vertices labelled in order. Diagonals "
        f"$P_1P_{{{a + 1}}}$ and $P_{{{b + 1}}}P_{{{c + 1}}}$ intersect at a point $X$ inside the polygon. What is "
        f"the measure, in degrees, of angle $P_1XP_{{{b + 1}}}$?"
    )
    return Problem(
        "crossing_diagonals",
        {"n": n, "a": a, "b": b, "c": c},
        text,
        value,
        "degrees",
        ["half the sum of the intercepted arcs"],
    )


def triangle_angles(steps: int, m: int, rng: random.Random) -> Problem:
    spread = max(20, min(170, 10 * m))
    if steps == 1:
        a, b = rng.randint(10, spread), rng.randint(10, spread)
        if a + b >= 175:
            raise Reject("too large")
        text = (
            f"In triangle $ABC$, angle $A$ measures {a} degrees and angle $B$ measures {b} degrees. "
            f"How many degrees are in angle $C$?"
        )
        return Problem("third_angle", {"A": a, "B": b}, text, sympy.Integer(180 - a - b), "degrees", [])
    if steps == 2:
        if rng.random() < 0.5:
            v = rng.randint(10, min(170, spread))
            text = (
                f"Triangle $ABC$ is isosceles with $AB = AC$, and angle $A$ measures {v} degrees. What is the "
                f"measure, in degrees, of angle $B$?"
            )
            return Problem("base_angle", {"A": v}, text, Rational(180 - v, 2), "degrees", [f"(180-{v})/2"])
        b = rng.randint(10, min(89, spread))
        text = (
            f"Triangle $ABC$ is isosceles with $AB = AC$, and angle $B$ measures {b} degrees. What is the "
            f"measure, in degrees, of angle $A$?"
        )
        return Problem("vertex_angle", {"B": b}, text, sympy.Integer(180 - 2 * b), "degrees", [f"180-2*{b}"])
    if steps == 3:
        a, b = rng.randint(10, spread), rng.randint(10, spread)
        if a + b >= 175:
            raise Reject("too large")
        text = (
            f"In triangle $ABC$, side $BC$ is extended past $C$ to a point $D$. Angle $ACD$ measures {a + b} "
            f"degrees and angle $A$ measures {a} degrees. What is the measure, in degrees, of angle $B$?"
        )
        return Problem(
            "exterior_angle", {"exterior": a + b, "A": a}, text, sympy.Integer(b), "degrees", [f"{a + b}-{a}"]
        )
    if steps == 4:
        if rng.random() < 0.5:
            x, y = rng.randint(10, spread), rng.randint(10, spread)
            if x + y >= 170:
                raise Reject("too large")
            a = 180 - x - y
            value = 180 - x - Rational(a, 2)
            text = (
                f"In triangle $ABC$, angle $B$ measures {x} degrees and angle $C$ measures {y} degrees. The "
                f"bisector of angle $A$ meets side $BC$ at $D$. What is the measure, in degrees, of angle $ADB$?"
            )
            return Problem(
                "bisector", {"B": x, "C": y}, text, value, "degrees", [f"A = {a}", f"ADB = 180-{x}-{a}/2"]
            )
        x, y = rng.randint(10, min(89, spread)), rng.randint(10, min(89, spread))
        if x == y or x + y <= 90:
            raise Reject("need an acute triangle with B != C")
        value = Rational(abs(x - y), 2)
        text = (
            f"In acute triangle $ABC$, angle $B$ measures {x} degrees and angle $C$ measures {y} degrees. "
            f"What is the measure, in degrees, of the angle between the altitude from $A$ and the bisector "
            f"of angle $A$?"
        )
        return Problem("altitude_bisector", {"B": x, "C": y}, text, value, "degrees", ["|B - C|/2"])
    if rng.random() < 0.5:
        a = rng.randint(5, 59)
        text = (
            f"Triangle $ABC$ has $AB = AC$ and angle $A$ measuring {a} degrees. Point $D$ lies on side $AC$ "
            f"so that $BD = BC$. What is the measure, in degrees, of angle $ABD$?"
        )
        return Problem(
            "isosceles_chain", {"A": a}, text, Rational(180 - 3 * a, 2), "degrees", ["B = C = BDC", "DBC = A"]
        )
    a = rng.randint(61, 175)
    text = (
        f"Triangle $ABC$ has $AB = AC$ and angle $BAC$ measuring {a} degrees. Point $D$ lies on side $BC$ so "
        f"that $AD = BD$. What is the measure, in degrees, of angle $DAC$?"
    )
    return Problem(
        "isosceles_split", {"A": a}, text, Rational(3 * a - 180, 2), "degrees", ["BAD = B", "DAC = A - B"]
    )


def similar_triangles(steps: int, m: int, rng: random.Random) -> Problem:
    unit = rng.choice(("feet", "meters"))
    if steps == 1:
        h, s, t = rng.randint(1, m), rng.randint(1, m), rng.randint(1, m)
        if s == t:
            raise Reject("same shadow")
        name = rng.choice(NAMES)
        thing = rng.choice(("tree", "flagpole", "lamp post", "building"))
        text = (
            f"{name} is {h} {unit} tall and casts a shadow {s} {unit} long. At the same moment a nearby {thing} "
            f"casts a shadow {t} {unit} long. How tall is the {thing}, in {unit}?"
        )
        return Problem(
            "shadow", {"height": h, "shadow": s, "other_shadow": t}, text, Rational(h * t, s), "number", []
        )
    if steps == 2:
        p, q, r = rng.randint(1, m), rng.randint(1, m), rng.randint(1, m)
        text = (
            f"In triangle $ABC$, points $D$ and $E$ lie on sides $AB$ and $AC$ with $DE$ parallel to $BC$. "
            f"If $AD = {p}$, $DB = {q}$ and $BC = {r}$, what is the length of $DE$?"
        )
        return Problem(
            "parallel_cut", {"AD": p, "DB": q, "BC": r}, text, Rational(r * p, p + q), "number", []
        )
    if steps == 3:
        k, mm, n = rng.randint(1, m), rng.randint(1, m), rng.randint(1, m)
        if n <= mm:
            raise Reject("no positive solution")
        text = (
            f"In triangle $ABC$, points $D$ and $E$ lie on sides $AB$ and $AC$ with $DE$ parallel to $BC$. "
            f"If $AD = x$, $DB = x + {k}$, $AE = {mm}$ and $EC = {n}$, what is $x$?"
        )
        return Problem(
            "unknown_segment",
            {"k": k, "AE": mm, "EC": n},
            text,
            Rational(mm * k, n - mm),
            "number",
            [f"x/(x+{k}) = {mm}/{n}"],
        )
    p, q, area = rng.randint(1, m), rng.randint(1, m), rng.randint(1, 10 * m)
    ratio = Rational(p, p + q) ** 2
    if steps == 4:
        text = (
            f"In triangle $ABC$ with area {area} square {unit}, points $D$ and $E$ lie on sides $AB$ and "
            f"$AC$ with $DE$ parallel to $BC$ and $AD:DB = {p}:{q}$. What is the area of triangle $ADE$?"
        )
        return Problem(
            "small_area", {"p": p, "q": q, "area": area}, text, area * ratio, "number", [f"ratio^2 = {ratio}"]
        )
    text = (
        f"In triangle $ABC$ with area {area} square {unit}, points $D$ and $E$ lie on sides $AB$ and $AC$ "
        f"with $DE$ parallel to $BC$ and $AD:DB = {p}:{q}$. What is the area of the trapezoid $DBCE$?"
    )
    return Problem(
        "trapezoid_area",
        {"p": p, "q": q, "area": area},
        text,
        area * (1 - ratio),
        "number",
        [f"ratio^2 = {ratio}"],
    )


def solids(steps: int, m: int, rng: random.Random) -> Problem:
    unit = rng.choice(("cm", "m", "inches", "feet"))
    if steps == 1:
        length, w, h = (rng.randint(1, m) for _ in range(3))
        if rng.random() < 0.5:
            text = f"A rectangular box is {length} {unit} long, {w} {unit} wide and {h} {unit} high. What is its volume?"
            return Problem(
                "box_volume", {"dims": [length, w, h]}, text, sympy.Integer(length * w * h), "number", []
            )
        text = (
            f"A closed rectangular box is {length} {unit} long, {w} {unit} wide and {h} {unit} high. What is its "
            f"total surface area?"
        )
        return Problem(
            "box_surface",
            {"dims": [length, w, h]},
            text,
            sympy.Integer(2 * (length * w + length * h + w * h)),
            "number",
            [],
        )
    r, h = rng.randint(1, m), rng.randint(1, m)
    tail = " Express your answer in terms of $\\pi$."
    if steps == 2:
        kind = rng.choice(("cylinder", "cone", "sphere", "sphere_surface", "cylinder_surface"))
        if kind == "cylinder":
            text = f"A right circular cylinder has radius {r} {unit} and height {h} {unit}. What is its volume?{tail}"
            return Problem(kind, {"r": r, "h": h}, text, pi * r * r * h, "number", [])
        if kind == "cone":
            text = f"A right circular cone has base radius {r} {unit} and height {h} {unit}. What is its volume?{tail}"
            return Problem(kind, {"r": r, "h": h}, text, pi * Rational(r * r * h, 3), "number", [])
        if kind == "sphere":
            text = f"What is the volume of a sphere with radius {r} {unit}?{tail}"
            return Problem(kind, {"r": r}, text, pi * Rational(4 * r**3, 3), "number", [])
        if kind == "sphere_surface":
            text = f"What is the surface area of a sphere with radius {r} {unit}?{tail}"
            return Problem(kind, {"r": r}, text, 4 * pi * r * r, "number", [])
        text = (
            f"A closed right circular cylinder has radius {r} {unit} and height {h} {unit}. What is its total "
            f"surface area, including both ends?{tail}"
        )
        return Problem(kind, {"r": r, "h": h}, text, 2 * pi * r * r + 2 * pi * r * h, "number", [])
    if steps == 3:
        kind = rng.choice(("pyramid", "cube_from_surface", "sphere_from_surface"))
        if kind == "pyramid":
            s = rng.randint(1, m)
            text = (
                f"A pyramid has a square base with side length {s} {unit}, and its apex is {h} {unit} above the "
                f"base. What is the volume of the pyramid?"
            )
            return Problem(kind, {"side": s, "h": h}, text, Rational(s * s * h, 3), "number", [])
        if kind == "cube_from_surface":
            k = rng.randint(1, m)
            text = f"The total surface area of a cube is {6 * k * k} square {unit}. What is its volume, in cubic {unit}?"
            return Problem(kind, {"surface": 6 * k * k}, text, sympy.Integer(k**3), "number", [f"edge = {k}"])
        text = (
            f"The surface area of a sphere is ${4 * r * r}\\pi$ square {unit}. What is its volume, in cubic "
            f"{unit}?{tail}"
        )
        return Problem(
            kind, {"surface_over_pi": 4 * r * r}, text, pi * Rational(4 * r**3, 3), "number", [f"r = {r}"]
        )
    if steps == 4:
        if rng.random() < 0.5:
            text = (
                f"A capsule is a right circular cylinder of radius {r} {unit} and length {h} {unit} with a "
                f"hemisphere of the same radius attached to each end. What is the volume of the capsule?{tail}"
            )
            return Problem(
                "capsule", {"r": r, "h": h}, text, pi * r * r * h + pi * Rational(4 * r**3, 3), "number", []
            )
        h2 = rng.randint(1, m)
        text = (
            f"A solid consists of a right circular cylinder of radius {r} {unit} and height {h} {unit} with a "
            f"cone of the same base radius and height {h2} {unit} placed on top. What is its volume?{tail}"
        )
        return Problem(
            "cone_on_cylinder",
            {"r": r, "h": h, "cone_h": h2},
            text,
            pi * r * r * h + pi * Rational(r * r * h2, 3),
            "number",
            [],
        )
    if rng.random() < 0.5:
        big = rng.randint(2, max(2, m))
        small = rng.randint(1, big - 1)
        text = (
            f"A frustum of a right circular cone has a bottom radius of {big} {unit}, a top radius of {small} "
            f"{unit} and a height of {h} {unit}. What is its volume?{tail}"
        )
        value = pi * Rational(h * (big * big + big * small + small * small), 3)
        return Problem("frustum", {"R": big, "r": small, "h": h}, text, value, "number", [])
    big = rng.randint(2, max(2, m))
    small = rng.randint(1, big - 1)
    text = (
        f"A cylindrical tank with an inner radius of {big} {unit} is partly filled with water. A solid metal "
        f"ball of radius {small} {unit} is dropped in and sinks completely under the water without any water "
        f"spilling. By how many {unit} does the water level rise?"
    )
    return Problem(
        "water_rise", {"R": big, "r": small}, text, Rational(4 * small**3, 3 * big * big), "number", []
    )


_TRANSFORMS = (
    "translate",
    "reflect_x",
    "reflect_y",
    "reflect_yx",
    "rotate_ccw",
    "rotate_cw",
    "rotate_180",
    "dilate",
)


def apply_transform(t: list, p: tuple[int, int]) -> tuple[int, int]:
    x, y = p
    kind = t[0]
    if kind == "translate":
        return (x + t[1], y + t[2])
    if kind == "reflect_x":
        return (x, -y)
    if kind == "reflect_y":
        return (-x, y)
    if kind == "reflect_yx":
        return (y, x)
    if kind == "rotate_ccw":
        return (-y, x)
    if kind == "rotate_cw":
        return (y, -x)
    if kind == "rotate_180":
        return (-x, -y)
    if kind == "dilate":
        return (t[1] * x, t[1] * y)
    raise ValueError(kind)


def _transform_text(t: list) -> str:
    kind = t[0]
    if kind == "translate":
        dx, dy = t[1], t[2]
        parts = []
        if dx:
            parts.append(f"{abs(dx)} unit{'s' if abs(dx) != 1 else ''} {'right' if dx > 0 else 'left'}")
        if dy:
            parts.append(f"{abs(dy)} unit{'s' if abs(dy) != 1 else ''} {'up' if dy > 0 else 'down'}")
        return "translated " + " and ".join(parts)
    return {
        "reflect_x": "reflected over the $x$-axis",
        "reflect_y": "reflected over the $y$-axis",
        "reflect_yx": "reflected over the line $y = x$",
        "rotate_ccw": "rotated $90^\\circ$ counterclockwise about the origin",
        "rotate_cw": "rotated $90^\\circ$ clockwise about the origin",
        "rotate_180": "rotated $180^\\circ$ about the origin",
    }.get(kind) or f"dilated with centre $(0, 0)$ and scale factor {t[1]}"


def coordinate_transform(steps: int, m: int, rng: random.Random) -> Problem:
    half = max(3, m // 2)
    chain: list[list] = []
    undo = {"rotate_ccw": "rotate_cw", "rotate_cw": "rotate_ccw"}
    for _ in range(steps):
        kind = rng.choice(_TRANSFORMS)
        while chain and kind in (chain[-1][0], undo.get(chain[-1][0])):
            kind = rng.choice(_TRANSFORMS)  # no step that repeats or undoes the previous one
        if kind == "translate":
            dx, dy = rng.randint(-half, half), rng.randint(-half, half)
            if dx == 0 and dy == 0:
                dx = 1
            chain.append([kind, dx, dy])
        elif kind == "dilate":
            chain.append([kind, rng.randint(2, 3)])
        else:
            chain.append([kind])
    described = "; then it is ".join(_transform_text(t) for t in chain)
    if rng.random() < 0.5:
        p = (rng.randint(-half, half), rng.randint(-half, half))
        q = p
        for t in chain:
            q = apply_transform(t, q)
        text = (
            f"The point $P{_pt(p)}$ is {described}. What are the coordinates of the final image of $P$? "
            f"Give your answer as an ordered pair."
        )
        return Problem(
            "point",
            {"point": list(p), "chain": chain},
            text,
            (sympy.Integer(q[0]), sympy.Integer(q[1])),
            "pair",
            [],
        )
    side = 2 * rng.randint(1, max(1, half // 2))
    centre = (rng.randint(-half, half), rng.randint(-half, half))
    h = side // 2
    corners = [(centre[0] + dx, centre[1] + dy) for dx in (-h, h) for dy in (-h, h)]
    images = []
    for c in corners:
        for t in chain:
            c = apply_transform(t, c)
        images.append(c)
    dists = sorted(((x * x + y * y), (x, y)) for x, y in images)
    if dists[-1][0] == dists[-2][0]:
        raise Reject("tie for the farthest vertex")
    far = dists[-1][1]
    text = (
        f"Square $ABCD$ has its centre at ${_pt(centre)}$, an area of {side * side} square units, and its "
        f"sides parallel to the coordinate axes. The square is {described}. What are the coordinates of the "
        f"vertex of the image of square $ABCD$ that is farthest from the origin? Give your answer as an "
        f"ordered pair."
    )
    return Problem(
        "square",
        {"centre": list(centre), "area": side * side, "chain": chain},
        text,
        (sympy.Integer(far[0]), sympy.Integer(far[1])),
        "pair",
        [f"image vertices {images}"],
    )


def heron_area(a: int, b: int, c: int) -> sympy.Expr:
    s = Rational(a + b + c, 2)
    return sqrt(s * (s - a) * (s - b) * (s - c))


def heron_triangle(steps: int, m: int, rng: random.Random) -> Problem:
    unit = rng.choice(UNITS)
    if steps == 1:
        triples = [t for t in _triples(max(m, 5)) if 2 * t[0] <= m or 2 * t[1] <= m]
        if not triples:
            raise Reject("no triple")
        p, q, r = rng.choice(triples)
        if 2 * p > m or (2 * q <= m and rng.random() < 0.5):
            p, q = q, p
        base = 2 * p
        text = (
            f"An isosceles triangle has a perimeter of {2 * r + base} {unit} and a base of {base} {unit}. "
            f"What is its area, in square {unit}?"
        )
        return Problem(
            "isosceles_area",
            {"perimeter": 2 * r + base, "base": base},
            text,
            sympy.Integer(p * q),
            "number",
            [f"legs {r}", f"height {q}"],
        )
    a, b, c = sorted(rng.randint(1, m) for _ in range(3))
    if a + b <= c:
        raise Reject("not a triangle")
    area = heron_area(a, b, c)
    s = Rational(a + b + c, 2)
    lines = [f"s = {s}", f"A^2 = {s * (s - a) * (s - b) * (s - c)}", f"A = {area}"]
    sides = f"{a}, {b} and {c}"
    if steps == 2:
        text = f"A triangle has sides of length {sides} {unit}. What is its area, in square {unit}?"
        return Problem("area", {"sides": [a, b, c]}, text, area, "number", lines)
    if steps == 3:
        side = rng.choice((a, b, c))
        text = (
            f"A triangle has sides of length {sides} {unit}. What is the length of the altitude drawn to the "
            f"side of length {side}?"
        )
        return Problem(
            "altitude", {"sides": [a, b, c], "to_side": side}, text, 2 * area / side, "number", lines
        )
    if steps == 4:
        text = f"A triangle has sides of length {sides} {unit}. What is the radius of its inscribed circle?"
        return Problem("inradius", {"sides": [a, b, c]}, text, area / s, "number", lines)
    text = f"A triangle has sides of length {sides} {unit}. What is the radius of its circumscribed circle?"
    return Problem(
        "circumradius", {"sides": [a, b, c]}, text, sympy.Integer(a * b * c) / (4 * area), "number", lines
    )


def line_text(a: int, b: int, c: int) -> str:
    """`ax + by = c` written as a person would (`x - 3y = 7`)."""
    x_term = "x" if a == 1 else ("-x" if a == -1 else f"{a}x")
    y_term = "y" if abs(b) == 1 else f"{abs(b)}y"
    return f"{x_term} {'+' if b > 0 else '-'} {y_term} = {c}"


def distance_midpoint(steps: int, m: int, rng: random.Random) -> Problem:
    half = max(3, m // 2)

    def point() -> tuple[int, int]:
        return (rng.randint(-half, half), rng.randint(-half, half))

    if steps == 1:
        p, q = point(), point()
        if p == q:
            raise Reject("same point")
        value = sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2)
        text = f"What is the distance between the points ${_pt(p)}$ and ${_pt(q)}$? Express your answer in simplest radical form."
        return Problem("distance", {"p": list(p), "q": list(q)}, text, value, "number", [])
    if steps == 2:
        p, q = point(), point()
        if p[0] == q[0] or p[1] == q[1]:
            raise Reject("axis-parallel")
        if rng.random() < 0.5:
            value = (Rational(p[0] + q[0], 2), Rational(p[1] + q[1], 2))
            text = f"What is the midpoint of the segment with endpoints ${_pt(p)}$ and ${_pt(q)}$? Give your answer as an ordered pair."
            return Problem("midpoint", {"p": list(p), "q": list(q)}, text, value, "pair", [])
        text = f"What is the slope of the line through the points ${_pt(p)}$ and ${_pt(q)}$?"
        return Problem(
            "slope", {"p": list(p), "q": list(q)}, text, Rational(q[1] - p[1], q[0] - p[0]), "number", []
        )
    if steps == 3:
        a, b, c = point(), point(), point()
        if _cross(a, b, c) == 0:
            raise Reject("collinear")
        value = sum(
            (sqrt((u[0] - v[0]) ** 2 + (u[1] - v[1]) ** 2) for u, v in ((a, b), (b, c), (c, a))),
            sympy.Integer(0),
        )
        text = (
            f"A triangle has vertices ${_pt(a)}$, ${_pt(b)}$ and ${_pt(c)}$. What is its perimeter? Express "
            f"your answer in simplest radical form."
        )
        return Problem("perimeter", {"vertices": [list(a), list(b), list(c)]}, text, value, "number", [])
    a, b = rng.choice((-1, 1)) * rng.randint(1, m), rng.choice((-1, 1)) * rng.randint(1, m)
    c = rng.choice((-1, 1)) * rng.randint(1, m)
    line = line_text(a, b, c)
    if steps == 4:
        p = point()
        num = abs(a * p[0] + b * p[1] - c)
        if num == 0:
            raise Reject("point on the line")
        value = sympy.Integer(num) / sqrt(a * a + b * b)
        text = f"What is the distance from the point ${_pt(p)}$ to the line ${line}$? Express your answer in simplest radical form."
        return Problem(
            "point_line",
            {"a": a, "b": b, "c": c, "p": list(p)},
            text,
            value,
            "number",
            [f"|{a}x0+{b}y0-{c}| = {num}"],
        )
    x_int, y_int = Rational(c, a), Rational(c, b)
    if rng.random() < 0.5:
        value = abs(x_int * y_int) / 2
        text = f"What is the area of the triangle bounded by the line ${line}$ and the two coordinate axes?"
        return Problem(
            "axes_area", {"a": a, "b": b, "c": c}, text, value, "number", [f"intercepts {x_int}, {y_int}"]
        )
    value = abs(x_int) + abs(y_int) + sqrt(x_int**2 + y_int**2)
    text = (
        f"What is the perimeter of the triangle bounded by the line ${line}$ and the two coordinate axes? "
        f"Express your answer in simplest radical form."
    )
    return Problem(
        "axes_perimeter", {"a": a, "b": b, "c": c}, text, value, "number", [f"intercepts {x_int}, {y_int}"]
    )


def arc_sector(steps: int, m: int, rng: random.Random) -> Problem:
    unit = rng.choice(UNITS)
    r = rng.randint(1, m)
    tail = " Express your answer in terms of $\\pi$."
    if steps <= 3:
        theta = rng.choice(DIVISORS_OF_360)
        arc = pi * Rational(r * theta, 180)
        if steps == 1:
            text = f"A circle has radius {r} {unit}. What is the length of an arc of the circle with a central angle of {theta} degrees?{tail}"
            return Problem("arc_length", {"r": r, "theta": theta}, text, arc, "number", [])
        if steps == 2:
            text = f"What is the area of a sector of a circle of radius {r} {unit} whose central angle measures {theta} degrees?{tail}"
            return Problem(
                "sector_area", {"r": r, "theta": theta}, text, pi * Rational(r * r * theta, 360), "number", []
            )
        text = (
            f"An arc of a circle of radius {r} {unit} has length ${latex(arc)}$ {unit}. What is the measure, in "
            f"degrees, of its central angle?"
        )
        return Problem(
            "angle_from_arc",
            {"r": r, "arc_over_pi": str(Rational(r * theta, 180))},
            text,
            sympy.Integer(theta),
            "degrees",
            [],
        )
    theta = rng.choice((60, 90, 120))
    sin_theta = {60: sqrt(3) / 2, 90: sympy.Integer(1), 120: sqrt(3) / 2}[theta]
    chord = {60: sympy.Integer(r), 90: r * sqrt(2), 120: r * sqrt(3)}[theta]
    segment = pi * Rational(r * r * theta, 360) - Rational(r * r, 2) * sin_theta
    if steps == 4 or rng.random() < 0.5:
        text = (
            f"A chord of a circle of radius {r} {unit} subtends a central angle of {theta} degrees. What is the "
            f"area of the smaller region bounded by the chord and the arc it cuts off? Express your answer in "
            f"simplest form in terms of $\\pi$."
        )
        return Problem(
            "segment_area", {"r": r, "theta": theta}, text, segment, "number", ["sector minus triangle"]
        )
    text = (
        f"A chord of a circle of radius {r} {unit} subtends a central angle of {theta} degrees. What is the "
        f"perimeter of the smaller region bounded by the chord and its arc? Express your answer in simplest "
        f"form in terms of $\\pi$."
    )
    return Problem(
        "segment_perimeter",
        {"r": r, "theta": theta},
        text,
        pi * Rational(r * theta, 180) + chord,
        "number",
        ["arc plus chord"],
    )


BUILDERS: dict[str, Callable[[int, int, random.Random], Problem]] = {
    "polygon_area_coords": polygon_area_coords,
    "pythagorean": pythagorean,
    "circle_measures": circle_measures,
    "polygon_angles": polygon_angles,
    "triangle_angles": triangle_angles,
    "similar_triangles": similar_triangles,
    "solids": solids,
    "coordinate_transform": coordinate_transform,
    "heron_triangle": heron_triangle,
    "distance_midpoint": distance_midpoint,
    "arc_sector": arc_sector,
}


def _positive(value: Any) -> bool:
    """Lengths, areas and angles must be positive; a pair must not be the trivial origin."""
    if isinstance(value, tuple):
        return any(v != 0 for v in value)
    return bool(value.is_positive)


def generate(steps: int, max_value: int, families: tuple[str, ...], rng: random.Random) -> dict[str, Any]:
    """One puzzle: family drawn uniformly from `families`, redrawn until the answer is usable."""
    for _ in range(MAX_ATTEMPTS):
        family = families[rng.randrange(len(families))]
        try:
            problem = BUILDERS[family](steps, max_value, rng)
        except Reject:
            continue
        if not _positive(problem.value):
            continue
        return {
            "family": family,
            "variant": problem.variant,
            "params": problem.params,
            "problem": problem.text,
            "gold_latex": latex(problem.value),
            "answer_shape": problem.shape,
            "solution_steps": problem.steps,
        }
    raise GenerationError(f"math_geometry: no usable problem in {MAX_ATTEMPTS} attempts")
