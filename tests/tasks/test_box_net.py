"""box_net: the spec's worked examples, synchronous semantics, robustness, original data and generator
guarantees."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import box_net as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("boxnet")
A, B = "Agent[0.5, 0.5]", "Agent[0.5, 1.5]"


def _instance(rows, cols, squares) -> Instance:
    puzzle = gen.build_puzzle(rows, cols, squares, True)
    return Instance(
        "t", "box_net", "1.0", 2, {}, None, None, puzzle, "", gen.format_plan(puzzle["witness"]), "", {}
    )


@pytest.fixture
def ex1() -> Instance:
    return _instance(1, 2, [["box_red", "target_blue"], ["box_blue", "target_red"]])


def _v(inst, plan):
    text = plan if isinstance(plan, str) else json.dumps(plan)
    return TASK.verify(inst, f"<<<{text}>>>")


def test_worked_example(ex1):
    plan = [
        {A: "move(box_red, square[0.5, 1.5])", B: "move(box_blue, square[0.5, 0.5])"},
        {A: "move(box_blue, target_blue)", B: "move(box_red, target_red)"},
    ]
    v = _v(ex1, plan)
    assert v.score == 1 and v.correct and v.metrics == {"success": True, "delivered_ratio": 1.0}
    assert _v(ex1, ex1.answer).correct


def test_same_step_use_is_invalid(ex1):
    v = _v(ex1, [{A: "move(box_red, square[0.5, 1.5])", B: "move(box_red, target_red)"}])
    assert v.score == 0 and not v.correct and v.reason == "rule_violation"
    # the box did arrive: delivering it in the next step works
    v = _v(
        ex1,
        [
            {A: "move(box_red, square[0.5, 1.5])", B: "move(box_red, target_red)"},
            {B: "move(box_red, target_red)"},
        ],
    )
    assert v.score == 0.5 and not v.correct


def test_partial_credit(ex1):
    plan = [
        {A: "move(box_red, square[0.5, 1.5])", B: "move(box_blue, square[0.5, 0.5])"},
        {A: "move(box_blue, target_blue)"},
    ]
    v = _v(ex1, plan)
    assert v.score == 0.5 and not v.correct and v.reason == "wrong_value"
    assert v.metrics == {"success": False, "delivered_ratio": 0.5}


def test_targets_do_not_move(ex1):
    v = _v(ex1, [{A: "move(target_blue, square[0.5, 1.5])"}])
    assert v.score == 0 and v.reason == "rule_violation"


def test_no_crash(ex1):
    for plan in (
        [{A: "move(box_red, square[0.5, -0.5])"}],
        [{"Agent[3.5, 3.5]": "move(box_red, target_red)"}],
        [{A: 7}],
        [{A: "move(box_red, square[1.5, 1.5])"}],  # not adjacent (and off-grid)
        [{A: "move(box_red, square[0.5, 0.5])"}],  # its own square
        [{A: "move(box_red, target_blue)"}],  # colour mismatch
    ):
        v = _v(ex1, plan)
        assert v.score == 0 and v.reason == "rule_violation", plan
    for text in ('{"a": 1}', "[1, 2]", '[{"x": 1}, 3]'):
        v = _v(ex1, text)
        assert v.score == 0 and v.reason == "wrong_shape"
    for text in ("[", "[NaN]", "[" * 5000, "not json", "[{" + '"a": 1,' * 3 + "}]"):
        v = _v(ex1, text)
        assert v.score == 0 and v.reason == "unparseable"


def test_duplicate_key(ex1):
    text = (
        '[{"Agent[0.5, 0.5]": "move(box_red, square[0.5, 1.5])", '
        '"Agent[0.5,0.5]": "move(box_red, target_red)"}, '
        '{"Agent[0.5, 1.5]": "move(box_red, target_red)"}]'
    )
    v = _v(ex1, text)
    assert v.score == 0.5 and not v.correct and v.reason == "rule_violation"


def test_tolerance(ex1):
    plan = [
        {
            "agent[0.5,0.5]": "Move( Box_Red , square [0.5,1.5] )",
            " AGENT [ 0.50 , 1.5 ] ": "move(box_blue,square[5e-1,0.5])",
        },
        {},
        {A: "MOVE(BOX_BLUE, TARGET_BLUE)", B: "move(box_red, target_red)"},
    ]
    assert _v(ex1, plan).correct
    # after everything is delivered, further actions act on absent boxes
    v = _v(ex1, [*plan, {A: "move(box_blue, target_blue)"}])
    assert v.score == 1 and not v.correct


def test_original_instance_pg_state0():
    sq0 = "box_blue, target_blue, box_blue, target_blue, box_red, target_red, box_red, target_red, box_green, target_purple, box_orange, target_orange"
    sq1 = "box_blue, target_blue, box_green, target_green, target_green, box_purple"
    inst = _instance(1, 2, [sq0.split(", "), sq1.split(", ")])
    assert inst.puzzle["n_boxes"] == 9
    plan = [
        {A: "move(box_blue, target_blue)", B: "move(box_blue, target_blue)"},
        {A: "move(box_blue, target_blue)", B: "move(box_green, target_green)"},
        {A: "move(box_red, target_red)"},
        {A: "move(box_red, target_red)"},
    ]
    v = _v(inst, plan)
    assert v.score == pytest.approx(6 / 9) and not v.correct
    assert _v(inst, inst.answer).correct


def test_assignment_is_optimal_and_lexicographic():
    assert gen.assign([(0, 0), (0, 1)], [(0, 1), (0, 0)]) == [1, 0]
    assert gen.assign([(0, 0)], [(0, 2), (0, 2)]) == [0]
    assert gen.assign([(0, 0), (0, 0)], [(0, 3), (0, 1)]) == [0, 1]  # equal cost: smallest sequence


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    assert all(not i.errata for i in items)  # the spec lists no data errata
    levels = {(1, 2): 2, (2, 2): 3, (2, 4): 5, (4, 4): 7, (4, 8): 9}
    for item in items:
        inst = imported_instance(TASK, item)
        p = inst.puzzle
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").correct
        assert inst.complexity == levels[(p["rows"], p["cols"])]
        counts = Counter(it for s in p["squares"] for it in s["items"])
        assert all(counts["box_" + c] == counts["target_" + c] for c in p["colours"])
        assert ("legacy" in item.extra_meta.get("subsets", [])) == (inst.complexity in (2, 3, 5))
        stored = json.loads(item.extra_meta["original_data"])
        assert sum(len(v) for v in stored.values()) == sum(len(s["items"]) for s in p["squares"])
    if any(i.key.endswith("env_pg_state_2_2/pg_state2") for i in items):
        item = next(i for i in items if i.key.endswith("env_pg_state_2_2/pg_state2"))
        assert item.puzzle["squares"][0]["items"] == [
            "box_blue",
            "target_blue",
            "target_purple",
            "box_purple",
        ]


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    params = TASK.params(level)
    for seed in range(5):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        v = TASK.verify(inst, f"<<<{inst.answer}>>>")
        assert v.correct and v.score == 1
        counts = Counter(it for s in p["squares"] for it in s["items"])
        assert p["colours"] == list(gen.PALETTE[: params.n_colours])
        for c in p["colours"]:
            assert counts["box_" + c] == counts["target_" + c]
            assert params.boxes_min <= counts["box_" + c] <= params.boxes_max
        assert gen.has_move(p["witness"])
        assert ("Legal actions" in inst.question) == params.list_actions


def test_question_lists_actions():
    inst = make_instance(TASK, 2, 0, 0)
    first = inst.puzzle["squares"][0]
    if any(it.startswith("box_") for it in first["items"]):
        assert "move(box_" in inst.question.split("Legal actions", 1)[1]
    plain = make_instance(TASK, 2, 0, 0, overrides={"list_actions": "false"})
    assert "Legal actions" not in plain.question


def test_legacy_subset(original_dir):
    legacy = list(TASK.import_original(original_dir, subset="legacy"))
    assert legacy and all((i.puzzle["rows"], i.puzzle["cols"]) in ((1, 2), (2, 2), (2, 4)) for i in legacy)
    assert len(legacy) < len(list(TASK.import_original(original_dir)))
    with pytest.raises(Exception, match="unknown subset"):
        list(TASK.import_original(original_dir, subset="nope"))
