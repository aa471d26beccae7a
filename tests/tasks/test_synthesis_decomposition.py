"""synthesis_decomposition: the spec's worked examples, formats, random-recipe guarantees, original data."""

from __future__ import annotations

import pytest

from symbench.errors import ParamError
from symbench.generation import build_instance, imported_instance, make_instance
from symbench.generators import synthesis_decomposition as gen
from symbench.registry import get_task

TASK = get_task("synthesis_decomposition")


def _instance(recipe: str, initial: dict[str, int]):
    spec = gen.FIXED[recipe]
    puzzle = gen.build_puzzle(recipe, spec["crops"], spec["products"], spec["methods"], initial, None)
    level = {"R1": 1, "R2": 2, "R3": 3}[recipe]
    answer = "[" + ", ".join(map(str, puzzle["gold"])) + "]"
    return build_instance(TASK, level, TASK.params(level), None, None, puzzle, answer, {})


def _score(inst, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_worked_example_r3():
    inst = _instance("R3", {"A": 5, "B": 2, "C": 4})
    assert inst.puzzle["gold"] == [1, 0, 3, 0, 2]
    states = [[s["state"][r] for r in "ABCXY"] for s in inst.puzzle["trace"]]
    assert [s["method"] for s in inst.puzzle["trace"]] == [1, 2, 3, 4]
    assert states == [[3, 1, 3, 3, 0], [2, 0, 5, 3, 0], [2, 0, 3, 2, 1], [1, 0, 3, 0, 2]]
    assert _score(inst, "[1, 0, 3, 0, 2]") == 1


def test_semantics_trap_repeated_application():
    inst = _instance("R3", {"A": 5, "B": 2, "C": 4})
    assert _score(inst, "[0, 0, 0, 3, 2]") == 0
    assert "[0, 0, 0, 3, 2]" in TASK.corruptions(inst)


def test_r1():
    inst = _instance("R1", {"A": 6, "B": 2})
    assert inst.puzzle["gold"] == [1, 0, 4]
    assert [s["method"] for s in inst.puzzle["trace"]] == [1, 2, 1]


def test_formats():
    inst = _instance("R3", {"A": 5, "B": 2, "C": 4})
    for ok in ("1, 0, 3, 0, 2", '["1","0","3","0","2"]', "1 0 3 0 2", "[1.0, 0, 3, 0, 2]"):
        assert _score(inst, ok) == 1, ok
    for bad in ("[1, 0, 3, 0]", "A=1, B=0, C=3, X=0, Y=2", "[1, 0, 3, 0, -2]", ""):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad


def test_robustness():
    inst = _instance("R3", {"A": 5, "B": 2, "C": 4})
    for bad in ("", ", ".join(["1"] * 1000), "[" * 3000):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error"


def test_question_states_procedure():
    q = _instance("R3", {"A": 5, "B": 2, "C": 4}).question
    for phrase in (
        "exactly once",
        "from method 4 back to method 1",
        "none of the 4 methods",
        "A, B, C, X, Y",
    ):
        assert phrase in q, phrase


def test_fixed_recipe_counts_are_checked():
    with pytest.raises(ParamError, match="num_crops=3"):
        TASK.params(1, {"recipe": "R3", "stock": "5-8"})
    with pytest.raises(ParamError, match="stock"):
        TASK.params(2, {"stock": "1-2,3-4"})


def test_random_recipe_guarantees():
    for level in range(6, 11):
        for seed in range(10):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            w = p["weights"]
            for m in p["methods"]:
                assert sum(w[r] * n for r, n in m["inputs"].items()) > sum(
                    w[r] * n for r, n in m["outputs"].items()
                )
                assert not set(m["inputs"]) & set(m["outputs"])
                assert 1 <= len(m["inputs"]) <= 3 and 1 <= len(m["outputs"]) <= 2
            assert {s["method"] for s in p["trace"]} == set(range(1, len(p["methods"]) + 1))
            assert len(p["trace"]) >= 2 * len(p["methods"])
            assert set(p["products"]) <= {r for m in p["methods"] for r in m["outputs"]}
            again = gen.simulate(p["methods"], p["initial"], p["answer_order"])
            assert again["final"] == p["gold"] and p["trace"][-1]["state"] == dict(
                zip(p["answer_order"], p["gold"])
            )
            final = dict(zip(p["answer_order"], p["gold"]))
            assert not any(all(final[r] >= n for r, n in m["inputs"].items()) for m in p["methods"])


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    for item in items:
        assert item.errata == []  # the spec lists no errata: every stored answer matches
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        assert item.puzzle["recipe"] == {1: "R1", 2: "R2", 3: "R3"}[item.complexity]
