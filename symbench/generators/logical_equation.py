"""Letter-value systems: a planted bijection, relations drawn the way the original drew them, and a
propagating backtracking solver that counts satisfying bijections up to a cap."""

from __future__ import annotations

import itertools
import random
import string
from collections.abc import Sequence
from typing import Any

from symbench.checkers.logical_equation import holds, tenths
from symbench.errors import GenerationError

PRESETS: dict[str, tuple[int, ...]] = {
    "P9a": (1, 3, 4, 9, 16, 27, 36, 80, 121),
    "P9b": (3, 6, 9, 20, 32, 36, 80, 120, 121),
    "P11a": (3, 9, 16, 27, 36, 48, 75, 80, 121, 150, 225),
    "P11b": (3, 9, 16, 20, 39, 48, 75, 80, 121, 150, 225),
    "P13a": (1, 2, 3, 5, 7, 10, 15, 16, 24, 28, 36, 45, 50),
    "P13b": (2, 3, 5, 7, 10, 15, 16, 24, 28, 36, 45, 50, 96),
    "P15a": (2, 3, 5, 7, 10, 15, 16, 24, 28, 36, 45, 50, 78, 90, 100),
    "P15b": (1, 3, 5, 7, 12, 15, 16, 24, 34, 36, 45, 56, 78, 95, 100),
}
# (letters, constraints) of the original ten groups -> the preset they used
ORIGINAL_GROUPS: dict[tuple[int, int], str] = {
    (9, 7): "P9a",
    (9, 8): "P9b",
    (11, 10): "P11a",
    (11, 11): "P11b",
    (13, 10): "P13a",
    (13, 11): "P13b",
    (13, 12): "P13b",
    (15, 12): "P15a",
    (15, 13): "P15b",
    (15, 14): "P15b",
}
EQUATION_TYPES = ("mult", "diff", "sum")
MAX_DRAWS = 20_000
MAX_RESTARTS = 20
P_DISABLE = 0.03
COUNT_CAP = 100
NODE_BUDGET = 20_000


