"""math_geometry: worked examples, C10 forms, safety, the MATH importer, and generator guarantees
(every gold recomputed independently from the stored params, numerically to 30 digits)."""

from __future__ import annotations

import json

import mpmath
import pytest

from symbench.checkers import math_equiv as me
from symbench.generation import build_instance, imported_instance, make_instance
from symbench.generators import math_geometry as gen
from symbench.registry import get_task

TASK = get_task("math_geometry")


def generated(puzzle: dict) -> object:
    return build_instance(TASK, 2, TASK.params(2), 0, 0, puzzle, puzzle["gold_latex"], {"source": "test"})


def score(inst, content: str) -> float:
    return TASK.verify(inst, f"Work...\n<<<{content}>>>").score


def write_math(root, ident: int, problem: str, solution: str, level: str = "Level 3", split="train"):
    folder = root / "MATH" / split / "geometry"
    folder.mkdir(parents=True, exist_ok=True)
    data = {"problem": problem, "level": level, "type": "Geometry", "solution": solution}
    (folder / f"{ident}.json").write_text(json.dumps(data), encoding="utf-8")


# ----------------------------------------------------------------------------- spec tests 1-6
def test_worked_math_item_train_1(tmp_path):
    write_math(
        tmp_path,
        1,
        "Square ABCD has its center at $(8,-8)$ and has an area of 4 square units. The top side of the square "
        "is horizontal. The square is then dilated with the dilation center at (0,0) and a scale factor of 2. "
        "What are the coordinates of the vertex of the image of square ABCD that is farthest from the origin?",
        "The vertices ... are $(18,-18)$. So the answer is $\\boxed{(18, -18)}$.",
        level="Level 5",
    )
    (item,) = list(TASK.import_original(tmp_path))
    assert item.answer == "(18, -18)" and item.complexity == 5 and not item.errata
    inst = imported_instance(TASK, item)
    assert inst.question.startswith("Square ABCD has its center") and "<<<" in inst.question
    for good in ("(18,-18)", "(18, -18)", "\\left(18, -18\\right)"):
        assert score(inst, good) == 1
    assert score(inst, "(-18, 18)") == 0
    verdict = TASK.verify(inst, "<<<18, -18>>>")
    assert verdict.score == 0 and verdict.reason == "wrong_value"


def heron_instance(a: int, b: int, c: int):
    value = gen.heron_area(a, b, c)
    puzzle = {
        "family": "heron_triangle",
        "variant": "area",
        "params": {"sides": [a, b, c]},
        "problem": f"A triangle has sides of length {a}, {b} and {c} units. What is its area?",
        "gold_latex": gen.latex(value),
        "answer_shape": "number",
        "solution_steps": [],
    }
    return generated(puzzle)


def test_worked_heron_example():
    inst = heron_instance(4, 5, 6)
    assert inst.answer == "\\frac{15\\sqrt{7}}{4}"
    for good in ("\\frac{15\\sqrt{7}}{4}", "15\\sqrt{7}/4", "(15/4)*sqrt(7)", "9.9215674"):
        assert score(inst, good) == 1, good
    for bad in ("9.92", "\\frac{15\\sqrt{7}}{2}"):
        assert score(inst, bad) == 0, bad


def test_second_heron_example():
    inst = heron_instance(13, 14, 15)
    assert inst.answer == "84"
    assert score(inst, "84.0") == 1 and score(inst, "85") == 0


def test_degrees_units_and_pi_forms():
    assert all(me.equivalent(c, "60^\\circ")[0] for c in ("60", "60^\\circ", "60°", "60 degrees"))
    assert me.equivalent("60", "60\\text{ inches}")[0]
    for good in ("12\\pi", "12π", "12*pi", "\\pi \\cdot 12", "37.699111843"):
        assert me.equivalent(good, "12\\pi")[0], good
    assert not me.equivalent("37.7", "12\\pi")[0]


