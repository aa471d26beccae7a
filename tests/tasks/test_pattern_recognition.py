"""pattern_recognition: the spec's worked examples, uniqueness check, formats, generator, original data."""

from __future__ import annotations

import random

import pytest

from symbench.errors import ParamError
from symbench.generation import build_instance, imported_instance, make_instance
from symbench.generators import pattern_recognition as gen
from symbench.registry import get_task

TASK = get_task("pattern_recognition")
EXAMPLE = [
    "DRDPZWT",
    "PQKKKNJ",
    "LHKKKAV",
    "BTKKKZS",
    "JQZOTTO",
    "MEIYTLV",
]


def _instance(matrix: list[str], top_left: tuple[int, int], side: int):
    puzzle = gen.build_puzzle(matrix, top_left, side)
    rows, cols = len(matrix), len(matrix[0])
    params = TASK.params(1, {"rows": f"{rows}", "cols": f"{cols}", "side": str(side)})
    answer = f"[{puzzle['gold'][0]}, {puzzle['gold'][1]}]"
    return build_instance(TASK, 1, params, None, None, puzzle, answer, {})


def _score(inst, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def _planted(rows: int, cols: int, top_left: tuple[int, int], side: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    while True:
        grid = [[rng.choice("ABCDEFGH") for _ in range(cols)] for _ in range(rows)]
        for r in range(top_left[0], top_left[0] + side):
            for c in range(top_left[1], top_left[1] + side):
                grid[r][c] = "Z"
        matrix = ["".join(row) for row in grid]
        if gen.is_unique(matrix, top_left, side):
            return matrix


def test_worked_example():
    assert gen.is_unique(EXAMPLE, (1, 2), 3)
    inst = _instance(EXAMPLE, (1, 2), 3)
    assert inst.puzzle["gold"] == [3, 4]
    for ok in ("[3, 4]", "3,4", "(3, 4)", "3 4", '[ "3", "4" ]'):
        assert _score(inst, ok) == 1, ok
    assert _score(inst, "[1, 2]") == 0  # top-left corner
    assert _score(inst, "[4, 5]") == 0  # 1-based
    assert "D R D P Z W T" in inst.question and "0-based" in inst.question


def test_nested_squares_only_the_largest_counts():
    matrix = _planted(10, 11, (2, 3), 5, seed=1)
    info = gen.analyse(matrix)
    assert info["at_best"] == [[6, 7]] and len(info["corners"]) == 9
    inst = _instance(matrix, (2, 3), 5)
    assert _score(inst, "[6, 7]") == 1
    assert _score(inst, "[5, 6]") == 0  # a corner of a 3 x 3 sub-square


def test_rectangle_extension_is_rejected():
    matrix = [list(row) for row in EXAMPLE]
    for r in (1, 2, 3):
        matrix[r][5] = "K"  # the K block becomes 3 x 4: two largest squares
    matrix = ["".join(row) for row in matrix]
    assert not gen.is_unique(matrix, (1, 2), 3)
    assert len(gen.analyse(matrix)["at_best"]) == 2


def test_square_outside_is_rejected():
    matrix = _planted(10, 10, (0, 0), 4, seed=2)
    grid = [list(row) for row in matrix]
    for r in range(7, 10):
        for c in range(7, 10):
            grid[r][c] = "Y"  # a second, smaller square elsewhere
    assert not gen.is_unique(["".join(row) for row in grid], (0, 0), 4)


def test_bad_formats():
    inst = _instance(EXAMPLE, (1, 2), 3)
    for bad in ("3", "3, 4, 5", "row 3, col 4", "[3.5, 4]", "[-3, 4]", "", "[3, 4]" * 200):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad


def test_side_knob_validation():
    with pytest.raises(ParamError):
        TASK.params(1, {"side": "8"})  # does not fit in 5 rows
    with pytest.raises(ParamError):
        TASK.params(1, {"side": "auto"})  # 5 rows are too few for auto
    assert TASK.params(2).side == "auto"


def test_generator_guarantees():
    for level in range(1, 11):
        for seed in range(8):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            rows, cols = len(p["matrix"]), len(p["matrix"][0])
            assert inst.params["rows"][0] <= rows <= inst.params["rows"][1]
            assert inst.params["cols"][0] <= cols <= inst.params["cols"][1]
            assert all(len(row) == cols for row in p["matrix"])
            info = gen.analyse(p["matrix"])
            assert info["at_best"] == [p["gold"]] and info["best"] == p["side"] >= 3
            assert gen.is_unique(p["matrix"], tuple(p["top_left"]), p["side"])
            if level in (2, 3):
                assert p["side"] <= min(rows, cols) // 2


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    for item in items:
        p = item.puzzle
        # The spec: golds are right and unique under the largest-square wording; ambiguity iff side >= 4.
        assert ("ambiguous_original_wording" in item.errata) == (p["side"] >= 4)
        assert set(item.errata) <= {"ambiguous_original_wording"}
        assert p["gold"] == [p["top_left"][0] + p["side"] - 1, p["top_left"][1] + p["side"] - 1]
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        assert item.complexity == 3 and item.params is None
