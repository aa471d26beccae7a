"""math_counting_probability: worked examples, C10 forms, safety, the MATH importer, and the
generator guarantees (enumeration agrees at levels 1-5, probabilities strictly inside (0, 1),
golds in lowest terms)."""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import math_counting_probability as gen
from symbench.registry import get_task

TASK = get_task("math_counting_probability")


def write_math(root, ident: int, problem: str, solution: str, level: str = "Level 2"):
    folder = root / "MATH" / "train" / "counting_and_probability"
    folder.mkdir(parents=True, exist_ok=True)
    data = {"problem": problem, "level": level, "type": "Counting & Probability", "solution": solution}
    (folder / f"{ident}.json").write_text(json.dumps(data), encoding="utf-8")


def imported(tmp_path, ident: int, gold: str, problem: str = "A problem."):
    write_math(tmp_path, ident, problem, f"So the answer is $\\boxed{{{gold}}}$.")
    (item,) = [i for i in TASK.import_original(tmp_path) if i.key.endswith(f"/{ident}")]
    return item, imported_instance(TASK, item)


def score(inst, content: str) -> float:
    return TASK.verify(inst, f"Thinking...\n<<<{content}>>>").score


# ----------------------------------------------------------------------------- spec tests 1-6
def test_worked_math_item_train_1(tmp_path):
    item, inst = imported(tmp_path, 1, "1000", "What is the value of $9^3 + 3(9^2) + 3(9) + 1$?")
    assert item.answer == "1000" and item.extra_meta["legacy"]
    assert inst.question.startswith("What is the value of") and "last" in inst.question
    for good in ("1000", "1,000", "1{,}000", "10^3"):
        assert score(inst, good) == 1, good
    assert score(inst, "999") == 0


@pytest.mark.parametrize(
    "family, variant, params, value",
    [
        ("word_arrangements", "repeated", {"word": "BANANA"}, 60),
        ("committees", "at_least_one_woman", {"men": 4, "women": 5, "size": 3}, 80),
        ("lattice_paths", "corner", {"width": 4, "height": 3}, 35),
        ("lattice_paths", "through", {"width": 4, "height": 3, "via": [2, 1]}, 18),
        ("coins", "exactly", {"n": 4, "k": 2}, Fraction(3, 8)),
        ("row_arrangements", "adjacent", {"n": 6}, 240),
        ("stars_and_bars", "nonempty", {"n": 10, "boxes": 4}, 84),
        ("divisibility_count", "a_or_b", {"N": 100, "a": 3, "b": 5}, 47),
        ("binomial_expansion", "disguised", {"n": 3, "x": 9}, 1000),
        ("dice", "sum_equals", {"dice": 2, "sides": 6, "target": 7}, Fraction(1, 6)),
        ("urn", "two_same", {"colours": ["red", "blue"], "counts": [3, 2]}, Fraction(2, 5)),
        ("expected_value", "roll", {"sides": 6}, Fraction(7, 2)),
        ("pascal", "odd_entries", {"n": 10}, 4),
    ],
)
def test_worked_generated_examples(family, variant, params, value):
    assert gen.solve(family, variant, params) == value
    assert gen.brute(family, variant, params) == value


def test_fraction_forms():
    from symbench.checkers import math_equiv as me

    for good in ("7/33", "\\dfrac{7}{33}", "\\frac{14}{66}", "0.2121212121"):
        assert me.equivalent(good, "\\frac{7}{33}")[0], good
    for bad in ("0.21", "0.2121", "21.21\\%"):
        assert not me.equivalent(bad, "\\frac{7}{33}")[0], bad


def test_percent_gold(tmp_path):
    _, inst = imported(tmp_path, 492, "50\\%")
    for good in ("50", "50\\%", "50%"):
        assert score(inst, good) == 1
    assert score(inst, "0.5") == 0


def test_thousands_separators(tmp_path):
    _, inst = imported(tmp_path, 18, "1,\\!000,\\!000")
    assert score(inst, "1000000") == 1 and score(inst, "1,000,000") == 1 and score(inst, "100000") == 0


