"""blocksworld: the spec's worked examples, parser tolerance, the original data and generator guarantees."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import blocksworld as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("blocksworld")


def _instance(initial, goal) -> Instance:
    blocks = sorted(b for s in initial for b in s)
    puzzle = gen.solved_puzzle(blocks, initial, goal)
    return Instance("t", "blocksworld", "1.0", 1, {}, None, None, puzzle, "", "", "", {})


def _score(inst: Instance, content: str):
    return TASK.verify(inst, f"answer: <<<{content}>>>")


@pytest.fixture
def ex1() -> Instance:  # original 2_3_2_0
    return _instance([[], ["B", "A"], []], [[], ["A", "B"]])


def test_worked_example_one(ex1):
    plan = "Move A from 2 to 1\nMove B from 2 to 3\nMove A from 1 to 2\nMove B from 3 to 2"
    v = _score(ex1, plan)
    assert v.score == 1 and v.correct
    assert ex1.puzzle["lower_bound"] == 2
    assert ex1.puzzle["optimal_moves"] == 4


def test_worked_example_two():
    inst = _instance([[], ["B"], ["A"], ["C"], ["D"]], [["A"], ["D"], ["B", "C"], []])
    plan = "Move A from 3 to 1\nMove B from 2 to 3\nMove D from 5 to 2\nMove C from 4 to 3"
    assert _score(inst, plan).score == 1
    assert inst.puzzle["lower_bound"] == inst.puzzle["optimal_moves"] == 4


def test_blank_lines_and_variants(ex1):
    plan = "\n\n1. Move A from stack2 to Stack 1\n\nmove b from 2 to 3\nStep 3: Move A from 1 to 2.\n\nMove B from 3 to 2"
    assert _score(ex1, plan).score == 1
    assert (
        _score(
            ex1,
            "Here is my plan:\nmove a from 2 to 1\nmove b from 2 to 3\nmove a from 1 to 2\nmove b from 3 to 2",
        ).score
        == 1
    )


def test_table_move_and_unknown_stack(ex1):
    v = _score(ex1, "Move A from 2 to table")
    assert v.score == 0 and v.reason == "unparseable"
    v = _score(ex1, "Move A from 2 to 4")
    assert v.score == 0 and v.reason == "rule_violation"


def test_top_block_rule(ex1):
    v = _score(ex1, "Move B from 2 to 1\nMove A from 2 to 3\nMove A from 3 to 2\nMove B from 1 to 2")
    assert v.score == 0 and v.reason == "rule_violation"


def test_extra_stacks_must_be_empty(ex1):
    v = _score(ex1, "Move A from 2 to 1\nMove B from 2 to 3\nMove A from 1 to 2")
    assert v.score == 0 and v.reason == "wrong_value"


def test_robustness(ex1):
    v = _score(ex1, "Move A from 2 to 1 and then B")
    assert v.score == 0 and v.reason == "unparseable"
    v = _score(ex1, "Move Z from 2 to 1")
    assert v.score == 0 and v.reason == "invalid_symbol"
    v = _score(ex1, "Move A from 99999999999999999999 to 1")
    assert v.score == 0 and v.reason == "rule_violation"
    assert _score(ex1, "\n".join(["move A from 2 to 1", "move A from 1 to 2"] * 5001)).reason == "wrong_shape"
    assert _score(ex1, "").reason == "wrong_value"  # the empty plan leaves the start state


def test_parse_task_file():
    from symbench.tasks.blocksworld import parse_task_file

    text = "Initial State:\nstack1: \nstack2: B A\nstack3: \n\nGoal State:\nstack1: \nstack2: A B\n"
    assert parse_task_file(text, "x") == ([[], ["B", "A"], []], [[], ["A", "B"]])


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items, "no blocksworld items in the subset"
    by_key = {i.key.split("/")[-1]: i for i in items}
    flagged = sorted(k for k, i in by_key.items() if "degenerate" in i.errata)
    expected = [k for k in ("2_3_2_2",) if k in by_key]
    assert flagged == expected
    for item in items:
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
        assert inst.complexity == len(item.puzzle["blocks"]) - 1
        assert ("legacy" in item.extra_meta.get("subsets", [])) == (int(item.key[-1]) <= 1)
    if "2_3_2_2" in by_key:
        inst = imported_instance(TASK, by_key["2_3_2_2"])
        assert TASK.verify(inst, "<<<>>>").score == 1
        assert TASK.verify(inst, "<<<Move A from 1 to 3>>>").score == 0
    if "4_5_4_1" in by_key:
        inst = imported_instance(TASK, by_key["4_5_4_1"])
        plan = "Move A from 3 to 1\nMove B from 2 to 3\nMove D from 5 to 2\nMove C from 4 to 3"
        assert TASK.verify(inst, f"<<<{plan}>>>").score == 1
        assert inst.puzzle["optimal_moves"] == 4
    legacy_optima = [i.puzzle["optimal_moves"] for i in items if int(i.key[-1]) <= 1]
    assert all(1 <= m <= 7 for m in legacy_optima)


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    for seed in range(6):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        params = TASK.params(level)
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
        assert p["lower_bound"] >= max(1, params.min_lower_bound)
        assert sorted(b for s in p["initial"] for b in s) == p["blocks"]
        assert sorted(b for s in p["goal"] for b in s) == p["blocks"]
        if level <= 3:
            assert all(s == sorted(s) for s in p["goal"])
        if p["optimal_moves"] is not None:
            assert p["lower_bound"] <= p["optimal_moves"] <= len(p["witness"])


def test_optimum_matches_breadth_first_search():
    import random
    from collections import deque

    def bfs(initial, goal):
        n = len(initial)
        target = tuple(tuple(goal[i]) if i < len(goal) else () for i in range(n))
        start = tuple(tuple(s) for s in initial)
        seen, queue = {start: 0}, deque([start])
        while queue:
            state = queue.popleft()
            if state == target:
                return seen[state]
            for i in range(n):
                if state[i]:
                    for j in range(n):
                        if j != i:
                            nxt = list(state)
                            nxt[i], nxt[j] = state[i][:-1], state[j] + state[i][-1:]
                            child = tuple(nxt)
                            if child not in seen:
                                seen[child] = seen[state] + 1
                                queue.append(child)

    rng = random.Random(5)
    for n_blocks, pairs in ((4, gen.P8), (5, ("3:2", "3:3", "4:2"))):
        for _ in range(12):
            p = gen.generate(n_blocks, pairs, "random", 1, rng)
            assert p["optimal_moves"] == bfs(p["initial"], p["goal"])


def test_legacy_subset(original_dir):
    legacy = list(TASK.import_original(original_dir, subset="legacy"))
    assert legacy and all(int(i.key[-1]) <= 1 for i in legacy)
    assert {i.key for i in legacy} == {
        i.key for i in TASK.import_original(original_dir) if "legacy" in i.extra_meta.get("subsets", [])
    }
    with pytest.raises(Exception, match="unknown subset"):
        list(TASK.import_original(original_dir, subset="nope"))
