"""logic_puzzle: the spec's examples, every rule of the checker, the solvers against brute force, the
generator's solvability guarantee and the original data's errata."""

from __future__ import annotations

import itertools
import random

import pytest

from symbench.checkers.logic_puzzle import violations
from symbench.generation import imported_instance, make_instance
from symbench.generators import logic_puzzle as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.logic_puzzle import build_puzzle, format_answer

TASK = get_task("logic_puzzle")
WORKED = [[2, 2, 4], [3, 1, 3], [4, 2, 2]]
SAMPLE_20 = [[3, 1, 2], [2, 4, 4], [3, 2, 1]]

EXCLUDED_UNSOLVABLE = {
    2,
    4,
    5,
    8,
    9,
    12,
    13,
    14,
    18,
    19,
    21,
    22,
    23,
    24,
    25,
    27,
    28,
    29,
    31,
    33,
    38,
    39,
    40,
    45,
}
GOLD_CORRECTED = {3, 20, 30}


def _instance(grid, k, constraint) -> Instance:
    result = gen.solve(grid, k, constraint)
    puzzle = build_puzzle(grid, k, constraint, result.first or [], result)
    return Instance(
        "t", TASK.name, TASK.version, 1, {}, None, None, puzzle, "", format_answer(puzzle["gold"]), "", {}
    )


def _score(inst: Instance, content: str) -> float:
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error"
    return verdict.score


def _brute_force(grid, k, constraint, cap=None) -> int:
    n = len(grid)
    start = (0, n - 1)
    others = [(r, c) for r in range(n) for c in range(n) if (r, c) != start]
    count = 0
    for comb in itertools.combinations(others, k - 1):
        if not violations(grid, k, constraint, [0, n - 1], [start, *comb]):
            count += 1
            if cap is not None and count >= cap:
                break
    return count


def test_worked_example():
    inst = _instance(WORKED, 4, "sum_le_4")
    assert inst.puzzle["num_solutions"] == 1 and inst.puzzle["num_solutions_exact"]
    assert inst.answer == "0 2, 1 0, 1 1, 2 1"
    assert _score(inst, "0 2, 1 0, 1 1, 2 1") == 1
    assert _score(inst, "(1,1), (0,2), (2,1), (1,0)") == 1
    assert _score(inst, "[[0,2],[1,0],[1,1],[2,1]]") == 1
    assert _score(inst, "0 2\n1 0\n1 1\n2 1") == 1
    assert _brute_force(WORKED, 4, "sum_le_4") == 1


def test_original_sample_20():
    inst = _instance(SAMPLE_20, 4, "sum_le_4")
    assert _score(inst, "0 1, 1 2, 2 0, 0 2") == 0
    assert _score(inst, "0 2, 1 1, 2 0, 2 2") == 1


def test_start_cell_required():
    inst = _instance(WORKED, 4, "sum_le_4")
    n = 3
    cells = [(r, c) for r in range(n) for c in range(n) if (r, c) != (0, 2)]
    for comb in itertools.combinations(cells, 4):
        assert _score(inst, format_answer(comb)) == 0


def test_distinct_values():
    grid = [[1, 1, 4], [3, 2, 3], [2, 1, 2]]
    inst = _instance(grid, 4, "sum_le_4")
    selection = [(0, 2), (1, 1), (2, 0), (2, 1)]  # values 4, 2, 2, 1: every row and column sum <= 4
    assert violations(grid, 4, "sum_le_4", [0, 2], selection) == ["two selected values are equal"]
    assert _score(inst, format_answer(selection)) == 0


def test_bounds_and_duplicates():
    inst = _instance(WORKED, 4, "sum_le_4")
    assert _score(inst, "100 100, 101 101, 102 102, 0 2") == 0
    assert _score(inst, "0 2, 0 2, 1 0, 1 1") == 0
    assert _score(inst, "0 2, 1 0, 1 1") == 0
    assert _score(inst, "0 2, 1 0, 1 1, 2") == 0
    assert _score(inst, "0 2, 1 0, 1 1, 2 x") == 0
    assert _score(inst, "0 2, 1 0, 1 1, -2 1") == 0


