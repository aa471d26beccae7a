"""N-queens completion puzzles: random non-attacking givens and blocked cells, bitmask solver."""

from __future__ import annotations

import random
from dataclasses import dataclass

from symbench.errors import GenerationError

MAX_DRAWS = 1000
SOLUTION_CAP = 100
NODE_CAP = 2_000_000  # a safety bound on the search; far above what the ladder's boards need


def original_complexity(num_queens: int, num_blocked: int) -> int:
    """The original's complexity value of a puzzle."""
    return min(5, 1 + num_queens + num_blocked // 2)


@dataclass
class Solution:
    first: (
        list[list[int]] | None
    )  # the lexicographically first completion (rows in order, columns increasing)
    count: int  # number of completions, counted up to the cap


def solve(size: int, queens: list[list[int]], blocked: list[list[int]], cap: int = SOLUTION_CAP) -> Solution:
    """Row-by-row backtracking over bitmasks; rows holding a given queen are fixed and columns are tried
    in increasing order, so the first completion found is the lexicographically smallest. Forward
    checking (every open row must keep a free column) prunes dead branches without changing the order."""
    full = (1 << size) - 1
    fixed = {int(r): int(c) for r, c in queens}
    blocked_mask = [0] * size
    for r, c in blocked:
        blocked_mask[int(r)] |= 1 << int(c)
    # Occupancy bitmasks: column c; diagonal bit c - r + size - 1; anti-diagonal bit r + c. Shifting the
    # diagonal masks right by (size - 1 - r) and by r gives the attacked columns of row r.
    cols = diag = anti = 0
    for r, c in fixed.items():
        d, a = c - r + size - 1, r + c
        if len(fixed) != len(queens) or cols >> c & 1 or diag >> d & 1 or anti >> a & 1:
            return Solution(None, 0)
        if blocked_mask[r] >> c & 1:
            return Solution(None, 0)
        cols, diag, anti = cols | 1 << c, diag | 1 << d, anti | 1 << a
    open_rows = [r for r in range(size) if r not in fixed]

    def free(r: int, cols: int, diag: int, anti: int) -> int:
        return full & ~cols & ~(anti >> r) & ~(diag >> (size - 1 - r)) & ~blocked_mask[r]

    first = _first(size, open_rows, fixed, free, cols, diag, anti)
    if first is None:
        return Solution(None, 0)
    return Solution(first, _count(size, open_rows, free, cols, diag, anti, cap))


def _first(size, open_rows, fixed, free, cols, diag, anti) -> list[list[int]] | None:  # noqa: ANN001
    """The lexicographically first completion: open rows in order, columns increasing."""
    placement = dict(fixed)
    nodes = 0

    def dfs(i: int, cols: int, diag: int, anti: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > NODE_CAP:
            raise GenerationError(f"eight_queens: search exceeded {NODE_CAP} nodes")
        if i == len(open_rows):
            return True
        for later in open_rows[i + 1 :]:
            if not free(later, cols, diag, anti):
                return False
        r = open_rows[i]
        avail = free(r, cols, diag, anti)
        while avail:
            bit = avail & -avail
            avail ^= bit
            c = bit.bit_length() - 1
            placement[r] = c
            if dfs(i + 1, cols | bit, diag | 1 << (c - r + size - 1), anti | 1 << (r + c)):
                return True
        return False

    if not dfs(0, cols, diag, anti):
        return None
    return [[r, placement[r]] for r in range(size)]


def _count(size, open_rows, free, cols, diag, anti, cap) -> int:  # noqa: ANN001
    """Completions counted up to `cap`, branching on the open row with the fewest free columns."""
    found = 0
    nodes = 0

    def dfs(rows: list[int], cols: int, diag: int, anti: int) -> bool:
        nonlocal found, nodes
        nodes += 1
        if nodes > NODE_CAP:
            raise GenerationError(f"eight_queens: search exceeded {NODE_CAP} nodes")
        if not rows:
            found += 1
            return found >= cap
        best, best_mask, best_n = -1, 0, size + 1
        for r in rows:
            mask = free(r, cols, diag, anti)
            n = mask.bit_count()
            if n < best_n:
                best, best_mask, best_n = r, mask, n
                if n == 0:
                    return False
        rest = [r for r in rows if r != best]
        avail = best_mask
        while avail:
            bit = avail & -avail
            avail ^= bit
            c = bit.bit_length() - 1
            if dfs(rest, cols | bit, diag | 1 << (c - best + size - 1), anti | 1 << (best + c)):
                return True
        return False

    dfs(list(open_rows), cols, diag, anti)
    return found


def board_rows(size: int, queens: list[list[int]], blocked: list[list[int]]) -> list[str]:
    grid = [["0"] * size for _ in range(size)]
    for r, c in queens:
        grid[r][c] = "1"
    for r, c in blocked:
        grid[r][c] = "X"
    return ["".join(row) for row in grid]


def _attacks(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] == b[0] or a[1] == b[1] or a[0] - a[1] == b[0] - b[1] or a[0] + a[1] == b[0] + b[1]


def draw(size: int, q: int, b: int, rng: random.Random) -> tuple[list[list[int]], list[list[int]]] | None:
    """Givens on uniformly random cells not attacked by earlier givens, then blocked cells uniformly
    among the cells without a queen. None if the givens run out of unattacked cells."""
    queens: list[tuple[int, int]] = []
    cells = [(r, c) for r in range(size) for c in range(size)]
    for _ in range(q):
        options = [cell for cell in cells if not any(_attacks(cell, other) for other in queens)]
        if not options:
            return None
        queens.append(rng.choice(options))
    taken = set(queens)
    blocked = rng.sample([cell for cell in cells if cell not in taken], b)
    return sorted([list(p) for p in queens]), sorted([list(p) for p in blocked])


def generate(
    size: int,
    num_queens: tuple[int, int],
    num_blocked: tuple[int, int],
    complexity_filter: int,
    rng: random.Random,
) -> dict:
    for _ in range(MAX_DRAWS):
        q = rng.randint(*num_queens)
        b = rng.randint(*num_blocked)
        if complexity_filter and original_complexity(q, b) != complexity_filter:
            continue
        drawn = draw(size, q, b, rng)
        if drawn is None:
            continue
        queens, blocked = drawn
        result = solve(size, queens, blocked)
        if result.first is None:
            continue
        return {
            "size": size,
            "queens": queens,
            "blocked": blocked,
            "board": board_rows(size, queens, blocked),
            "gold": result.first,
            "num_solutions": result.count,
        }
    raise GenerationError(f"eight_queens: no solvable {size}x{size} board in {MAX_DRAWS} draws")
