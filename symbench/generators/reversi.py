"""Reversi positions from the standard opening, random legal move sequences, and the capture rule."""

from __future__ import annotations

import random

from symbench.errors import GenerationError

MAX_DRAWS = 1000
DIRECTIONS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


def opening(n: int) -> list[list[str]]:
    """White (1) on the main-diagonal centre cells, black (0) on the other two."""
    board = [["*"] * n for _ in range(n)]
    m = n // 2
    board[m - 1][m - 1] = board[m][m] = "1"
    board[m - 1][m] = board[m][m - 1] = "0"
    return board


def captured(board: list[list[str]], player: str, r: int, c: int) -> list[tuple[int, int]]:
    """Cells (0-based) flipped by `player` placing at (r, c), resolved in all 8 directions at once."""
    if board[r][c] != "*":
        return []
    n = len(board)
    other = "1" if player == "0" else "0"
    out: list[tuple[int, int]] = []
    for dr, dc in DIRECTIONS:
        line = []
        i, j = r + dr, c + dc
        while 0 <= i < n and 0 <= j < n and board[i][j] == other:
            line.append((i, j))
            i, j = i + dr, j + dc
        if line and 0 <= i < n and 0 <= j < n and board[i][j] == player:
            out.extend(line)
    return out


def play(board: list[list[str]], player: str, r: int, c: int) -> int:
    """Place at 0-based (r, c) and flip; returns the number flipped (0 means the move was illegal and
    nothing changed)."""
    flips = captured(board, player, r, c)
    if not flips:
        return 0
    board[r][c] = player
    for i, j in flips:
        board[i][j] = player
    return len(flips)


def legal_moves(board: list[list[str]], player: str) -> list[tuple[int, int]]:
    n = len(board)
    return [(r, c) for r in range(n) for c in range(n) if captured(board, player, r, c)]


def as_rows(board: list[list[str]]) -> list[str]:
    return ["".join(row) for row in board]


def replay(n: int, moves: list[dict]) -> tuple[list[str], list[int]] | None:
    """Final board and flips of listed moves from the opening; None if a move is illegal."""
    board = opening(n)
    flips = []
    for mv in moves:
        r, c = mv["row"] - 1, mv["col"] - 1
        if not (0 <= r < n and 0 <= c < n):
            return None
        k = play(board, mv["player"], r, c)
        if k == 0:
            return None
        flips.append(k)
    return as_rows(board), flips


def generate(size: int, num_moves: int, prefix_moves: int, rng: random.Random) -> dict:
    """Play `prefix_moves` hidden and `num_moves` listed random legal moves, black first, no passes."""
    for _ in range(MAX_DRAWS):
        board = opening(size)
        player = "0"
        prefix: list[dict] = []
        moves: list[dict] = []
        flips: list[int] = []
        start: list[str] = []
        ok = True
        for k in range(prefix_moves + num_moves):
            if k == prefix_moves:
                start = as_rows(board)
            legal = legal_moves(board, player)
            if not legal:
                ok = False
                break
            r, c = rng.choice(legal)
            count = play(board, player, r, c)
            move = {"player": player, "row": r + 1, "col": c + 1}
            if k < prefix_moves:
                prefix.append(move)
            else:
                moves.append(move)
                flips.append(count)
            player = "1" if player == "0" else "0"
        if ok:
            return {
                "size": size,
                "start_board": start,
                "moves": moves,
                "prefix_moves": prefix,
                "gold_board": as_rows(board),
                "flips": flips,
            }
    raise GenerationError(
        f"reversi: no pass-free game of {prefix_moves + num_moves} moves in {MAX_DRAWS} draws"
    )
