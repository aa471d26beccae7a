"""Linear-order puzzles: a hidden order, an irredundant clue set with exactly one solution.

The solver assigns positions object by object (smallest domain first, then most constrained) and
checks every clue as soon as its objects are placed; it stops counting at a limit (2 for uniqueness).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from symbench.errors import GenerationError

MAX_RESTARTS = 200
CLUE_TYPES = ("abs", "rel", "adj", "dist", "neg")
MIXES: dict[str, tuple[float, ...]] = {
    "direct": (0.6, 0.4, 0.0, 0.0, 0.0),
    "bbh": (0.45, 0.55, 0.0, 0.0, 0.0),
    "relational": (0.2, 0.6, 0.2, 0.0, 0.0),
    "indirect": (0.0, 0.5, 0.2, 0.2, 0.1),
}

# Developers' own object pools (at least 12 per theme).
POOLS: dict[str, tuple[str, ...]] = {
    "golf": ("Bea", "Cal", "Dot", "Gus", "Hal", "Ivy", "Kim", "Lou", "Max", "Ned", "Ola", "Pia", "Ray", "Sue",
             "Tia", "Uma", "Vic", "Zoe"),
    "vehicles": ("bus", "tractor", "truck", "sedan", "convertible", "minivan", "limousine", "hatchback",
                 "scooter", "jeep", "coupe", "van", "roadster", "camper", "taxi"),
    "birds": ("sparrow", "crow", "owl", "robin", "hawk", "heron", "parrot", "pigeon", "magpie", "finch", "wren",
              "eagle", "swallow", "kingfisher", "woodpecker", "starling"),
    "books": ("red book", "blue book", "green book", "yellow book", "orange book", "purple book", "brown book",
              "black book", "white book", "gray book", "pink book", "silver book", "golden book", "teal book"),
    "fruits": ("apples", "pears", "plums", "cherries", "mangoes", "kiwis", "peaches", "lemons", "limes", "figs",
               "grapes", "melons", "apricots", "bananas", "papayas"),
    "runners": ("Alma", "Bram", "Cleo", "Dario", "Elsa", "Fritz", "Gemma", "Hugo", "Ines", "Jonas", "Karin",
                "Lars", "Mona", "Nils"),
    "students": ("Abel", "Bettina", "Corin", "Delia", "Emeric", "Flora", "Gareth", "Hilda", "Ignatius", "Jolene",
                 "Konrad", "Leonie", "Mateo", "Noemi"),
}  # fmt: skip
THEMES = tuple(POOLS)
BBH_THEMES = ("golf", "vehicles", "birds", "books", "fruits")


# ---------------------------------------------------------------------------------------------- solver
def _compile(clues: Sequence[dict], index: dict[str, int], n: int):
    full = (1 << n) - 1
    domains = [full] * n
    binary: list[tuple[str, int, int, int]] = []
    for c in clues:
        t = c["type"]
        if t == "abs":
            p = (n - c["pos"]) if c.get("from_end") else (c["pos"] - 1)
            domains[index[c["obj"]]] &= 1 << p if 0 <= p < n else 0
        elif t == "neg":
            domains[index[c["obj"]]] &= full & ~(1 << (c["pos"] - 1))
        elif t in ("rel", "adj"):
            binary.append((t, index[c["before"]], index[c["after"]], 0))
        elif t == "dist":
            binary.append((t, index[c["a"]], index[c["b"]], c["between"]))
        else:
            raise ValueError(f"unknown clue type {t!r}")
    return domains, binary


def _partner_mask(kind: str, first: bool, k: int, p: int, n: int) -> int:
    """Positions the partner may take when this object of a binary clue stands at `p` (0-based)."""
    full = (1 << n) - 1
    if kind == "rel":  # first before second
        return full & ~((1 << (p + 1)) - 1) if first else (1 << p) - 1
    if kind == "adj":  # second right after first
        q = p + 1 if first else p - 1
        return 1 << q if 0 <= q < n else 0
    mask = 0  # dist: exactly k objects between
    for q in (p - k - 1, p + k + 1):
        if 0 <= q < n:
            mask |= 1 << q
    return mask


def solve(objects: Sequence[str], clues: Sequence[dict], limit: int = 2) -> list[list[str]]:
    """Up to `limit` orders (position 1 first) that satisfy every clue.

    Backtracking over objects, always placing the one with the fewest free positions next, with
    forward checking: placing an object narrows the positions of every object it shares a clue with.
    """
    n = len(objects)
    index = {o: i for i, o in enumerate(objects)}
    domains, binary = _compile(clues, index, n)
    neighbours: list[list[tuple[int, list[int]]]] = [[] for _ in range(n)]
    for kind, a, b, k in binary:
        neighbours[a].append((b, [_partner_mask(kind, True, k, p, n) for p in range(n)]))
        neighbours[b].append((a, [_partner_mask(kind, False, k, p, n) for p in range(n)]))
    found: list[list[str]] = []

    def rec(doms: list[int], placed: int, used: int) -> bool:
        if placed == (1 << n) - 1:
            out = [""] * n
            for o in range(n):
                out[doms[o].bit_length() - 1] = objects[o]
            found.append(out)
            return len(found) >= limit
        best, best_free = -1, n + 1
        for o in range(n):
            if not placed >> o & 1:
                free = (doms[o] & ~used).bit_count()
                if free < best_free:
                    best, best_free = o, free
        avail = doms[best] & ~used
        while avail:
            bit = avail & -avail
            avail ^= bit
            p = bit.bit_length() - 1
            new = doms[:]
            new[best] = bit
            now_used, now_placed = used | bit, placed | (1 << best)
            ok = True
            for other, masks in neighbours[best]:
                m = new[other] & masks[p]
                if not (m if now_placed >> other & 1 else m & ~now_used):
                    ok = False
                    break
                new[other] = m
            if ok and rec(new, now_placed, now_used):
                return True
        return False

    if all(domains):
        rec(domains, 0, 0)
    return found


def is_unique(objects: Sequence[str], clues: Sequence[dict]) -> bool:
    return len(solve(objects, clues, 2)) == 1


# ---------------------------------------------------------------------------------------------- clues
def candidate_clues(order: list[str], rng: random.Random) -> dict[str, list[dict]]:
    """Every true clue of each type for the hidden order."""
    n = len(order)
    pos = {o: i + 1 for i, o in enumerate(order)}
    out: dict[str, list[dict]] = {t: [] for t in CLUE_TYPES}
    for o in order:
        from_end = rng.random() < 0.5
        out["abs"].append(
            {"type": "abs", "obj": o, "pos": n + 1 - pos[o] if from_end else pos[o], "from_end": from_end}
        )
        out["neg"].extend({"type": "neg", "obj": o, "pos": p} for p in range(1, n + 1) if p != pos[o])
    for x in order:
        for y in order:
            if pos[x] < pos[y]:
                out["rel"].append({"type": "rel", "before": x, "after": y, "reverse": rng.random() < 0.5})
                if pos[y] == pos[x] + 1:
                    out["adj"].append({"type": "adj", "before": x, "after": y, "reverse": rng.random() < 0.5})
                else:
                    a, b = (x, y) if rng.random() < 0.5 else (y, x)
                    out["dist"].append({"type": "dist", "a": a, "b": b, "between": pos[y] - pos[x] - 1})
    return out


def abs_position(clue: dict, n: int) -> int:
    return n + 1 - clue["pos"] if clue.get("from_end") else clue["pos"]


def _select(
    objects: list[str], order: list[str], weights: Sequence[float], rng: random.Random
) -> list[dict] | None:
    n = len(objects)
    pools = candidate_clues(order, rng)
    for t in CLUE_TYPES:
        rng.shuffle(pools[t])
    chosen: list[dict] = []
    for _ in range(n * (n - 1)):
        live = [(t, w) for t, w in zip(CLUE_TYPES, weights) if w > 0 and pools[t]]
        if not live:
            return None
        t = rng.choices([t for t, _ in live], weights=[w for _, w in live])[0]
        chosen.append(pools[t].pop())
        if is_unique(objects, chosen):
            return chosen
    return None


def _prune(objects: list[str], clues: list[dict], rng: random.Random) -> list[dict]:
    kept = list(clues)
    for clue in rng.sample(clues, len(clues)):
        trial = [c for c in kept if c is not clue]
        if is_unique(objects, trial):
            kept = trial
    return kept


def generate(
    n: int,
    weights: Sequence[float],
    ask_unstated: bool,
    min_clues: int,
    themes: Sequence[str],
    rng: random.Random,
) -> dict:
    for _ in range(MAX_RESTARTS):
        theme = rng.choice(list(themes))
        objects = rng.sample(POOLS[theme], n)
        order = rng.sample(objects, n)
        chosen = _select(objects, order, weights, rng)
        if chosen is None:
            continue
        clues = _prune(objects, chosen, rng)
        if len(clues) < min_clues:
            continue
        stated = {abs_position(c, n) for c in clues if c["type"] == "abs"}
        stated |= {order.index(c["obj"]) + 1 for c in clues if c["type"] == "abs"}
        choices = [p for p in range(1, n + 1) if not (ask_unstated and p in stated)]
        if not choices:
            continue
        ask_pos = rng.choice(choices)
        solutions = solve(objects, clues, 2)
        assert solutions == [order]
        return {
            "theme": theme,
            "objects": objects,
            "order": order,
            "clues": clues,
            "ask_pos": ask_pos,
            "ask_from_end": rng.random() < 0.5,
        }
    raise GenerationError(
        f"no irredundant {n}-object clue set with at least {min_clues} clues in {MAX_RESTARTS} restarts"
    )
