"""Single-tile 2048 walks: random grids, a tracked non-empty start tile, and the step simulation."""

from __future__ import annotations

import random
from typing import Any

from symbench.errors import GenerationError

MOVES = "udlr"
STEP = {"u": (-1, 0), "d": (1, 0), "l": (0, -1), "r": (0, 1)}
MAX_ATTEMPTS = 2000


def simulate(grid: list[list[int]], start: tuple[int, int], moves: str) -> dict[str, Any]:
    """Move only the tracked tile (1-based `start`): into empty cells, merging with equal values.

    A step off the grid or into a different value leaves everything unchanged. A merged tile is the
    tracked tile from then on. Returns the final grid, the path (1-based) and the merge count.
    """
    n = len(grid)
    board = [list(row) for row in grid]
    r, c = start[0] - 1, start[1] - 1
    path: list[list[int]] = []
    merges = 0
    for move in moves:
        dr, dc = STEP[move]
        nr, nc = r + dr, c + dc
        if 0 <= nr < n and 0 <= nc < len(board[nr]):
            value, target = board[r][c], board[nr][nc]
            if target == 0:
                board[nr][nc], board[r][c] = value, 0
                r, c = nr, nc
            elif target == value:
                board[nr][nc], board[r][c] = 2 * value, 0
                r, c = nr, nc
                merges += 1
        path.append([r + 1, c + 1])
    return {"gold": board, "path": path, "merges": merges}


def build_puzzle(grid: list[list[int]], start: tuple[int, int], moves: str) -> dict[str, Any]:
    result = simulate(grid, start, moves)
    return {
        "size": len(grid),
        "grid": [list(row) for row in grid],
        "start": [start[0], start[1]],
        "moves": moves,
        "gold": result["gold"],
        "path": result["path"],
        "merges": result["merges"],
    }


def generate(
    size: int,
    num_moves: int,
    tiles: tuple[int, int],
    values: tuple[int, ...],
    require_change: bool,
    min_merges: int,
    rng: random.Random,
) -> dict[str, Any]:
    """Random tiles on distinct cells, a random non-empty start tile, random moves; redraw until the
    walk changes the grid (when required) with at least `min_merges` merges."""
    cells = size * size
    for _ in range(MAX_ATTEMPTS):
        count = rng.randint(tiles[0], tiles[1])
        grid = [[0] * size for _ in range(size)]
        occupied = sorted(rng.sample(range(cells), count))
        for cell in occupied:
            grid[cell // size][cell % size] = rng.choice(values)
        start_cell = rng.choice(occupied)
        start = (start_cell // size + 1, start_cell % size + 1)
        moves = "".join(rng.choice(MOVES) for _ in range(num_moves))
        puzzle = build_puzzle(grid, start, moves)
        if require_change and puzzle["gold"] == puzzle["grid"]:
            continue
        if puzzle["merges"] < min_merges:
            continue
        return puzzle
    raise GenerationError(
        f"game_2048: no walk with the required change/merges in {MAX_ATTEMPTS} attempts "
        f"(size={size}, moves={num_moves}, min_merges={min_merges})"
    )