def test_safety():
    inst = heron_instance(4, 5, 6)
    for hostile in ("__import__('os')", "10^{100000}", "\\frac{1}{0}"):
        verdict = TASK.verify(inst, f"<<<{hostile}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error"


# ----------------------------------------------------------------------------- spec test 7: importer
def test_importer_rules(tmp_path):
    write_math(tmp_path, 2, "Two boxes.", "First $\\boxed{3}$, then really $\\boxed{\\frac{1}{2}}$.")
    write_math(tmp_path, 377, "Unknown level.", "So $\\boxed{7}$.", level="Level ?")
    write_math(tmp_path, 500, "No box at all.", "The answer is 5.")
    write_math(tmp_path, 6230, "Free form.", "It is $\\boxed{\\frac{1}{7}\\triangle ABC}$.")
    write_math(tmp_path, 909, "A ratio.", "$\\boxed{3:5}$")
    items = {i.key.rsplit("/", 1)[1]: i for i in TASK.import_original(tmp_path)}
    assert set(items) == {"2", "377", "6230", "909"}  # the unboxed file is excluded by default
    assert items["2"].answer == "\\frac{1}{2}" and "multi_boxed" in items["2"].errata
    assert items["377"].complexity is None and imported_instance(TASK, items["377"]).complexity is None
    assert items["6230"].errata == ["gold_free_form"] and items["6230"].puzzle["compare"] == "string"
    free = imported_instance(TASK, items["6230"])
    assert score(free, "\\frac{1}{7}\\triangle ABC") == 1 and score(free, "1/7") == 0
    ratio = imported_instance(TASK, items["909"])
    assert score(ratio, "6:10") == 1 and score(ratio, "3/5") == 0
    assert items["2"].extra_meta["legacy"] and not items["377"].extra_meta["legacy"]
    everything = {i.key.rsplit("/", 1)[1]: i for i in TASK.import_original(tmp_path, include_excluded=True)}
    assert everything["500"].errata == ["no_boxed_answer", "excluded_ill_posed"]
    legacy = [i.key for i in TASK.import_original(tmp_path, subset="legacy")]
    assert legacy == ["MATH/train/geometry/2"]
    with pytest.raises(Exception, match="gold_policy"):
        list(TASK.import_original(tmp_path, gold_policy="nonsense"))


def test_importer_reads_jsonl(tmp_path):
    lines = [
        {"problem": "P1", "level": "Level 2", "type": "Geometry", "solution": "$\\boxed{4\\pi}$"},
        {"problem": "P2", "level": "Level 1", "type": "Algebra", "solution": "$\\boxed{1}$"},
    ]
    (tmp_path / "test.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    (item,) = list(TASK.import_original(tmp_path / "test.jsonl"))
    assert item.answer == "4\\pi" and item.complexity == 2 and item.puzzle["split"] == "test"


def test_original_subset(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    ids = {int(i.puzzle["id"]) for i in items}
    flagged = {
        name: {int(i.puzzle["id"]) for i in items if name in i.errata}
        for name in ("multi_boxed", "gold_free_form")
    }
    spec_multi = {113, 132, 314, 479, 595, 617, 892, 1007, 1063, 6066, 25349}
    assert flagged["multi_boxed"] == spec_multi & ids
    assert flagged["gold_free_form"] == {6202, 6212, 6225, 6230} & ids
    nulls = {int(i.puzzle["id"]) for i in items if i.complexity is None}
    assert nulls == {377, 471} & ids
    legacy = {int(i.puzzle["id"]) for i in TASK.import_original(original_dir, subset="legacy")}
    assert legacy == {i for i in ids if i <= 94}
    for item in items:
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.answer}>>>").score == 1
        assert all(TASK.verify(inst, f"<<<{c}>>>").score == 0 for c in TASK.corruptions(inst))


# ----------------------------------------------------------------------------- spec test 8: generator
mpmath.mp.dps = 40
SQ, PI = mpmath.sqrt, mpmath.pi


def _shoelace(points):
    return abs(sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(points, points[1:] + points[:1]))) / mpmath.mpf(
        2
    )


def _dist(p, q):
    return SQ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2)


def _angle(at, p, q):
    """Angle p-at-q in degrees."""
    v = (p[0] - at[0], p[1] - at[1])
    w = (q[0] - at[0], q[1] - at[1])
    cos = (v[0] * w[0] + v[1] * w[1]) / (mpmath.hypot(*v) * mpmath.hypot(*w))
    return mpmath.degrees(mpmath.acos(cos))


def _triangle(b_deg, c_deg):
    """Coordinates of A, B, C with B = (0, 0), C = (1, 0) and the given angles at B and C."""
    b, c = mpmath.radians(b_deg), mpmath.radians(c_deg)
    # A = t (cos b, sin b), also on the ray from C at angle 180 - c
    t = mpmath.sin(c) / mpmath.sin(b + c)
    return (t * mpmath.cos(b), t * mpmath.sin(b)), (0, 0), (1, 0)


def _regular(n):
    return [(mpmath.cos(2 * PI * k / n), mpmath.sin(2 * PI * k / n)) for k in range(n)]


