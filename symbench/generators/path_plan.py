"""PathPlan puzzles: separated coloured rectangles in a walled arena, a start and an end point, an
enter/avoid instruction, and a witness path from a breadth-first search on the 0.05 grid.

Everything is computed in integer units of 0.05 (coordinates k/20 with |k| <= 27 for grid points).
The search runs over (grid point, progress) states; each BFS layer is expanded for all points of a
progress state at once with big-integer bitsets, which makes it fast enough for every level.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from symbench.checkers.path_plan import check as check_path
from symbench.errors import GenerationError

UNITS = 20  # grid units per coordinate unit (0.05 steps)
GRID = 27  # grid points k/20 with |k| <= 27, i.e. inside [-1.35, 1.35]
WIDTH = 2 * GRID + 1
NODES = WIDTH * WIDTH
ALL = (1 << NODES) - 1
COLOURS = (
    "red",
    "yellow",
    "green",
    "blue",
    "pink",
    "purple",
    "orange",
    "cyan",
    "brown",
    "gray",
    "olive",
    "teal",
)
MAX_ATTEMPTS = 200
MAX_RECT_TRIES = 500
MAX_POINT_TRIES = 500
POINT_GAP = 2  # 0.1: start and end keep this gap from every region

Rect = tuple[int, int, int, int]  # (x0, x1, y0, y1) in units
Point = tuple[int, int]

_NOT_LAST_COL = sum(((1 << (WIDTH - 1)) - 1) << (row * WIDTH) for row in range(WIDTH))
_NOT_FIRST_COL = _NOT_LAST_COL << 1
# neighbour offsets in a fixed order (used when tracing the path back)
_MOVES = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))


def parse_shape(text: str) -> tuple[int, int | None]:
    """`r:f` with f an integer or `rest` (None); ValueError when malformed."""
    left, sep, right = text.strip().partition(":")
    if not sep:
        raise ValueError(f"expected r:f, got {text!r}")
    required = int(left)
    right = right.strip()
    return required, (None if right == "rest" else int(right))


def to_units(value: float) -> int:
    """A coordinate that must be a multiple of 0.05, in units; ValueError otherwise."""
    scaled = round(value * UNITS)
    if abs(value * UNITS - scaled) > 1e-6:
        raise ValueError(f"{value!r} is not a multiple of 0.05")
    return scaled


def to_float(units: int) -> float:
    return units / UNITS


def format_coord(units: int) -> str:
    """Shortest decimal with at least one decimal digit: -26 -> '-1.3', 0 -> '0.0', 9 -> '0.45'."""
    hundredths = abs(units) * (100 // UNITS)
    text = f"{hundredths // 100}.{hundredths % 100:02d}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return ("-" if units < 0 else "") + text


def format_path(points: Sequence[Point]) -> str:
    return "[" + ", ".join(f"({format_coord(x)}, {format_coord(y)})" for x, y in points) + "]"


def gap(a: Rect, b: Rect) -> int:
    """max of the axis separations (0 on an axis where the projections overlap or touch)."""
    gx = max(0, b[0] - a[1], a[0] - b[1])
    gy = max(0, b[2] - a[3], a[2] - b[3])
    return max(gx, gy)


def _node(p: Point) -> int:
    return (p[1] + GRID) * WIDTH + (p[0] + GRID)


def _point(node: int) -> Point:
    y, x = divmod(node, WIDTH)
    return x - GRID, y - GRID


def rect_nodes(rect: Rect) -> int:
    """Bitset of grid points inside the closed rectangle."""
    x0, x1 = max(rect[0], -GRID), min(rect[1], GRID)
    y0, y1 = max(rect[2], -GRID), min(rect[3], GRID)
    if x0 > x1 or y0 > y1:
        return 0
    row = ((1 << (x1 - x0 + 1)) - 1) << (x0 + GRID)
    out = 0
    for y in range(y0, y1 + 1):
        out |= row << ((y + GRID) * WIDTH)
    return out


def _expand(frontier: int) -> int:
    """All 8-neighbours of the points in `frontier` (inside the grid)."""
    east = (frontier & _NOT_LAST_COL) << 1
    west = (frontier & _NOT_FIRST_COL) >> 1
    row = frontier | east | west
    return (east | west | (row << WIDTH) | (row >> WIDTH)) & ALL


def solve(
    start: Point, end: Point, required: Sequence[Rect], ordered: bool, forbidden: Sequence[Rect]
) -> list[Point] | None:
    """Shortest grid path (8-neighbour moves) from start to end that avoids the forbidden closed
    rectangles and enters the required ones (in order when `ordered`); None when there is none.

    Moves between adjacent grid points touch a grid-aligned rectangle only if an end point lies in it,
    so checking the points is exact. State = (point, progress); progress is the index of the next
    required region (ordered) or the set of regions entered so far (unordered)."""
    blocked = 0
    for rect in forbidden:
        blocked |= rect_nodes(rect)
    free = ALL & ~blocked
    s_node, e_node = _node(start), _node(end)
    if not (free >> s_node & 1 and free >> e_node & 1):
        return None
    regions = [rect_nodes(rect) for rect in required]
    r = len(regions)

    if ordered:
        full = r

        def advance(state: int, node_bits: int) -> list[tuple[int, int]]:
            """Split arriving points by the progress they reach."""
            out, cur, q = [], node_bits, state
            while q < r and cur:
                inside = cur & regions[q]
                if cur & ~regions[q]:
                    out.append((q, cur & ~regions[q]))
                cur, q = inside, q + 1
            if cur:
                out.append((q, cur))
            return out

        def step_state(state: int, node: int) -> int:
            while state < r and regions[state] >> node & 1:
                state += 1
            return state
    else:
        full = (1 << r) - 1
        patterns: dict[int, int] = {}
        for node_pattern in range(1 << r):
            bits = free
            for j in range(r):
                bits &= regions[j] if node_pattern >> j & 1 else ~regions[j]
            if bits:
                patterns[node_pattern] = bits

        def advance(state: int, node_bits: int) -> list[tuple[int, int]]:
            out = []
            for pattern, bits in patterns.items():
                part = node_bits & bits
                if part:
                    out.append((state | pattern, part))
            return out

        def step_state(state: int, node: int) -> int:
            for j in range(r):
                if regions[j] >> node & 1:
                    state |= 1 << j
            return state

    first = step_state(0, s_node)
    visited: dict[int, int] = {first: 1 << s_node}
    layers: list[dict[int, int]] = [{first: 1 << s_node}]
    while not (visited.get(full, 0) >> e_node & 1):
        frontier = layers[-1]
        nxt: dict[int, int] = {}
        for state in sorted(frontier):
            reach = _expand(frontier[state]) & free
            for new_state, bits in advance(state, reach):
                nxt[new_state] = nxt.get(new_state, 0) | bits
        layer = {}
        for state, bits in nxt.items():
            bits &= ~visited.get(state, 0)
            if bits:
                layer[state] = bits
                visited[state] = visited.get(state, 0) | bits
        if not layer:
            return None
        layers.append(layer)

    # trace back: from (end, full) at the last layer to the start
    node, state = e_node, full
    path = [node]
    for depth in range(len(layers) - 2, -1, -1):
        x, y = _point(node)
        found = None
        for dx, dy in _MOVES:
            px, py = x + dx, y + dy
            if abs(px) > GRID or abs(py) > GRID:
                continue
            prev = _node((px, py))
            for prev_state in sorted(layers[depth]):
                if layers[depth][prev_state] >> prev & 1 and step_state(prev_state, node) == state:
                    found = (prev, prev_state)
                    break
            if found:
                break
        assert found is not None, "breadth-first layers must contain a predecessor"
        node, state = found
        path.append(node)
    return [_point(n) for n in reversed(path)]


def simplify(path: Sequence[Point]) -> list[Point]:
    """Drop a waypoint only when the path continues straight through it in the same direction."""
    out = [path[0]]
    for i in range(1, len(path) - 1):
        a, b, c = out[-1], path[i], path[i + 1]
        d1 = (b[0] - a[0], b[1] - a[1])
        d2 = (c[0] - b[0], c[1] - b[1])
        same_line = d1[0] * d2[1] - d1[1] * d2[0] == 0
        same_way = d1[0] * d2[0] + d1[1] * d2[1] > 0
        if not (same_line and same_way):
            out.append(b)
    out.append(path[-1])
    return out


def rect_json(rect: Rect) -> list[float]:
    return [to_float(v) for v in rect]


def build_puzzle(
    regions: Sequence[tuple[str, Rect]],
    start: Point,
    end: Point,
    required: Sequence[str],
    ordered: bool,
    forbidden: Sequence[str],
) -> dict[str, Any] | None:
    """The puzzle with a checked witness, or None when no path exists."""
    rects = dict(regions)
    path = solve(start, end, [rects[n] for n in required], ordered, [rects[n] for n in forbidden])
    if path is None:
        return None
    witness = simplify(path)
    puzzle = {
        "regions": [{"name": name, "rect": rect_json(rect)} for name, rect in regions],
        "start": [to_float(start[0]), to_float(start[1])],
        "end": [to_float(end[0]), to_float(end[1])],
        "required": list(required),
        "ordered": ordered,
        "forbidden": list(forbidden),
        "witness": [[to_float(x), to_float(y)] for x, y in witness],
    }
    assert check_path(puzzle, format_path(witness)).correct, "the witness must satisfy the instruction"
    return puzzle


def _draw_rects(n: int, sizes: tuple[int, int], clearance: int, rng: random.Random) -> list[Rect] | None:
    rects: list[Rect] = []
    for _ in range(n):
        for _ in range(MAX_RECT_TRIES):
            w, h = rng.randint(*sizes), rng.randint(*sizes)
            x0, y0 = rng.randint(-GRID, GRID - w), rng.randint(-GRID, GRID - h)
            rect = (x0, x0 + w, y0, y0 + h)
            if all(gap(rect, other) >= clearance for other in rects):
                rects.append(rect)
                break
        else:
            return None
    return rects


def _draw_point(rects: Sequence[Rect], rng: random.Random, away: Point | None, min_dist: int) -> Point | None:
    for _ in range(MAX_POINT_TRIES):
        p = (rng.randint(-GRID, GRID), rng.randint(-GRID, GRID))
        if any(gap((p[0], p[0], p[1], p[1]), rect) < POINT_GAP for rect in rects):
            continue
        if away is not None and (p[0] - away[0]) ** 2 + (p[1] - away[1]) ** 2 < min_dist**2:
            continue
        return p
    return None


def generate(
    n_regions: int,
    shapes: Sequence[tuple[int, int | None]],
    ordered_prob: float,
    clearance: int,
    sizes: tuple[int, int],
    min_start_end: int,
    rng: random.Random,
) -> dict[str, Any]:
    """One puzzle; all lengths in units of 0.05."""
    for _ in range(MAX_ATTEMPTS):
        rects = _draw_rects(n_regions, sizes, clearance, rng)
        if rects is None:
            continue
        names = rng.sample(COLOURS[:n_regions], n_regions)
        regions = list(zip(names, rects))
        rng.shuffle(regions)
        start = _draw_point(rects, rng, None, 0)
        end = _draw_point(rects, rng, start, min_start_end) if start is not None else None
        if start is None or end is None:
            continue
        n_required, n_forbidden = rng.choice(list(shapes))
        order = [name for name, _ in regions]
        required = rng.sample(order, n_required)
        ordered = n_required >= 2 and rng.random() < ordered_prob
        rest = [name for name in order if name not in required]
        forbidden = rest if n_forbidden is None else rng.sample(rest, n_forbidden)
        direct = {
            "regions": [{"name": name, "rect": rect_json(rect)} for name, rect in regions],
            "start": [to_float(start[0]), to_float(start[1])],
            "end": [to_float(end[0]), to_float(end[1])],
            "required": required,
            "ordered": ordered,
            "forbidden": forbidden,
        }
        if check_path(direct, format_path([start, end])).correct:
            continue  # the straight segment already satisfies the instruction
        puzzle = build_puzzle(regions, start, end, required, ordered, forbidden)
        if puzzle is not None:
            return puzzle
    raise GenerationError(f"path_plan: no solvable, non-trivial instance in {MAX_ATTEMPTS} attempts")
