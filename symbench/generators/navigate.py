"""Walks of absolute moves, closed (Yes), near-closed or open (No), rendered with or without turns."""

from __future__ import annotations

import random

from symbench.checkers.navigate import simulate
from symbench.errors import GenerationError

MAX_ATTEMPTS = 500
HEADINGS = {"N": (0, 1), "E": (1, 0), "S": (0, -1), "W": (-1, 0)}
_ORDER = "NESW"  # clockwise


def _random_moves(m: int, max_step: int, rng: random.Random) -> list[tuple[str, int]]:
    return [(rng.choice(_ORDER), rng.randint(1, max_step)) for _ in range(m)]


def _displacement(moves: list[tuple[str, int]]) -> tuple[int, int]:
    x = sum(HEADINGS[d][0] * n for d, n in moves)
    y = sum(HEADINGS[d][1] * n for d, n in moves)
    return x, y


def _split(direction: str, length: int, max_step: int) -> list[tuple[str, int]]:
    out = []
    while length > 0:
        part = min(length, max_step)
        out.append((direction, part))
        length -= part
    return out


def closed_walk(m: int, max_step: int, rng: random.Random) -> list[tuple[str, int]]:
    """m - 2 random moves, then the moves that undo their displacement, shuffled."""
    moves = _random_moves(m - 2, max_step, rng)
    x, y = _displacement(moves)
    if x:
        moves += _split("W" if x > 0 else "E", abs(x), max_step)
    if y:
        moves += _split("S" if y > 0 else "N", abs(y), max_step)
    rng.shuffle(moves)
    return moves


def _face(facing: str, target: str) -> str | None:
    """The single turn that changes `facing` into `target` (None if already facing it)."""
    diff = (_ORDER.index(target) - _ORDER.index(facing)) % 4
    return {0: None, 1: "right", 2: "around", 3: "left"}[diff]


def _relative(facing: str, move_dir: str) -> str:
    diff = (_ORDER.index(move_dir) - _ORDER.index(facing)) % 4
    return ("forward", "right", "backward", "left")[diff]


def _turned(facing: str, turn: str) -> str:
    step = {"right": 1, "around": 2, "left": 3}[turn]
    return _ORDER[(_ORDER.index(facing) + step) % 4]


def render_moves(moves: list[tuple[str, int]], style: str, rng: random.Random) -> list[dict]:
    instructions: list[dict] = []
    facing = "N"
    for move_dir, n in moves:
        if style == "face_forward":
            instructions.append({"op": "step", "n": n, "dir": _relative("N", move_dir)})
        elif style == "turns" or rng.random() < 0.5:
            turn = _face(facing, move_dir)
            if turn is not None:
                instructions.append({"op": "turn", "dir": turn})
                facing = _turned(facing, turn)
            word = None if style == "turns" or rng.random() < 0.5 else "forward"
            instructions.append({"op": "step", "n": n, "dir": word})
        else:
            instructions.append({"op": "step", "n": n, "dir": _relative(facing, move_dir)})
    if style == "turns" and rng.random() < 0.3:
        for _ in range(rng.randint(1, 2)):
            instructions.append({"op": "turn", "dir": rng.choice(("left", "right", "around"))})
    return instructions


def _attempt(
    n_min: int,
    n_max: int,
    max_step: int,
    styles: tuple[str, ...],
    near_miss: float,
    p_yes: float,
    rng: random.Random,
) -> dict | None:
    want_yes = rng.random() < p_yes
    style = rng.choice(styles)
    lo = n_min if style == "face_forward" else max(2, -(-n_min // 2))
    m = rng.randint(max(2, lo), max(2, n_max))
    if want_yes:
        moves = closed_walk(m, max_step, rng)
    elif rng.random() < near_miss:
        moves = closed_walk(m, max_step, rng)
        changeable = [i for i, (_, n) in enumerate(moves) if n > 1 or max_step > 1]
        if not changeable:
            return None
        i = rng.choice(changeable)
        d, n = moves[i]
        deltas = [delta for delta in (-1, 1) if 1 <= n + delta <= max_step]
        moves[i] = (d, n + rng.choice(deltas))
    else:
        moves = _random_moves(m, max_step, rng)
        if _displacement(moves) == (0, 0):
            return None
    instructions = render_moves(moves, style, rng)
    if not n_min <= len(instructions) <= n_max:
        return None
    end = simulate(instructions)
    assert (end == (0, 0)) == want_yes and end == _displacement(moves)
    return {"style": style, "instructions": instructions, "final_position": list(end), "answer_yes": want_yes}


def generate(
    n_min: int,
    n_max: int,
    max_step: int,
    styles: tuple[str, ...],
    near_miss: float,
    p_yes: float,
    rng: random.Random,
) -> dict:
    want_yes = rng.random() < p_yes  # drawn once, so rejections cannot skew the Yes rate
    for _ in range(MAX_ATTEMPTS):
        puzzle = _attempt(n_min, n_max, max_step, styles, near_miss, want_yes, rng)
        if puzzle is not None:
            return puzzle
    raise GenerationError(f"no walk with {n_min}-{n_max} instructions found in {MAX_ATTEMPTS} attempts")