def _intersect(p1, p2, p3, p4):
    d = (p1[0] - p2[0]) * (p3[1] - p4[1]) - (p1[1] - p2[1]) * (p3[0] - p4[0])
    a = p1[0] * p2[1] - p1[1] * p2[0]
    b = p3[0] * p4[1] - p3[1] * p4[0]
    return ((a * (p3[0] - p4[0]) - (p1[0] - p2[0]) * b) / d, (a * (p3[1] - p4[1]) - (p1[1] - p2[1]) * b) / d)


def _transform(t, p):
    x, y = p
    return {
        "translate": lambda: (x + t[1], y + t[2]),
        "reflect_x": lambda: (x, -y),
        "reflect_y": lambda: (-x, y),
        "reflect_yx": lambda: (y, x),
        "rotate_ccw": lambda: (-y, x),
        "rotate_cw": lambda: (y, -x),
        "rotate_180": lambda: (-x, -y),
        "dilate": lambda: (t[1] * x, t[1] * y),
    }[t[0]]()


def recompute(puzzle):
    """The answer from `params` alone, by formulas and coordinates independent of the generator."""
    f, v, p = puzzle["family"], puzzle["variant"], puzzle["params"]
    mpf = mpmath.mpf
    if f == "polygon_area_coords":
        outer = _shoelace([tuple(map(mpf, q)) for q in p["vertices"]])
        return outer - _shoelace([tuple(map(mpf, q)) for q in p["inner"]]) if "inner" in p else outer
    if f == "pythagorean":
        if v in ("hypotenuse", "hypotenuse_radical"):
            return SQ(p["legs"][0] ** 2 + p["legs"][1] ** 2)
        if v in ("missing_leg", "leg_radical"):
            return SQ(p["hypotenuse"] ** 2 - p["leg"] ** 2)
        a, b = map(mpf, p.get("legs", (1, 1)))
        c = mpmath.hypot(a, b)
        if v == "altitude":  # distance from C = (0, 0) to the line through (a, 0) and (0, b)
            return a * b / c
        if v == "hypotenuse_segment":
            return a * a / c
        d = sorted(p["dims"])
        if v == "space_diagonal":
            return SQ(sum(x * x for x in d))
        return min(SQ((d[i] + d[j]) ** 2 + d[k] ** 2) for i, j, k in ((0, 1, 2), (0, 2, 1), (1, 2, 0)))
    if f == "circle_measures":
        if v.endswith("_from_radius") or v.endswith("_from_diameter"):
            r = mpf(p["given"]) / (2 if "diameter" in v else 1)
            return PI * r * r if v.startswith("area") else 2 * PI * r
        if v == "area_from_chord":
            return PI * ((mpf(p["chord"]) / 2) ** 2 + p["distance"] ** 2)
        s, poly = mpf(p["side"]), p["polygon"]
        n = {"square": 4, "equilateral triangle": 3, "regular hexagon": 6}[poly]
        big = s / (2 * mpmath.sin(PI / n))  # circumradius of a regular n-gon
        small = s / (2 * mpmath.tan(PI / n))  # inradius
        if v.startswith("inscribed") or v.startswith("circumscribed"):
            r = small if v.startswith("inscribed") else big
            return PI * r * r if v.endswith("area") else 2 * PI * r
        if v == "annulus":
            return PI * (big * big - small * small)
        return PI * big * big - n * s * small / 2
    if f == "polygon_angles":
        if v == "interior_angle":
            return mpf(180) * (p["n"] - 2) / p["n"]
        if v == "exterior_angle":
            return mpf(360) / p["n"]
        if v == "sides_from_interior":
            return 360 / (180 - mpf(p["angle"]))
        if v == "sides_from_exterior":
            return 360 / mpf(p["angle"])
        if v == "missing_angle":
            return 180 * (p["n"] - 2) - sum(p["angles"])
        pts = _regular(p["n"])
        if v == "inscribed_angle":
            return _angle(pts[0], pts[p["i"] - 1], pts[p["j"] - 1])
        x = _intersect(pts[0], pts[p["a"]], pts[p["b"]], pts[p["c"]])
        return _angle(x, pts[0], pts[p["b"]])
    if f == "triangle_angles":
        if v == "third_angle":
            return 180 - p["A"] - p["B"]
        if v == "base_angle":
            return (180 - mpf(p["A"])) / 2
        if v == "vertex_angle":
            return 180 - 2 * p["B"]
        if v == "exterior_angle":
            return p["exterior"] - p["A"]
        if v in ("bisector", "altitude_bisector"):
            a, b, c = _triangle(p["B"], p["C"])
            ab, ac = _dist(a, b), _dist(a, c)
            d = (ab / (ab + ac), 0)  # angle bisector theorem: BD / DC = AB / AC on BC from (0,0) to (1,0)
            if v == "bisector":
                return _angle(d, a, b)
            foot = (a[0], 0)
            return _angle(a, d, foot)
        apex = mpmath.radians(p["A"])
        a = (0, 0)
        b = (1, 0)
        c = (mpmath.cos(apex), mpmath.sin(apex))  # AB = AC = 1
        if v == "isosceles_chain":
            # D = t C with |D - B| = |C - B|: t^2 - 2t (B.C) + 1 - |BC|^2 = 0, roots 1 and 1 - |BC|^2
            t = 1 - _dist(b, c) ** 2
            assert 0 < t < 1
            d = (t * c[0], t * c[1])
            return _angle(b, a, d)
        # D on BC with AD = BD: D = B + t (C - B), |D - A| = |D - B|
        u = (c[0] - b[0], c[1] - b[1])
        t = (b[0] ** 2 + b[1] ** 2) / (-2 * (u[0] * b[0] + u[1] * b[1]))
        d = (b[0] + t * u[0], b[1] + t * u[1])
        return _angle(a, d, c)
    if f == "similar_triangles":
        if v == "shadow":
            return mpf(p["height"]) * p["other_shadow"] / p["shadow"]
        if v == "parallel_cut":
            return mpf(p["BC"]) * p["AD"] / (p["AD"] + p["DB"])
        if v == "unknown_segment":
            return mpmath.findroot(lambda x: x * p["EC"] - p["AE"] * (x + p["k"]), 1)
        ratio = (mpf(p["p"]) / (p["p"] + p["q"])) ** 2
        return p["area"] * ratio if v == "small_area" else p["area"] * (1 - ratio)
    if f == "solids":
        r, h = mpf(p.get("r", 0)), mpf(p.get("h", 0))
        table = {
            "box_volume": lambda: mpf(p["dims"][0]) * p["dims"][1] * p["dims"][2],
            "box_surface": lambda: (
                2
                * (
                    mpf(p["dims"][0]) * p["dims"][1]
                    + p["dims"][0] * p["dims"][2]
                    + p["dims"][1] * p["dims"][2]
                )
            ),
            "cylinder": lambda: PI * r * r * h,
            "cone": lambda: PI * r * r * h / 3,
            "sphere": lambda: 4 * PI * r**3 / 3,
            "sphere_surface": lambda: 4 * PI * r * r,
            "cylinder_surface": lambda: 2 * PI * r * (r + h),
            "pyramid": lambda: mpf(p["side"]) ** 2 * h / 3,
            "cube_from_surface": lambda: (mpf(p["surface"]) / 6) ** mpf(1.5),
            "sphere_from_surface": lambda: 4 * PI * SQ(mpf(p["surface_over_pi"]) / 4) ** 3 / 3,
            "capsule": lambda: PI * r * r * h + 4 * PI * r**3 / 3,
            "cone_on_cylinder": lambda: PI * r * r * (h + mpf(p["cone_h"]) / 3),
            "frustum": lambda: PI * h * (mpf(p["R"]) ** 2 + p["R"] * r + r * r) / 3,
            "water_rise": lambda: 4 * mpf(p["r"]) ** 3 / 3 / mpf(p["R"]) ** 2,
        }
        return table[v]()
    if f == "coordinate_transform":
        if v == "point":
            q = tuple(p["point"])
            for t in p["chain"]:
                q = _transform(t, q)
            return q
        h = int(mpmath.sqrt(p["area"])) // 2
        cx, cy = p["centre"]
        images = []
        for corner in ((cx - h, cy - h), (cx - h, cy + h), (cx + h, cy - h), (cx + h, cy + h)):
            for t in p["chain"]:
                corner = _transform(t, corner)
            images.append(corner)
        dists = sorted(x * x + y * y for x, y in images)
        assert dists[-1] != dists[-2], "tie for the farthest vertex"
        return max(images, key=lambda q: q[0] ** 2 + q[1] ** 2)
    if f == "heron_triangle":
        if v == "isosceles_area":
            base = mpf(p["base"])
            leg = (p["perimeter"] - base) / 2
            return base * SQ(leg * leg - base * base / 4) / 2
        a, b, c = map(mpf, p["sides"])
        s = (a + b + c) / 2
        area = SQ(s * (s - a) * (s - b) * (s - c))
        return {
            "area": area,
            "altitude": 2 * area / p.get("to_side", 1),
            "inradius": area / s,
            "circumradius": a * b * c / (4 * area),
        }[v]
    if f == "distance_midpoint":
        if v in ("distance", "midpoint", "slope"):
            a, b = p["p"], p["q"]
            if v == "distance":
                return _dist(a, b)
            if v == "midpoint":
                return (mpf(a[0] + b[0]) / 2, mpf(a[1] + b[1]) / 2)
            return mpf(b[1] - a[1]) / (b[0] - a[0])
        if v == "perimeter":
            a, b, c = p["vertices"]
            return _dist(a, b) + _dist(b, c) + _dist(c, a)
        a, b, c = p["a"], p["b"], p["c"]
        if v == "point_line":
            x0, y0 = p["p"]
            return abs(a * x0 + b * y0 - c) / mpmath.hypot(a, b)
        xi, yi = (mpf(c) / a, 0), (0, mpf(c) / b)
        if v == "axes_area":
            return _shoelace([(0, 0), xi, yi])
        return _dist((0, 0), xi) + _dist((0, 0), yi) + _dist(xi, yi)
    if f == "arc_sector":
        r = mpf(p["r"])
        if v == "angle_from_arc":
            num, _, den = p["arc_over_pi"].partition("/")
            arc = PI * mpf(num) / mpf(den or 1)
            return mpmath.degrees(arc / r)
        theta = mpmath.radians(p["theta"])
        return {
            "arc_length": lambda: r * theta,
            "sector_area": lambda: r * r * theta / 2,
            "segment_area": lambda: r * r * (theta - mpmath.sin(theta)) / 2,
            "segment_perimeter": lambda: r * theta + 2 * r * mpmath.sin(theta / 2),
        }[v]()
    raise AssertionError(f"unknown family {f}/{v}")


