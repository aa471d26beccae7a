"""navigate: Yes/No answers, and the walk simulator that defines the gold (shared with the generator)."""

from __future__ import annotations

from symbench.checkers.yes_no import check_yes_no
from symbench.instance import Verdict

__all__ = ["check", "simulate", "relative_vector"]


def relative_vector(facing: tuple[int, int], direction: str | None) -> tuple[int, int]:
    """Unit vector of a step `direction` relative to `facing` (None = forward); no turning."""
    fx, fy = facing
    if direction in (None, "forward"):
        return fx, fy
    if direction == "backward":
        return -fx, -fy
    if direction == "left":
        return -fy, fx
    if direction == "right":
        return fy, -fx
    raise ValueError(f"unknown step direction {direction!r}")


def turn(facing: tuple[int, int], direction: str) -> tuple[int, int]:
    fx, fy = facing
    if direction == "left":
        return -fy, fx
    if direction == "right":
        return fy, -fx
    if direction == "around":
        return -fx, -fy
    raise ValueError(f"unknown turn {direction!r}")


def simulate(instructions: list[dict]) -> tuple[int, int]:
    """Final (x, y) of a walker starting at (0, 0) facing +y."""
    x, y, facing = 0, 0, (0, 1)
    for ins in instructions:
        if ins["op"] == "turn":
            facing = turn(facing, ins["dir"])
        else:
            dx, dy = relative_vector(facing, ins.get("dir"))
            x, y = x + ins["n"] * dx, y + ins["n"] * dy
    return x, y


def check(gold: str, content: str) -> Verdict:
    return check_yes_no(gold, content)
