"""path_plan: the spec's worked examples (exact geometry, boundary contact, order, walls, tolerances),
robustness, the bundled legacy items, and generator guarantees."""

from __future__ import annotations

import json

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import path_plan as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.path_plan import LEGACY_FILE

TASK = get_task("path_plan")
TABLE = json.loads(LEGACY_FILE.read_text())
ENV1 = next(e for e in TABLE["environments"] if e["env"] == 1)
PATH_A = "[(-1.3, -1.3), (-1.3, 0.0), (-0.85, 0.0), (-1.3, 0.0), (-1.3, 1.0), (0.45, 1.0), (1.3, 1.3)]"
PATH_B = "[(-1.3, -1.3), (-1.3, 1.0), (0.45, 1.0), (-0.85, 0.0), (1.3, 1.3)]"


def _env1(required, forbidden=(), ordered=False) -> Instance:
    puzzle = {
        "regions": ENV1["regions"],
        "start": ENV1["start"],
        "end": ENV1["end"],
        "required": list(required),
        "ordered": ordered,
        "forbidden": list(forbidden),
        "witness": [],
    }
    return Instance("t", "path_plan", "1.0", 3, {}, None, None, puzzle, "", "", "", {})


def _score(inst, content) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_worked_example_order():
    unordered = _env1(["green", "yellow"])
    ordered = _env1(["green", "yellow"], ordered=True)
    assert _score(unordered, PATH_A) == 1
    v = TASK.verify(ordered, f"<<<{PATH_A}>>>")
    assert v.score == 0 and v.reason == "wrong_value"  # yellow only before green
    assert _score(ordered, PATH_B) == 1


def test_forbidden_crossing():
    inst = _env1(["green", "yellow"], ["pink"], ordered=True)
    v = TASK.verify(inst, f"<<<{PATH_B}>>>")
    assert v.score == 0 and v.reason == "rule_violation" and v.parsed["region"] == "pink"
    assert v.parsed["segment"] == 3


def test_edge_contact_with_forbidden_region():
    inst = _env1(["pink"], ["blue"])
    v = TASK.verify(inst, "<<<[(-1.3, -1.3), (-0.5, 0.0), (-1.3, 1.3), (1.3, 1.3)]>>>")
    assert v.score == 0 and v.parsed["region"] == "blue"
    # two consecutive waypoints inside blue: no edge is crossed, still rejected
    v = TASK.verify(inst, "<<<[(-1.3, -1.3), (-0.1, -0.1), (0.1, 0.1), (-1.3, 1.3), (1.3, 1.3)]>>>")
    assert v.score == 0 and v.parsed["region"] == "blue"


def test_boundary_corner_counts_as_entering():
    inst = _env1(["green"])
    path = "[(-1.3, -1.3), (-1.3, 1.3), (0.2, 1.3), (0.2, 1.2), (0.2, 1.3), (1.3, 1.3)]"
    assert _score(inst, path) == 1
    assert _score(inst, "[(-1.3, -1.3), (-1.3, 1.3), (1.3, 1.3)]") == 0


def test_grazing_a_forbidden_corner():
    inst = _env1(["green"], ["blue"])
    # the diagonal from (-1, 0) to (0, 1) passes (-0.5, 0.5), blue's top-left corner
    v = TASK.verify(
        inst, "<<<[(-1.3, -1.3), (-1.3, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.45, 1.0), (1.3, 1.3)]>>>"
    )
    assert v.score == 0 and v.parsed["region"] == "blue"
    assert (
        _score(inst, "[(-1.3, -1.3), (-1.3, 0.0), (-1.0, 0.0), (-0.01, 1.0), (0.45, 1.0), (1.3, 1.3)]") == 1
    )


def test_walls():
    inst = _env1(["green"])
    assert _score(inst, "[(-1.3, -1.3), (-1.4, 0.0), (0.45, 1.0), (1.3, 1.3)]") == 0
    assert _score(inst, "[(-1.3, -1.3), (-1.39, 0.0), (0.45, 1.0), (1.3, 1.3)]") == 1
    assert _score(inst, "[(-1.3, -1.3), (-1.3, 1.40), (0.45, 1.0), (1.3, 1.3)]") == 0


def test_endpoint_tolerance():
    inst = _env1(["green"])
    tail = "(0.45, 1.0), (1.3, 1.3)]"
    assert _score(inst, "[[-1.30, -1.3], " + tail) == 1
    assert _score(inst, "[(-1.2999999999, -1.3), " + tail) == 1
    assert _score(inst, "[(-1.300001, -1.3), " + tail) == 1
    assert _score(inst, "[(-1.3000011, -1.3), " + tail) == 0
    assert _score(inst, "[(-1.29, -1.3), " + tail) == 0
    assert _score(inst, "[(-1.3, -1.3), (0.45, 1.0), (1.3, 1.2999999)]") == 1
    assert _score(inst, "[(-13e-1, -1.3), (0.45, 1.0), (+1.3, 1.3),]") == 1
    assert _score(inst, "[\n  (-1.3, -1.3),\n  [0.45, 1],\n  (1.3, 1.3)\n]") == 1


