"""game24: the spec's tests, the importer on the original data, and the generator guarantees."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import game24 as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.task import EXCLUDING_ERRATA

TASK = get_task("24")


def _instance(numbers: list[int], target: int = 24) -> Instance:
    params = TASK.params(2)
    witness = gen.solve(numbers, target) or ""
    puzzle = {
        "numbers": sorted(numbers),
        "target": target,
        "witness": witness,
        "n_paths": None,
        "integer_path": None,
        "bucket": None,
        "source": "generated",
    }
    return Instance(
        "t", TASK.name, TASK.version, 2, params.to_json(), 0, 0, puzzle, TASK.render(puzzle), witness, "", {}
    )


def _verdict(numbers: list[int], content: str, target: int = 24):
    verdict = TASK.verify(_instance(numbers, target), f"reasoning <<<{content}>>>")
    assert verdict.reason != "verifier_error", verdict
    return verdict


def test_worked_example():
    assert _verdict([1, 1, 2, 12], "12*2*(1*1) = 24").score == 1
    assert _verdict([1, 1, 2, 12], "24 = 12 * 2 * (1 / 1)").score == 1
    v = _verdict([1, 1, 2, 12], "12*2 = 24")
    assert v.score == 0 and v.reason == "rule_violation"


def test_fractions_are_exact():
    assert _verdict([3, 3, 8, 8], "8/(3-8/3)").score == 1
    assert _verdict([1, 5, 5, 5], "5*(5-1/5)").score == 1
    assert _verdict([4, 4, 7, 7], "(4-4/7)*7").score == 1


def test_latex_and_unicode():
    assert _verdict([1, 1, 2, 12], r"12 \times 2 \times (1 \div 1)").score == 1
    assert _verdict([1, 1, 2, 12], r"\frac{12}{1} × 2 × 1").score == 1
    assert _verdict([3, 3, 8, 8], r"$\frac{8}{3-\frac{8}{3}}$").score == 1
    assert _verdict([1, 1, 2, 12], r"\left[12 \cdot 2\right] ÷ (1 · 1) = 24").score == 1
    assert _verdict([1, 5, 5, 5], "5 × (5 − 1 ÷ 5)").score == 1


def test_right_hand_side():
    assert _verdict([9, 10, 11, 13], "(10-9)*(11+13) = 24").score == 1
    v = _verdict([9, 10, 11, 13], "(10-9)*(11+13) = 25")
    assert v.score == 0 and v.reason == "wrong_value"
    assert _verdict([9, 10, 11, 13], "(10-9)*(11+13) = 24 = 24").score == 0
    assert _verdict([9, 10, 11, 13], "(10-9)*(11+13) = 24.0").score == 1


def test_unary_minus_and_decimals():
    v = _verdict([1, 1, 5, 6], "-(1-5)*6*1")
    assert v.score == 0 and v.reason == "unparseable"
    assert _verdict([1, 1, 5, 6], "(5-1)*6*1").score == 1
    v = _verdict([1, 1, 5, 6], "1.5*16")
    assert v.score == 0 and v.reason == "invalid_symbol"


def test_division_by_zero():
    v = _verdict([3, 3, 8, 8], "8/(3-3)*8")
    assert v.score == 0 and v.reason == "rule_violation"


def test_concatenation_rejected():
    assert _verdict([1, 2, 3, 4], "12*(4-3)*2").score == 0


def test_junk_never_executes():
    v = _verdict([1, 2, 3, 4], "__import__('os').system('x')")
    assert v.score == 0 and v.reason == "invalid_symbol"
    assert _verdict([1, 2, 3, 4], "1+2+3+4" * 400).score == 0  # over the length limit
    assert _verdict([1, 2, 3, 4], "(" * 150 + "1+2+3+4" + ")" * 150).score == 0  # too deep
    assert _verdict([1] * 600, "+".join(["1"] * 600), target=600).score == 1  # long flat chains are fine


def test_powers_and_other_operators_rejected():
    assert _verdict([2, 3, 4, 4], "(3-2)*4**... ").score == 0
    assert _verdict([2, 2, 3, 4], "2**3*(4-2)").score == 0
    assert _verdict([2, 2, 3, 4], "2^3*(4-2)").reason == "invalid_symbol"
    assert _verdict([2, 2, 3, 4], "(2+2)*(3+4)-4").score == 0  # a number used twice


def test_question_never_shows_its_own_answer():
    question = _instance([3, 3, 8, 8]).question
    assert "8/(3-8/3)" not in question and "(5-1/5)*5" in question
    assert "8/(3-8/3)" in _instance([1, 2, 3, 4]).question
    assert "(4+5)*3" not in _instance([3, 4, 5], target=27).question


def test_difficulty_statistic():
    assert gen.difficulty([1, 1, 2, 12], 24) == (542, True, "easy")
    n_paths, integer_path, bucket = gen.difficulty([3, 3, 8, 8], 24)
    assert (n_paths, integer_path, bucket) == (4, False, "hard")
    assert gen.difficulty([1, 1, 1, 1], 24)[0] == 0


@pytest.mark.slow
def test_bucket_sizes_over_all_puzzles():
    import itertools

    counts = {"easy": 0, "medium": 0, "hard": 0}
    for numbers in itertools.combinations_with_replacement(range(1, 14), 4):
        n_paths, _, bucket = gen.difficulty(list(numbers), 24)
        if n_paths:
            counts[bucket] += 1
    assert counts == {"easy": 366, "medium": 596, "hard": 400}


def test_solver_witness_is_exact():
    for numbers in ([3, 3, 8, 8], [1, 5, 5, 5], [4, 4, 7, 7], [1, 3, 4, 6], [2, 3, 5, 12]):
        witness = gen.solve(numbers, 24)
        assert witness is not None
        assert _verdict(numbers, witness).score == 1
    assert gen.solve([1, 1, 1, 1], 24) is None


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_witness_scores_one(level):
    lo_n = TASK.ladder[level]["n_numbers"]
    for seed in range(10):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert len(p["numbers"]) == lo_n
        assert p["numbers"] == sorted(p["numbers"])
        assert p["target"] in TASK.ladder[level]["target"]
        assert TASK.ladder[level]["value_min"] <= min(p["numbers"])
        assert max(p["numbers"]) <= TASK.ladder[level]["value_max"]
        assert TASK.verify(inst, f"<<<{p['witness']}>>>").score == 1
        if level in (2, 3, 4):
            assert p["bucket"] == TASK.ladder[level]["bucket"]
            assert (p["n_paths"], p["integer_path"], p["bucket"]) == gen.difficulty(p["numbers"], p["target"])
        if level == 4:
            assert p["n_paths"] <= 23 or not p["integer_path"]


def test_import_original(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    main = [i for i in items if i.puzzle["source"] == "4nums"]
    assert main and all(not i.errata for i in main)  # 24.csv: every puzzle solvable
    for item in main:
        assert item.complexity == {"easy": 2, "medium": 3, "hard": 4}[item.puzzle["bucket"]]
        row = item.puzzle["provenance"]["row"]
        assert ("legacy-baseline" in item.extra_meta["subsets"]) == (5 <= row <= 1355 and row % 30 == 5)
        assert ("legacy-codesteer" in item.extra_meta["subsets"]) == (5 <= row <= 1355 and row % 50 == 5)
    flagged = {i.puzzle["provenance"]["file"] for i in items if "approximate_witness" in i.errata}
    present = {i.puzzle["provenance"]["file"] for i in items}
    # the spec: every row of the 40-, 60- and 80-number files, and rank 32 of the 8-number file
    expected = {f"24/24_{n}_number.csv" for n in (40, 60, 80)} & present
    assert flagged == expected
    for item in items:
        file = item.puzzle["provenance"]["file"]
        if file in expected:
            assert "approximate_witness" in item.errata
        elif file == "24/24_8_number.csv":
            assert ("approximate_witness" in item.errata) == (item.puzzle["provenance"]["rank"] == "32")
        elif item.puzzle["source"] == "variant":
            assert item.errata == [], (item.key, item.errata)  # every other stored solution is exact
            assert TASK.verify(imported_instance(TASK, item), f"<<<{item.original_answer}>>>").score == 1
    default = list(TASK.import_original(original_dir))
    assert not any(EXCLUDING_ERRATA & set(i.errata) for i in default)
    assert len(default) == len(items) - sum("approximate_witness" in i.errata for i in items)
