"""string_splitting: the spec's worked examples, formats, generator guarantees and the original data."""

from __future__ import annotations

from symbench.generation import imported_instance, make_instance
from symbench.generators import string_splitting as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.string_splitting import build_puzzle, format_answer

TASK = get_task("string_splitting")


def _instance(a: int, b: int, c: int) -> Instance:
    puzzle = build_puzzle(a, b, c, [t[0] for t in gen.TEMPLATES])
    return Instance(
        "t", TASK.name, TASK.version, 1, {}, None, None, puzzle, "", format_answer(puzzle["gold"]), "", {}
    )


def _score(inst: Instance, content: str) -> float:
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error"
    return verdict.score


def test_worked_example():
    inst = _instance(2, 2, 3)
    steps = [(s["method"], tuple(s["state"])) for s in inst.puzzle["trace"]]
    assert steps == [
        (1, (1, 2, 3, 2, 1, 0)),
        (2, (1, 0, 3, 3, 1, 0)),
        (3, (1, 0, 1, 3, 2, 0)),
        (5, (1, 0, 1, 2, 1, 1)),
        (1, (0, 0, 1, 4, 2, 1)),
        (5, (0, 0, 1, 3, 1, 2)),
        (5, (0, 0, 1, 2, 0, 3)),
    ]
    assert inst.answer == "0, 0, 1, 2, 0, 3"
    assert _score(inst, inst.answer) == 1


def test_second_example_and_two_digit_counts():
    assert _instance(1, 3, 2).puzzle["gold"] == [0, 1, 0, 1, 0, 2]
    inst = _instance(10, 10, 10)
    assert inst.puzzle["gold"] == [0, 0, 0, 14, 0, 17]
    assert _score(inst, "0,0,0,14,0,17") == 1
    assert _score(inst, "00014017") == 0


def test_formats():
    inst = _instance(2, 2, 3)
    assert _score(inst, '["0","0","1","2","0","3"]') == 1
    assert _score(inst, "001203") == 1
    assert _score(inst, "[0 0 1 2 0 3]") == 1
    assert _score(inst, "0,0,1,2,0") == 0
    assert _score(inst, "A=0,B=0,C=1,X=2,Y=0,Z=3") == 0
    assert _score(inst, "0012030") == 0
    assert _score(inst, "") == 0


def test_semantics_trap():
    inst = _instance(1, 1, 4)
    assert [s["method"] for s in inst.puzzle["trace"]] == [1, 3, 4, 5, 1, 5, 5]
    assert inst.puzzle["gold"] == [0, 0, 1, 1, 0, 3]
    assert _score(inst, "0, 1, 0, 0, 1, 2") == 0


def _resimulate(a: int, b: int, c: int) -> list[int]:
    """Independent re-simulation with plain variables."""
    A, B, C, X, Y, Z = a, b, c, 0, 0, 0
    k = 0
    while A >= 1 or B >= 2 or C >= 2 or (B >= 1 and C >= 1) or (X >= 1 and Y >= 1):
        if k == 0 and A >= 1:
            A, X, Y = A - 1, X + 2, Y + 1
        elif k == 1 and B >= 2:
            B, X = B - 2, X + 1
        elif k == 2 and C >= 2:
            C, Y = C - 2, Y + 1
        elif k == 3 and B >= 1 and C >= 1:
            B, C, A = B - 1, C - 1, A + 1
        elif k == 4 and X >= 1 and Y >= 1:
            X, Y, Z = X - 1, Y - 1, Z + 1
        k = (k + 1) % 5
    return [A, B, C, X, Y, Z]


def test_generator_matches_resimulation():
    for level in range(1, 11):
        for seed in range(15):
            inst = make_instance(TASK, level, seed, 0)
            init = inst.puzzle["initial"]
            gold = inst.puzzle["gold"]
            assert gold == _resimulate(init["A"], init["B"], init["C"])
            assert all(v >= 0 for v in gold)
            assert inst.puzzle["trace"], "every level starts with at least one machine A, B or C"
            assert inst.puzzle["trace"][-1]["state"] == gold


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    for item in items:
        assert item.errata == ["question_rerendered"]
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        glued = "".join(item.original_answer.split(", "))
        two_digit = any(v >= 10 for v in inst.puzzle["gold"])
        assert TASK.verify(inst, f"<<<{glued}>>>").score == (0 if two_digit else 1)
