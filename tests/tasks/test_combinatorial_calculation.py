"""combinatorial_calculation: worked examples, the restricted grammar, importer and generator."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from symbench.checkers import combinatorial_calculation as calc_checker
from symbench.generation import imported_instance, make_instance
from symbench.generators import combinatorial_calculation as gen
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("combinatorial_calculation")


def _instance(numbers, target) -> Instance:
    puzzle = {"numbers": numbers, "target": target, "gold_tokens": [], "gold_expression": ""}
    return Instance("t", TASK.name, "1.0", 1, {}, 0, 0, puzzle, TASK.render(puzzle), "", "", {})


def _score(inst: Instance, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


EXAMPLE = _instance([6, 2, 7], 10)


def test_worked_example():
    for good in ("[6, /, 2, +, 7]", "6/2+7", '["6","/","2","+","7"]', "6/2+7=10", "6 ÷ 2 + 7"):
        assert _score(EXAMPLE, good) == 1, good
    assert _score(EXAMPLE, "6/2+7=11") == 0


def test_reordering_and_concatenation_are_rejected():
    assert _score(EXAMPLE, "[7, +, 6, /, 2]") == 0
    inst = _instance([1, 2, 3], 15)
    assert _score(inst, "[1, 2, +, 3]") == 0
    assert _score(inst, "12+3") == 0
    assert _score(inst, "1 2 + 3") == 0


def test_fractional_intermediates_are_exact():
    assert _score(_instance([1, 2, 4], 2), "[1, /, 2, *, 4]") == 1
    assert _score(_instance([1, 3, 3], 1), "(1/3)*3") == 1


def test_parentheses():
    assert _score(EXAMPLE, "[(, 6, ), /, 2, +, 7]") == 1
    assert _score(EXAMPLE, "[(, ), 6, /, 2, +, 7]") == 0
    assert _score(EXAMPLE, "((6/2+7") == 0
    assert _score(EXAMPLE, "6/2+7)") == 0
    deep = "(" * 300 + "6" + ")" * 300 + "/2+7"
    assert TASK.verify(EXAMPLE, f"<<<{deep}>>>").reason != "verifier_error"


def test_division_by_zero():
    inst = _instance([1, 3, 3], 1)
    verdict = TASK.verify(inst, "<<<1/(3-3)>>>")
    assert verdict.score == 0 and verdict.reason == "wrong_value"
    assert _score(inst, "1*3/3") == 1


def test_unary_minus_and_junk():
    assert _score(_instance([6, 2, 7, 2], 10), "-6+2*7+2") == 0
    assert _score(EXAMPLE, "6 / 2 + 7 (answer)") == 0
    verdict = TASK.verify(EXAMPLE, "<<<__import__('os')>>>")
    assert verdict.score == 0 and verdict.reason == "invalid_symbol"
    assert _score(EXAMPLE, "9" * 5000) == 0


def test_minimal_parentheses_keep_the_value():
    trees = [
        ("-", 8, ("+", 3, 2)),
        ("-", 8, ("-", 3, 2)),
        ("/", 8, ("*", 2, 2)),
        ("/", 8, ("/", 4, 2)),
        ("*", ("+", 1, 2), ("-", 5, 3)),
        ("+", 1, ("-", 5, 3)),
        ("*", 3, ("/", 6, 4)),
    ]
    for tree in trees:
        tokens = gen.tokens_of(tree)
        assert calc_checker.evaluate(calc_checker.to_postfix(tokens)) == gen.value_of(tree), tokens
    assert gen.tokens_of(("+", 1, ("-", 5, 3))) == ["1", "+", "5", "-", "3"]
    assert gen.tokens_of(("-", 8, ("-", 3, 2))) == ["8", "-", "(", "3", "-", "2", ")"]


def _all_values(numbers: list[int]) -> set[Fraction]:
    if len(numbers) == 1:
        return {Fraction(numbers[0])}
    out: set[Fraction] = set()
    for k in range(1, len(numbers)):
        for a in _all_values(numbers[:k]):
            for b in _all_values(numbers[k:]):
                out |= {a + b, a - b, a * b}
                if b:
                    out.add(a / b)
    return out


def test_solver_is_complete_on_small_inputs():
    for numbers in itertools.islice(itertools.product(range(1, 10), repeat=4), 0, 6561, 97):
        reachable = _all_values(list(numbers))
        for target in (1, 10, 24, 50, 81, 100):
            tree = gen.solve(list(numbers), target)
            assert (tree is not None) == (Fraction(target) in reachable), (numbers, target)
            if tree is not None:
                assert gen.value_of(tree) == target and gen.leaves(tree) == list(numbers)


@pytest.mark.parametrize("level", range(1, 11))
def test_generator(level):
    for seed in range(12):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert _score(inst, inst.answer) == 1
        assert _score(inst, p["gold_expression"]) == 1
        assert len(p["numbers"]) == inst.params["num_numbers"]
        assert all(1 <= v <= 9 for v in p["numbers"])
        assert p["target"] == inst.params["target"]


def test_original_import(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    folders = set()
    for item in items:
        assert item.errata == []  # all stored expressions are valid
        inst = imported_instance(TASK, item)
        assert _score(inst, item.original_answer) == 1
        folder, sample = item.key.rsplit("/", 1)
        folders.add(folder.split("/")[0])
        n, t = len(item.puzzle["numbers"]), item.puzzle["target"]
        expected = {(3, 10): 1, (4, 24): 2, (5, 69): 3, (5, 78): 4, (6, 100): 5, (15, 300): 9, (20, 500): 10}
        assert item.complexity == expected[(n, t)]
        if folder == "combinatorial_calculation":
            i = int(sample.split("_")[1])
            block = i // 10 if i < 50 else (i - 50) // 20
            assert (n, t) == [(3, 10), (4, 24), (5, 78), (5, 69), (6, 100)][block]
        else:
            setting = int(folder.rsplit("complexity", 1)[1])
            assert (n, t) == {2: (3, 10), 4: (5, 78), 5: (6, 100), 9: (15, 300), 10: (20, 500)}[setting]
    assert folders == {"combinatorial_calculation", "combinatorial_calculation_varied_complexity"}