def _gold_values(gold: str):
    shape = me.shape_of(me.normalize(gold).text)
    parts = shape.parts if shape.kind == "tuple" else (shape.text,)
    out = []
    for part in parts:
        value = me.read_scalar(part)
        assert value is not None and not value.symbols, (gold, part)
        if hasattr(value.value, "numerator"):
            out.append(mpmath.mpf(value.value.numerator) / value.value.denominator)
        else:
            assert abs(value.value.imag) == 0
            out.append(mpmath.mpf(str(value.value.real)))
    return tuple(out) if shape.kind == "tuple" else out[0]


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_generated_gold_matches_independent_recomputation(family):
    seen_variants = set()
    for level in range(1, 11):
        for seed in range(4):
            inst = make_instance(TASK, level, seed, 0, overrides={"families": family})
            puzzle = inst.puzzle
            seen_variants.add(puzzle["variant"])
            assert puzzle["family"] == family and inst.answer == puzzle["gold_latex"]
            expected = recompute(puzzle)
            got = _gold_values(puzzle["gold_latex"])
            if isinstance(expected, tuple):
                assert isinstance(got, tuple) and len(got) == len(expected), (inst.id, puzzle)
                pairs = zip(got, expected)
            else:
                pairs = [(got, expected)]
            for g, e in pairs:
                assert abs(g - e) <= mpmath.mpf(10) ** -30 * max(1, abs(e)), (inst.id, puzzle, g, e)
            assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
            if puzzle["answer_shape"] != "pair":
                assert got > 0
    assert len(seen_variants) >= 2


