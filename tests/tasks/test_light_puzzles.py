"""light_puzzles: the spec's worked examples, rejections, importer and generator guarantees."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import light_puzzles as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("light_puzzles")


def _instance(initial, buttons, presses) -> Instance:
    gold = gen.simulate(initial, buttons, presses)
    puzzle = {"size": len(initial), "initial": initial, "buttons": buttons, "presses": presses, "gold": gold}
    return Instance("t", "light_puzzles", "1.0", 1, {}, 0, 0, puzzle, TASK.render(puzzle), "", "", {})


def _score(inst: Instance, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


EXAMPLE = _instance(
    [[1, 0, 1], [0, 1, 0], [0, 0, 0]],
    {"A": [[1, 1], [1, 2], [3, 3]], "B": [[2, 2], [3, 3]]},
    ["A", "B", "A"],
)


def test_worked_example():
    assert EXAMPLE.puzzle["gold"] == [1, 0, 1, 0, 0, 0, 0, 0, 1]
    assert _score(EXAMPLE, "1,0,1,0,0,0,0,0,1") == 1
    assert _score(EXAMPLE, "101\n000\n001") == 1
    assert _score(EXAMPLE, "[[1,0,1],[0,0,0],[0,0,1]]") == 1
    assert _score(EXAMPLE, "101000001") == 1
    assert _score(EXAMPLE, "1,0,1,0,0,0,0,0") == 0
    assert _score(EXAMPLE, "1,0,1,0,1,0,0,0,1") == 0


def test_original_shape():
    inst = _instance([[0, 1], [0, 1]], {"A": [[1, 1], [2, 2]]}, ["A"])
    assert inst.puzzle["gold"] == [1, 1, 0, 0]
    assert _score(inst, "1,1,0,0") == 1


def test_coordinates_are_row_column():
    inst = _instance([[0, 0], [0, 0]], {"A": [[1, 2]]}, ["A"])
    assert _score(inst, "0,1,0,0") == 1
    assert _score(inst, "0,0,1,0") == 0


def test_rejections_do_not_raise():
    inst = _instance([[0, 1], [0, 1]], {"A": [[1, 1], [2, 2]]}, ["A"])
    for bad, reason in (
        ("1,1,0,2", "invalid_symbol"),
        ("on,on,off,off", "invalid_symbol"),
        ("", "unparseable"),
    ):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason == reason, bad


def test_question_states_toggling_and_coordinates():
    q = EXAMPLE.question
    assert "toggles" in q and "(row, column)" in q and "Button A: (1, 1), (1, 2), (3, 3)" in q
    assert "Round 3: press button A" in q


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    for seed in range(15):
        inst = make_instance(TASK, level, seed, 0)
        n = inst.params["size"]
        lo, hi = inst.params["cells_per_button"]
        assert hi == max(2, n * n // 2) and lo == 2
        for cells in inst.puzzle["buttons"].values():
            assert lo <= len(cells) <= hi
            assert len({tuple(c) for c in cells}) == len(cells)
            assert all(1 <= r <= n and 1 <= c <= n for r, c in cells)
        # an independent re-simulation
        grid = [row[:] for row in inst.puzzle["initial"]]
        for b in inst.puzzle["presses"]:
            for r, c in inst.puzzle["buttons"][b]:
                grid[r - 1][c - 1] = 1 - grid[r - 1][c - 1]
        assert [v for row in grid for v in row] == inst.puzzle["gold"]
        assert grid != inst.puzzle["initial"]  # require_change
        assert _score(inst, inst.answer) == 1


def test_original_import(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    levels = {(0, 50): 5, (50, 64): 1, (64, 78): 2, (78, 92): 3, (92, 100): 4, (100, 200): 5}
    for item in items:
        assert item.errata == []  # every stored answer matches the simulation
        inst = imported_instance(TASK, item)
        assert _score(inst, item.original_answer) == 1
        n = int(item.key.rsplit("_", 1)[1])
        assert item.complexity == next(v for (a, b), v in levels.items() if a <= n < b), item.key
