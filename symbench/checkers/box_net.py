"""BoxNet answers: a JSON list of steps, each mapping `Agent[x, y]` to one action, replayed by a
synchronous multi-agent simulator.

Every action of a step reads the state at the start of the step; effects appear at its end. Partial
credit (C4a): the score is the delivered fraction of the boxes; invalid actions do nothing and make
the plan invalid; full success needs a clean plan that delivers every box.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from symbench.checkers.answer import parse_number
from symbench.instance import Verdict

MAX_ACTIONS = 10_000
MAX_CACHED_CHARS = 80

_NUM = r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
_KEY = re.compile(r"\s*agent\s*\[\s*" + _NUM + r"\s*,\s*" + _NUM + r"\s*\]\s*", re.IGNORECASE | re.ASCII)
_VALUE = re.compile(
    r"\s*move\s*\(\s*box_([a-z]+)\s*,\s*(?:target_([a-z]+)|square\s*\[\s*"
    + _NUM
    + r"\s*,\s*"
    + _NUM
    + r"\s*\])\s*\)\s*",
    re.IGNORECASE | re.ASCII,
)
_HALF = re.compile(r"(\d{1,6})\.5", re.ASCII)
_HALF_FRACTION = Fraction(1, 2)


class _Pairs(list):
    """A JSON object kept as its (key, value) pairs, so duplicate keys are not silently merged."""


def _loads(content: str) -> Any:
    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(content, object_pairs_hook=_Pairs, parse_constant=no_constants)


def _index(text: str, size: int) -> int | None:
    """Square coordinate `i + 0.5` (compared exactly) into the 0-based index i, if inside the grid."""
    m = _HALF.fullmatch(text)
    if m:
        i = int(m.group(1))
    else:
        value = parse_number(text)
        if value is None:
            return None
        whole = value - _HALF_FRACTION
        if whole.denominator != 1:
            return None
        i = int(whole)
    return i if 0 <= i < size else None


Square = tuple[int, int]


def parse_agent(key: str, rows: int, cols: int) -> Square | None:
    """The square an agent key names, if it is in the grid."""
    if len(key) <= MAX_CACHED_CHARS:
        return _parse_agent_cached(key, rows, cols)
    return _parse_agent(key, rows, cols)


def parse_action(value: str, rows: int, cols: int) -> tuple[str, str, Square | None] | None:
    """('deliver', colour, None), ('move', colour, destination), or None for anything else; a move to
    a square outside the grid keeps destination None (an invalid action, not a parse failure)."""
    if len(value) <= MAX_CACHED_CHARS:
        return _parse_action_cached(value, rows, cols)
    return _parse_action(value, rows, cols)


def _parse_agent(key: str, rows: int, cols: int) -> Square | None:
    m = _KEY.fullmatch(key)
    if not m:
        return None
    r, c = _index(m.group(1), rows), _index(m.group(2), cols)
    return None if r is None or c is None else (r, c)


def _parse_action(value: str, rows: int, cols: int) -> tuple[str, str, Square | None] | None:
    m = _VALUE.fullmatch(value)
    if not m:
        return None
    colour = m.group(1).lower()
    if m.group(2) is not None:
        return ("deliver", colour, None) if m.group(2).lower() == colour else None
    r, c = _index(m.group(3), rows), _index(m.group(4), cols)
    return ("move", colour, None if r is None or c is None else (r, c))


# The same short keys and action strings recur across steps and answers; long ones are never cached.
_parse_agent_cached = functools.lru_cache(maxsize=16384)(_parse_agent)
_parse_action_cached = functools.lru_cache(maxsize=16384)(_parse_action)


def simulate(
    rows: int, cols: int, state: dict[tuple[int, str], int], steps: Sequence[_Pairs]
) -> tuple[int, bool, str | None, int]:
    """Replay the steps on `state` ((square index, item) -> count, changed in place); returns
    (delivered, valid, first problem, actions read)."""
    delivered, valid, problem, seen = 0, True, None, 0
    for step in steps:
        acted: set[Square] = set()
        effects: list[tuple[int, str, str, int]] = []
        for key, value in step:
            seen += 1
            if seen > MAX_ACTIONS:
                return delivered, False, problem or "rule_violation", seen
            square = parse_agent(key, rows, cols)
            ok = square is not None and square not in acted
            if ok:
                acted.add(square)  # any attempt uses the agent's one action of the step
                action = parse_action(value, rows, cols) if isinstance(value, str) else None
                ok = action is not None
            if ok:
                kind, colour, dest = action
                here = square[0] * cols + square[1]
                box = "box_" + colour
                if state.get((here, box), 0) <= 0:
                    ok = False
                elif kind == "deliver":
                    target = "target_" + colour
                    ok = state.get((here, target), 0) > 0
                    if ok:
                        effects.append((here, box, target, -1))
                else:
                    ok = dest is not None and abs(dest[0] - square[0]) + abs(dest[1] - square[1]) == 1
                    if ok:
                        effects.append((here, box, "", dest[0] * cols + dest[1]))
            if not ok:
                valid = False
                problem = problem or "rule_violation"
        for here, box, target, there in effects:
            state[(here, box)] -= 1
            if there < 0:
                state[(here, target)] -= 1
                delivered += 1
            else:
                state[(there, box)] = state.get((there, box), 0) + 1
    return delivered, valid, problem, seen


def initial_state(puzzle: dict[str, Any]) -> dict[tuple[int, str], int]:
    cols = puzzle["cols"]
    state: dict[tuple[int, str], int] = {}
    for entry in puzzle["squares"]:
        x, y = entry["square"]
        here = int(x - 0.5) * cols + int(y - 0.5)
        for item in entry["items"]:
            state[(here, item)] = state.get((here, item), 0) + 1
    return state


def check(puzzle: dict[str, Any], content: str) -> Verdict:
    n_boxes = puzzle["n_boxes"]

    def verdict(delivered: int, success: bool, reason: str, parsed: Any = None) -> Verdict:
        ratio = delivered / n_boxes if n_boxes else 0.0
        return Verdict.partial(ratio, success, reason, parsed, {"success": success, "delivered_ratio": ratio})

    try:
        plan = _loads(content)
    except (ValueError, RecursionError):
        return verdict(0, False, "unparseable")
    if isinstance(plan, _Pairs) or not isinstance(plan, list):
        return verdict(0, False, "wrong_shape")
    if not all(isinstance(step, _Pairs) for step in plan):
        return verdict(0, False, "wrong_shape")
    rows, cols = puzzle["rows"], puzzle["cols"]
    delivered, valid, problem, seen = simulate(rows, cols, initial_state(puzzle), plan)
    success = valid and delivered == n_boxes
    reason = "correct" if success else (problem or "wrong_value")
    parsed = {"steps": len(plan), "actions": min(seen, MAX_ACTIONS + 1), "delivered": delivered}
    return verdict(delivered, success, reason, parsed)
