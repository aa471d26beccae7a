"""Grid selection puzzles: random grids, exact capped solvers, and planted witnesses for large grids.

A selection is K cells including the start cell (0, n-1) with pairwise different values; every row and
column holding selected cells must satisfy the constraint (sum <= 4, or product > 0)."""

from __future__ import annotations

import dataclasses
import random

from symbench.checkers.logic_puzzle import line_ok
from symbench.errors import GenerationError

SOLUTION_CAP = 100
NODE_BUDGET = 2_000_000
MAX_GRIDS = 1000
P_POSITIVE = 0.7


@dataclasses.dataclass
class SolveResult:
    count: int  # selections found, up to the cap
    first: list[tuple[int, int]] | None  # one valid selection, sorted
    exact: bool  # False when the node budget ran out before the count was settled


# ---------------------------------------------------------------------------------------------- grids
def random_value(lo: int, hi: int, rng: random.Random) -> int:
    """Faithful cell distribution: with negatives allowed, positive with probability 0.7; never 0."""
    if lo < 0:
        if rng.random() < P_POSITIVE:
            return rng.randint(1, hi)
        return rng.randint(lo, -1)
    return rng.randint(lo, hi)


def random_grid(n: int, lo: int, hi: int, rng: random.Random) -> list[list[int]]:
    return [[random_value(lo, hi, rng) for _ in range(n)] for _ in range(n)]


# --------------------------------------------------------------------------------------------- solvers
def solve(
    grid: list[list[int]], k: int, constraint: str, cap: int = SOLUTION_CAP, budget: int = NODE_BUDGET
) -> SolveResult:
    if constraint == "product_gt_0" and all(v != 0 for row in grid for v in row):
        return solve_product(grid, k, cap, budget)
    return solve_generic(grid, k, constraint, cap, budget)


def solve_generic(
    grid: list[list[int]], k: int, constraint: str, cap: int = SOLUTION_CAP, budget: int = NODE_BUDGET
) -> SolveResult:
    """Depth-first search over the cells in row-major order, the start cell always included, with the set
    of used values; for `sum_le_4` on a positive grid a row or column whose selected values already sum
    above 4 is dead. The row/column rule is checked in full on complete selections."""
    n = len(grid)
    start = (0, n - 1)
    prune_sum = constraint == "sum_le_4" and all(v > 0 for row in grid for v in row)
    others = [(r, c) for r in range(n) for c in range(n) if (r, c) != start]
    row_sum = [0] * n
    col_sum = [0] * n
    chosen = [start]
    used = {grid[0][n - 1]}
    row_sum[0] += grid[0][n - 1]
    col_sum[n - 1] += grid[0][n - 1]
    count, nodes = 0, 0
    first: list[tuple[int, int]] | None = None

    def complete_ok() -> bool:
        rows: dict[int, list[int]] = {}
        cols: dict[int, list[int]] = {}
        for r, c in chosen:
            rows.setdefault(r, []).append(grid[r][c])
            cols.setdefault(c, []).append(grid[r][c])
        return all(line_ok(v, constraint) for v in rows.values()) and all(
            line_ok(v, constraint) for v in cols.values()
        )

    def search(i: int) -> None:
        nonlocal count, nodes, first
        nodes += 1
        if count >= cap or nodes > budget:
            return
        need = k - len(chosen)
        if need == 0:
            if complete_ok():
                count += 1
                if first is None:
                    first = sorted(chosen)
            return
        if len(others) - i < need:
            return
        r, c = others[i]
        v = grid[r][c]
        if v not in used and not (prune_sum and (row_sum[r] + v > 4 or col_sum[c] + v > 4)):
            used.add(v)
            chosen.append((r, c))
            row_sum[r] += v
            col_sum[c] += v
            search(i + 1)
            row_sum[r] -= v
            col_sum[c] -= v
            chosen.pop()
            used.discard(v)
        search(i + 1)

    if prune_sum and grid[0][n - 1] > 4:
        return SolveResult(0, None, True)
    search(0)
    return SolveResult(count, first, nodes <= budget or count >= cap)


def _elementary(mults: list[int], m: int) -> int:
    """e_m of the multiplicities: ways to pick m distinct values, one cell per value."""
    if m < 0:
        return 0
    e = [1] + [0] * m
    for c in mults:
        for j in range(m, 0, -1):
            e[j] += e[j - 1] * c
    return e[m]


