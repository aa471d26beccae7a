"""letters: parsing, duplicate/out-of-range rules, generator ranges, bundled word list, importer."""

from __future__ import annotations

import hashlib

import pytest

from symbench.generation import imported_instance, make_instance
from symbench.generators import letters as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.letters import WORDLIST_SHA256

TASK = get_task("letters")


def _instance(word: str, letter: str) -> Instance:
    positions = gen.positions_of(word, letter)
    puzzle = {
        "word": word,
        "letter": letter,
        "count": len(positions),
        "positions": positions,
        "source": "wordlist",
    }
    answer = f"Count: {len(positions)}, Positions: [{', '.join(map(str, positions))}]"
    return Instance("t", TASK.name, TASK.version, 3, {}, 0, 0, puzzle, TASK.render(puzzle), answer, "", {})


def verdict(inst: Instance, content: str):
    return TASK.verify(inst, f"<<<{content}>>>")


GASTRO = _instance("gastroduodenostomies", "s")


def test_worked_examples():
    assert GASTRO.answer == "Count: 3, Positions: [3, 14, 20]"
    for ok in (
        "Count: 3, Positions: [3, 14, 20]",
        "count=3; positions=[20, 3, 14]",
        "COUNT: 3\nPOSITIONS: [3 14 20]",
        "Count: 3, Position: [3, 14, 20,].",
        "Count = 3 , Positions = [ 3 , 14 , 20 ]",
    ):
        assert verdict(GASTRO, ok).score == 1, ok
    assert _instance("metasymbol", "a").answer == "Count: 1, Positions: [4]"
    assert '"gastroduodenostomies"' in GASTRO.question and '"s"' in GASTRO.question


def test_duplicates_are_rule_violations():
    assert verdict(GASTRO, "Count: 3, Positions: [3, 3, 14, 20]").reason == "rule_violation"
    assert verdict(GASTRO, "Count: 4, Positions: [3, 3, 14, 20]").score == 0


def test_off_by_one_and_out_of_range():
    assert verdict(GASTRO, "Count: 3, Positions: [2, 13, 19]").reason == "wrong_value"
    assert verdict(GASTRO, "Count: 1, Positions: [21]").reason == "rule_violation"
    assert verdict(GASTRO, "Count: 3, Positions: [0, 3, 14]").reason == "rule_violation"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Count: 1, Positions: [3, ]", "wrong_value"),
        ("Count: 0, Positions: []", "wrong_value"),
        ("Count: three, Positions: [3, 14, 20]", "unparseable"),
        ("Count: 3", "unparseable"),
        ("Positions: [3, 14, 20]", "unparseable"),
        ("Count: 3, Positions: [3, 14, x]", "unparseable"),
        ("Count: 3, Positions: [3, 14, 20] and more", "unparseable"),
        ("Count: 3, Positions: [3.5, 14, 20]", "unparseable"),
    ],
)
def test_robustness(content, reason):
    v = verdict(GASTRO, content)
    assert v.score == 0 and v.reason == reason, (content, v)


def test_empty_list_only_for_count_zero():
    inst = _instance("banana", "z")
    assert inst.answer == "Count: 0, Positions: []"
    assert verdict(inst, "Count: 0, Positions: []").score == 1
    assert verdict(inst, "Count: 0, Positions: [1]").score == 0


def test_huge_lists_are_wrong_shape():
    big = ", ".join(["1"] * 10_001)
    assert verdict(GASTRO, f"Count: 3, Positions: [{big}]").reason == "wrong_shape"


@pytest.mark.parametrize("level", range(1, 11))
def test_generator(level):
    params = TASK.params(level)
    for seed in range(12):
        p = make_instance(TASK, level, seed, 0).puzzle
        assert params.len_min <= len(p["word"]) <= params.len_max
        assert params.count_min <= p["count"] <= params.count_max
        assert p["positions"] == [i + 1 for i, c in enumerate(p["word"]) if c == p["letter"]]
        assert p["count"] == len(p["positions"])
        if level >= 6:
            assert p["source"] == "synthetic"
        if p["source"] == "wordlist":
            assert p["word"] in gen.wordset()


def test_mixed_uses_real_words_when_they_exist():
    sources = {make_instance(TASK, 2, seed, 0).puzzle["source"] for seed in range(30)}
    assert "wordlist" in sources


def test_wordlist_source_and_letters_override():
    for seed in range(10):
        p = make_instance(TASK, 3, seed, 0, overrides={"source": "wordlist", "letters": "agmsy"}).puzzle
        assert p["source"] == "wordlist" and p["word"] in gen.wordset() and p["letter"] in "agmsy"


def test_wordlist_is_pinned():
    """Changing the bundled list changes the task: bump the version and WORDLIST_SHA256 together."""
    assert gen.wordlist_sha256() == WORDLIST_SHA256 == hashlib.sha256(gen._wordlist_bytes()).hexdigest()
    words = gen.wordlist()
    assert len(words) > 1500 and all(w.isascii() and w.isalpha() and w.islower() for w in words)


def test_params_validation():
    from symbench.errors import ParamError

    with pytest.raises(ParamError):
        TASK.params(2, {"count_max": "11"})  # more occurrences than the shortest word holds
    with pytest.raises(ParamError):
        TASK.params(2, {"letters": "aA"})


def test_importer(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items and all(not item.errata for item in items)  # errata: none
    for item in items:
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        rng = item.key.split("/")[1]
        lo, hi = (int(x) for x in rng.removeprefix("Letters_dataset_min_length_").split("_max_length_"))
        assert lo <= len(inst.puzzle["word"]) <= hi
        letter, count, _ = item.key.split("/")[2].split("_")
        assert inst.puzzle["letter"] == letter and inst.puzzle["count"] == int(count)
    assert {i.complexity for i in items} <= set(range(1, 10))
    legacy = list(TASK.import_original(original_dir, subset="legacy"))
    assert all(i.key.split("/")[2][0] in "agmsy" and i.key.endswith("_1") for i in legacy)
