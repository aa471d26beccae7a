"""String deletion and modification: an ordered list of rewrite rules; at each step the first rule whose
condition holds is applied once, until none holds."""

from __future__ import annotations

import random
from collections.abc import Callable

from symbench.errors import GenerationError

MAX_STEPS = 1000
MAX_DRAWS = 5000
ALPHABET = "abc"


def _middle(s: str) -> str:
    k = len(s) // 2
    return s[:k] + s[k + 1 :]


def _delete_ca_after_start(s: str) -> str:
    k = s.find("ca", 1)
    return s[:k] + s[k + 2 :]


# pool id -> (condition, edit). Edits are only called when their condition holds.
RULES: dict[int, tuple[Callable[[str], bool], Callable[[str], str]]] = {
    1: (lambda s: s.startswith("ab"), lambda s: "ca" + s[2:]),
    2: (lambda s: s.endswith("ac"), lambda s: s[:-2] + "cb"),
    3: (lambda s: s.startswith("bc"), lambda s: s[2:] + "aa"),
    4: (lambda s: s.endswith("bb"), lambda s: s[:-2]),
    5: (lambda s: s.startswith("cb"), lambda s: "aa" + s[2:-1]),
    6: (lambda s: s.startswith("ca"), lambda s: "bb" + s[2:] + "c"),
    7: (lambda s: s.endswith("cc"), lambda s: "a" + s[:-2] + "b"),
    8: (lambda s: s.startswith("aa"), lambda s: s[1:]),
    9: (lambda s: "abc" in s, lambda s: s.replace("abc", "cab", 1)),
    10: (lambda s: "bca" in s, lambda s: s.replace("bca", "", 1)),
    11: (lambda s: s.endswith("ba"), lambda s: s[:-2] + "ab"),
    12: (lambda s: s.startswith("cc"), lambda s: s[2:]),
    13: (lambda s: "acb" in s, lambda s: s.replace("acb", "bca", 1)),
    14: (lambda s: s.endswith("ca"), lambda s: s[:-1]),
    15: (lambda s: s.startswith("bb"), lambda s: s[0] + s[2:]),
    16: (lambda s: s.endswith("aa"), lambda s: s[:-2] + "cc"),
    17: (lambda s: s.find("ca", 1) >= 1, _delete_ca_after_start),
    18: (lambda s: s.count("b") >= 2 and s.count("b") % 2 == 0, lambda s: s + "ab"),
    19: (lambda s: len(s) > 15, _middle),
    20: (lambda s: s.startswith("ac"), lambda s: "zz" + s[2:]),
}

# Our own statement of each rule for the question (precise about occurrences and positions).
RULE_TEXT: dict[int, str] = {
    1: "If the string starts with 'ab', replace these first two characters with 'ca'.",
    2: "If the string ends with 'ac', replace these last two characters with 'cb'.",
    3: "If the string starts with 'bc', delete these first two characters and then append 'aa' at the end.",
    4: "If the string ends with 'bb', delete these last two characters.",
    5: (
        "If the string starts with 'cb', replace these first two characters with 'aa' and delete the last "
        "character of the string (the string 'cb' alone becomes 'aa')."
    ),
    6: "If the string starts with 'ca', replace these first two characters with 'bb' and then append 'c' at the end.",
    7: "If the string ends with 'cc', replace these last two characters with 'b' and then put 'a' in front of the string.",
    8: "If the string starts with 'aa', delete the first character.",
    9: "If the string contains 'abc', replace its leftmost occurrence with 'cab'.",
    10: "If the string contains 'bca', delete its leftmost occurrence.",
    11: "If the string ends with 'ba', replace these last two characters with 'ab'.",
    12: "If the string starts with 'cc', delete these first two characters.",
    13: "If the string contains 'acb', replace its leftmost occurrence with 'bca'.",
    14: "If the string ends with 'ca', delete the last character.",
    15: "If the string starts with 'bb', delete the second character.",
    16: "If the string ends with 'aa', replace these last two characters with 'cc'.",
    17: (
        "If the string contains 'ca' starting at the second character or later (not at the very start), "
        "delete the leftmost such occurrence."
    ),
    18: "If the number of 'b' characters is even and at least 2, append 'ab' at the end.",
    19: (
        "If the string is longer than 15 characters, delete its middle character: with L characters, the "
        "one at 0-based index floor(L/2) (for even L, the right one of the two middle characters)."
    ),
    20: "If the string starts with 'ac', replace these first two characters with 'zz'.",
}