def test_product_rule():
    grid = [[1, -2, -3], [4, -5, -6], [7, 8, 9]]
    inst = _instance(grid, 4, "product_gt_0")
    assert _score(inst, "0 1, 0 2, 1 1, 1 2") == 1  # two negatives in each used row and column
    assert _score(inst, "0 1, 0 2, 1 1, 2 2") == 0  # row 1 and column 2 hold one negative each
    assert inst.puzzle["num_solutions"] == _brute_force(grid, 4, "product_gt_0")


def test_solvers_match_brute_force():
    rng = random.Random(7)
    for _ in range(30):
        n, k, lo, hi = rng.choice([(3, 4, -3, 4), (4, 5, -4, 4), (4, 6, -5, 8)])
        grid = gen.random_grid(n, lo, hi, rng)
        expected = _brute_force(grid, k, "product_gt_0")
        fast = gen.solve_product(grid, k, cap=10**9)
        plain = gen.solve_generic(grid, k, "product_gt_0", cap=10**9)
        assert fast.count == plain.count == expected
        assert (fast.first is None) == (expected == 0)
        if fast.first:
            assert not violations(grid, k, "product_gt_0", [0, n - 1], fast.first)
    for _ in range(60):
        n, k = rng.choice([(2, 3), (3, 4)])
        grid = gen.random_grid(n, 1, k, rng)
        assert gen.solve(grid, k, "sum_le_4", cap=10**9).count == _brute_force(grid, k, "sum_le_4")


def test_generator_every_level():
    for level in range(1, 11):
        for seed in range(10):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            assert p["num_solutions"] >= 1
            assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
            assert not violations(p["grid"], p["num_select"], p["constraint"], p["start"], p["gold"])
            assert all(v != 0 for row in p["grid"] for v in row)


def test_generator_low_levels_exhaustive():
    for seed in range(200):
        inst = make_instance(TASK, 1, seed, 0)
        p = inst.puzzle
        assert not violations(p["grid"], p["num_select"], p["constraint"], p["start"], p["gold"])
        assert _brute_force(p["grid"], p["num_select"], p["constraint"], cap=100) == p["num_solutions"]
    for level in (2, 3):
        for seed in range(200):
            p = make_instance(TASK, level, seed, 0).puzzle
            assert not violations(p["grid"], p["num_select"], p["constraint"], p["start"], p["gold"])


@pytest.mark.slow
def test_generator_level_2_brute_force_counts():
    for seed in range(200):
        p = make_instance(TASK, 2, seed, 0).puzzle
        assert _brute_force(p["grid"], p["num_select"], p["constraint"], cap=100) == p["num_solutions"]


def test_planted_witness_levels():
    for level in (9, 10):
        for seed in range(10):
            p = make_instance(TASK, level, seed, 0).puzzle
            negatives = [(r, c) for r, c in p["gold"] if p["grid"][r][c] < 0]
            n = len(p["grid"])
            for line in range(n):
                assert sum(r == line for r, _ in negatives) % 2 == 0
                assert sum(c == line for _, c in negatives) % 2 == 0


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    present = {int(item.key.split("_")[-1]) for item in items}
    flagged: dict[str, set[int]] = {"excluded_unsolvable": set(), "gold_corrected": set()}
    for item in items:
        sid = int(item.key.split("_")[-1])
        for flag in item.errata:
            flagged[flag].add(sid)
        if sid >= 48:
            assert item.errata == []
        inst = imported_instance(TASK, item)
        if not item.errata:
            assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        if "gold_corrected" in item.errata:
            assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 0
            assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
        if "excluded_unsolvable" in item.errata:
            p = item.puzzle
            assert _brute_force(p["grid"], p["num_select"], p["constraint"]) == 0
    assert flagged["excluded_unsolvable"] == EXCLUDED_UNSOLVABLE & present
    assert flagged["gold_corrected"] == GOLD_CORRECTED & present
    default = {int(i.key.split("_")[-1]) for i in TASK.import_original(original_dir)}
    assert default == present - EXCLUDED_UNSOLVABLE
