"""mahjong_pattern: the spec's worked examples, formats, generator guarantees, original-data errata."""

from __future__ import annotations

import random
from collections import Counter

from symbench.generation import build_instance, imported_instance, make_instance
from symbench.generators import mahjong_pattern as gen
from symbench.registry import get_task

TASK = get_task("mahjong_pattern")
HAND = "ABQRRSDFHJLNP"

# Spec lists (whole original release); the tests compare them with the ids present in the subset.
NON_LETTER = {10, 27, 46, 50, 51, 77, 133, 154, 165, 167, 177, 197}
GOLD_CORRECTED = {23, 38, 70, 71, 73, 108, 125, 156, 168, 195, 197, 2, 6, 104}


def _instance(initial: str, rounds: list[tuple[str, str | None]], allow_chi: bool):
    puzzle = gen.build_puzzle(initial, [{"add": a, "remove": r} for a, r in rounds], allow_chi)
    params = TASK.params(3, {"num_rounds": str(len(rounds)), "allow_chi": str(allow_chi)})
    return build_instance(TASK, 3, params, None, None, puzzle, str(puzzle["gold"]), {})


def _score(inst, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_duplicate_trap_is_chi():
    inst = _instance(HAND, [("S", None)], True)
    assert inst.puzzle["hand_before_final"] == HAND
    assert inst.puzzle["gold"] == 2


def test_no_chi_rule_gives_pass():
    inst = _instance(HAND, [("S", None)], False)
    assert inst.puzzle["gold"] == 0
    assert "Chi" not in inst.question
    assert _score(inst, "2") == 0 and _score(inst, "0") == 1


def test_two_rounds_peng_beats_chi():
    assert _instance(HAND, [("C", "Q"), ("R", None)], True).puzzle["gold"] == 1
    inst = _instance(HAND, [("C", "Q"), ("T", None)], True)
    assert inst.puzzle["hand_before_final"].count("Q") == 0
    assert inst.puzzle["gold"] == 2


def test_no_wrap_around():
    assert gen.judge("YZAKKMMOOQQSS", "A", True) == 0
    assert gen.judge("XYKKMMOOQQSSU", "Z", True) == 2
    assert gen.judge("YZBKKMMOOQQSS", "A", True) == 0  # A needs B C, or Z-wrap: no
    assert gen.judge("BCKKMMOOQQSSU", "A", True) == 2


def test_formats():
    inst = _instance(HAND, [("S", None)], True)
    for ok in ("2", " 2 ", "[2]", "Chi", "chi", "2.0", '"2"'):
        assert _score(inst, ok) == 1, ok
    for bad in ("2.5", "Chi (2)", "", "3", "1 or 2", "Peng (1)", "two", "[[2]"):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad


def test_generator_guarantees():
    for level in range(1, 11):
        for seed in range(15):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            shown = p["initial_hand"] + "".join(r["add"] + (r["remove"] or "") for r in p["rounds"])
            assert all(gen.is_letter(c) for c in shown)
            assert max(Counter(p["initial_hand"]).values()) <= 2
            assert len(p["rounds"]) == inst.params["num_rounds"] and p["rounds"][-1]["remove"] is None
            hand = list(p["initial_hand"])
            for rnd in p["rounds"][:-1]:
                assert len(hand) == 13 and rnd["remove"] in hand
                hand.remove(rnd["remove"])
                hand.append(rnd["add"])
            assert len(hand) == 13 and sorted(hand) == sorted(p["hand_before_final"])
            assert p["gold"] == gen.judge(hand, p["rounds"][-1]["add"], p["allow_chi"])
            if level <= 2:
                assert p["gold"] != 2 and not p["allow_chi"]


def test_balance_filter_reaches_every_answer():
    for want in (0, 1, 2):
        puzzle = gen.generate(5, True, True, 13, random.Random(want), balance=want)
        assert puzzle["gold"] == want


def test_original_data_errata(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    present = {int(i.key.rsplit("_", 1)[1]) for i in items}
    by_id = {int(i.key.rsplit("_", 1)[1]): set(i.errata) for i in items}
    assert {i for i in present if "excluded_ill_posed" in by_id[i]} == NON_LETTER & present
    assert {i for i in present if "gold_corrected" in by_id[i]} == GOLD_CORRECTED & present
    for item in items:
        inst = imported_instance(TASK, item)
        if not item.errata:
            assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
    default = {int(i.key.rsplit("_", 1)[1]) for i in TASK.import_original(original_dir)}
    assert default == present - NON_LETTER
