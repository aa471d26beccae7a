"""web_of_lies: chain evaluation, branching targets, compound statements, Yes/No parsing, importer."""

from __future__ import annotations

import json

import pytest

from symbench.checkers.web_of_lies import evaluate
from symbench.checkers.yes_no import parse_yes_no
from symbench.generation import imported_instance, make_instance
from symbench.generators.web_of_lies import depths, pick_target
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.web_of_lies import parse_bbh, render_story

TASK = get_task("web_of_lies")
ITEM0 = (
    "Question: Sherrie tells the truth. Vernell says Sherrie tells the truth. Alexis says Vernell lies. "
    "Michaela says Alexis tells the truth. Elanor says Michaela tells the truth. Does Elanor tell the truth?"
)


def _instance(puzzle: dict) -> Instance:
    answer = "Yes" if puzzle["truthful"][puzzle["target"]] else "No"
    return Instance("t", TASK.name, TASK.version, 3, {}, 0, 0, puzzle, TASK.render(puzzle), answer, "", {})


def _single(speaker, about, claim):
    return {"speaker": speaker, "kind": "single", "about": [about], "claim": claim, "style": 0}


def test_worked_example_bbh_item0():
    puzzle = parse_bbh(ITEM0)
    assert puzzle["truthful"] == {
        "Sherrie": True, "Vernell": True, "Alexis": False, "Michaela": False, "Elanor": False
    }  # fmt: skip
    assert puzzle["target"] == "Elanor" and puzzle["depth"] == 4
    inst = _instance(puzzle)
    assert inst.answer == "No"
    assert TASK.verify(inst, "<<<No>>>").score == 1
    assert TASK.verify(inst, "<<<no.>>>").score == 1
    assert TASK.verify(inst, "<<<Yes>>>").score == 0


def test_branching_target():
    people = ["Ann", "Bob", "Cid", "Dee"]
    statements = [
        _single("Bob", "Ann", "lie"),
        _single("Cid", "Ann", "truth"),
        _single("Dee", "Bob", "truth"),
    ]
    values = evaluate(people, True, statements)
    assert values == {"Ann": True, "Bob": False, "Cid": True, "Dee": False}
    assert depths(people, statements) == {"Ann": 0, "Bob": 1, "Cid": 1, "Dee": 2}
    assert people[pick_target(people, statements)] == "Dee"


def test_compound_statements():
    people = ["Ann", "Bob", "Eve", "Fay"]
    statements = [
        _single("Bob", "Ann", "lie"),
        {"speaker": "Eve", "kind": "both", "about": ["Ann", "Bob"], "claim": "truth", "style": 1},
        {"speaker": "Fay", "kind": "at_least_one", "about": ["Ann", "Bob"], "claim": "lie", "style": 2},
    ]
    values = evaluate(people, True, statements)
    assert values["Bob"] is False and values["Eve"] is False and values["Fay"] is True


@pytest.mark.parametrize("bad", ["True", "Yes, she does", "Yes/No", "", "(A)", "Y", "yes no"])
def test_rejections(bad):
    inst = _instance(parse_bbh(ITEM0))
    verdict = TASK.verify(inst, f"<<<{bad}>>>")
    assert verdict.score == 0 and verdict.reason == "unparseable"


@pytest.mark.parametrize("ok", ["No", "no", "NO.", "- No", "(No)", "[no]", "'No'", " No "])
def test_accepted_forms(ok):
    assert parse_yes_no(ok) == "No"


def test_shuffled_order_keeps_the_answer():
    people = ["Ann", "Bob", "Cid", "Dee"]
    statements = [
        _single("Bob", "Ann", "lie"),
        _single("Cid", "Ann", "truth"),
        _single("Dee", "Bob", "truth"),
    ]
    puzzle = {
        "people": people,
        "base_truthful": True,
        "statements": statements,
        "sentence_order": [0, 1, 2, 3],
        "target": "Dee",
        "truthful": evaluate(people, True, statements),
        "depth": 2,
    }
    reversed_puzzle = dict(puzzle, sentence_order=[3, 2, 1, 0])
    assert render_story(reversed_puzzle).startswith("Dee says that Bob tells the truth.")
    assert _instance(puzzle).answer == _instance(reversed_puzzle).answer == "No"


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_depth_and_consistency(level):
    params = TASK.params(level)
    for seed in range(15):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        assert p["depth"] >= params.min_depth
        assert evaluate(p["people"], p["base_truthful"], p["statements"]) == p["truthful"]
        assert inst.answer == ("Yes" if p["truthful"][p["target"]] else "No")
        assert sorted(p["sentence_order"]) == list(range(params.n_people))
        assert all(p["target"] not in st["about"] for st in p["statements"])
        for k, st in enumerate(p["statements"], start=1):
            earlier = p["people"][max(0, k - params.window) : k]
            assert all(a in earlier for a in st["about"])


def test_yes_rate_is_balanced():
    answers = [make_instance(TASK, 3, 7, i).answer for i in range(1000)]
    assert abs(answers.count("Yes") / 1000 - 0.5) <= 0.05


def test_p_yes_override():
    assert {make_instance(TASK, 8, 1, i, overrides={"p_yes": "1.0"}).answer for i in range(20)} == {"Yes"}


def test_importer(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items and all(not item.errata for item in items)  # errata: none
    file = original_dir / "BIG-Bench-Hard" / "bbh" / "web_of_lies.json"
    examples = json.loads(file.read_text())["examples"]
    assert len(items) == len(examples)
    for item, ex in zip(items, examples):
        inst = imported_instance(TASK, item)
        assert inst.answer == ex["target"] and item.original_answer == ex["target"]
        assert inst.question.startswith(ex["input"]) and "last" in inst.question
        assert len(inst.puzzle["people"]) == 5 and inst.puzzle["depth"] == 4
        assert TASK.verify(inst, "<<<Incorrect>>>").score == 0  # no judge, no substring bug
    rerendered = list(TASK.import_original(original_dir, render="symbench"))
    assert all(imported_instance(TASK, i).question.startswith("Each of the 5 people") for i in rerendered)
