"""cryptanalysis: the spec's worked example, feedback semantics, answer parsing, the generator's
uniqueness guarantee (against brute force) and the original data."""

from __future__ import annotations

import itertools
import re

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import cryptanalysis as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.cryptanalysis import build_puzzle, format_answer

TASK = get_task("cryptanalysis")


def _instance(gold: str, guesses: list[str]) -> Instance:
    puzzle = build_puzzle(2, 2, gold, guesses, len(guesses))
    return Instance(
        "t",
        TASK.name,
        TASK.version,
        1,
        {},
        None,
        None,
        puzzle,
        TASK.render(puzzle),
        format_answer(gold),
        "",
        {},
    )


def _verdict(inst: Instance, content: str):
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error", verdict
    return verdict


WORKED = _instance("82SF", ["21YO", "40HQ", "08FS"])


def _letters(text: str) -> tuple[int, ...]:
    return tuple(gen.LETTERS.index(c) for c in text)


def test_worked_example_feedback_and_uniqueness():
    g1, g2, g3 = WORKED.puzzle["guesses"]
    assert g1["digits"] == {"correct": 0, "misplaced": 1, "absent": 1, "hint": "low"}
    assert g1["letters"] == {"correct": 0, "misplaced": 0, "absent": 2, "hint": "none"}
    assert g2["digits"]["hint"] == "none" and g2["letters"]["hint"] == "none"
    assert g3["digits"] == {"correct": 0, "misplaced": 1, "absent": 1, "hint": "low"}
    assert g3["letters"] == {"correct": 0, "misplaced": 2, "absent": 0, "hint": None}
    assert gen.candidates(WORKED.puzzle) == ["82SF"]
    for good in ('["8","2","S","F"]', "82SF", "8, 2, s, f", "['8','2','s','f']", "[8, 2, S, F]"):
        assert _verdict(WORKED, good).score == 1, good


def test_worked_example_wrong_answers():
    assert _verdict(WORKED, '["2","8","F","S"]').reason == "wrong_value"
    assert _verdict(WORKED, '["8","2","S"]').reason == "wrong_shape"
    assert _verdict(WORKED, "8 2 SF").score == 0
    assert _verdict(WORKED, '["8","2","5","F"]').reason == "invalid_symbol"
    assert _verdict(WORKED, "88SF").reason == "rule_violation"
    assert _verdict(WORKED, "").score == 0


def test_feedback_function():
    fb = gen.feedback((5, 3), (3, 8))
    assert fb == {"correct": 0, "misplaced": 1, "absent": 1, "hint": "high"}
    assert gen.feedback(_letters("FS"), _letters("AZ"))["hint"] == "none"
    assert gen.feedback(_letters("FS"), _letters("AB"))["hint"] == "all_low"
    assert gen.feedback(_letters("FS"), _letters("TZ"))["hint"] == "all_high"
    assert gen.feedback(_letters("FS"), _letters("GS"))["hint"] == "between"


@pytest.mark.parametrize("alpha,k", [(10, 2), (26, 2), (10, 3), (10, 4)])
def test_vectorised_codes_match_the_plain_feedback(alpha, k):
    import numpy as np

    space = gen._space(alpha, k)
    rows = np.arange(len(space.tuples))
    for guess in [tuple(range(k)), tuple(range(alpha - k, alpha)), tuple(range(1, 2 * k, 2))]:
        codes = space.codes(rows, guess)
        sub = rows[::7]
        assert (space.codes(sub, guess) == codes[sub]).all()
        for i in range(0, len(rows), 3):
            password = tuple(int(x) for x in space.tuples[i])
            assert codes[i] == gen.feedback_code(gen.feedback(password, guess))


def _brute_force(puzzle: dict) -> list[str]:
    kd, kl = puzzle["num_digits"], puzzle["num_letters"]
    out = []
    observed = [(gen.split_guess(g["guess"], kd), g) for g in puzzle["guesses"]]
    digits = [
        d
        for d in itertools.permutations(range(10), kd)
        if all(gen.feedback(d, p[0]) == g["digits"] for p, g in observed)
    ]
    letters = [
        lt
        for lt in itertools.permutations(range(26), kl)
        if all(gen.feedback(lt, p[1]) == g["letters"] for p, g in observed)
    ]
    for d in digits:
        for lt in letters:
            out.append(gen.to_text(d, gen.DIGITS) + gen.to_text(lt, gen.LETTERS))
    return out


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    for seed in range(6):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        lo, hi = inst.params["budget"]
        assert lo <= p["budget"] <= hi
        assert 1 <= len(p["guesses"]) <= p["budget"]
        texts = [g["guess"] for g in p["guesses"]]
        assert len(set(texts)) == len(texts) and p["gold"] not in texts
        assert gen.candidates(p) == [p["gold"]]
        if level <= 6 and seed < 2:
            assert _brute_force(p) == [p["gold"]]
        pd, pl = gen.split_guess(p["gold"], p["num_digits"])
        assert len(set(pd)) == len(pd) and len(set(pl)) == len(pl)
        assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1


# --- original data ------------------------------------------------------------------------------

_SENTENCE = re.compile(
    r"(one|both) (number|letter)s? (?:is|are) (correct and in the correct positions?|"
    r"correct but in the wrong positions?|incorrect)(?: and (too small|too large|too early in the alphabet|"
    r"too late in the alphabet|incorrect))?$"
)
_HINTS = {"too small": "low", "too large": "high", "too early in the alphabet": "low"}
_HINTS["too late in the alphabet"] = "high"


def _parse_original_feedback(text: str) -> dict[str, dict]:
    """The original feedback sentences as structured feedback (for comparison with ours)."""
    parts = {"number": {"correct": 0, "misplaced": 0, "absent": 0, "hint": None}}
    parts["letter"] = dict(parts["number"])
    for sentence in text.rstrip(".").split(";"):
        m = _SENTENCE.match(sentence.strip())
        assert m, sentence
        count = 1 if m.group(1) == "one" else 2
        part = parts[m.group(2)]
        kind, direction = m.group(3), m.group(4)
        if kind.startswith("correct and"):
            part["correct"] += count
        elif kind.startswith("correct but"):
            part["misplaced"] += count
        else:
            part["absent"] += count
            if count == 1:
                part["hint"] = _HINTS.get(direction, "between")
            else:
                part["hint"] = {"low": "all_low", "high": "all_high"}.get(_HINTS.get(direction), "none")
    return parts


def test_original_samples(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    for item in items:
        assert item.errata == []  # spec: no errata, uniqueness holds for every stored puzzle
        number = int(item.key.rsplit("_", 1)[1])
        assert item.complexity == number // 20 + 1
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        question = inst.meta["original_question"]
        lines = re.findall(r"Guess: (\w+), Feedback: (.*)$", question, re.MULTILINE)
        assert [g for g, _ in lines] == [g["guess"] for g in inst.puzzle["guesses"]]
        for (_, sentences), ours in zip(lines, inst.puzzle["guesses"]):
            stored = _parse_original_feedback(sentences)
            assert stored["number"] == ours["digits"] and stored["letter"] == ours["letters"], item.key