def test_printer_is_canonical():
    import sympy

    assert gen.latex(sympy.Rational(27, 2) * sympy.pi - 9 * sympy.sqrt(3)) == "\\frac{27}{2}\\pi - 9\\sqrt{3}"
    assert gen.latex(sympy.sqrt(12)) == "2\\sqrt{3}"
    assert gen.latex(1 / sympy.sqrt(3)) == "\\frac{\\sqrt{3}}{3}"
    assert gen.latex(sympy.Rational(-7, 4)) == "-\\frac{7}{4}"
    assert gen.latex((sympy.Rational(1, 2), sympy.Integer(-3))) == "(\\frac{1}{2}, -3)"
    assert gen.latex(sympy.sqrt(2) * sympy.pi * 3) == "3\\sqrt{2}\\pi"


def test_coordinate_transform_never_ties():
    for seed in range(40):
        inst = make_instance(TASK, 5, seed, 1, overrides={"families": "coordinate_transform"})
        recompute(inst.puzzle)  # asserts no tie for the farthest vertex


def test_question_states_the_answer_form():
    inst = make_instance(TASK, 3, 0, 0)
    q = inst.question
    for phrase in (
        "simplest form",
        "reduce fractions",
        "radicals",
        "degrees",
        "ordered pair",
        "units",
        "last",
    ):
        assert phrase in q
