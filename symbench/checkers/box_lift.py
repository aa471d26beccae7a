"""BoxLift answers: `Step k: [(weight, [lifter indices]), ...]` lines, replayed by a step simulator.

Partial credit (C4a): the score is the lifted fraction of the total weight; invalid lifts are not
carried out and make the plan invalid; full success needs a clean plan within the step budget.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from symbench.instance import Verdict

MAX_LIFTS = 10_000
MAX_INT_DIGITS = 30

Lift = tuple[int, tuple[int, ...]]

_STEP_WORD = re.compile(r"^\s*step\b", re.IGNORECASE)
_STEP_HEAD = re.compile(r"^\s*step\s*(-?\d+)\s*:", re.IGNORECASE | re.ASCII)
# Whitespace is allowed only after a token, so the structure regex has one way to match and stays linear.
_INT = r"-?\d+\s*"
_SEP = r",\s*"
_LIFT = (
    r"[\(\[]\s*" + _INT + _SEP + r"\[\s*" + _INT + r"(?:" + _SEP + _INT + r")*(?:" + _SEP + r")?\]\s*"
    r"(?:" + _SEP + r")?[\)\]]\s*"
)
_LIST = re.compile(r"\s*\[\s*(?:" + _LIFT + r"(?:" + _SEP + _LIFT + r")*(?:" + _SEP + r")?)?\]\s*", re.ASCII)
_LIFT_PARTS = re.compile(r"[\(\[]\s*(-?\d+)\s*,\s*\[([-\d,\s]*)\]", re.ASCII)


def _int(text: str) -> int:
    """Integers too long to mean anything become a value no box or lifter has (and no int() blow-up)."""
    text = text.strip()
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return -(10**MAX_INT_DIGITS) if text.startswith("-") else 10**MAX_INT_DIGITS
    return int(text)


def parse_lift_list(text: str) -> list[Lift] | None:
    """`[ (w, [i, ...]), ... ]` with tuples or lists, whitespace between tokens and optional trailing
    commas; None if malformed."""
    if not _LIST.fullmatch(text):
        return None
    parts = _LIFT_PARTS.findall(text)
    try:
        return [(int(w), tuple(map(int, m.rstrip().rstrip(",").split(",")))) for w, m in parts]
    except ValueError:  # an integer beyond int()'s digit limit
        return [(_int(w), tuple(_int(i) for i in m.rstrip().rstrip(",").split(","))) for w, m in parts]


def parse_plan(content: str) -> list[tuple[int | None, list[Lift] | None]]:
    """Step lines in order as (label, lifts); lifts is None for an unparseable step line."""
    steps: list[tuple[int | None, list[Lift] | None]] = []
    for line in content.splitlines():
        if not _STEP_WORD.match(line):
            continue
        head = _STEP_HEAD.match(line)
        if not head:
            steps.append((None, None))
            continue
        label = _int(head.group(1))
        steps.append((label, parse_lift_list(line[head.end() :])))
    return steps


def simulate(
    boxes: Sequence[int],
    lifters: Sequence[int],
    budget: int,
    steps: Sequence[tuple[int | None, list[Lift] | None]],
) -> dict[str, Any]:
    """Replay the plan; invalid lifts change nothing but clear `valid`. Returns counters and the first
    problem met."""
    remaining = Counter(boxes)
    n_lifters = len(lifters)
    lifted_weight = lifted_boxes = lifts_seen = 0
    valid = True
    problem: str | None = None
    first_bad: int | None = None
    labels_ok = True
    teams: dict[tuple[int, ...], tuple[int, int]] = {}  # team -> (lifter bitmask or -1 if invalid, capacity)

    def fail(reason: str, step: int) -> None:
        nonlocal valid, problem, first_bad
        valid = False
        if problem is None:
            problem, first_bad = reason, step

    for k, (label, lifts) in enumerate(steps, start=1):
        if k > budget:
            fail("rule_violation", k)
            break
        if lifts is None:
            fail("unparseable", k)
            continue
        if label != k:
            labels_ok = False
        if lifts_seen + len(lifts) > MAX_LIFTS:
            lifts = lifts[: MAX_LIFTS - lifts_seen]
            fail("rule_violation", k)
            over = True
        else:
            over = False
        lifts_seen += len(lifts)
        used = 0  # bitmask of lifters busy in this step
        for weight, members in lifts:
            info = teams.get(members)
            if info is None:
                valid_team = (
                    bool(members)
                    and len(set(members)) == len(members)
                    and min(members) >= 0
                    and max(members) < n_lifters
                )
                if valid_team:
                    info = (sum(1 << i for i in members), sum(lifters[i] for i in members))
                else:
                    info = (-1, 0)
                teams[members] = info
            mask, capacity = info
            if mask >= 0 and not mask & used and capacity >= weight and remaining.get(weight, 0) > 0:
                remaining[weight] -= 1
                used |= mask
                lifted_weight += weight
                lifted_boxes += 1
            else:
                fail("rule_violation", k)
        if over:
            break
    left = sum(remaining.values())
    return {
        "valid": valid,
        "lifted_weight": lifted_weight,
        "lifted_boxes": lifted_boxes,
        "boxes_left": left,
        "problem": problem,
        "first_bad_step": first_bad,
        "labels_ok": labels_ok,
    }


def check(puzzle: dict[str, Any], content: str) -> Verdict:
    boxes, lifters, budget = puzzle["boxes"], puzzle["lifters"], puzzle["budget"]
    steps = parse_plan(content)
    if not steps:
        metrics = {"success": False, "lifted_weight_ratio": 0.0, "lifted_box_ratio": 0.0}
        return Verdict.partial(0.0, False, "unparseable", None, metrics)
    result = simulate(boxes, lifters, budget, steps)
    total = sum(boxes)
    weight_ratio = result["lifted_weight"] / total if total else 0.0
    box_ratio = result["lifted_boxes"] / len(boxes) if boxes else 0.0
    success = result["valid"] and result["boxes_left"] == 0
    if success:
        reason = "correct"
    else:
        reason = result["problem"] or "wrong_value"
    parsed = {
        "steps": len(steps),
        "boxes_left": result["boxes_left"],
        "first_bad_step": result["first_bad_step"],
        "step_labels_in_order": result["labels_ok"],
    }
    metrics = {"success": success, "lifted_weight_ratio": weight_ratio, "lifted_box_ratio": box_ratio}
    return Verdict.partial(weight_ratio, success, reason, parsed, metrics)
