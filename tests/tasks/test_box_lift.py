"""box_lift: the spec's worked example, partial credit, rule fixes, format tolerance, original data and
generator guarantees."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import box_lift as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("boxlift")
BOXES = [43, 88, 84, 64, 56, 87, 20, 57, 82, 14]
LIFTERS = [51, 49, 48]
PLAN = [
    "Step 1: [(88, [0, 1]), (43, [2])]",
    "Step 2: [(87, [0, 1]), (20, [2])]",
    "Step 3: [(84, [0, 1]), (14, [2])]",
    "Step 4: [(82, [0, 1])]",
    "Step 5: [(64, [0, 1])]",
    "Step 6: [(57, [0, 1])]",
    "Step 7: [(56, [0, 1])]",
]


@pytest.fixture
def inst() -> Instance:
    plan = gen.budget_and_witness(BOXES, LIFTERS, "greedy", None)
    puzzle = gen.build_puzzle(BOXES, LIFTERS, plan)
    return Instance("t", "box_lift", "1.0", 2, {}, None, None, puzzle, "", gen.format_plan(plan), "", {})


def _v(inst, *lines):
    return TASK.verify(inst, "<<<" + "\n".join(lines) + ">>>")


def test_worked_example(inst):
    assert inst.puzzle["budget"] == 7
    assert inst.answer == "\n".join(PLAN)
    v = _v(inst, *PLAN)
    assert v.score == 1 and v.correct and v.metrics["success"] is True
    assert v.metrics["lifted_box_ratio"] == 1.0


def test_partial_credit_and_repeated_index(inst):
    v = _v(inst, *PLAN[:3], "Step 4: [(82, [0, 0])]", "Step 5: [(64, [0, 2])]")
    assert v.score == pytest.approx(400 / 595)
    assert v.metrics["lifted_weight_ratio"] == pytest.approx(400 / 595)
    assert v.metrics["lifted_box_ratio"] == pytest.approx(0.7)
    assert not v.correct and v.metrics["success"] is False
    assert v.reason == "rule_violation"


def test_negative_index(inst):
    v = _v(inst, "Step 1: [(88, [-1, 0])]")
    assert v.score == 0 and v.reason == "rule_violation"


def test_over_budget(inst):
    v = _v(inst, *PLAN[:6], "Step 7: []", "Step 8: [(56, [0, 1])]")
    assert v.score == pytest.approx((595 - 56) / 595)
    assert not v.correct and v.reason == "rule_violation"
    v = _v(inst, *PLAN, "Step 8: []")
    assert v.score == 1 and not v.correct and v.reason == "rule_violation"


def test_lifter_reuse_in_one_step(inst):
    v = _v(inst, "Step 1: [(88, [0, 1]), (43, [1])]")
    assert v.score == pytest.approx(88 / 595) and v.reason == "rule_violation"


def test_unknown_weight(inst):
    assert _v(inst, "Step 1: [(90, [0, 1])]").score == 0
    v = _v(inst, "Step 1: [(88, [0, 1])]", "Step 2: [(88, [0, 1])]")
    assert v.score == pytest.approx(88 / 595) and v.reason == "rule_violation"


def test_capacity(inst):
    v = _v(inst, "Step 1: [(88, [0])]")
    assert v.score == 0 and v.reason == "rule_violation"


def test_format_tolerance(inst):
    text = ["Here is the plan:", "", *PLAN[:2], "", "  step 3 :[[84,[0,1,]],[14,[2]],]", *PLAN[3:], "done"]
    assert _v(inst, *text).correct
    v = _v(inst, *PLAN[:2], "Step 3 [(84, [0, 1])]", *PLAN[3:])
    assert not v.correct and v.reason == "unparseable"
    assert v.score == pytest.approx((595 - 84 - 14) / 595)
    v = _v(inst, *PLAN[:2], "Step 3: [(84, [0, 1)]", *PLAN[3:])
    assert not v.correct and v.reason == "unparseable"
    v = TASK.verify(inst, "<<<nothing>>>")
    assert v.score == 0 and v.reason == "unparseable"
    v = _v(inst, "Step 1: [(88, [0, 1])] extra text")
    assert v.score == 0 and v.reason == "unparseable"
    v = _v(inst, "Step 1: [(" + "9" * 5000 + ", [0, 1])]")
    assert v.score == 0 and v.reason == "rule_violation"


def test_wrong_labels_are_only_noted(inst):
    v = _v(inst, *[line.replace(f"Step {k + 1}:", "Step 9:") for k, line in enumerate(PLAN)])
    assert v.correct and v.parsed["step_labels_in_order"] is False


def test_leftover_boxes(inst):
    v = _v(inst, *PLAN[:6])
    assert not v.correct and v.reason == "wrong_value"
    assert v.score == pytest.approx((595 - 56) / 595)


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    assert all(not i.errata for i in items)  # the spec lists no data errata
    for item in items:
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").correct
        p = item.puzzle
        assert max(p["boxes"]) <= sum(p["lifters"])
        nb, nl = (int(x) for x in item.key.split("/")[1].split("_")[1:])
        assert (len(p["boxes"]), len(p["lifters"])) == (nb, nl)
        assert inst.complexity == {10: 2, 15: 3, 20: 4, 25: 5}[nb]
        index = int(item.key.rsplit("BoxLift", 1)[1])
        assert ("legacy" in item.extra_meta.get("subsets", [])) == (index <= 4)
        if index <= 4:
            assert 4 <= p["budget"] <= 13
    worked = [i for i in items if i.key.endswith("BoxLift_10_3/BoxLift0")]
    for item in worked:
        assert item.puzzle["boxes"] == BOXES and item.puzzle["budget"] == 7


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    params = TASK.params(level)
    for seed in range(6):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert max(p["boxes"]) <= sum(p["lifters"])
        v = TASK.verify(inst, f"<<<{inst.answer}>>>")
        assert v.score == 1 and v.correct and v.metrics["success"]
        assert len(p["witness"]) == p["budget"] >= p["lower_bound"]
        assert len(p["boxes"]) == params.n_boxes and len(p["lifters"]) == params.n_lifters
        if params.budget_mode == "tight":
            greedy = gen.greedy_plan(p["boxes"], p["lifters"], list(range(len(p["lifters"]))))
            assert p["budget"] <= len(greedy)


def test_legacy_subset(original_dir):
    legacy = list(TASK.import_original(original_dir, subset="legacy"))
    assert legacy and all(int(i.key.rsplit("BoxLift", 1)[1]) <= 4 for i in legacy)
    assert len(legacy) < len(list(TASK.import_original(original_dir)))
    with pytest.raises(Exception, match="unknown subset"):
        list(TASK.import_original(original_dir, subset="nope"))
