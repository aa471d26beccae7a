"""Truth-teller/liar chains: a base fact, then statements about earlier people within a window."""

from __future__ import annotations

import random

from symbench.checkers.web_of_lies import evaluate, statement_value
from symbench.errors import GenerationError

MAX_ATTEMPTS = 200

# First names written for symbench (not BBH's list).
NAMES = (
    "Aaron", "Abigail", "Adrian", "Agnes", "Albert", "Alice", "Amos", "Angela", "Arthur", "Audrey",
    "Barbara", "Beatrice", "Benedict", "Bianca", "Boris", "Brenda", "Calvin", "Camille", "Carlos", "Cecilia",
    "Cedric", "Clara", "Clement", "Cora", "Cyrus", "Daisy", "Damian", "Daphne", "Desmond", "Dolores",
    "Dominic", "Edgar", "Edith", "Edwin", "Eleanor", "Elliott", "Esther", "Eugene", "Evelyn", "Felix",
    "Fiona", "Floyd", "Frances", "Gideon", "Gloria", "Gordon", "Greta", "Harold", "Harriet", "Hector",
    "Helena", "Horace", "Ingrid", "Irene", "Isaac", "Ivan", "Jasper", "Josephine", "Julian", "Juniper",
    "Kenneth", "Kirsten", "Lionel", "Lucia", "Magnus", "Marcel", "Marion", "Martha", "Maxine", "Miles",
    "Miriam", "Nadia", "Nathan", "Nigel", "Nora", "Oliver", "Olive", "Oscar", "Otto", "Pamela",
    "Patrick", "Pearl", "Perry", "Quentin", "Rachel", "Reuben", "Rita", "Roland", "Rosalind", "Rufus",
    "Ruth", "Samson", "Selma", "Silas", "Simone", "Stella", "Tabitha", "Theodore", "Thelma", "Tobias",
    "Ursula", "Valentin", "Vera", "Victor", "Violet", "Walter", "Wanda", "Wesley", "Wilma", "Xavier",
    "Yolanda", "Yusuf", "Zachary", "Zelda",
)  # fmt: skip
N_STYLES = 3  # sentence templates per statement (see the task's renderer)


def depths(people: list[str], statements: list[dict]) -> dict[str, int]:
    depth = {people[0]: 0}
    for st in statements:
        depth[st["speaker"]] = 1 + max(depth[p] for p in st["about"])
    return depth


def pick_target(people: list[str], statements: list[dict]) -> int:
    """Among the people nobody talks about, the deepest one (ties: the later one)."""
    depth = depths(people, statements)
    mentioned = {p for st in statements for p in st["about"]}
    free = [k for k in range(len(people)) if people[k] not in mentioned]
    return max(free, key=lambda k: (depth[people[k]], k))


def _attempt(
    n: int, window: int, compound_prob: float, shuffle: bool, min_depth: int, p_yes: float, rng: random.Random
) -> dict | None:
    people = rng.sample(NAMES, n)
    base_truthful = rng.random() < 0.5
    statements = []
    for k in range(1, n):
        pool = people[max(0, k - window) : k]
        if len(pool) >= 2 and rng.random() < compound_prob:
            kind = rng.choice(("both", "at_least_one"))
            about = rng.sample(pool, 2)
        else:
            kind, about = "single", [rng.choice(pool)]
        claim = rng.choice(("truth", "lie"))
        statements.append(
            {
                "speaker": people[k],
                "kind": kind,
                "about": about,
                "claim": claim,
                "style": rng.randrange(N_STYLES),
            }
        )
    depth = depths(people, statements)
    target_k = pick_target(people, statements)
    target = people[target_k]
    if depth[target] < min_depth or target_k == 0:
        return None
    # Answer balance: nobody depends on the target, so changing its own statement changes only its value.
    desired = rng.random() < p_yes
    st = statements[target_k - 1]
    values = evaluate(people, base_truthful, statements)
    if values[target] != desired:
        st["claim"] = "lie" if st["claim"] == "truth" else "truth"
        about_values = [values[p] for p in st["about"]]
        if statement_value(st["kind"], st["claim"], about_values) != desired:
            # a compound claim whose negation is not its flip (e.g. "both lie" vs "both tell the truth"
            # when the two differ): pick a compound form that has the desired value
            forms = [
                (kind, claim)
                for kind in ("both", "at_least_one")
                for claim in ("truth", "lie")
                if statement_value(kind, claim, about_values) == desired
            ]
            st["kind"], st["claim"] = rng.choice(forms)
        values = evaluate(people, base_truthful, statements)
    assert values[target] == desired
    order = list(range(n))
    if shuffle:
        rng.shuffle(order)
    return {
        "people": people,
        "base_truthful": base_truthful,
        "statements": statements,
        "sentence_order": order,
        "target": target,
        "truthful": values,
        "depth": depth[target],
    }


def generate(
    n: int, window: int, compound_prob: float, shuffle: bool, min_depth: int, p_yes: float, rng: random.Random
) -> dict:
    for _ in range(MAX_ATTEMPTS):
        puzzle = _attempt(n, window, compound_prob, shuffle, min_depth, p_yes, rng)
        if puzzle is not None:
            return puzzle
    raise GenerationError(
        f"no web of {n} people with window {window} reached depth {min_depth} in {MAX_ATTEMPTS} attempts"
    )
