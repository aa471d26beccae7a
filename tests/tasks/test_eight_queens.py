"""eight_queens: the spec's worked example, every rule of the checker, the solver against brute force,
the generator's guarantees and the original data."""

from __future__ import annotations

import itertools
import random

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import eight_queens as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.eight_queens import build_puzzle, format_answer

TASK = get_task("eight_queens")

A = "0 0, 1 5, 2 7, 3 2, 4 6, 5 3, 6 1, 7 4"
B = "0 0, 1 6, 2 3, 3 5, 4 7, 5 1, 6 4, 7 2"
C = "0 0, 1 6, 2 4, 3 7, 4 1, 5 3, 6 5, 7 2"


def _instance(size: int, queens: list[list[int]], blocked: list[list[int]]) -> Instance:
    result = gen.solve(size, queens, blocked)
    assert result.first is not None
    puzzle = build_puzzle(size, queens, blocked, result.first)
    return Instance(
        "t",
        TASK.name,
        TASK.version,
        1,
        {},
        None,
        None,
        puzzle,
        TASK.render(puzzle),
        format_answer(puzzle["gold"]),
        "",
        {},
    )


def _verdict(inst: Instance, content: str):
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error", verdict
    return verdict


WORKED = _instance(8, [[0, 0]], [[1, 4], [5, 6]])


def test_worked_example():
    assert WORKED.puzzle["num_solutions"] == 3
    assert format_answer(WORKED.puzzle["gold"]) == A
    for answer in (A, B, C):
        assert _verdict(WORKED, answer).score == 1
    assert WORKED.puzzle["board"][1] == "0000X000" and WORKED.puzzle["board"][0] == "10000000"


def test_blocked_cells_reject_the_textbook_solution():
    verdict = _verdict(WORKED, "0 0, 1 4, 2 7, 3 5, 4 2, 5 6, 6 1, 7 3")
    assert verdict.score == 0 and verdict.reason == "rule_violation"


def test_listing_only_the_new_queens():
    assert _verdict(WORKED, "1 5, 2 7, 3 2, 4 6, 5 3, 6 1, 7 4").score == 1
    assert _verdict(WORKED, "1 5, 2 7, 3 2, 4 6, 5 3, 6 1, 7 4, 0 0, 0 0").score == 0
    assert _verdict(WORKED, "0 0, 2 7, 3 2, 4 6, 5 3, 6 1, 7 4").score == 0  # a given listed as new


def test_moving_a_given_queen_is_rejected():
    # a valid 8-queens layout avoiding both blocked cells but without (0, 0)
    layout = "0 1, 1 3, 2 5, 3 7, 4 2, 5 0, 6 6, 7 4"
    assert _verdict(_instance(8, [], []), layout).score == 1
    assert _verdict(WORKED, layout).reason == "rule_violation"
    assert _verdict(WORKED, "1 3, 2 5, 3 7, 4 2, 5 0, 6 6, 7 4").score == 0  # new-only, clashes with (0, 0)


def test_bounds_are_checked():
    empty = _instance(8, [], [])
    assert _verdict(empty, "0 0, 1 3, 2 6, 3 9, 4 12, 5 15, 6 18, 7 21").reason == "rule_violation"


def test_formats():
    assert _verdict(WORKED, "[[0,0],[1,5],[2,7],[3,2],[4,6],[5,3],[6,1],[7,4]]").score == 1
    assert _verdict(WORKED, "(7,4) (6,1) (5,3) (4,6) (3,2) (2,7) (1,5) (0,0)").score == 1
    assert _verdict(WORKED, "0,0; 1,5; 2,7; 3,2; 4,6; 5,3; 6,1; 7,4").score == 1
    assert _verdict(WORKED, A.replace(", ", "\n")).score == 1
    assert _verdict(WORKED, "0 0, 1").reason == "wrong_shape"
    assert _verdict(WORKED, "a b").reason == "unparseable"
    assert _verdict(WORKED, "0 0, 1 5, 2 7, 3 2, 4 6, 5 3, 6 1, 7 -4").reason == "unparseable"
    assert _verdict(WORKED, "0 0, 1 5, 2 7").reason == "wrong_shape"


