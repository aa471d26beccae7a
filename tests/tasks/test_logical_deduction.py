"""logical_deduction: solver, uniqueness and irredundancy, rendering, C9 answers, BBH importer."""

from __future__ import annotations

import json

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators.logical_deduction import abs_position, solve
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.logical_deduction import clue_sentence, option_texts, parse_bbh

TASK = get_task("logical_deduction")
PREAMBLE = (
    "The following paragraphs each describe a set of seven objects arranged in a fixed order. "
    "The statements are logically consistent within each paragraph. "
)
ITEM0 = (
    PREAMBLE + "In a golf tournament, there were seven golfers: Ana, Eve, Ada, Dan, Rob, Amy, and Joe. "
    "Dan finished third. Ana finished above Ada. Amy finished last. Dan finished below Rob. "
    "Eve finished below Ada. Rob finished below Joe.\nOptions:\n"
    + "\n".join(
        f"({L}) {o} finished third"
        for L, o in zip("ABCDEFG", ["Ana", "Eve", "Ada", "Dan", "Rob", "Amy", "Joe"])
    )
)


def _imported(text: str) -> Instance:
    puzzle, _ = parse_bbh(text)
    order = solve(puzzle["objects"], puzzle["clues"], 2)
    assert len(order) == 1
    puzzle["order"] = order[0]
    puzzle["gold_letter"] = "ABCDEFG"[puzzle["objects"].index(order[0][puzzle["ask_pos"] - 1])]
    return Instance(
        "t", TASK.name, TASK.version, 5, {}, 0, 0, puzzle, TASK.render(puzzle), puzzle["gold_letter"], "", {}
    )


def test_worked_example_bbh_item0():
    inst = _imported(ITEM0)
    assert inst.puzzle["order"] == ["Joe", "Rob", "Dan", "Ana", "Ada", "Eve", "Amy"]
    assert inst.answer == "D"
    for ok in ("(D)", "D", "(D) Dan finished third", "Dan finished third"):
        assert TASK.verify(inst, f"<<<{ok}>>>").score == 1, ok
    assert TASK.verify(inst, "<<<(D) Ana finished third>>>").reason == "rule_violation"
    assert TASK.verify(inst, "<<<(C) or (D)>>>").score == 0
    assert TASK.verify(inst, "<<<(H)>>>").reason == "unparseable"


BIRDS = ["robin", "owl", "crow"]
OWL_LEFT_OF_CROW = {"type": "rel", "before": "owl", "after": "crow", "reverse": False}
ROBIN_RIGHTMOST = {"type": "abs", "obj": "robin", "pos": 1, "from_end": True}


def test_small_generated_style_example():
    clues = [OWL_LEFT_OF_CROW, ROBIN_RIGHTMOST]
    assert [clue_sentence("birds", c, 3) for c in clues] == [
        "The owl is to the left of the crow.",
        "The robin is the rightmost.",
    ]
    assert solve(BIRDS, clues, 10) == [["owl", "crow", "robin"]]
    options = option_texts("birds", BIRDS, 2, False)
    assert options[2] == "The crow is the second from the left"


def test_uniqueness_edges():
    contradiction = [OWL_LEFT_OF_CROW, ROBIN_RIGHTMOST, {"type": "rel", "before": "crow", "after": "owl"}]
    assert solve(BIRDS, contradiction, 10) == []
    assert len(solve(BIRDS, [OWL_LEFT_OF_CROW], 10)) == 3


def test_other_clue_types():
    objs = ["a", "b", "c", "d"]
    clues = [
        {"type": "adj", "before": "a", "after": "b"},
        {"type": "dist", "a": "a", "b": "d", "between": 2},
        {"type": "neg", "obj": "a", "pos": 4},
        {"type": "abs", "obj": "c", "pos": 3, "from_end": False},
    ]
    assert solve(objs, clues, 10) == [["a", "b", "c", "d"]]


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_instances_are_unique_and_irredundant(level):
    params = TASK.params(level)
    for seed in range(6):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        n = len(p["objects"])
        assert n == params.n_objects and len(p["clues"]) >= params.min_clues
        assert solve(p["objects"], p["clues"], 2) == [p["order"]]
        for i in range(len(p["clues"])):
            assert len(solve(p["objects"], p["clues"][:i] + p["clues"][i + 1 :], 2)) == 2
        true_options = [
            L for L, o in zip("ABCDEFGHI", p["objects"]) if p["order"].index(o) + 1 == p["ask_pos"]
        ]
        assert true_options == [inst.answer] == [p["gold_letter"]]
        if params.ask_unstated:
            for c in p["clues"]:
                if c["type"] == "abs":
                    assert abs_position(c, n) != p["ask_pos"]
                    assert c["obj"] != p["order"][p["ask_pos"] - 1]


def test_clue_mix_weights_and_themes_override():
    for seed in range(5):
        inst = make_instance(
            TASK, 4, seed, 0, overrides={"clue_mix": "0,1,0,0,0", "themes": "runners,students"}
        )
        assert all(c["type"] == "rel" for c in inst.puzzle["clues"])
        assert inst.puzzle["theme"] in ("runners", "students")


def test_bad_clue_mix_is_a_param_error():
    from symbench.errors import ParamError

    for bad in ("nonsense", "1,2,3", "-1,1,1,1,1", "0,0,0,0,0"):
        with pytest.raises(ParamError):
            TASK.params(5, {"clue_mix": bad})


def test_importer(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items and all(not item.errata for item in items)  # errata: none
    examples = json.loads(
        (original_dir / "BIG-Bench-Hard" / "bbh" / "logical_deduction_seven_objects.json").read_text()
    )["examples"]
    assert len(items) == len(examples)
    for item, ex in zip(items, examples):
        inst = imported_instance(TASK, item)
        assert f"({inst.answer})" == ex["target"] and inst.complexity == 5
        assert len(inst.puzzle["objects"]) == 7 and inst.question.startswith(ex["input"])
        assert solve(inst.puzzle["objects"], inst.puzzle["clues"], 2) == [inst.puzzle["order"]]
        assert TASK.verify(inst, f"<<<{ex['target']}>>>").score == 1
    themes = {imported_instance(TASK, i).puzzle["theme"] for i in items}
    assert themes == {"golf", "vehicles", "birds", "books", "fruits"}
    rerendered = [imported_instance(TASK, i) for i in TASK.import_original(original_dir, render="symbench")]
    for inst in rerendered:
        assert inst.question.startswith("The paragraph below describes 7")
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
