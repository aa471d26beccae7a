"""new_operator: the spec's worked examples, rounding, formats, generator guarantees, original data."""

from __future__ import annotations

from fractions import Fraction

from symbench.generation import build_instance, imported_instance, make_instance
from symbench.generators import new_operator as gen
from symbench.registry import get_task

TASK = get_task("new_operator")


def _instance(definitions: dict[str, str], expression: str):
    operators = {s: gen.parse_formula(f) for s, f in definitions.items()}
    puzzle = gen.build_puzzle(operators, gen.parse_expression(expression), expression)
    return build_instance(TASK, 4, TASK.params(4), None, None, puzzle, puzzle["gold_display"], {})


def _score(inst, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


SAMPLE_0 = {"~": "1*a*b", "&": "5*a+5*b", "@": "3*a*b"}


def test_worked_example_sample_0():
    inst = _instance(SAMPLE_0, "(3~4)&5@6")
    assert inst.puzzle["tree"] == ["@", ["&", ["~", 3, 4], 5], 6]
    assert inst.puzzle["gold"] == "1530"
    assert _score(inst, "1530") == 1
    assert _score(inst, "90") == 0  # the stored original value


def test_ratio_and_rounding():
    inst = _instance({"#": "(a + b)/b"}, "(1#3)#2")
    assert inst.puzzle["gold"] == "5/3" and inst.puzzle["gold_display"] == "1.67"
    for ok in ("5/3", "1.67", "1.667", "10/6"):
        assert _score(inst, ok) == 1, ok
    for bad in ("1.66", "1.7", "167/100", "1.6"):
        assert _score(inst, bad) == 0, bad


def test_parentheses_on_the_right():
    defs = {"#": "2*a+1*b", "@": "1*a*b"}
    right = _instance(defs, "7#(2@5)")
    plain = _instance(defs, "7#2@5")
    assert right.puzzle["gold"] == "24" and plain.puzzle["gold"] == "80"
    assert _score(right, "24") == 1 and _score(right, "80") == 0
    assert _score(plain, "80") == 1 and _score(plain, "24") == 0
    assert gen.render_expression(right.puzzle["tree"]) == "7#(2@5)"
    assert gen.render_expression(plain.puzzle["tree"]) == "7#2@5"


def test_formats():
    inst = _instance(SAMPLE_0, "(3~4)&5@6")
    for ok in ("[1530]", '"1530"', "1530.0", "1.53e3", " 1530 ", "1530.004", "3060/2"):
        assert _score(inst, ok) == 1, ok
    for bad in ("1530, 90", "12*5", "1530 points", "", "1530.006", "1531"):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad


def test_robustness():
    inst = _instance(SAMPLE_0, "(3~4)&5@6")
    for bad in ("1/0", "9" * 10_000, "1e999999999", "nan", "inf", "-", "/"):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad[:20]


def test_difference_and_display_of_negatives():
    inst = _instance({"%": "1*a-3*b", "$": "(a + b)/b"}, "2%1$3")  # (2-3)=-1; (-1+3)/3 = 2/3
    assert inst.puzzle["gold"] == "2/3" and inst.puzzle["gold_display"] == "0.67"
    assert gen.display(Fraction(-5, 3)) == "-1.67" and gen.display(Fraction(-7)) == "-7"


def test_question_states_rules():
    q = _instance(SAMPLE_0, "(3~4)&5@6").question
    for phrase in ("a ~ b = 1*a*b", "left operand", "right operand", "(3~4)&5@6", "left to right", "last"):
        assert phrase in q, phrase
    assert "<<<1530>>>" not in q


def test_generator_guarantees():
    for level in range(1, 11):
        for seed in range(15):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            assert gen.symbols_in(p["tree"]) == set(p["operators"])
            assert len(p["operators"]) == inst.params["num_operators"]
            assert len(gen.operands_in(p["tree"])) == inst.params["num_operands"]
            assert gen.parse_expression(p["expression"]) == p["tree"]
            assert TASK.verify(inst, f"<<<{p['gold_display']}>>>").score == 1
            assert TASK.verify(inst, f"<<<{p['gold']}>>>").score == 1
            value = gen.evaluate(p["tree"], p["operators"])  # within the bounds
            assert gen.fraction_text(value) == p["gold"]
            if level == 4:
                assert gen.operands_in(p["tree"]) == [3, 4, 5, 6] and p["expression"].startswith("(3")
            if level == 2:
                assert p["expression"].startswith("(") and len(gen.operands_in(p["tree"])) == 3


def test_random_shapes_are_uniform():
    import random

    rng = random.Random(0)
    counts: dict[str, int] = {}
    for _ in range(5000):
        key = repr(gen.random_shape(4, rng))
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 5  # Catalan(3)
    assert min(counts.values()) > 850 and max(counts.values()) < 1150


def test_original_data_errata(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    ids = {int(i.key.rsplit("_", 1)[1]): i for i in items}
    # The spec: every complexity-5 (even) id except sample_68 has a wrong stored gold.
    expected = {i for i in ids if i % 2 == 0 and i != 68}
    assert {i for i, item in ids.items() if "gold_corrected" in item.errata} == expected
    for i, item in ids.items():
        assert item.complexity == (4 if i % 2 == 0 else 2)
        inst = imported_instance(TASK, item)
        original_ok = TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        assert original_ok == (i not in expected)