def solve_product(
    grid: list[list[int]], k: int, cap: int = SOLUTION_CAP, budget: int = NODE_BUDGET
) -> SolveResult:
    """Exact search for `product_gt_0` on a grid without zeros.

    A row or column has a positive product exactly when it holds an even number of selected negatives,
    and positive cells never affect that. So a selection is a set N of negative cells (distinct values,
    an even number in every row and column, the start cell if it is negative) plus K-|N| positive cells
    with pairwise different values (the start cell if it is positive), chosen freely. The search runs
    over N only (depth first over the negative cells in row-major order, excluding before including, so
    selections with fewer negatives come first); the positive completions of each N are counted in
    closed form."""
    n = len(grid)
    start = (0, n - 1)
    sv = grid[0][n - 1]
    by_value: dict[int, list[tuple[int, int]]] = {}
    for r in range(n):
        for c in range(n):
            if grid[r][c] > 0:
                by_value.setdefault(grid[r][c], []).append((r, c))
    pos_values = sorted(by_value)
    neg = [(r, c) for r in range(n) for c in range(n) if grid[r][c] < 0]
    lo_n = max(0, k - len(pos_values))
    hi_n = k - (1 if sv > 0 else 0)
    if sv > 0:
        other_mults = [len(by_value[v]) for v in pos_values if v != sv]
    else:
        other_mults = [len(by_value[v]) for v in pos_values]
    # columns that still have a negative cell at index >= i, for the parity pruning
    cols_after = [0] * (len(neg) + 1)
    for i in range(len(neg) - 1, -1, -1):
        cols_after[i] = cols_after[i + 1] | (1 << neg[i][1])
    count, nodes = 0, 0
    first: list[tuple[int, int]] | None = None
    chosen: list[tuple[int, int]] = []
    used: set[int] = set()

    def completions(size: int) -> int:
        m = k - size
        return _elementary(other_mults, m - 1 if sv > 0 else m)

    def witness() -> list[tuple[int, int]]:
        m = k - len(chosen)
        cells = list(chosen)
        values = [v for v in pos_values if v != sv] if sv > 0 else pos_values
        if sv > 0:
            cells.append(start)
            m -= 1
        cells += [by_value[v][0] for v in values[:m]]
        return sorted(cells)

    def search(i: int, rowpar: int, colpar: int) -> None:
        nonlocal count, nodes, first
        nodes += 1
        if count >= cap or nodes > budget:
            return
        size = len(chosen)
        if size > hi_n or size + (len(neg) - i) < lo_n:
            return
        if colpar & ~cols_after[i] or (colpar.bit_count() > hi_n - size):
            return
        if i == len(neg):
            if rowpar == 0 and colpar == 0:
                ways = completions(size)
                if ways:
                    if first is None:
                        first = witness()
                    count = min(cap, count + ways)
            return
        r, c = neg[i]
        if rowpar & ((1 << r) - 1):  # a finished row with an odd number of negatives
            return
        v = grid[r][c]
        if (r, c) != start:
            search(i + 1, rowpar, colpar)
        if v not in used:
            used.add(v)
            chosen.append((r, c))
            search(i + 1, rowpar ^ (1 << r), colpar ^ (1 << c))
            chosen.pop()
            used.discard(v)

    search(0, 0, 0)
    return SolveResult(count, first, nodes <= budget or count >= cap)


# ----------------------------------------------------------------------------------------- generation
def search_puzzle(
    n: int, k: int, lo: int, hi: int, constraint: str, rng: random.Random
) -> tuple[list[list[int]], SolveResult]:
    """Faithful grids until one has a valid selection (at most MAX_GRIDS grids)."""
    for _ in range(MAX_GRIDS):
        grid = random_grid(n, lo, hi, rng)
        result = solve(grid, k, constraint)
        if result.first is not None:
            return grid, result
    raise GenerationError(f"logic_puzzle: no solvable {n}x{n} grid (K={k}) in {MAX_GRIDS} grids")


def planted_puzzle(
    n: int, k: int, lo: int, hi: int, rng: random.Random
) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """A `product_gt_0` grid with a planted valid selection: the selected negatives form one even cycle
    (t/2 rows and t/2 columns, two cells in each), the other selected cells get distinct positive values,
    and the rest of the grid is filled from the faithful distribution."""
    n_neg_values = -lo if lo < 0 else 0
    t_min = max(0, k - hi)
    t_min += t_min % 2
    if t_min == 2:
        t_min = 4  # the smallest even cycle has four cells
    t_max = min(n_neg_values, k - 1, 2 * n)
    t_max -= t_max % 2
    if t_min > t_max:
        raise GenerationError(f"logic_puzzle: cannot plant K={k} in a {n}x{n} grid with values {lo}..{hi}")
    choices = [t for t in range(t_min, t_max + 1, 2) if t != 2][:3]
    t = rng.choice(choices)
    negatives: list[tuple[int, int]] = []
    if t:
        half = t // 2
        start_negative = rng.random() >= P_POSITIVE
        rows = rng.sample(range(n), half)
        cols = rng.sample(range(n), half)
        if start_negative:  # put the start cell (0, n-1) on the cycle
            if 0 not in rows:
                rows[0] = 0
            rows.remove(0)
            rows.insert(0, 0)
            if n - 1 not in cols:
                cols[0] = n - 1
            cols.remove(n - 1)
            cols.insert(0, n - 1)
        negatives = [(rows[i], cols[i]) for i in range(half)] + [
            (rows[i], cols[(i + 1) % half]) for i in range(half)
        ]
    neg_set = set(negatives)
    start = (0, n - 1)
    positives = [] if start in neg_set else [start]
    free = [(r, c) for r in range(n) for c in range(n) if (r, c) not in neg_set and (r, c) != start]
    positives += rng.sample(free, k - t - len(positives))
    grid = random_grid(n, lo, hi, rng)
    for cell, value in zip(negatives, rng.sample(range(lo, 0), t)):
        grid[cell[0]][cell[1]] = value
    for cell, value in zip(positives, rng.sample(range(1, hi + 1), len(positives))):
        grid[cell[0]][cell[1]] = value
    return grid, sorted(negatives + positives)
