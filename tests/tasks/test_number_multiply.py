"""number_multiply: exact big-integer products, strict integer parsing, importer."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.instance import Instance
from symbench.registry import get_task

TASK = get_task("number_multiply")


def _instance(factors: list[int]) -> Instance:
    product = 1
    for f in factors:
        product *= f
    puzzle = {"factors": factors, "digits": [len(str(abs(f))) for f in factors], "product": product}
    return Instance(
        "t", TASK.name, TASK.version, 3, {}, 0, 0, puzzle, TASK.render(puzzle), str(product), "", {}
    )


def score(inst: Instance, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_worked_example():
    inst = _instance([-4, 17, 7571])
    assert inst.answer == "-514828"
    for ok in (
        "-514828",
        "-514,828",
        "\u2212514828",
        "-514828.0",
        "-514 828",
        "-514_828",
        "$-514828$",
        "\\(-514828\\)",
        "-0514828",
    ):
        assert score(inst, ok) == 1, ok
    assert "-4 * 17 * 7571" in inst.question


def test_substring_trap_and_sign():
    inst = _instance([-4, 17, 7571])
    assert score(inst, "-5148280") == 0
    assert score(inst, "514828") == 0
    assert score(inst, "+514828") == 0


@pytest.mark.parametrize(
    "bad",
    [
        "-5.14828e5",
        "-4*17*7571",
        "about -514828",
        "-51,4828",
        "-514,828 514",
        "-514828.5",
        "-514828/1",
        "-514,828_000",
        "minus 514828",
        "- 514828",
    ],
)
def test_format_rejections(bad):
    assert score(_instance([-4, 17, 7571]), bad) == 0


def test_big_integers_are_exact():
    inst = _instance([12345678901234567891, -98765432109876543211])
    assert inst.puzzle["product"] == -1219326311370217952348574912122374638001
    assert score(inst, "-1219326311370217952348574912122374638001") == 1
    assert score(inst, "-1219326311370217935080660565931694489600") == 0


def test_sign_parity_and_parentheses():
    inst = _instance([-7, -583, -7904])
    assert inst.answer == "-32256224"
    assert score(inst, "32256224") == 0
    assert "-7 * (-583) * (-7904)" in inst.question


def test_robustness():
    inst = _instance([-4, 17, 7571])
    for odd in ("", "NaN", "9" * 10_000, "-" + "1" * 50_000, "1e999999", "\u0661\u0662"):
        verdict = TASK.verify(inst, f"<<<{odd}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error"


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_digit_counts(level):
    params = TASK.params(level)
    for seed in range(15):
        inst = make_instance(TASK, level, seed, 0)
        factors = inst.puzzle["factors"]
        assert [len(str(abs(f))) for f in factors] == list(params.digits)
        assert all(abs(f) >= 2 for f in factors)
        product = 1
        for f in factors:
            product *= f
        assert inst.puzzle["product"] == product and inst.answer == str(product)


def test_unsigned_override():
    inst = make_instance(TASK, 5, 0, 0, overrides={"signed": "false"})
    assert all(f > 0 for f in inst.puzzle["factors"])


def test_importer(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    assert all(not item.errata for item in items)  # errata: none
    for item in items:
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        folder = item.key.split("/")[1]
        assert "_".join(map(str, inst.puzzle["digits"])) == folder.removeprefix("digit_")
    levels = {item.key.split("/")[1]: item.complexity for item in items}
    assert levels.get("digit_1_2_4", 3) == 3 and levels.get("digit_1_3_4", 5) == 5
    assert levels.get("digit_16_16") is None
    legacy = list(TASK.import_original(original_dir, subset="legacy"))
    assert legacy and all(
        int(i.key.rsplit("_", 1)[1]) < 20
        and i.key.split("/")[1] in ("digit_1_2_4", "digit_1_3_4", "digit_1_2_2_4")
        for i in legacy
    )
    one_folder = list(TASK.import_original(original_dir / "number_multiply" / "digit_1_2_4"))
    assert one_folder and all("digit_1_2_4" in i.key for i in one_folder)
