"""pooling: the spec's worked examples, robustness, importer errata and generator guarantees."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import pooling as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("pooling")
MATRIX = [[-1, 7, 20], [6, 16, -4], [9, 13, 7]]


def _instance(matrix: list[list[int]], window: int, pool: str) -> Instance:
    params = {"size": len(matrix), "window": window, "pool": pool, "value_min": -10, "value_max": 20}
    gen_puzzle = {
        "matrix": matrix,
        "window": window,
        "stride": 1,
        "pool": pool,
    }
    exact = gen.pool_exact(matrix, window, pool)
    gen_puzzle["gold"] = [[gen.exact_text(v) for v in row] for row in exact]
    gen_puzzle["gold_display"] = [[gen.display_text(v) for v in row] for row in exact]
    return Instance("t", "pooling", "1.0", 1, params, 0, 0, gen_puzzle, "", "", "", {})


def _score(inst: Instance, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_max_worked_example():
    inst = _instance(MATRIX, 2, "max")
    assert inst.puzzle["gold"] == [["16", "20"], ["16", "16"]]
    assert _score(inst, "16,20,16,16") == 1
    assert _score(inst, "[[16, 20], [16, 16]]") == 1
    assert _score(inst, "16, 20, 16") == 0
    assert _score(inst, "16.004, 20, 16, 16") == 0
    assert _score(inst, "16.0, 20, 16, 16") == 1


def test_average_worked_example():
    inst = _instance(MATRIX, 2, "average")
    assert inst.puzzle["gold"] == [["7", "39/4"], ["11", "8"]]
    assert _score(inst, "7, 9.75, 11, 8") == 1
    assert _score(inst, "7.00, 39/4, 11.0, 8") == 1
    assert _score(inst, "7, 9.8, 11, 8") == 0
    assert _score(inst, "7, 39/5, 11, 8") == 0


def test_repeating_decimal():
    inst = _instance(MATRIX, 3, "average")
    assert inst.puzzle["gold"] == [["73/9"]]
    for good in ("8.11", "8.111", "73/9", "146/18"):
        assert _score(inst, good) == 1, good
    for bad in ("8.12", "8.1", "8.11/1"):
        assert _score(inst, bad) == 0, bad


def test_tolerance_boundary_is_inclusive():
    # No square window gives a mean with denominator 8, so the gold is set by hand.
    inst = _instance([[1, 1, 0], [1, 1, 0], [0, 0, 0]], 2, "average")
    inst.puzzle["gold"] = [["9/8", "0"], ["0", "0"]]
    assert _score(inst, "1.12, 0, 0, 0") == 1
    assert _score(inst, "1.13, 0, 0, 0") == 1
    assert _score(inst, "1.1199, 0, 0, 0") == 0


def test_display_rounding():
    assert gen.display_text(Fraction(9, 8)) == "1.13"
    assert gen.display_text(Fraction(-9, 8)) == "-1.13"
    assert gen.display_text(Fraction(-1, 400)) == "0"
    assert gen.display_text(Fraction(39, 4)) == "9.75"
    assert gen.display_text(Fraction(5)) == "5"


def test_robustness():
    inst = _instance(MATRIX, 3, "average")
    for junk in ("", "NaN", "1e309", "9" * 100_000, "~8.11", "8.11%", "inf"):
        verdict = TASK.verify(inst, f"<<<{junk}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", junk


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_shape_and_gold(level):
    for seed in range(10):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.params
        out = p["size"] - p["window"] + 1
        assert len(inst.puzzle["gold"]) == out and all(len(r) == out for r in inst.puzzle["gold"])
        assert len(inst.answer.split(", ")) == out * out
        assert _score(inst, inst.answer) == 1
        recomputed = gen.pool_exact(inst.puzzle["matrix"], p["window"], p["pool"])
        assert [[gen.exact_text(v) for v in r] for r in recomputed] == inst.puzzle["gold"]


def test_original_import(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    for item in items:
        inst = imported_instance(TASK, item)
        is_avg = item.puzzle["pool"] == "average"
        assert item.errata == (["question_rerendered"] if is_avg else [])
        assert _score(inst, inst.answer) == 1
        assert _score(inst, item.original_answer) == 1
        n = int(item.key.rsplit("_", 1)[1])
        block = n % 100
        expected_level = (
            1
            if block < 18
            else 2
            if block < 36
            else 3
            if block < 50
            else 4
            if block < 68
            else 5
            if block < 86
            else 6
        )
        assert item.complexity == expected_level, item.key
