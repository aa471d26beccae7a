"""string_synthesis: the spec's worked examples, formats, generator guarantees and the original data."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import string_synthesis as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.string_synthesis import build_puzzle, format_answer

TASK = get_task("string_synthesis")


def _instance(a: int, b: int, c: int, recycle: bool = False) -> Instance:
    puzzle = build_puzzle(a, b, c, recycle)
    return Instance(
        "t", TASK.name, TASK.version, 3, {}, None, None, puzzle, "", format_answer(puzzle["gold"]), "", {}
    )


def _score(inst: Instance, content: str) -> float:
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error"
    return verdict.score


def test_worked_example():
    inst = _instance(3, 1, 2)
    assert inst.puzzle["gold"] == [2, 0, 1, 1, 0, 0, 0, 0, 0]
    assert _score(inst, "2, 0, 1, 1, 0, 0, 0, 0, 0") == 1
    assert _score(inst, "201100000") == 1


def test_semantics_trap():
    inst = _instance(2, 3, 4)
    assert inst.puzzle["gold"] == [0, 0, 1, 2, 1, 0, 0, 0, 0]
    assert _score(inst, "0, 0, 0, 0, 1, 1, 1, 1, 0") == 0


def test_recycling():
    inst = _instance(1, 5, 5, recycle=True)
    assert inst.puzzle["gold"] == [2, 0, 0, 0, 0, 0, 1, 1, 0]
    _, passes, applied = gen.simulate(1, 5, 5, True)
    assert passes == 3
    assert applied[0] == [1, 0, 4, 0, 0, 2, 2]
    assert applied[1] == [0, 0, 0, 1, 1, 0, 0]
    assert build_puzzle(1, 5, 5, False)["gold"] == [0, 0, 0, 1, 0, 0, 0, 0, 2]


def test_multi_digit_counts():
    for seed in range(20):
        inst = make_instance(TASK, 10, seed, 0)
        gold = inst.puzzle["gold"]
        if any(v >= 10 for v in gold):
            break
    else:
        pytest.fail("no level-10 instance with a two-digit count")
    assert _score(inst, ",".join(map(str, gold))) == 1
    assert _score(inst, "".join(map(str, gold))) == 0


def test_formats():
    inst = _instance(3, 1, 2)
    assert _score(inst, "[2, 0, 1, 1, 0, 0, 0, 0, 0]") == 1
    assert _score(inst, "2 0 1 1 0 0 0 0 0") == 1
    assert _score(inst, "2\n0\n1\n1\n0\n0\n0\n0\n0") == 1
    assert _score(inst, "2.0, 0, 1, 1, 0, 0, 0, 0, 0") == 1
    assert _score(inst, "2, 0, 1, 1, 0, 0, 0, 0") == 0
    assert _score(inst, "[A]=2 [B]=0 [C]=1 {A}=1 {B}=0 {C}=0 (A)=0 (B)=0 (C)=0") == 0
    assert _score(inst, "20110000") == 0
    assert _score(inst, "-2, 0, 1, 1, 0, 0, 0, 0, 0") == 0
    assert _score(inst, "") == 0


def _resimulate(a: int, b: int, c: int, recycle: bool) -> tuple[list[int], int]:
    """One application at a time, looping within a method until it no longer applies."""
    stock = {"[A]": a, "[B]": b, "[C]": c}
    methods = gen.METHODS if recycle else gen.METHODS[:6]
    total = 0
    while True:
        changed = False
        for inputs, outputs in methods:
            while all(stock.get(k, 0) >= v for k, v in inputs.items()):
                for k, v in inputs.items():
                    stock[k] -= v
                for k, v in outputs.items():
                    stock[k] = stock.get(k, 0) + v
                changed = True
                total += 1
        if not changed:
            return [stock.get(k, 0) for k in gen.BLOCK_ORDER], total


def test_generator_matches_resimulation():
    for level in range(1, 11):
        for seed in range(15):
            inst = make_instance(TASK, level, seed, 0)
            init = inst.puzzle["initial"]
            final, total = _resimulate(init["[A]"], init["[B]"], init["[C]"], inst.puzzle["recycle"])
            assert final == inst.puzzle["gold"]
            assert total < 10_000
            assert 1 <= inst.puzzle["passes"] <= gen.MAX_PASSES
            assert all(v >= 0 for v in final)


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    for item in items:
        assert item.errata == ["question_rerendered"]
        assert item.complexity == 3
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
