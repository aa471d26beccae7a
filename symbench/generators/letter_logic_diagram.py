"""Letter logic diagrams: Latin squares whose minor diagonal holds one letter, with some cells blanked.

Letters are handled as indices 0..n-1 and sets of letters as bitmasks."""

from __future__ import annotations

import random

from symbench.errors import GenerationError

MAX_RESTARTS = 100
SOLUTION_CAP = 10


def letters_for(n: int) -> list[str]:
    return [chr(ord("a") + i) for i in range(n)]


def _fill(n: int, diag: int, rng: random.Random, budget: int) -> list[list[int]] | None:
    """Randomised backtracking over the cells row by row (diagonal cells forced); None when the node
    budget runs out."""
    full = (1 << n) - 1
    grid = [[-1] * n for _ in range(n)]
    rows = [0] * n
    cols = [0] * n
    for r in range(n):  # the diagonal letter is fixed at (r, n-1-r): place it first
        grid[r][n - 1 - r] = diag
        rows[r] |= 1 << diag
        cols[n - 1 - r] |= 1 << diag
    cells = [(r, c) for r in range(n) for c in range(n) if c != n - 1 - r]
    nodes = 0

    def place(k: int) -> bool:
        nonlocal nodes
        if k == len(cells):
            return True
        nodes += 1
        if nodes > budget:
            return False
        r, c = cells[k]
        free = full & ~(rows[r] | cols[c])
        options = [v for v in range(n) if free >> v & 1]
        rng.shuffle(options)
        for v in options:
            bit = 1 << v
            grid[r][c] = v
            rows[r] |= bit
            cols[c] |= bit
            if place(k + 1):
                return True
            rows[r] &= ~bit
            cols[c] &= ~bit
            if nodes > budget:
                break
        grid[r][c] = -1
        return False

    return grid if place(0) else None


def random_square(n: int, rng: random.Random) -> tuple[list[list[int]], int]:
    """A random Latin square over 0..n-1 with a uniform minor diagonal, and its diagonal letter."""
    diag = rng.randrange(n)
    for _ in range(MAX_RESTARTS):
        grid = _fill(n, diag, rng, budget=40 * n * n)
        if grid is not None:
            return grid, diag
    raise GenerationError(f"letter_logic_diagram: no {n}x{n} square after {MAX_RESTARTS} restarts")


COUNT_NODE_BUDGET = 2_000_000


def count_completions(
    grid: list[list[int | None]], n: int, cap: int = SOLUTION_CAP, budget: int = COUNT_NODE_BUDGET
) -> tuple[int, list[list[int]] | None, bool]:
    """Completions of a partial grid (None = empty) under the three rules, counted up to `cap`, the first
    completion found, and whether the count is exact (False when the node budget ran out first).
    Backtracking with the most-constrained empty cell first."""
    full = (1 << n) - 1
    work = [list(row) for row in grid]
    rows = [0] * n
    cols = [0] * n
    diag_letter: int | None = None
    for r in range(n):
        for c in range(n):
            v = work[r][c]
            if v is None:
                continue
            bit = 1 << v
            if rows[r] & bit or cols[c] & bit:
                return 0, None, True
            rows[r] |= bit
            cols[c] |= bit
            if c == n - 1 - r:
                if diag_letter is not None and diag_letter != v:
                    return 0, None, True
                diag_letter = v
    empty = [(r, c) for r in range(n) for c in range(n) if work[r][c] is None]
    count = 0
    nodes = 0
    first: list[list[int]] | None = None

    def candidates(r: int, c: int, diag: int | None) -> int:
        free = full & ~(rows[r] | cols[c])
        if c == n - 1 - r and diag is not None:
            free &= 1 << diag
        return free

    def search(remaining: list[tuple[int, int]], diag: int | None) -> None:
        nonlocal count, first, nodes
        if count >= cap or nodes > budget:
            return
        nodes += 1
        if not remaining:
            count += 1
            if first is None:
                first = [list(row) for row in work]
            return
        best, best_free, best_n = 0, 0, n + 1
        for i, (r, c) in enumerate(remaining):
            free = candidates(r, c, diag)
            k = free.bit_count()
            if k < best_n:
                best, best_free, best_n = i, free, k
                if k <= 1:
                    break
        if best_n == 0:
            return
        r, c = remaining[best]
        rest = remaining[:best] + remaining[best + 1 :]
        on_diag = c == n - 1 - r
        for v in range(n):
            if not best_free >> v & 1:
                continue
            bit = 1 << v
            work[r][c] = v
            rows[r] |= bit
            cols[c] |= bit
            search(rest, v if on_diag else diag)
            rows[r] &= ~bit
            cols[c] &= ~bit
            work[r][c] = None
            if count >= cap or nodes > budget:
                return

    search(empty, diag_letter)
    return count, first, nodes <= budget or count >= cap


def blank_cells(n: int, blanks: int, rng: random.Random) -> list[int]:
    return sorted(rng.sample(range(n * n), blanks))
