"""The shared multiple-choice checker (C9)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symbench.checkers.choice import check_choice, choose, normalise, texts_match

DATES = ["12/14/1937", "12/25/1937", "01/01/1938", "12/24/1938", "11/25/1937", "12/25/2006"]
GOLF = [
    "Ana finished third",
    "Eve finished third",
    "Ada finished third",
    "Dan finished third",
    "Rob finished third",
    "Amy finished third",
    "Joe finished third",
]


@pytest.mark.parametrize(
    "content",
    [
        "(B)",
        "B",
        "b",
        "(b)",
        "B)",
        "B.",
        "B:",
        "(B) 12/25/1937",
        "B 12/25/1937",
        "B: 12/25/1937",
        "B) 12/25/1937",
        "12/25/1937",
        "12/25/1937.",
        "$B$",
        "**B**",
        "\\text{B}",
        "$\\text{(B)}$",
        "'B'",
        '"(B)"',
        "  ( B )  ",
        "(B) 12/25/1937.",
        "(B)  12/25/1937",
        "(B) - 12/25/1937",
    ],
)
def test_accepted_forms(content):
    verdict = check_choice(content, DATES, "B")
    assert verdict.score == 1 and verdict.reason == "correct" and verdict.parsed == "B", content


def test_dates_compare_without_padding():
    assert texts_match("1/5/2004", "01/05/2004")
    assert check_choice("(A) 1/5/2004", ["01/05/2004", "01/06/2004"], "A").score == 1
    assert check_choice("1/6/2004", ["01/05/2004", "01/06/2004"], "B").score == 1
    assert not texts_match("1/5/2004", "5/1/2004")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("(B) 12/24/1937", "rule_violation"),
        ("(B) or (C)", "rule_violation"),
        ("B or C", "rule_violation"),
        ("1937-12-25", "unparseable"),
        ("Dec 25, 1937", "unparseable"),
        ("(G)", "unparseable"),
        ("G", "unparseable"),
        ("", "unparseable"),
        ("The answer is B", "unparseable"),
        ("12/26/1937", "unparseable"),
        ("(C)", "wrong_value"),
        ("12/14/1937", "wrong_value"),
        ("AB", "unparseable"),
    ],
)
def test_rejections(content, reason):
    verdict = check_choice(content, DATES, "B")
    assert verdict.score == 0 and verdict.reason == reason, (content, verdict)


def test_text_form_and_letter_with_text():
    assert check_choice("Dan finished third", GOLF, "D").score == 1
    assert check_choice("dan finished THIRD.", GOLF, "D").score == 1
    assert check_choice("(D) Dan finished third", GOLF, "D").score == 1
    assert check_choice("(D) Ana finished third", GOLF, "D").reason == "rule_violation"
    assert check_choice("(C) or (D)", GOLF, "D").reason == "rule_violation"
    assert check_choice("(H)", GOLF, "D").reason == "unparseable"
    assert check_choice("Ana finished third", GOLF, "D").reason == "wrong_value"


def test_option_text_that_starts_like_a_letter():
    options = ["A bus is the oldest", "The truck is the oldest"]
    assert choose("A bus is the oldest", options) == ("A", "correct")
    assert choose("B", options) == ("B", "correct")
    assert choose("A truck is the oldest", options) == (None, "rule_violation")


def test_ambiguous_text_is_unparseable():
    assert choose("same", ["same", "same", "other"]) == (None, "unparseable")


def test_normalise():
    assert normalise("  $**(B)**$. ") == "(B)"
    assert normalise("(B)   12/25/1937") == "(B) 12/25/1937"


def test_huge_and_odd_inputs():
    assert check_choice("B" * 100_000, DATES, "B").reason == "unparseable"
    assert check_choice("(" * 3000, DATES, "B").reason == "unparseable"
    assert check_choice(None, DATES, "B").reason == "unparseable"  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text):
    verdict = check_choice(text, DATES, "B")
    assert verdict.score in (0.0, 1.0)
