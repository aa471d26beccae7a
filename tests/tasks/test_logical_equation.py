"""logical_equation: worked examples, exact arithmetic, bijection rule, importer and generator."""

from __future__ import annotations

import itertools
import random

import pytest

from symbench.checkers.logical_equation import holds
from symbench.errors import ParamError
from symbench.generation import imported_instance, make_instance
from symbench.generators import logical_equation as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("logical_equation")


def _instance(letters, values, constraints) -> Instance:
    found = gen.solutions(letters, values, constraints)
    puzzle = {
        "letters": letters,
        "values": values,
        "constraints": constraints,
        "gold": found[0],
        "num_solutions": len(found),
        "value_preset": None,
    }
    return Instance("t", TASK.name, "1.0", 1, {}, 0, 0, puzzle, TASK.render(puzzle), "", "", {})


def _score(inst: Instance, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


EXAMPLE = _instance(
    list("ABCD"),
    [2, 5, 8, 10],
    [
        {"type": "mult", "x": "A", "y": "D", "m": "2.0"},
        {"type": "diff", "x": "C", "y": "B", "k": 6},
        {"type": "sum", "x": "A", "y": "B", "k": 12},
    ],
)


def test_worked_example():
    assert EXAMPLE.puzzle["num_solutions"] == 1
    assert EXAMPLE.puzzle["gold"] == [10, 2, 8, 5]
    assert _score(EXAMPLE, "[10, 2, 8, 5]") == 1
    assert _score(EXAMPLE, "[10, 8, 2, 5]") == 0
    assert "1. A = 2.0 * D" in EXAMPLE.question and "2. C - B = 6" in EXAMPLE.question


def test_repeats_are_rejected():
    inst = _instance(
        list("ABC"),
        [1, 3, 4],
        [{"type": "sum", "x": "A", "y": "B", "k": 5}, {"type": "gt", "x": "C", "y": "B"}],
    )
    assert _score(inst, "[4, 1, 3]") == 1
    verdict = TASK.verify(inst, "<<<[4, 1, 4]>>>")
    assert verdict.score == 0 and verdict.reason == "rule_violation"


def test_exact_multiplier():
    inst = _instance(list("AB"), [10, 11], [{"type": "mult", "x": "B", "y": "A", "m": "1.1"}])
    assert _score(inst, "[10, 11]") == 1
    assert _score(inst, "[11, 10]") == 0


def test_tolerant_formatting():
    for text in ("10 2 8 5", '["10","2","8","5"]', "[10.0, 2, 8, 5]", "10,\n2,\n8,\n5"):
        assert _score(EXAMPLE, text) == 1, text


def test_wrong_shapes():
    for text in ("[10, 2, 8]", "10", "A=10, B=2, C=8, D=5", "[10, 2, 8, 5.5]", "", "[10, 2, 8, 5, 5]"):
        verdict = TASK.verify(EXAMPLE, f"<<<{text}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", text


def test_every_enumerated_solution_scores():
    for seed in range(40):
        inst = make_instance(TASK, 3, seed, 0)
        if inst.puzzle["num_solutions"] >= 2:
            p = inst.puzzle
            sols = gen.solutions(p["letters"], p["values"], p["constraints"])
            assert len(sols) == p["num_solutions"] >= 2
            for sol in sols:
                assert _score(inst, str(sol)) == 1
            return
    pytest.fail("no non-unique instance among 40 seeds")


def test_solver_matches_brute_force():
    rng = random.Random(11)
    for _ in range(200):
        n = rng.randint(2, 6)
        letters = [chr(65 + i) for i in range(n)]
        values = sorted(rng.sample(range(1, 40), n))
        planted = dict(zip(letters, rng.sample(values, n)))
        cons = gen.draw_relations(letters, planted, rng.randint(1, n), 0.3, rng)
        brute = [
            list(p)
            for p in itertools.permutations(values)
            if all(holds(c, dict(zip(letters, p))) for c in cons)
        ]
        assert sorted(gen.solutions(letters, values, cons, cap=10**6)) == sorted(brute)


def test_value_set_knob_validation():
    with pytest.raises(ParamError):
        TASK.params(3, {"num_letters": "10"})  # no original group with 10 letters
    with pytest.raises(ParamError):
        TASK.params(1, {"value_set": "preset:P9a"})  # 9 values for 5 letters
    assert TASK.params(3, {"value_set": "preset:P9b"}).value_set == "preset:P9b"


@pytest.mark.parametrize("level", range(1, 11))
def test_generator(level):
    for seed in range(25):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert _score(inst, inst.answer) == 1
        texts = [str(sorted(c.items())) for c in p["constraints"]]
        assert len(set(texts)) == len(texts)
        lo, hi = inst.params["num_constraints"]
        assert lo <= len(p["constraints"]) <= hi
        assert sorted(p["gold"]) == p["values"] and len(set(p["values"])) == len(p["values"])
        assert 1 <= p["num_solutions"] <= gen.COUNT_CAP
        if 3 <= level <= 6:
            preset = gen.ORIGINAL_GROUPS[(len(p["letters"]), len(p["constraints"]))]
            assert p["value_preset"] == preset and tuple(p["values"]) == gen.PRESETS[preset]


def test_original_import(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    multi = 0
    for item in items:
        assert item.errata == []  # every stored list is a satisfying bijection
        inst = imported_instance(TASK, item)
        assert _score(inst, item.original_answer) == 1
        n_letters, n_rel, _ = (int(x) for x in item.key.rsplit("/", 1)[1].split("_")[1:])
        assert len(item.puzzle["letters"]) == n_letters and len(item.puzzle["constraints"]) == n_rel
        assert item.puzzle["value_preset"] == gen.ORIGINAL_GROUPS[(n_letters, n_rel)]
        assert item.complexity == {9: 3, 11: 4, 13: 5, 15: 6}[n_letters]
        multi += item.puzzle["num_solutions"] > 1
    assert multi > len(items) // 2  # most original puzzles have several solutions (111/150)
