"""statistical_counting: the spec's worked examples, formats, generator guarantees, original data."""

from __future__ import annotations

from symbench.generation import build_instance, imported_instance, make_instance
from symbench.generators import statistical_counting as gen
from symbench.registry import get_task

TASK = get_task("statistical_counting")


def _instance(sequence: str, num_letters: int):
    puzzle = gen.build_puzzle(sequence, gen.letter_scores(num_letters))
    params = TASK.params(1, {"length": str(len(sequence)), "num_letters": str(num_letters)})
    return build_instance(TASK, 1, params, None, None, puzzle, str(puzzle["gold"]), {})


def _score(inst, content: str) -> float:
    return TASK.verify(inst, f"<<<{content}>>>").score


def test_worked_example_blocks():
    inst = _instance("BBAAB", 2)
    assert inst.puzzle["gold"] == 3
    assert [(r["letter"], r["start"], r["length"]) for r in inst.puzzle["runs"]] == [("B", 0, 2), ("A", 2, 2)]
    assert _score(inst, "3") == 1
    assert "BBAAB" in inst.question and "exactly once" in inst.question


def test_long_blocks_count_once():
    assert _instance("AAABBBBA", 2).puzzle["gold"] == 3
    assert _score(_instance("AAABBBBA", 2), "8") == 0  # the per-pair reading 2*1 + 3*2


def test_three_letters():
    assert _instance("ABCCCBBA", 3).puzzle["gold"] == 5


def test_no_repeats_scores_zero():
    inst = _instance("ABCABCA", 3)
    assert inst.puzzle["gold"] == 0 and inst.puzzle["runs"] == []
    assert _score(inst, "0") == 1


def test_formats():
    inst = _instance("BBAAB", 2)
    for ok in ("3", " 3 ", "[3]", "3.0", '"3"'):
        assert _score(inst, ok) == 1, ok
    for bad in ("three", "3 points", "1+2", "3, 4", "4", "", "3" + " 0" * 1500):
        verdict = TASK.verify(inst, f"<<<{bad}>>>")
        assert verdict.score == 0 and verdict.reason != "verifier_error", bad


def test_generator_guarantees():
    for level in range(1, 11):
        for seed in range(15):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            assert p["gold"] == sum(p["scores"][r["letter"]] for r in p["runs"])
            assert p["gold"] == gen.total_score(p["sequence"], p["scores"])
            configs = gen.configurations(tuple(inst.params["length"]), tuple(inst.params["num_letters"]))
            assert (len(p["sequence"]), len(p["scores"])) in configs
            assert set(p["sequence"]) <= set(p["scores"])
            if level == 7:
                assert len(p["sequence"]) == 65 and 3 <= len(p["scores"]) <= 7


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    for item in items:
        assert item.errata == []  # the spec lists no errata
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        assert 1 <= item.complexity <= 7 and item.params is None
