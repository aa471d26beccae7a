"""permutations_and_combinations: worked examples, parsing, importer and generator guarantees."""

from __future__ import annotations

import itertools
import random

import pytest

from symbench.checkers.permutations_and_combinations import violated
from symbench.generation import imported_instance, make_instance
from symbench.generators import permutations_and_combinations as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("permutations_and_combinations")


def _c(kind, a, b=None, pos=None):
    return {"type": kind, "a": a, "b": b, "pos": pos}


def _instance(items, constraints) -> Instance:
    gold, count = gen.solve(items, constraints)
    puzzle = {"items": items, "constraints": constraints, "gold": gold, "num_solutions": count}
    return Instance("t", TASK.name, "1.0", 1, {}, 0, 0, puzzle, TASK.render(puzzle), "", "", {})


EXAMPLE = _instance(
    list("ABCD"),
    [
        _c("fixed_position", "C", pos=3),
        _c("adjacent_to", "B", "C"),
        _c("left_of", "A", "B"),
        _c("not_in_position", "D", pos=1),
    ],
)


def _score(inst: Instance, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_worked_example():
    assert EXAMPLE.puzzle["gold"] == ["A", "B", "C", "D"]
    assert EXAMPLE.puzzle["num_solutions"] == 2
    assert _score(EXAMPLE, '["A","B","C","D"]') == 1
    assert _score(EXAMPLE, "A, D, C, B") == 1
    assert _score(EXAMPLE, "ACDB") == 0
    assert _score(EXAMPLE, "ABCD") == 1
    assert _score(EXAMPLE, "['a', 'b', 'c', 'd']") == 1


def test_not_a_permutation():
    for bad in ('["A","B","C"]', '["A","B","C","C"]', '["A","B","C","E"]', '["A","B","C","D","A"]'):
        verdict = TASK.verify(EXAMPLE, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad


def test_left_of_is_not_immediately_left_of():
    inst = _instance(list("ABC"), [_c("left_of", "A", "C")])
    assert _score(inst, "A, B, C") == 1
    assert _score(inst, "C, B, A") == 0


def test_junk_and_last_block():
    assert _score(EXAMPLE, "Answer: A B C D") == 0
    assert _score(EXAMPLE, "") == 0
    assert TASK.verify(EXAMPLE, "A B C D").reason == "no_answer_block"
    noise = "".join(random.Random(0).choice("ABCD ,[]'\"<>xyz\n") for _ in range(10_000))
    assert TASK.verify(EXAMPLE, f"<<<{noise}>>>").reason != "verifier_error"
    assert TASK.verify(EXAMPLE, '<<<["D","C","B","A"]>>> then <<<["A","B","C","D"]>>>').score == 1


def test_question_states_the_rules():
    q = EXAMPLE.question
    assert "position 1 is the leftmost" in q and "need not be neighbours" in q
    assert "any one of them is accepted" in q
    assert "1. Book C must be placed in position 3." in q
    example = q.split("for example <<<", 1)[1].split(">>>", 1)[0]
    assert _score(EXAMPLE, example) == 0


def test_solver_matches_brute_force():
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(3, 6)
        items = [chr(65 + i) for i in range(n)]
        cons = [gen.draw_constraint(items, gen.TYPES, rng) for _ in range(rng.randint(1, n + 2))]
        sols = [
            list(p)
            for p in itertools.permutations(items)
            if not any(violated(c, {x: i + 1 for i, x in enumerate(p)}) for c in cons)
        ]
        gold, count = gen.solve(items, cons, cap=10_000)
        assert count == len(sols)
        assert gold == (sols[0] if sols else None)
        assert gen.solve(items, cons, cap=3)[1] == min(3, len(sols))


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    rng = random.Random(level)
    for seed in range(50):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert _score(inst, inst.answer) == 1
        lo, hi = inst.params["num_constraints"]
        assert lo <= len(p["constraints"]) <= hi
        keys = [gen.normal_form(c) for c in p["constraints"]]
        assert len(set(keys)) == len(keys), "equivalent constraints"
        assert 1 <= p["num_solutions"] <= gen.COUNT_CAP
        for _ in range(200):  # a random permutation that breaks a constraint must fail
            perm = list(p["items"])
            rng.shuffle(perm)
            pos = {x: i + 1 for i, x in enumerate(perm)}
            if any(violated(c, pos) for c in p["constraints"]):
                assert _score(inst, ", ".join(perm)) == 0
                break


def test_original_import(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    for item in items:
        assert item.errata == []  # no wrong golds in the original
        inst = imported_instance(TASK, item)
        assert _score(inst, item.original_answer) == 1
        assert item.original_answer == inst.answer  # stored answers are the lexicographically first
        n = int(item.key.rsplit("_", 1)[1])
        assert len(item.puzzle["items"]) == 6 + n // 50
        assert item.complexity == len(item.puzzle["items"]) - 3
    by_id = {it.key.rsplit("/", 1)[1]: it for it in items}
    if "sample_0" in by_id:  # constraint 1 and 6 of sample_0 are the same sentence
        assert by_id["sample_0"].extra_meta["duplicate_constraint"]
        assert by_id["sample_0"].puzzle["constraints"][0] == by_id["sample_0"].puzzle["constraints"][5]