# The original release's sentences, matched exactly when importing.
ORIGINAL_SENTENCES: dict[str, int] = {
    "If the string prefix is 'ab', replace it with 'ca'.": 1,
    "If the string suffix is 'ac', replace it with 'cb'.": 2,
    "If the string prefix is 'bc', delete the first two characters and append 'aa' to the end.": 3,
    "If the string suffix is 'bb', delete the last two characters.": 4,
    "If the string prefix is 'cb', replace it with 'aa' and delete the last character.": 5,
    "If the string prefix is 'ca', replace it with 'bb' and append 'c' to the end.": 6,
    "If the string suffix is 'cc', replace it with 'b' and prepend 'a' to the start.": 7,
    "If the string prefix is 'aa', remove the first character.": 8,
    "If the string contains 'abc', replace the first occurrence with 'cab'.": 9,
    "If the string contains 'bca', delete the first occurrence entirely.": 10,
    "If the string ends with 'ba', replace it with 'ab'.": 11,
    "If the string starts with 'cc', remove the first two characters.": 12,
    "If the string contains 'acb', replace the first occurrence with its reverse ('bca').": 13,
    "If the string ends with 'ca', remove the last character.": 14,
    "If the string starts with 'bb', remove the second character.": 15,
    "If the string ends with 'aa', replace it with 'cc'.": 16,
    "If the string contains 'ca' (not at the start), remove the first occurrence found after the first character.": 17,
    "If the string contains an even number of 'b's (and at least one 'b'), append 'ab' at the end.": 18,
    "If the string length is greater than 15, remove the middle character.": 19,
    "If the string starts with 'ac', replace the first two characters with 'zz'.": 20,
}


class NonTerminating(Exception):
    """The rewriting revisits a string (it would never stop) or exceeds the step cap."""


def run(rules: list[int], string: str, max_steps: int = MAX_STEPS) -> list[dict]:
    """The trace of applied steps: `{"rule_position": k (1-based), "state": string after the step}`."""
    trace: list[dict] = []
    seen = {string}
    current = string
    while True:
        for pos, rule_id in enumerate(rules):
            cond, edit = RULES[rule_id]
            if cond(current):
                current = edit(current)
                trace.append({"rule_position": pos + 1, "state": current})
                break
        else:
            return trace
        if current in seen:
            raise NonTerminating(f"the string {current!r} recurs after step {len(trace)}")
        if len(trace) >= max_steps:
            raise NonTerminating(f"more than {max_steps} steps")
        seen.add(current)


def final_string(string: str, trace: list[dict]) -> str:
    return trace[-1]["state"] if trace else string


def generate(
    length: tuple[int, int], num_rules: int, ops: tuple[int, int], rng: random.Random
) -> tuple[list[int], str, list[dict]]:
    """Draw rules and a string until the rewriting stops after a number of steps in `ops` and leaves a
    non-empty string; raise after MAX_DRAWS draws."""
    pool = sorted(RULES)
    for _ in range(MAX_DRAWS):
        rules = rng.sample(pool, num_rules)
        string = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(*length)))
        try:
            trace = run(rules, string, max_steps=min(MAX_STEPS, ops[1]))
        except NonTerminating:
            continue
        if ops[0] <= len(trace) <= ops[1] and final_string(string, trace):
            return rules, string, trace
    raise GenerationError(
        f"string_deletion_and_modification: no draw with {ops[0]}-{ops[1]} steps in {MAX_DRAWS} draws"
    )
