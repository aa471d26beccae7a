"""game_2048: the spec's worked examples, formats, generator guarantees, original-data errata."""

from __future__ import annotations

from symbench.generation import build_instance, imported_instance, make_instance
from symbench.generators import game_2048 as gen
from symbench.registry import get_task

TASK = get_task("2048")
GRID = [[2, 0, 2], [0, 4, 0], [0, 0, 8]]


def _instance(grid, start, moves):
    puzzle = gen.build_puzzle(grid, start, moves)
    tiles = str(sum(1 for row in grid for v in row if v))
    params = TASK.params(2, {"size": str(len(grid)), "tiles": tiles, "require_change": "false"})
    answer = ", ".join(str(v) for row in puzzle["gold"] for v in row)
    return build_instance(TASK, 2, params, None, None, puzzle, answer, {})


def _score(inst, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_alias_and_name():
    assert TASK.name == "game_2048"


def test_worked_example_merges_twice():
    inst = _instance(GRID, (1, 1), "rrdl")
    assert inst.puzzle["gold"] == [[0, 0, 0], [0, 8, 0], [0, 0, 8]]
    assert inst.puzzle["path"] == [[1, 2], [1, 3], [2, 3], [2, 2]]
    assert inst.puzzle["merges"] == 2
    assert _score(inst, "0, 0, 0, 0, 8, 0, 0, 0, 8") == 1
    assert _score(inst, "0, 0, 0, 0, 4, 4, 0, 0, 8") == 0


def test_three_moves():
    inst = _instance(GRID, (1, 1), "rrd")
    assert inst.answer == "0, 0, 0, 0, 4, 4, 0, 0, 8"


def test_blocked_step_then_move():
    assert gen.simulate([[2, 4], [0, 0]], (1, 1), "r")["gold"] == [[2, 4], [0, 0]]
    assert gen.simulate([[2, 4], [0, 0]], (1, 1), "rd")["gold"] == [[0, 4], [2, 0]]


def test_wall_leaves_grid_unchanged():
    inst = _instance([[2, 0], [0, 0]], (1, 1), "ul")
    assert inst.puzzle["gold"] == [[2, 0], [0, 0]] and inst.puzzle["path"] == [[1, 1], [1, 1]]
    assert _score(inst, "2, 0, 0, 0") == 1


def test_formats():
    inst = _instance(GRID, (1, 1), "rrdl")
    for ok in ("[[0,0,0],[0,8,0],[0,0,8]]", "0 0 0\n0 8 0\n0 0 8", '["0","0","0","0","8","0","0","0","8"]'):
        assert _score(inst, ok) == 1, ok
    for bad in (
        "0, 0, 0, 0, 8, 0, 0, 0",
        ". . .\n. 8 .\n. . 8",
        "0, 0, 0, 0, 8.5, 0, 0, 0, 8",
        "-0 " * 9,
        "",
    ):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad


def test_question_states_rules():
    inst = _instance(GRID, (1, 1), "rrdl")
    q = inst.question
    for phrase in ("(1, 1)", "'rrdl'", "row - 1", "column + 1", "double", "beyond the edge", "last"):
        assert phrase in q, phrase
    assert inst.answer not in q


def test_generator_guarantees():
    for level in range(1, 11):
        for seed in range(10):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            r, c = p["start"]
            assert p["grid"][r - 1][c - 1] != 0
            assert p["gold"] != p["grid"]
            assert p["gold"] == gen.simulate(p["grid"], p["start"], p["moves"])["gold"]
            assert len(p["moves"]) == inst.params["num_moves"] and len(p["grid"]) == inst.params["size"]
            lo, hi = inst.params["tiles"]
            assert lo <= sum(1 for row in p["grid"] for v in row if v) <= hi
            if level >= 9:
                assert p["merges"] >= 2


def test_original_data_errata(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    ill = {i.key for i in items if "excluded_ill_posed" in i.errata}
    degenerate = {i.key for i in items if "degenerate" in i.errata}
    for item in items:
        grid, (r, c) = item.puzzle["grid"], item.puzzle["start"]
        assert "gold_corrected" not in item.errata  # every stored gold matches the simulation
        assert (item.key in ill) == (grid[r - 1][c - 1] == 0)
        assert (item.key in degenerate) == (grid[r - 1][c - 1] != 0 and item.puzzle["gold"] == grid)
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
    assert ill and degenerate
    default = {i.key for i in TASK.import_original(original_dir)}
    assert not default & ill and degenerate <= default
