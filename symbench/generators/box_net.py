"""BoxNet puzzles: coloured boxes and targets scattered on a grid of agents, and a deterministic
witness planner (per-colour minimum-distance assignment, then one move or delivery per busy square).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from symbench.checkers.box_net import check as check_plan
from symbench.errors import GenerationError

PALETTE = ("blue", "red", "green", "purple", "orange", "yellow", "pink", "cyan", "brown", "gray")
MAX_DRAWS = 100
MAX_STEPS = 100_000


def coord(i: int) -> str:
    """Square coordinate of 0-based row or column i, as written in questions and answers."""
    return f"{i}.5"


def agent_key(r: int, c: int) -> str:
    return f"Agent[{coord(r)}, {coord(c)}]"


def square_name(r: int, c: int) -> str:
    return f"square[{coord(r)}, {coord(c)}]"


def colour_order(colours: set[str]) -> list[str]:
    """Palette order first, then any other colour alphabetically."""
    known = [c for c in PALETTE if c in colours]
    return known + sorted(colours - set(PALETTE))


def assign(boxes: Sequence[tuple[int, int]], targets: Sequence[tuple[int, int]]) -> list[int]:
    """Minimum total Manhattan distance assignment of boxes to distinct targets (len(boxes) <=
    len(targets)); among optimal ones the lexicographically smallest target-index sequence."""
    k, m = len(boxes), len(targets)
    cost = [[abs(br - tr) + abs(bc - tc) for tr, tc in targets] for br, bc in boxes]
    memo: dict[tuple[int, int], int] = {}

    def best(i: int, used: int) -> int:
        if i == k:
            return 0
        key = (i, used)
        if key not in memo:
            memo[key] = min(cost[i][j] + best(i + 1, used | 1 << j) for j in range(m) if not used >> j & 1)
        return memo[key]

    out, used = [], 0
    for i in range(k):
        goal = best(i, used)
        j = next(j for j in range(m) if not used >> j & 1 and cost[i][j] + best(i + 1, used | 1 << j) == goal)
        out.append(j)
        used |= 1 << j
    return out


def plan_witness(rows: int, cols: int, squares: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    """Step plan delivering every box; squares are row-major item lists (boxes <= targets per colour)."""
    items = [list(s) for s in squares]
    n = rows * cols
    colours = colour_order({it.split("_", 1)[1] for s in items for it in s})
    rank = {c: i for i, c in enumerate(colours)}
    steps: list[dict[str, str]] = []
    for _ in range(MAX_STEPS):
        if not any(it.startswith("box_") for s in items for it in s):
            return steps
        goal: dict[tuple[int, int], int] = {}  # (square, item position) -> assigned target square
        for colour in colours:
            box, target = "box_" + colour, "target_" + colour
            boxes = [(s, p) for s in range(n) for p, it in enumerate(items[s]) if it == box]
            if not boxes:
                continue
            targets = [s for s in range(n) for it in items[s] if it == target]
            match = assign([divmod(s, cols) for s, _ in boxes], [divmod(t, cols) for t in targets])
            for b, j in zip(boxes, match):
                goal[b] = targets[j]
        step: dict[str, str] = {}
        effects: list[tuple[int, str, int | None]] = []
        for s in range(n):
            here = items[s]
            box_colours = {it[4:] for it in here if it.startswith("box_")}
            if not box_colours:
                continue
            r, c = divmod(s, cols)
            target_colours = {it[7:] for it in here if it.startswith("target_")}
            ready = [col for col in colours if col in box_colours and col in target_colours]
            if ready:
                step[agent_key(r, c)] = f"move(box_{ready[0]}, target_{ready[0]})"
                effects.append((s, ready[0], None))
                continue
            candidates = []
            for p, it in enumerate(here):
                if it.startswith("box_"):
                    tr, tc = divmod(goal[(s, p)], cols)
                    candidates.append((-(abs(tr - r) + abs(tc - c)), rank[it[4:]], p, tr, tc))
            _, _, p, tr, tc = min(candidates)
            nr, nc = (r + (1 if tr > r else -1), c) if tr != r else (r, c + (1 if tc > c else -1))
            colour = here[p][4:]
            step[agent_key(r, c)] = f"move(box_{colour}, {square_name(nr, nc)})"
            effects.append((s, colour, nr * cols + nc))
        for s, colour, dest in effects:
            items[s].remove("box_" + colour)
            if dest is None:
                items[s].remove("target_" + colour)
            else:
                items[dest].append("box_" + colour)
        steps.append(step)
    raise AssertionError("the witness planner did not terminate")  # each step lowers distance + boxes


def build_puzzle(
    rows: int, cols: int, squares: Sequence[Sequence[str]], list_actions: bool
) -> dict[str, Any]:
    """Puzzle fields with a witness that must score 1 (checked here)."""
    colours = colour_order({it.split("_", 1)[1] for s in squares for it in s})
    puzzle: dict[str, Any] = {
        "rows": rows,
        "cols": cols,
        "squares": [
            {"square": [r + 0.5, c + 0.5], "items": list(squares[r * cols + c])}
            for r in range(rows)
            for c in range(cols)
        ],
        "colours": colours,
        "n_boxes": sum(1 for s in squares for it in s if it.startswith("box_")),
        "list_actions": list_actions,
    }
    witness = plan_witness(rows, cols, squares)
    puzzle["witness"] = witness
    verdict = check_plan(puzzle, format_plan(witness))
    assert verdict.correct and verdict.score == 1, "the witness must deliver every box"
    return puzzle


def format_plan(plan: Sequence[dict[str, str]]) -> str:
    return json.dumps(list(plan), separators=(",", ":"), ensure_ascii=False)


def has_move(plan: Sequence[dict[str, str]]) -> bool:
    return any("square[" in action for step in plan for action in step.values())


def generate(
    rows: int,
    cols: int,
    n_colours: int,
    boxes: tuple[int, int],
    list_actions: bool,
    rng: random.Random,
) -> dict[str, Any]:
    n = rows * cols
    for _ in range(MAX_DRAWS):
        squares: list[list[str]] = [[] for _ in range(n)]
        for colour in PALETTE[:n_colours]:
            for _ in range(rng.randint(*boxes)):
                squares[rng.randrange(n)].append("box_" + colour)
                squares[rng.randrange(n)].append("target_" + colour)
        puzzle = build_puzzle(rows, cols, squares, list_actions)
        if has_move(puzzle["witness"]):
            return puzzle
    raise GenerationError(f"box_net: every one of {MAX_DRAWS} draws could be solved without moving a box")
