"""Sudoku grids of any box shape, and the solver behind them.

The solver keeps one bitmask of candidate numbers per cell and propagates naked and hidden singles
to a fixpoint, re-scanning only the units whose cells changed; on 16 x 16 grids it also applies
locked candidates (pointing and claiming). It branches on a cell with the fewest candidates.
Blanking asks, for each removed cell, whether some solution differs from the known full grid at
that cell; the search tries the full grid's number first and, on 16 x 16 grids, branches next to
the cells already forced away from it. All randomness comes from the `random.Random` passed in.
"""

from __future__ import annotations

import functools
import random

from symbench.errors import GenerationError

MAX_RESTARTS = 50
# Search nodes allowed to settle one removal on a 16 x 16 grid. A removal not settled within it keeps
# its number, so the puzzle stays provably unique. Near the minimum number of givens each node costs
# a fraction of a millisecond in pure Python and a pass can need dozens of such checks; the bound
# keeps level 10 near 200 ms per instance. It did not bind at level 9 in our measurements; at level 10 about two removals
# per instance that an unbounded search would have accepted are refused. 9 x 9 and 12 x 12 grids are
# always settled exactly.
CHECK_BUDGET = 10
# Bound for other solver calls (filling a grid, `solve`): a clear error instead of a very long run.
SOLVE_LIMIT = 200_000


class _OutOfBudget(Exception):
    """Raised inside a search that used up its node budget."""