def candidates(letters: Sequence[str], value: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """Every relation of each type that is true under the planted assignment, in a fixed order."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in (*EQUATION_TYPES, "gt")}
    for x in letters:
        for y in letters:
            if x == y:
                continue
            vx, vy = value[x], value[y]
            if (10 * vx) % vy == 0 and 11 <= 10 * vx // vy <= 49:
                t = 10 * vx // vy
                out["mult"].append({"type": "mult", "x": x, "y": y, "m": f"{t // 10}.{t % 10}"})
            out["diff"].append({"type": "diff", "x": x, "y": y, "k": vx - vy})
            if x < y:
                out["sum"].append({"type": "sum", "x": x, "y": y, "k": vx + vy})
            if vx > vy:
                out["gt"].append({"type": "gt", "x": x, "y": y})
    return out


def draw_relations(
    letters: Sequence[str], value: dict[str, int], m: int, p_inequality: float, rng: random.Random
) -> list[dict[str, Any]]:
    """Up to `m` distinct true relations, drawn as in the original (types switch off at random)."""
    cands = candidates(letters, value)
    enabled = {t: True for t in (*EQUATION_TYPES, "gt")}
    chosen: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for _ in range(MAX_DRAWS):
        if len(chosen) == m or not any(enabled.values()):
            break
        if rng.random() < p_inequality:
            kind = "gt"
            if not enabled["gt"]:
                continue
        else:
            live = [t for t in EQUATION_TYPES if enabled[t]]
            if not live:
                continue
            kind = rng.choice(live)
        pool = cands[kind]
        if not pool:
            continue
        c = rng.choice(pool)
        key = tuple(sorted(c.items()))
        if key in seen:
            continue
        seen.add(key)
        chosen.append(c)
        if rng.random() < P_DISABLE:
            enabled[kind] = False
    return chosen


class SolverBudgetExceeded(GenerationError):
    """The solution count could not be finished within the solver's node budget."""


def _derive(c: dict[str, Any], me: str, other_value: int) -> int | None:
    """The value of `me` that makes equation `c` true given its other letter's value (None if none)."""
    kind = c["type"]
    if kind == "sum":
        return c["k"] - other_value
    if kind == "diff":
        return c["k"] + other_value if c["x"] == me else other_value - c["k"]
    t = tenths(c["m"])  # 10 * x = t * y
    if c["x"] == me:
        num = t * other_value
        return num // 10 if num % 10 == 0 else None
    num = 10 * other_value
    return num // t if num % t == 0 else None


def solutions(
    letters: Sequence[str],
    values: Sequence[int],
    constraints: Sequence[dict[str, Any]],
    cap: int = COUNT_CAP,
    budget: int = NODE_BUDGET,
) -> list[list[int]]:
    """Satisfying bijections (values in letter order), at most `cap` of them.

    Letters joined by equations (sum, difference, multiple) form components whose values all follow
    from one root value, so each component has at most one candidate assignment per value. The
    components are then combined by a search that takes the component with the fewest candidates left
    and filters the others for distinct values and for the `>` relations between components (forward
    checking). Letters in no relation take the leftover values in every order."""
    n = len(letters)
    idx = {letter: i for i, letter in enumerate(letters)}
    value_set = set(values)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    involved = [False] * n
    eq_adj: list[list[tuple[int, dict[str, Any]]]] = [[] for _ in range(n)]
    for c in constraints:
        a, b = idx[c["x"]], idx[c["y"]]
        involved[a] = involved[b] = True
        if c["type"] != "gt":
            parent[find(a)] = find(b)
            eq_adj[a].append((b, c))
            eq_adj[b].append((a, c))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        if involved[i]:
            groups.setdefault(find(i), []).append(i)
    comps = sorted(groups.values())
    free = [i for i in range(n) if not involved[i]]
    comp_of = {i: ci for ci, comp in enumerate(comps) for i in comp}
    internal: list[list[dict[str, Any]]] = [[] for _ in comps]
    cross: list[tuple[int, int, int, int]] = []  # (comp x, letter x, comp y, letter y): x > y
    for c in constraints:
        a, b = idx[c["x"]], idx[c["y"]]
        if comp_of[a] == comp_of[b]:
            internal[comp_of[a]].append(c)
        else:
            cross.append((comp_of[a], a, comp_of[b], b))

    # candidate assignments of each component: dicts letter index -> value
    domains: list[list[dict[int, int]]] = []
    for ci, comp in enumerate(comps):
        root = comp[0]
        tree: list[tuple[int, int, dict[str, Any]]] = []  # (letter, from letter, equation), BFS order
        seen = {root}
        queue = [root]
        while queue:
            u = queue.pop(0)
            for v, c in eq_adj[u]:
                if v not in seen:
                    seen.add(v)
                    tree.append((v, u, c))
                    queue.append(v)
        options = []
        for rv in sorted(value_set):
            assign = {root: rv}
            ok = True
            for v, u, c in tree:
                val = _derive(c, letters[v], assign[u])
                if val is None or val not in value_set or val in assign.values():
                    ok = False
                    break
                assign[v] = val
            if ok:
                named = {letters[i]: val for i, val in assign.items()}
                if all(holds(c, named) for c in internal[ci]):
                    options.append(assign)
        domains.append(options)

    found: list[list[int]] = []
    nodes = 0
    chosen: dict[int, dict[int, int]] = {}

    def compatible(ci: int, opt: dict[int, int], cj: int, other: dict[int, int]) -> bool:
        if not set(opt.values()).isdisjoint(other.values()):
            return False
        for ca, a, cb, b in cross:
            if ca == ci and cb == cj and not opt[a] > other[b]:
                return False
            if ca == cj and cb == ci and not other[a] > opt[b]:
                return False
        return True

    def emit() -> bool:
        base = [0] * n
        used: set[int] = set()
        for opt in chosen.values():
            for i, val in opt.items():
                base[i] = val
                used.add(val)
        rest = sorted(value_set - used)
        for perm in itertools.permutations(rest):
            row = list(base)
            for i, val in zip(free, perm):
                row[i] = val
            found.append(row)
            if len(found) >= cap:
                return True
        return False

    def search(live: dict[int, list[dict[int, int]]]) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            raise SolverBudgetExceeded(f"logical_equation: solver budget of {budget} nodes exceeded")
        if not live:
            return emit()
        ci = min(live, key=lambda k: (len(live[k]), k))
        for opt in live[ci]:
            nxt: dict[int, list[dict[int, int]]] = {}
            dead = False
            for cj, dom in live.items():
                if cj == ci:
                    continue
                kept = [o for o in dom if compatible(ci, opt, cj, o)]
                if not kept:
                    dead = True
                    break
                nxt[cj] = kept
            if dead:
                continue
            chosen[ci] = opt
            stop = search(nxt)
            del chosen[ci]
            if stop:
                return True
        return False

    if all(domains):
        search(dict(enumerate(domains)))
    return found


def generate(
    num_letters: int,
    num_constraints: tuple[int, int],
    value_set: str,
    value_max: int,
    p_inequality: float,
    rng: random.Random,
) -> dict[str, Any]:
    letters = list(string.ascii_uppercase[:num_letters])
    m = rng.randint(num_constraints[0], num_constraints[1])
    preset: str | None = None
    if value_set == "original":
        preset = ORIGINAL_GROUPS[(num_letters, m)]
    elif value_set.startswith("preset:"):
        preset = value_set.split(":", 1)[1]
    if preset is not None:
        values = list(PRESETS[preset])
    else:
        values = sorted(rng.sample(range(1, value_max + 1), num_letters))
    for _ in range(MAX_RESTARTS):
        planted = list(values)
        rng.shuffle(planted)
        value = dict(zip(letters, planted))
        constraints = draw_relations(letters, value, m, p_inequality, rng)
        if len(constraints) == m:
            try:
                count = len(solutions(letters, values, constraints))
            except SolverBudgetExceeded:
                continue  # cannot be counted cheaply: plant again
            return {
                "letters": letters,
                "values": values,
                "constraints": constraints,
                "gold": planted,
                "num_solutions": count,
                "value_preset": preset,
            }
    raise GenerationError(
        f"logical_equation: fewer than {m} distinct relations in {MAX_RESTARTS} planted assignments"
    )
