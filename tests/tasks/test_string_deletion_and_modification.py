"""string_deletion_and_modification: worked examples, the semantics trap, non-termination, formats,
generator guarantees and the original data."""

from __future__ import annotations

import random

import pytest

from symbench.errors import GenerationError
from symbench.generation import imported_instance, make_instance
from symbench.generators import string_deletion_and_modification as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.string_deletion_and_modification import build_puzzle

TASK = get_task("string_deletion_and_modification")


def _instance(rules: list[int], string: str) -> Instance:
    puzzle = build_puzzle(rules, string, gen.run(rules, string))
    return Instance("t", TASK.name, TASK.version, 3, {}, None, None, puzzle, "", puzzle["gold"], "", {})


def _score(inst: Instance, content: str) -> float:
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error"
    return verdict.score


def _round_robin(rules: list[int], string: str, cap: int = 1000) -> str:
    """The other reading of the original wording: visit the rules cyclically, one at a time."""
    k, idle = 0, 0
    for _ in range(cap):
        cond, edit = gen.RULES[rules[k]]
        if cond(string):
            string, idle = edit(string), 0
        else:
            idle += 1
            if idle == len(rules):
                return string
        k = (k + 1) % len(rules)
    raise AssertionError("round robin did not stop")


def test_worked_example_and_trap():
    inst = _instance([9, 17, 13], "ccabccaac")
    trace = inst.puzzle["trace"]
    assert [(s["rule_position"], s["state"]) for s in trace] == [
        (1, "cccabcaac"),
        (1, "ccccabaac"),
        (2, "cccbaac"),
    ]
    assert _score(inst, "cccbaac") == 1
    assert _round_robin([9, 17, 13], "ccabccaac") == "ccbac"
    assert _score(inst, "ccbac") == 0


def test_third_example():
    inst = _instance([1, 9, 17], "bababccb")
    states = [s["state"] for s in inst.puzzle["trace"]]
    assert states == ["babcabcb", "bcababcb", "bcabcabb", "bccababb", "bcbabb"]
    assert _score(inst, "bcbabb") == 1


def test_rule_19_even_length():
    s = "aaaaaaaabccccccc"
    assert len(s) == 16 and s[8] == "b"
    cond, edit = gen.RULES[19]
    assert cond(s) and edit(s) == "aaaaaaaaccccccc"
    assert not cond(s[:15])


def test_rule_5_edge_case():
    cond, edit = gen.RULES[5]
    assert cond("cb") and edit("cb") == "aa"
    assert edit("cbacb") == "aaac"


def test_formats():
    inst = _instance([9, 17, 13], "ccabccaac")
    assert _score(inst, '"cccbaac"') == 1
    assert _score(inst, " cccbaac ") == 1
    assert _score(inst, "`cccbaac`") == 1
    assert _score(inst, "'cccbaac'") == 1
    assert _score(inst, "ccc baac") == 0
    assert _score(inst, "CCCBAAC") == 0
    assert _score(inst, "\"cccbaac'") == 0
    assert _score(inst, "") == 0


def test_non_termination_is_detected():
    rules, string = [20, 18, 7, 6, 10, 19], "aaccabacbbcbcbcbab"
    with pytest.raises(gen.NonTerminating, match="aaccabacbbabababab"):
        gen.run(rules, string)

    class Fixed(random.Random):
        """Always draws this rule list and string, so the generator must reject every draw."""

        def sample(self, population, k, **kw):
            return list(rules)

        def randint(self, a, b):
            return len(string)

        def choice(self, seq):
            self._i = getattr(self, "_i", -1) + 1
            return string[self._i % len(string)]

    with pytest.raises(GenerationError):
        gen.generate((18, 18), 6, (1, 1000), Fixed(0))


def test_generator_guarantees():
    for level in range(1, 11):
        params = TASK.params(level)
        for seed in range(10):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            assert p["gold"]
            assert params.ops[0] <= len(p["trace"]) <= params.ops[1]
            assert len(p["rules"]) == params.num_rules == len(set(p["rules"]))
            assert params.length[0] <= len(p["string"]) <= params.length[1]
            state = p["string"]
            for step in p["trace"]:  # replay: the first applicable rule each time
                first = next(i for i, rid in enumerate(p["rules"]) if gen.RULES[rid][0](state))
                assert step["rule_position"] == first + 1
                state = gen.RULES[p["rules"][first]][1](state)
                assert state == step["state"]
            assert not any(gen.RULES[rid][0](state) for rid in p["rules"])
            assert state == p["gold"]


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir))
    assert items
    for item in items:
        assert item.errata == ["question_rerendered"]
        assert item.extra_meta["original_states_match"]
        assert item.complexity == (3 if len(item.puzzle["trace"]) <= 5 else 4)
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f'<<< "{item.original_answer}" >>>').score == 1