class Shape:
    """Cells, units, peers and locked-candidate groups of one `box_rows x box_cols` shape."""

    def __init__(self, box_rows: int, box_cols: int) -> None:
        n = box_rows * box_cols
        self.box_rows, self.box_cols, self.n = box_rows, box_cols, n
        self.cells = n * n
        self.full = (1 << n) - 1
        self.all_units = (1 << (3 * n)) - 1
        # On 16 x 16 grids, locked candidates settle most uniqueness proofs without branching and
        # the deviation-guided branching of `_Search` saves nodes; on smaller grids plain singles
        # with fewest-candidates branching are faster.
        self.large = n >= 16
        row_of = [c // n for c in range(self.cells)]
        col_of = [c % n for c in range(self.cells)]
        box_of = [(r // box_rows) * box_rows + k // box_cols for r, k in zip(row_of, col_of)]
        self.row_of, self.col_of, self.box_of = row_of, col_of, box_of
        rows = [tuple(r * n + k for k in range(n)) for r in range(n)]
        cols = [tuple(r * n + k for r in range(n)) for k in range(n)]
        boxes = [tuple(c for c in range(self.cells) if box_of[c] == b) for b in range(n)]
        self.rows, self.cols, self.boxes = rows, cols, boxes
        self.units_of = [(row_of[c], n + col_of[c], 2 * n + box_of[c]) for c in range(self.cells)]
        self.units = [*rows, *cols, *boxes]
        # bit i of unit_mask[c] is set when cell c lies in units[i]
        self.unit_mask = [
            (1 << row_of[c]) | (1 << (n + col_of[c])) | (1 << (2 * n + box_of[c])) for c in range(self.cells)
        ]
        self.peers = [
            tuple(sorted((set(rows[row_of[c]]) | set(cols[col_of[c]]) | set(boxes[box_of[c]])) - {c}))
            for c in range(self.cells)
        ]
        # Locked candidates: a group is a box split into its line segments, or a line split into its
        # box segments. A number confined to one segment of a group is removed from the rest of the
        # other unit through that segment.
        Group = tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]
        groups_of: list[list[Group]] = [[] for _ in range(3 * n)]
        for b, box in enumerate(boxes):
            for lines, line_of in ((rows, row_of), (cols, col_of)):
                ids = sorted({line_of[c] for c in box})
                segs = tuple(tuple(c for c in box if line_of[c] == i) for i in ids)
                rests = tuple(tuple(c for c in lines[i] if box_of[c] != b) for i in ids)
                groups_of[2 * n + b].append((segs, rests))
        for offset, lines, line_of in ((0, rows, row_of), (n, cols, col_of)):
            for i, line in enumerate(lines):
                ids = sorted({box_of[c] for c in line})
                segs = tuple(tuple(c for c in line if box_of[c] == b) for b in ids)
                rests = tuple(tuple(c for c in boxes[b] if line_of[c] != i) for b in ids)
                groups_of[offset + i].append((segs, rests))
        self.groups_of = groups_of


@functools.cache
def shape(box_rows: int, box_cols: int) -> Shape:
    return Shape(box_rows, box_cols)


def _propagate(sh: Shape, cand: list[int], queue: list[int], dirty: int) -> bool:
    """Naked singles, hidden singles and locked candidates to a fixpoint; False on a contradiction.

    `queue` holds cells that became single and are not yet removed from their peers; `dirty` flags the
    units whose cells changed since the last fixpoint: only those are re-scanned for hidden singles
    and locked candidates."""
    peers, units, unit_mask, full, groups_of = sh.peers, sh.units, sh.unit_mask, sh.full, sh.groups_of
    touched = dirty
    while True:
        while queue:
            c = queue.pop()
            m = cand[c]
            for p in peers[c]:
                pm = cand[p]
                if pm & m:
                    pm ^= m
                    if not pm:
                        return False
                    cand[p] = pm
                    dirty |= unit_mask[p]
                    if not pm & (pm - 1):
                        queue.append(p)
        if dirty:
            touched |= dirty
            todo, dirty = dirty, 0
            while todo:
                low = todo & -todo
                todo ^= low
                unit = units[low.bit_length() - 1]
                once = twice = solved = 0
                for c in unit:
                    m = cand[c]
                    twice |= once & m
                    once |= m
                    if not m & (m - 1):
                        solved |= m
                if once != full:
                    return False
                hidden = once & ~twice & ~solved
                if hidden:
                    for c in unit:
                        m = cand[c]
                        if m & hidden and m & (m - 1):
                            h = m & hidden
                            if h & (h - 1):
                                return False
                            cand[c] = h
                            queue.append(c)
                            dirty |= unit_mask[c]
            continue
        if queue:
            continue
        if not touched or not sh.large:
            return True
        todo, touched = touched, 0
        while todo and not queue:
            low = todo & -todo
            todo ^= low
            for segs, rests in groups_of[low.bit_length() - 1]:
                unions = []
                once = twice = 0
                for seg in segs:
                    u = 0
                    for c in seg:
                        m = cand[c]
                        if m & (m - 1):
                            u |= m
                    unions.append(u)
                    twice |= once & u
                    once |= u
                only = once & ~twice
                if not only:
                    continue
                for k, u in enumerate(unions):
                    confined = u & only
                    if confined:
                        for c in rests[k]:
                            m = cand[c]
                            if m & confined:
                                m &= ~confined
                                if not m:
                                    return False
                                cand[c] = m
                                dirty |= unit_mask[c]
                                if not m & (m - 1):
                                    queue.append(c)
                if queue:  # a new single must reach its peers before any further group is judged
                    todo |= low
                    break
        touched |= todo  # groups not judged yet because a single interrupted the scan
        if not dirty and not queue and not touched:
            return True


class _Search:
    """One depth-first search for up to `limit` solutions.

    Without `avoid`, it branches on a cell with the fewest candidates (numbers in random order when
    `rng` is given). With `avoid` (the known full grid, as one bit per cell), it looks for a *different*
    solution: such a solution differs from `avoid` on a set of cells that meets every unit it touches
    at least twice, so the search branches on the cell with the fewest candidates that shares the most
    units with cells already forced away from `avoid`, and tries the numbers other than `avoid`'s first.
    """

    def __init__(
        self,
        sh: Shape,
        limit: int,
        avoid: list[int] | None = None,
        rng: random.Random | None = None,
        budget: int = SOLVE_LIMIT,
    ) -> None:
        self.sh, self.limit, self.avoid, self.rng, self.budget = sh, limit, avoid, rng, budget
        self.found: list[list[int]] = []
        self.nodes = 0

    def _pick_plain(self, cand: list[int]) -> int:
        best, best_count = -1, 99
        for c, m in enumerate(cand):
            if m & (m - 1):
                k = m.bit_count()
                if k < best_count:
                    best, best_count = c, k
                    if k == 2:
                        break
        return best

    def _pick_near_deviation(self, cand: list[int], avoid: list[int]) -> int:
        sh = self.sh
        n, row_of, col_of, box_of = sh.n, sh.row_of, sh.col_of, sh.box_of
        fewest, tied = 99, []
        deviating = [0] * (3 * n)
        for c, m in enumerate(cand):
            if not m & avoid[c]:
                deviating[row_of[c]] += 1
                deviating[n + col_of[c]] += 1
                deviating[2 * n + box_of[c]] += 1
            if m & (m - 1):
                k = m.bit_count()
                if k < fewest:
                    fewest, tied = k, [c]
                elif k == fewest:
                    tied.append(c)
        best, best_score = -1, -1
        for c in tied:
            score = deviating[row_of[c]] + deviating[n + col_of[c]] + deviating[2 * n + box_of[c]]
            if score > best_score:
                best, best_score = c, score
        return best

    def run(self, cand: list[int]) -> None:
        self.nodes += 1
        if self.nodes > self.budget:
            raise _OutOfBudget
        avoid = self.avoid
        if avoid is None or not self.sh.large:
            best = self._pick_plain(cand)
        else:
            best = self._pick_near_deviation(cand, avoid)
        if best < 0:
            self.found.append(cand)
            return
        m = cand[best]
        bits = []
        while m:
            low = m & -m
            bits.append(low)
            m ^= low
        if self.rng is not None:
            self.rng.shuffle(bits)
        if avoid is not None and avoid[best] in bits:
            bits.remove(avoid[best])
            bits.insert(0, avoid[best])
        for bit in bits:
            trial = cand[:]
            trial[best] = bit
            if _propagate(self.sh, trial, [best], self.sh.unit_mask[best]):
                self.run(trial)
                if len(self.found) >= self.limit:
                    return


def _initial(sh: Shape, flat: list[int]) -> list[int] | None:
    """Candidate masks for a flat grid (0 = empty), or None if the givens already clash."""
    n, full = sh.n, sh.full
    row_used, col_used, box_used = [0] * n, [0] * n, [0] * n
    for c, v in enumerate(flat):
        if v:
            bit = 1 << (v - 1)
            r, k, b = sh.row_of[c], sh.col_of[c], sh.box_of[c]
            if (row_used[r] | col_used[k] | box_used[b]) & bit:
                return None
            row_used[r] |= bit
            col_used[k] |= bit
            box_used[b] |= bit
    row_of, col_of, box_of = sh.row_of, sh.col_of, sh.box_of
    return [
        (1 << (v - 1)) if v else full & ~(row_used[row_of[c]] | col_used[col_of[c]] | box_used[box_of[c]])
        for c, v in enumerate(flat)
    ]


def _settle(
    sh: Shape,
    flat: list[int],
    cand: list[int],
    limit: int,
    avoid: list[int] | None = None,
    rng: random.Random | None = None,
    budget: int = SOLVE_LIMIT,
) -> list[list[int]]:
    """Propagate the candidates of a grid (`flat`, 0 = empty; the givens' numbers are already removed
    from their peers), then search; raises `_OutOfBudget` after `budget` nodes."""
    if not all(cand):
        return []
    queue = [c for c, m in enumerate(cand) if not flat[c] and not m & (m - 1)]
    if not _propagate(sh, cand, queue, sh.all_units):
        return []
    search = _Search(sh, limit, avoid, rng, budget)
    search.run(cand)
    return [[m.bit_length() for m in f] for f in search.found]


def solve(
    grid: list[list[int]], box_rows: int, box_cols: int, limit: int = 2, rng: random.Random | None = None
) -> list[list[list[int]]]:
    """Up to `limit` solutions of a grid (0 = empty); with `rng`, numbers are tried in random order."""
    sh = shape(box_rows, box_cols)
    n = sh.n
    flat = [v for row in grid for v in row]
    cand = _initial(sh, flat)
    try:
        found = _settle(sh, flat, cand, limit, rng=rng) if cand is not None else []
    except _OutOfBudget:
        raise GenerationError(f"sudoku solver exceeded {SOLVE_LIMIT} search nodes") from None
    return [[f[r * n : (r + 1) * n] for r in range(n)] for f in found]


def count_solutions(grid: list[list[int]], box_rows: int, box_cols: int, limit: int = 2) -> int:
    return len(solve(grid, box_rows, box_cols, limit))


FILL_BUDGET = 5_000  # search nodes per attempt to complete a grid; randomised search is heavy-tailed
FILL_ATTEMPTS = 50


def random_full_grid(box_rows: int, box_cols: int, rng: random.Random) -> list[int]:
    """Diagonal boxes from random permutations, the rest by randomised search (flat, row-major).

    Randomised completion of 16 x 16 grids occasionally wanders into a huge subtree; a fresh draw with
    a small node budget per attempt (a restart) finishes far sooner than one long search."""
    sh = shape(box_rows, box_cols)
    n = sh.n
    for _ in range(FILL_ATTEMPTS):
        grid = [[0] * n for _ in range(n)]
        for i in range(min(n // box_rows, n // box_cols)):  # the box in box-row i and box-column i
            digits = list(range(1, n + 1))
            rng.shuffle(digits)
            for c, v in zip(sh.boxes[i * box_rows + i], digits):
                grid[c // n][c % n] = v
        flat = [v for row in grid for v in row]
        cand = _initial(sh, flat)
        try:
            found = _settle(sh, flat, cand, 1, rng=rng, budget=FILL_BUDGET) if cand is not None else []
        except _OutOfBudget:
            continue
        if found:  # diagonal boxes share no row or column, so a completion always exists
            return found[0]
    raise GenerationError(f"could not complete a {n}x{n} sudoku grid in {FILL_ATTEMPTS} attempts")


class _Blanker:
    """The state of one blanking pass: the puzzle and, per unit, the numbers its givens use."""

    def __init__(self, sh: Shape, solution: list[int]) -> None:
        self.sh, self.solution = sh, solution
        self.puzzle = list(solution)
        self.avoid = [1 << (v - 1) for v in solution]
        n = sh.n
        self.used = [sh.full] * (3 * n)  # rows, columns, boxes: every number is given at first

    def _excluded_by_givens(self, cell: int, bit: int) -> bool:
        r, k, b = self.sh.units_of[cell]
        return bool((self.used[r] | self.used[k] | self.used[b]) & bit)

    def _forced(self, cell: int) -> bool:
        """Cheap sufficient tests that the blanked cell's number is still determined by the givens:
        its peers' givens exclude every other number, or some unit of the cell has no other empty
        cell that could hold the number."""
        sh, bit = self.sh, self.avoid[cell]
        r, k, b = sh.units_of[cell]
        if not sh.full & ~(self.used[r] | self.used[k] | self.used[b] | bit):
            return True
        puzzle = self.puzzle
        for unit in (sh.rows[sh.row_of[cell]], sh.cols[sh.col_of[cell]], sh.boxes[sh.box_of[cell]]):
            if all(x == cell or puzzle[x] or self._excluded_by_givens(x, bit) for x in unit):
                return True
        return False

    def _has_other_solution(self, cell: int) -> bool:
        """Whether the puzzle (with `cell` blank) has a solution whose number at `cell` differs,
        i.e. a second solution; True also when the search budget runs out undecided."""
        sh, used, puzzle, avoid = self.sh, self.used, self.puzzle, self.avoid
        full = sh.full
        cand = [
            avoid[c] if puzzle[c] else full & ~(used[r] | used[k] | used[b])
            for c, (r, k, b) in enumerate(sh.units_of)
        ]
        cand[cell] &= ~avoid[cell]
        budget = CHECK_BUDGET if sh.large else SOLVE_LIMIT
        try:
            return bool(_settle(sh, puzzle, cand, 1, avoid=avoid, budget=budget))
        except _OutOfBudget:
            return True

    def try_blank(self, cell: int) -> bool:
        """Blank `cell` if the puzzle provably keeps exactly one solution; report whether it did."""
        bit = self.avoid[cell]
        units = self.sh.units_of[cell]
        self.puzzle[cell] = 0
        for u in units:
            self.used[u] &= ~bit
        if self._forced(cell) or not self._has_other_solution(cell):
            return True
        self.puzzle[cell] = self.solution[cell]
        for u in units:
            self.used[u] |= bit
        return False


def blank_cells(
    solution: list[int], box_rows: int, box_cols: int, target: int, rng: random.Random
) -> list[int] | None:
    """One pass over the cells in random order, blanking each cell whose removal keeps the solution
    unique, until `target` cells are blank; None if the pass ends first (flat lists)."""
    sh = shape(box_rows, box_cols)
    blanker = _Blanker(sh, solution)
    order = list(range(sh.cells))
    rng.shuffle(order)
    blanks = 0
    for seen, cell in enumerate(order):
        if blanks >= target:
            break
        if blanks + (sh.cells - seen) < target:  # the rest of the pass cannot reach the target
            return None
        if blanker.try_blank(cell):
            blanks += 1
    return blanker.puzzle if blanks >= target else None


def generate(
    box_rows: int, box_cols: int, blanks: tuple[int, int], rng: random.Random
) -> tuple[list[list[int]], list[list[int]]]:
    """A puzzle with exactly one solution and a blank count drawn uniformly from `blanks`."""
    n = box_rows * box_cols
    target = rng.randint(blanks[0], blanks[1])
    for _ in range(MAX_RESTARTS):
        solution = random_full_grid(box_rows, box_cols, rng)
        puzzle = blank_cells(solution, box_rows, box_cols, target, rng)
        if puzzle is not None:
            return (
                [puzzle[r * n : (r + 1) * n] for r in range(n)],
                [solution[r * n : (r + 1) * n] for r in range(n)],
            )
    raise GenerationError(f"no unique {n}x{n} sudoku with {target} blanks after {MAX_RESTARTS} restarts")
