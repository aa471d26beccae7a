"""Typed knobs: parsing, bounds, choices, ranges, lists, and JSON round trips."""

from __future__ import annotations

import dataclasses

import pytest

from symbench.errors import ParamError
from symbench.params import Params, knob, parse_overrides, parse_value


@dataclasses.dataclass(frozen=True)
class Demo(Params):
    size: int = knob(lo=2, hi=9)
    blanks: tuple[int, int] = knob(lo=0, hi=50)
    mode: str = knob(choices=("a", "b"))
    tags: tuple[str, ...] = knob(choices=("x", "y", "z"))
    ratio: float = knob(lo=0.0, hi=1.0)
    strict: bool = knob()

    def check(self):
        if self.blanks[1] > self.size * self.size:
            return "more blanks than cells"
        return None


BASE = {"size": 4, "blanks": [2, 5], "mode": "a", "tags": ["x"], "ratio": 0.5, "strict": False}


def test_from_json_and_back():
    p = Demo.from_json(BASE)
    assert p.blanks == (2, 5) and p.tags == ("x",)
    assert p.to_json() == BASE


def test_overrides_parse_each_kind():
    p = Demo.from_json(BASE).with_overrides(
        {"size": "6", "blanks": "3-7", "mode": "b", "tags": "y,z", "ratio": "0.25", "strict": "yes"}
    )
    assert (p.size, p.blanks, p.mode, p.tags, p.ratio, p.strict) == (6, (3, 7), "b", ("y", "z"), 0.25, True)
    assert Demo.from_json(BASE).with_overrides({"blanks": "4"}).blanks == (4, 4)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("size", "1", "below the minimum"),
        ("size", "10", "above the maximum"),
        ("size", "four", "expected an integer"),
        ("blanks", "7-3", "low end is above"),
        ("blanks", "1-x", "range"),
        ("mode", "c", "not one of"),
        ("tags", "x,w", "not one of"),
        ("tags", ",", "empty"),
        ("ratio", "2", "above the maximum"),
        ("strict", "maybe", "true/false"),
        ("blanks", "10-20", "more blanks than cells"),
        ("nope", "1", "valid parameters: size, blanks, mode, tags, ratio, strict"),
    ],
)
def test_bad_overrides(key, value, message):
    with pytest.raises(ParamError, match=message):
        Demo.from_json(BASE).with_overrides({key: value})


def test_parse_overrides_pairs():
    assert parse_overrides(["a=1", "b= x=y"]) == {"a": "1", "b": " x=y"}
    with pytest.raises(ParamError):
        parse_overrides(["novalue"])
    assert parse_value("int_range", " 30 - 35 ") == (30, 35)
