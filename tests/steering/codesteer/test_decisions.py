"""§1.4: recognising the guide's output, rule by rule."""

from __future__ import annotations

import pytest

from steering.codesteer.decisions import Kind, norm, recognise


def test_norm():
    assert norm("  **<<<Return_Answer>>>**. ") == "return answer"
    assert norm("Return--answer") == "return answer"
    assert norm("ＣＯＤＥ") == "code"  # NFKC


@pytest.mark.parametrize(
    "output, kind, payload, rule",
    [
        ("I think code is better.\n<<<Code>>>", Kind.CODE, "Code", 1),
        ("<<<Text>>>", Kind.TEXT, "Text", 1),
        ("Good progress. <<<Return Answer>>>", Kind.RETURN_ANSWER, "Return Answer", 1),
        (
            "<<<first idea>>> then <<<Use a BFS over states and print the path.>>>",
            Kind.GUIDE,
            "Use a BFS over states and print the path.",
            1,
        ),
        ("  Terminate. ", Kind.TERMINATE, "Terminate.", 2),
        ("The answer looks verified.\n**Return Answer**", Kind.RETURN_ANSWER, "**Return Answer**", 3),
        ("Code\nbecause the search space is large", Kind.CODE, "Code", 3),
        (
            "Please write code that enumerates all permutations.",
            Kind.GUIDE,
            "Please write code that enumerates all permutations.",
            4,
        ),
        ('"Try again with text reasoning."', Kind.GUIDE, "Try again with text reasoning.", 4),
        ("```\nUse sympy to solve it.\n```", Kind.GUIDE, "Use sympy to solve it.", 4),
        ("<<<Use dynamic programming over the grid", Kind.GUIDE, "Use dynamic programming over the grid", 4),
    ],
)
def test_rules(output, kind, payload, rule):
    d = recognise(output, turn=2)
    assert (d.kind, d.payload, d.rule) == (kind, payload, rule)


def test_mentioning_a_control_word_is_guidance():
    text = "Do not return answer yet; terminate the brute force and use a solver instead."
    d = recognise(text, turn=1)
    assert d.kind is Kind.GUIDE and d.rule == 4


def test_rationale_is_kept():
    d = recognise("Reasoning about it.\n<<<Code>>>\nmore", turn=1)
    assert d.rationale == "Reasoning about it.\n\nmore"


def test_invalid_outputs():
    assert recognise("", 1).kind is Kind.INVALID
    assert recognise("<<<   >>>", 1).kind is Kind.INVALID
    assert recognise("<<<Return Answer>>>", 0).kind is Kind.INVALID  # no stop at turn 0
    assert recognise("<<<Terminate>>>", 0).kind is Kind.INVALID
    assert recognise("Write code please", 0).kind is Kind.GUIDE  # fine-tuned turn 0 accepts guidance
    assert recognise("Write code please", 0, protocol="api").kind is Kind.INVALID
    assert recognise("Thinking... <<<Text>>>", 0, protocol="api").kind is Kind.TEXT
    assert recognise(None, 1).kind is Kind.INVALID  # type: ignore[arg-type]


def test_pack_synonyms():
    assert recognise("<<<Finish>>>", 1, synonyms={"finish": "RETURN_ANSWER"}).kind is Kind.RETURN_ANSWER
    assert recognise("<<<Finish>>>", 1).kind is Kind.GUIDE


def test_rule_selection():
    assert recognise("Return Answer", 1, rules=(1, 2, 3)).kind is Kind.RETURN_ANSWER
    d = recognise("keep going with the search", 1, rules=(1, 2, 3))
    assert d.kind is Kind.GUIDE and d.rule == 0
    assert recognise("<<<Code>>>", 1, rules=(2, 3, 4)).rule == 2  # norm strips the brackets
