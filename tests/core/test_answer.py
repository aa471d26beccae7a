"""Conventions C1-C3: the final block, the token splitter, exact numbers."""

from __future__ import annotations

from fractions import Fraction

from symbench.checkers.answer import (
    MAX_RESPONSE_CHARS,
    extract_last_block,
    parse_coordinate_pairs,
    parse_int,
    parse_number,
    split_tokens,
    unwrap_string,
    within_tolerance,
)


def test_last_block_shortest_match_and_truncation():
    assert extract_last_block("a <<<1>>> b <<< 2 \n>>> c") == "2"
    assert extract_last_block("<<<a>>>>>>") == "a"
    assert extract_last_block("no block") is None
    assert extract_last_block(None) is None
    assert extract_last_block("<<<x>>>" + "y" * MAX_RESPONSE_CHARS) is None
    assert extract_last_block("y" * MAX_RESPONSE_CHARS + "<<<x>>>") == "x"


def test_split_tokens():
    assert split_tokens('[["A", "B"],\n(c; d)]  {e}') == ["A", "B", "c", "d", "e"]
    assert split_tokens(" , ;; ") == []


def test_numbers_are_exact():
    assert parse_int("36.0") == 36 and parse_int("-7") == -7
    assert parse_int("36.5") is None and parse_int("1e3") is None
    assert parse_number("0.1") == Fraction(1, 10)
    assert parse_number("1.5e-3") == Fraction(3, 2000)
    assert parse_number("-3/4") == Fraction(-3, 4)
    assert parse_number(".5") == Fraction(1, 2)
    assert parse_number("1/0") is None
    assert parse_number("1e99999") is None
    assert parse_number("1" * 65) is None
    assert parse_number("abc") is None


def test_tolerance_is_inclusive():
    assert within_tolerance(
        Fraction("0.335"), Fraction(1, 3) + Fraction(5, 1000) - Fraction(1, 3) + Fraction("0.33")
    )
    assert within_tolerance(Fraction("1.005"), Fraction(1))
    assert not within_tolerance(Fraction("1.0051"), Fraction(1))


def test_coordinate_pairs_and_unwrap():
    assert parse_coordinate_pairs("(0, 1), (2,3)") == [(0, 1), (2, 3)]
    assert parse_coordinate_pairs("[[0,1],[2,3]]") == [(0, 1), (2, 3)]
    assert parse_coordinate_pairs("0 1 2 3") == [(0, 1), (2, 3)]
    assert parse_coordinate_pairs("0 1 2") is None
    assert parse_coordinate_pairs("(0,1) junk") is None
    assert unwrap_string(' ["abc"] ') == "abc"