def test_rules_one_by_one():
    empty = _instance(6, [], [])
    good = "0 1, 1 3, 2 5, 3 0, 4 2, 5 4"
    assert _verdict(empty, good).score == 1
    assert _verdict(empty, "0 1, 1 3, 2 5, 3 0, 4 2, 5 2").reason == "rule_violation"  # column
    assert _verdict(empty, "0 1, 1 3, 2 5, 3 0, 4 2, 4 4").reason == "rule_violation"  # row
    assert _verdict(empty, "0 0, 1 1, 2 5, 3 0, 4 2, 5 4").reason == "rule_violation"  # repeated column 0
    assert _verdict(empty, "0 1, 1 2, 2 5, 3 0, 4 3, 5 4").reason == "rule_violation"  # diagonal


def _brute_force(size: int, queens: list[list[int]], blocked: list[list[int]]) -> list[list[list[int]]]:
    fixed = {r: c for r, c in queens}
    bad = {tuple(b) for b in blocked}
    out = []
    for perm in itertools.permutations(range(size)):
        if any(perm[r] != c for r, c in fixed.items()) or any((r, perm[r]) in bad for r in range(size)):
            continue
        if (
            len({r - c for r, c in enumerate(perm)}) == size
            and len({r + c for r, c in enumerate(perm)}) == size
        ):
            out.append([[r, c] for r, c in enumerate(perm)])
    return out


def test_solver_against_brute_force():
    rng = random.Random(7)
    for _ in range(40):
        size = rng.choice([5, 6, 7])
        drawn = gen.draw(size, rng.randint(0, 2), rng.randint(0, 5), rng)
        if drawn is None:
            continue
        queens, blocked = drawn
        every = _brute_force(size, queens, blocked)
        result = gen.solve(size, queens, blocked)
        assert result.count == min(len(every), gen.SOLUTION_CAP)
        assert result.first == (every[0] if every else None)
    assert gen.solve(8, [], []).count == 92
    assert gen.solve(8, [[0, 0], [1, 1]], []).count == 0


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    for seed in range(10 if level <= 8 else 4):
        inst = make_instance(TASK, level, seed, 0)
        p, params = inst.puzzle, inst.params
        q, b = len(p["queens"]), len(p["blocked"])
        assert p["size"] == params["size"]
        assert params["num_queens"][0] <= q <= params["num_queens"][1]
        assert params["num_blocked"][0] <= b <= params["num_blocked"][1]
        if level <= 5:
            assert gen.original_complexity(q, b) == level
        assert 1 <= p["num_solutions"] <= gen.SOLUTION_CAP
        assert p["gold"] == sorted(p["gold"]) and all(q in p["gold"] for q in p["queens"])
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
        # the givens do not attack each other and the board shows exactly the givens and blocked cells
        assert sum(row.count("1") for row in p["board"]) == q
        assert sum(row.count("X") for row in p["board"]) == b


def test_levels_six_to_ten_generate_for_many_seeds():
    for level in range(6, 11):
        for seed in range(0, 100, 9):
            assert make_instance(TASK, level, seed, 1).puzzle["size"] == TASK.params(level).size


def test_original_samples(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    folders = {item.key.rsplit("/", 1)[0] for item in items}
    assert "eight_queens_dataset" in folders
    for item in items:
        assert item.errata == [], item.key  # spec: every stored solution is valid
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        size = inst.puzzle["size"]
        if size == 8:
            q, b = len(inst.puzzle["queens"]), len(inst.puzzle["blocked"])
            assert item.complexity == gen.original_complexity(q, b)
        else:
            assert item.complexity == {10: 6, 12: 7, 14: 8}[size]
    legacy = list(TASK.import_original(original_dir, subset="legacy"))
    assert legacy and all(i.key.startswith("eight_queens_dataset/") for i in legacy)