def test_robustness():
    inst = _env1(["green"])
    for content, reason in (
        ("[(0, 0), (1, )]", "wrong_shape"),
        ("[(nan, 0), (1, 1)]", "unparseable"),
        ("[]", "wrong_shape"),
        ("[(-1.3, -1.3)]", "wrong_shape"),
        ("[(-1.3, -1.3, 0), (1.3, 1.3)]", "wrong_shape"),
        ("[(-1.3, -1.3), (1/2, 1), (1.3, 1.3)]", "unparseable"),
        ("[(-1.3, -1.3), (0.45, 1.0), (1.3, 1.3)] done", "unparseable"),
        ("[(-1.3, -1.3), (0.45, 1.0], (1.3, 1.3)]", "unparseable"),
        ("[(-1.3, -1.3), (1e-999999, 0), (1.3, 1.3)]", "unparseable"),
    ):
        v = TASK.verify(inst, f"<<<{content}>>>")
        assert v.score == 0 and v.reason == reason, (content, v)
    big = "[" + ", ".join(["(0.1, 0.1)"] * 5000) + "]"
    v = TASK.verify(inst, f"<<<{big}>>>")
    assert v.score == 0 and v.reason == "wrong_shape"
    tiny = "[(-1.3, -1.3), (1e-900, 0.5e-999), (0.45, 1.0), (1.3, 1.3)]"
    assert TASK.verify(inst, f"<<<{tiny}>>>").reason == "correct"


def test_legacy_index_bug_regression():
    items = {
        (i.puzzle["legacy"]["env"], i.puzzle["legacy"]["instruction"]): i for i in TASK.import_original()
    }
    inst6 = imported_instance(TASK, items[(1, 6)])
    inst0 = imported_instance(TASK, items[(1, 0)])
    # satisfies instruction 0 (green then yellow) but crosses blue, which instruction 6 forbids
    path = "[(-1.3, -1.3), (-1.3, 1.0), (0.45, 1.0), (-0.85, 0.0), (1.3, 1.3)]"
    assert _score(inst0, path) == 1
    assert _score(inst6, path) == 0


def test_legacy_items():
    items = list(TASK.import_original())
    assert len(items) == 140
    dup = sorted(i.puzzle["legacy"]["env"] for i in items if "duplicate_item" in i.errata)
    assert dup == list(range(1, 15))
    assert all(i.puzzle["legacy"]["instruction"] == 3 for i in items if i.errata)
    counts = {}
    for item in items:
        counts[item.complexity] = counts.get(item.complexity, 0) + 1
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").correct
    assert counts == {3: 28, 4: 42, 5: 42, 6: 28}
    ordered = {i.puzzle["legacy"]["instruction"] for i in items if i.puzzle["ordered"]}
    assert ordered == {0, 1, 2, 3, 5, 6, 7}
    unordered = list(TASK.import_original(legacy_order="none"))
    assert len(unordered) == 140 and not any(i.puzzle["ordered"] for i in unordered)
    for item in unordered:
        assert TASK.verify(imported_instance(TASK, item), f"<<<{item.answer}>>>").correct
    env4 = next(i for i in items if i.puzzle["legacy"] == {"env": 1, "instruction": 4})
    assert env4.puzzle["forbidden"] == ["yellow", "red", "green", "pink", "purple", "orange"]


def test_legacy_table_matches_spec_samples():
    env9 = next(e for e in TABLE["environments"] if e["env"] == 9)
    assert env9["start"] == [1.35, 1.35] and env9["end"] == [-1.35, -1.35]
    assert {r["name"]: r["rect"] for r in env9["regions"]}["blue"] == [-0.55, 1.4, -0.3, 0.5]
    env3 = next(e for e in TABLE["environments"] if e["env"] == 3)
    assert {r["name"]: r["rect"] for r in env3["regions"]}["blue"] == [-0.2, 0.2, -0.2, 0.2]
    assert [r["name"] for r in ENV1["regions"]] == [
        "yellow",
        "red",
        "green",
        "blue",
        "pink",
        "purple",
        "orange",
    ]


