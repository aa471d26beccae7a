"""navigate: the walk simulator, Yes/No parsing, generator guarantees, BBH importer."""

from __future__ import annotations

import json

import pytest

from symbench.checkers.navigate import simulate
from symbench.generation import imported_instance, make_instance
from symbench.generators.navigate import closed_walk
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.navigate import parse_bbh

TASK = get_task("navigate")
PRE = "If you follow these instructions, do you return to the starting point? "
OPTS = "\nOptions:\n- Yes\n- No"


def _instance(puzzle: dict) -> Instance:
    answer = "Yes" if puzzle["answer_yes"] else "No"
    return Instance("t", TASK.name, TASK.version, 3, {}, 0, 0, puzzle, TASK.render(puzzle), answer, "", {})


def test_turn_around_and_back():
    p = parse_bbh(PRE + "Take 8 steps. Turn around. Take 8 steps." + OPTS)
    assert p["style"] == "turns" and p["answer_yes"] and p["final_position"] == [0, 0]


def test_face_forward_item():
    text = (
        PRE + "Always face forward. Take 1 step backward. Take 9 steps left. Take 2 steps backward. "
        "Take 6 steps forward. Take 4 steps forward. Take 4 steps backward. Take 3 steps right." + OPTS
    )
    p = parse_bbh(text)
    assert p["style"] == "face_forward" and p["final_position"] == [-6, 3] and not p["answer_yes"]


def test_mixed_semantics():
    ins = [
        {"op": "turn", "dir": "right"},
        {"op": "step", "n": 3, "dir": "left"},
        {"op": "step", "n": 3, "dir": "forward"},
        {"op": "turn", "dir": "left"},
        {"op": "step", "n": 3, "dir": "backward"},
        {"op": "step", "n": 3, "dir": "right"},
    ]
    assert simulate(ins) == (6, 0)
    assert simulate(ins[:2]) == (0, 3) and simulate(ins[:3]) == (3, 3) and simulate(ins[:5]) == (3, 0)


def test_near_miss_ends_one_unit_away():
    import random

    rng = random.Random(5)
    for _ in range(50):
        walk = closed_walk(8, 10, rng)
        x = sum({"E": 1, "W": -1}.get(d, 0) * n for d, n in walk)
        y = sum({"N": 1, "S": -1}.get(d, 0) * n for d, n in walk)
        assert (x, y) == (0, 0)
    for seed in range(30):
        inst = make_instance(TASK, 10, seed, 0, overrides={"p_yes": "0.0"})  # near_miss = 1.0
        fx, fy = inst.puzzle["final_position"]
        assert abs(fx) + abs(fy) == 1 and inst.answer == "No"


@pytest.mark.parametrize("ok", ["- Yes", "yes", "(Yes)", "YES.", "'Yes'"])
def test_answer_forms(ok):
    inst = _instance(parse_bbh(PRE + "Take 8 steps. Turn around. Take 8 steps." + OPTS))
    assert TASK.verify(inst, f"<<<{ok}>>>").score == 1


@pytest.mark.parametrize("bad", ["Y", "True", "Yes, I do", "No", ""])
def test_answer_rejections(bad):
    inst = _instance(parse_bbh(PRE + "Take 8 steps. Turn around. Take 8 steps." + OPTS))
    assert TASK.verify(inst, f"<<<{bad}>>>").score == 0


def test_rerendered_question_states_the_rules():
    inst = _instance(parse_bbh(PRE + "Take 8 steps. Turn around. Take 8 steps." + OPTS))
    q = inst.question
    assert "1. Take 8 steps." in q and "2. Turn around." in q
    assert "does not change the way you face" in q and "without a direction word is a forward step" in q


@pytest.mark.parametrize("level", range(1, 11))
def test_generator(level):
    params = TASK.params(level)
    for seed in range(20):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        end = simulate(p["instructions"])
        assert list(end) == p["final_position"]
        assert (end == (0, 0)) == p["answer_yes"] and inst.answer == ("Yes" if p["answer_yes"] else "No")
        assert params.n_min <= len(p["instructions"]) <= params.n_max
        assert p["style"] in params.styles
        assert all(1 <= i["n"] <= params.max_step for i in p["instructions"] if i["op"] == "step")
        if p["style"] == "face_forward":
            assert all(i["op"] == "step" for i in p["instructions"])
        if level == 1:
            assert p["style"] == "face_forward"


def test_yes_rate_is_balanced():
    answers = [make_instance(TASK, 3, 11, i).answer for i in range(600)]
    assert abs(answers.count("Yes") / 600 - 0.5) <= 0.07


def test_importer(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items and all(not item.errata for item in items)  # errata: none
    examples = json.loads((original_dir / "BIG-Bench-Hard" / "bbh" / "navigate.json").read_text())["examples"]
    assert len(items) == len(examples)
    styles = set()
    for item, ex in zip(items, examples):
        inst = imported_instance(TASK, item)
        assert inst.answer == ex["target"] and inst.question.startswith(ex["input"])
        assert 1 <= len(inst.puzzle["instructions"]) <= 9
        styles.add(inst.puzzle["style"])
    assert styles == {"face_forward", "turns"}
    again = list(TASK.import_original(original_dir, render="symbench"))
    assert all(imported_instance(TASK, i).question.startswith("You stand at a starting point") for i in again)
