"""string_insertion: the spec's worked examples, answer formats, the no-re-scan rule, the generator's
guarantees and the original data."""

from __future__ import annotations

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import string_insertion as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.string_insertion import build_puzzle

TASK = get_task("string_insertion")


def _instance(text: str) -> Instance:
    puzzle = build_puzzle(text)
    return Instance(
        "t", TASK.name, TASK.version, 3, {}, None, None, puzzle, TASK.render(puzzle), puzzle["gold"], "", {}
    )


def _verdict(inst: Instance, content: str):
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error", verdict
    return verdict


def _rescan(text: str) -> str:
    """The wrong reading: scan the growing string and insert as soon as a window matches."""
    insert = dict(gen.RULES)
    i = 0
    while i + 4 <= len(text):
        letter = insert.get(text[i : i + 4])
        if letter is not None:
            text = text[: i + 4] + letter + text[i + 4 :]
        i += 1
    return text


def test_worked_example_with_overlaps():
    inst = _instance("ABCDEABC")
    assert inst.puzzle["matches"] == [[0, "A"], [1, "B"], [2, "C"], [3, "D"], [4, "E"]]
    assert inst.puzzle["gold"] == "ABCDAEBACBDCE"
    assert _verdict(inst, "ABCDAEBACBDCE").score == 1


def test_original_sample_and_third_example():
    assert gen.apply_operation("DBCDEDCDEAECDEA") == "DBCDEBDCDEACECDEAC"
    assert gen.apply_operation("CABCDBEABCE") == "CABCDABEABCEE"


def test_quoting_and_rejections():
    inst = _instance("ABCDEABC")
    assert _verdict(inst, '"ABCDAEBACBDCE"').score == 1
    assert _verdict(inst, "`ABCDAEBACBDCE`").score == 1
    assert _verdict(inst, "  ABCDAEBACBDCE \n").score == 1
    assert _verdict(inst, "ABCD AEBACBDCE").reason == "invalid_symbol"
    assert _verdict(inst, "abcdaebacbdce").reason == "invalid_symbol"
    assert _verdict(inst, "ABCDAEBACBDCF").reason == "invalid_symbol"
    assert _verdict(inst, "").reason == "unparseable"
    assert _verdict(inst, '""').reason == "unparseable"
    assert _verdict(inst, "ABCDAEBACBDC").reason == "wrong_shape"
    assert _verdict(inst, "ABCDAEBACBDEC").reason == "wrong_value"


def test_no_rescan():
    assert _rescan("ABCDEABC") == "ABCDAEABCE"
    inst = _instance("ABCDEABC")
    assert inst.puzzle["gold"] != "ABCDAEABCE"
    assert _verdict(inst, "ABCDAEABCE").score == 0


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    for seed in range(20):
        inst = make_instance(TASK, level, seed, 0)
        p, params = inst.puzzle, inst.params
        starts = [m[0] for m in p["matches"]]
        assert len(starts) == params["num_triggers"]
        assert p["matches"] == [list(m) for m in gen.find_matches(p["string"])]
        assert len(p["gold"]) == len(p["string"]) + params["num_triggers"]
        assert set(p["string"]) <= set(gen.ALPHABET)
        if params["min_sep"] >= 1:
            assert all(b - a >= 4 for a, b in zip(starts, starts[1:])), "occurrences overlap"


def test_overlaps_occur_where_separators_may_be_empty():
    overlapping = 0
    for seed in range(30):
        starts = [m[0] for m in make_instance(TASK, 8, seed, 0).puzzle["matches"]]
        overlapping += any(b - a < 4 for a, b in zip(starts, starts[1:]))
    assert overlapping >= 10


def test_original_samples(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    for item in items:
        assert item.errata == [] and item.complexity == 3
        assert item.original_answer == item.puzzle["gold"]
        assert 14 <= len(item.puzzle["string"]) <= 18
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