def test_original_data_dir_is_not_needed(original_dir):
    assert len(list(TASK.import_original(original_dir))) == 140


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    params = TASK.params(level)
    clearance = gen.to_units(params.clearance)
    for seed in range(6):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").correct
        straight = f"[({p['start'][0]}, {p['start'][1]}), ({p['end'][0]}, {p['end'][1]})]"
        assert TASK.verify(inst, f"<<<{straight}>>>").score == 0
        rects = [tuple(gen.to_units(v) for v in r["rect"]) for r in p["regions"]]
        assert len(rects) == params.n_regions
        for a in range(len(rects)):
            for b in range(a):
                assert gen.gap(rects[a], rects[b]) >= clearance
        for point in (p["start"], p["end"]):
            u = tuple(gen.to_units(v) for v in point)
            assert all(gen.gap((u[0], u[0], u[1], u[1]), r) >= 2 for r in rects)
        dx, dy = p["end"][0] - p["start"][0], p["end"][1] - p["start"][1]
        assert (dx * dx + dy * dy) ** 0.5 >= params.min_start_end - 1e-9
        assert set(p["required"]).isdisjoint(p["forbidden"])


def test_solver_matches_breadth_first_search():
    """The bitset BFS returns a shortest grid path: compare lengths with a plain BFS."""
    from collections import deque

    def plain(start, end, required, ordered, forbidden):
        def inside(p, r):
            return r[0] <= p[0] <= r[1] and r[2] <= p[1] <= r[3]

        def adv(state, p):
            if ordered:
                while state < len(required) and inside(p, required[state]):
                    state += 1
                return state
            for j, r in enumerate(required):
                if inside(p, r):
                    state |= 1 << j
            return state

        full = len(required) if ordered else (1 << len(required)) - 1
        first = (start, adv(0, start))
        dist = {first: 0}
        queue = deque([first])
        while queue:
            p, s = queue.popleft()
            if p == end and s == full:
                return dist[(p, s)]
            for dx, dy in gen._MOVES:
                q = (p[0] + dx, p[1] + dy)
                if max(abs(q[0]), abs(q[1])) > gen.GRID or any(inside(q, f) for f in forbidden):
                    continue
                key = (q, adv(s, q))
                if key not in dist:
                    dist[key] = dist[(p, s)] + 1
                    queue.append(key)
        return None

    import random

    rng = random.Random(3)
    for _ in range(6):
        rects = gen._draw_rects(5, (6, 14), 2, rng)
        if rects is None:
            continue
        start = gen._draw_point(rects, rng, None, 0)
        end = gen._draw_point(rects, rng, start, 20)
        for ordered in (True, False):
            path = gen.solve(start, end, rects[:3], ordered, rects[3:4])
            expect = plain(start, end, rects[:3], ordered, rects[3:4])
            assert (path is None) == (expect is None)
            if path is not None:
                assert len(path) - 1 == expect
                assert all(max(abs(a[0] - b[0]), abs(a[1] - b[1])) == 1 for a, b in zip(path, path[1:]))


def test_clipping_matches_fraction_reference():
    """Integer Liang-Barsky agrees with a direct Fraction computation on random segments and boxes."""
    import random
    from fractions import Fraction

    from symbench.checkers.path_plan import clip

    def reference(p, q, rect):
        lo, hi = Fraction(0), Fraction(1)
        for s, e, a, b in ((p[0], q[0], rect[0], rect[1]), (p[1], q[1], rect[2], rect[3])):
            d = e - s
            if d == 0:
                if s < a or s > b:
                    return None
                continue
            t1, t2 = Fraction(a - s, d), Fraction(b - s, d)
            lo, hi = max(lo, min(t1, t2)), min(hi, max(t1, t2))
        return (lo, hi) if lo <= hi else None

    rng = random.Random(11)
    for _ in range(3000):
        p = (rng.randint(-12, 12), rng.randint(-12, 12))
        q = (rng.randint(-12, 12), rng.randint(-12, 12)) if rng.random() < 0.9 else p
        x0, y0 = rng.randint(-10, 8), rng.randint(-10, 8)
        rect = (x0, x0 + rng.randint(0, 6), y0, y0 + rng.randint(0, 6))
        got, want = clip(p, q, rect), reference(p, q, rect)
        assert (got is None) == (want is None), (p, q, rect)
        if got is not None:
            assert (Fraction(got[0], got[1]), Fraction(got[2], got[3])) == want


def test_import_options_via_cli(tmp_path):
    from symbench.cli import main

    out = tmp_path / "pp.jsonl"
    assert (
        main(["import-original", "--task", "path_plan", "--option", "legacy_order=none", "-o", str(out)]) == 0
    )
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 140 and not any(r["puzzle"]["ordered"] for r in rows)
    assert len(list(TASK.import_original(subset="legacy"))) == 140