def test_safety():
    inst = make_instance(TASK, 3, 0, 0)
    for hostile in ("\\binom{10^{9}}{5}", "eval('1')", "__import__('os').getcwd()"):
        verdict = TASK.verify(inst, f"<<<{hostile}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error"


@pytest.mark.parametrize(
    "ident, gold, good, bad",
    [
        (826, "k=3", "3", "4"),
        (557, "0.56 = 56\\%", "\\frac{14}{25}", "56"),
        (360, "\\$\\dfrac23 \\approx \\$0.67", "2/3", "0.67"),
        (1061, "\\text{B}", "B", "C"),
        (186, "n", "n", "m"),
        (448, "\\frac{1}{N+1}", "1/(1+N)", "1/N"),
    ],
)
def test_non_numeric_golds(tmp_path, ident, gold, good, bad):
    item, inst = imported(tmp_path, ident, gold)
    assert "gold_free_form" not in item.errata
    assert score(inst, good) == 1 and score(inst, bad) == 0


def test_importer_flags(tmp_path):
    write_math(tmp_path, 186, "Two boxes.", "First $\\boxed{2}$ then $\\boxed{n}$.")
    write_math(tmp_path, 95, "No box.", "It is 4.")
    items = list(TASK.import_original(tmp_path))
    assert [i.key for i in items] == ["MATH/train/counting_and_probability/186"]
    assert items[0].answer == "n" and items[0].errata == ["multi_boxed"]
    every = list(TASK.import_original(tmp_path, include_excluded=True))
    assert {tuple(i.errata) for i in every} == {("multi_boxed",), ("no_boxed_answer", "excluded_ill_posed")}
    assert list(TASK.import_original(tmp_path, subset="legacy")) == []


def test_original_subset(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    ids = {int(i.puzzle["id"]) for i in items}
    multi = {int(i.puzzle["id"]) for i in items if "multi_boxed" in i.errata}
    spec = {186, 192, 343, 542, 543, 712, 722, 864, 879, 911, 926, 955, 1086, 1101}
    assert multi == spec & ids
    assert not any("gold_free_form" in i.errata or "excluded_ill_posed" in i.errata for i in items)
    legacy = {int(i.puzzle["id"]) for i in TASK.import_original(original_dir, subset="legacy")}
    assert legacy == {i for i in ids if i <= 90}
    for item in items:
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.answer}>>>").score == 1
        assert all(TASK.verify(inst, f"<<<{c}>>>").score == 0 for c in TASK.corruptions(inst))


# ----------------------------------------------------------------------------- spec test 7: generator
@pytest.mark.parametrize("family", gen.FAMILIES)
def test_enumeration_agrees_at_levels_1_to_5(family):
    variants = set()
    for level in range(1, 6):
        for seed in range(6):
            inst = make_instance(TASK, level, seed, 0, overrides={"families": family})
            puzzle = inst.puzzle
            variants.add(puzzle["variant"])
            assert puzzle["enumerated"], (inst.id, puzzle["params"])
            value = gen.solve(family, puzzle["variant"], puzzle["params"])
            assert gen.brute(family, puzzle["variant"], puzzle["params"]) == value
            assert inst.answer == gen.latex(value)
            _check_gold(family, inst.answer, value)
    assert len(variants) >= 4


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_step_five_variants_enumerate_with_small_numbers(family):
    for seed in range(6):
        inst = make_instance(TASK, 5, seed, 0, overrides={"families": family, "steps": "5"})
        puzzle = inst.puzzle
        assert puzzle["enumerated"], (inst.id, puzzle["params"])
        value = gen.solve(family, puzzle["variant"], puzzle["params"])
        assert gen.brute(family, puzzle["variant"], puzzle["params"]) == value
        _check_gold(family, inst.answer, value)


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_higher_levels_stay_exact(family):
    for level in range(6, 11):
        inst = make_instance(TASK, level, 1, 2, overrides={"families": family})
        value = gen.solve(family, inst.puzzle["variant"], inst.puzzle["params"])
        _check_gold(family, inst.answer, value)
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1


def _check_gold(family: str, printed: str, value: Fraction) -> None:
    assert value != 0
    if family in gen.PROBABILITY:
        assert 0 < value < 1
    if value.denominator == 1:
        assert printed == str(value.numerator)
    else:
        num, den = printed.replace("-", "").removeprefix("\\frac{").removesuffix("}").split("}{")
        assert math.gcd(int(num), int(den)) == 1 and Fraction(int(num), int(den)) == abs(value)


def test_brute_force_catches_a_wrong_formula():
    # the enumeration is independent: a perturbed answer never matches it
    rng = random.Random(5)
    for family in gen.FAMILIES:
        variant, params = gen.FAMILY_FNS[family][0](2, 8, rng)
        assert gen.brute(family, variant, params) != gen.solve(family, variant, params) + 1


def test_question_states_assumptions_and_form():
    for seed in range(30):
        inst = make_instance(TASK, 3, seed, 0)
        q = inst.question
        assert "lowest terms" in q and "not a decimal or a percentage" in q and "last" in q
        family = inst.puzzle["family"]
        if family in ("dice", "coins"):
            assert "fair" in q or "biased" in q
        if family == "urn":
            assert "without replacement" in q
        if family == "row_arrangements":
            assert "different" in q or "rotation" in q
