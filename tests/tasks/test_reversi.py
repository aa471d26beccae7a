"""reversi: the spec's worked examples, rejections, importer and generator guarantees."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import reversi as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("reversi")


def _instance(n: int, coords: list[tuple[int, int]]) -> Instance:
    moves = [{"player": "01"[i % 2], "row": r, "col": c} for i, (r, c) in enumerate(coords)]
    result = gen.replay(n, moves)
    assert result is not None
    gold, flips = result
    puzzle = {
        "size": n,
        "start_board": gen.as_rows(gen.opening(n)),
        "moves": moves,
        "prefix_moves": [],
        "gold_board": gold,
        "flips": flips,
    }
    return Instance("t", "reversi", "1.0", 1, {}, 0, 0, puzzle, TASK.render(puzzle), "", "", {})


def _score(inst: Instance, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_one_move():
    inst = _instance(4, [(4, 3)])
    assert inst.puzzle["flips"] == [1]
    assert _score(inst, "*,*,*,*,*,1,0,*,*,0,0,*,*,*,0,*") == 1
    assert _score(inst, "****\n*10*\n*00*\n**0*") == 1
    assert _score(inst, '[["*","*","*","*"],["*","1","0","*"],["*","0","0","*"],["*","*","0","*"]]') == 1
    assert "black (0) plays (4, 3)" in inst.question and "BEFORE" in inst.question


def test_two_moves():
    inst = _instance(4, [(4, 3), (4, 4)])
    assert _score(inst, "*,*,*,*,*,1,0,*,*,0,1,*,*,*,0,1") == 1
    assert "white (1) plays (4, 4)" in inst.question


def test_three_moves_on_six():
    inst = _instance(6, [(5, 4), (5, 5), (5, 6)])
    assert inst.puzzle["gold_board"] == ["******", "******", "**10**", "**01**", "***000", "******"]


def test_rejections():
    inst = _instance(4, [(4, 3)])
    assert _score(inst, "*,*,*,*,*,1,0,*,*,0,0,*,*,*,0") == 0
    verdict = TASK.verify(inst, "<<<.,.,.,.,.,W,B,.,.,B,B,.,.,.,B,.>>>")
    assert verdict.score == 0 and verdict.reason == "invalid_symbol"
    assert _score(inst, ",".join(inst.puzzle["start_board"])) == 0


def test_capture_needs_own_piece_at_the_end():
    board = gen.opening(4)
    assert gen.captured(board, "0", 0, 0) == []  # white, white, then empty: no capture
    assert gen.play(board, "0", 0, 0) == 0 and board == gen.opening(4)


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    for seed in range(15):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert p["start_board"] != p["gold_board"]
        assert len(p["moves"]) == inst.params["num_moves"]
        assert len(p["prefix_moves"]) == inst.params["prefix_moves"]
        # the hidden prefix reaches the start board, and each listed move is legal from there
        board = gen.opening(p["size"])
        for k, mv in enumerate(p["prefix_moves"]):
            assert mv["player"] == "01"[k % 2]
            assert gen.play(board, mv["player"], mv["row"] - 1, mv["col"] - 1) > 0
        assert gen.as_rows(board) == p["start_board"]
        offset = len(p["prefix_moves"])
        for k, mv in enumerate(p["moves"]):
            assert mv["player"] == "01"[(offset + k) % 2]  # strict alternation: no pass
            flipped = gen.play(board, mv["player"], mv["row"] - 1, mv["col"] - 1)
            assert flipped == p["flips"][k] >= 1
        assert gen.as_rows(board) == p["gold_board"]
        assert _score(inst, inst.answer) == 1


def test_original_import(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    layout = [(4, 1), (4, 2), (4, 3), (6, 2), (6, 3)]
    level_of = {(4, 1): 1, (4, 2): 2, (6, 2): 3, (4, 3): 4, (6, 3): 5}
    for item in items:
        assert item.errata == ["question_rerendered"]  # all 200: the board was shown after the moves
        inst = imported_instance(TASK, item)
        assert _score(inst, item.original_answer) == 1
        n = int(item.key.rsplit("_", 1)[1])
        shape = layout[(n % 100) // 20]
        assert (item.puzzle["size"], len(item.puzzle["moves"])) == shape
        assert item.complexity == level_of[shape]
        assert item.puzzle["start_board"] != item.puzzle["gold_board"]
