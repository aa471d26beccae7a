"""letter_logic_diagram: worked example, alternative completions, givens, diagonal, shapes, generator and
the original data."""

from __future__ import annotations

from symbench.generation import imported_instance, make_instance
from symbench.generators import letter_logic_diagram as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.letter_logic_diagram import build_puzzle, format_answer

TASK = get_task("letter_logic_diagram")

PUZZLE = """\
.,a,f,.,.,.,.
.,.,.,b,d,.,g
.,.,b,d,.,.,.
.,.,d,.,g,.,f
b,.,.,.,a,.,e
.,.,g,a,.,e,.
.,.,a,f,.,b,."""
ANSWER = """\
g,a,f,e,b,d,c
a,f,e,b,d,c,g
f,e,b,d,c,g,a
e,b,d,c,g,a,f
b,d,c,g,a,f,e
d,c,g,a,f,e,b
c,g,a,f,e,b,d"""


def _grid(text: str) -> list[list[str | None]]:
    return [[None if v == "." else v for v in line.split(",")] for line in text.splitlines()]


def _instance(grid, gold) -> Instance:
    puzzle = build_puzzle(grid, gold)
    return Instance("t", TASK.name, TASK.version, 5, {}, None, None, puzzle, "", format_answer(gold), "", {})


def _score(inst: Instance, content: str) -> float:
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error"
    return verdict.score


def test_worked_example():
    inst = _instance(_grid(PUZZLE), _grid(ANSWER))
    assert sum(v is None for row in inst.puzzle["grid"] for v in row) == 30
    assert inst.puzzle["num_solutions"] == 1 and inst.puzzle["num_solutions_exact"]
    assert _score(inst, ANSWER) == 1
    nested = (
        "["
        + ", ".join("[" + ", ".join(f"'{v}'" for v in line.split(",")) + "]" for line in ANSWER.splitlines())
        + "]"
    )
    assert _score(inst, nested) == 1
    assert _score(inst, "\n".join(line.replace(",", "") for line in ANSWER.splitlines())) == 1
    assert _score(inst, ANSWER.upper().replace("\n", " ")) == 1
    assert _score(inst, "| " + ANSWER.replace(",", " | ").replace("\n", " |\n+---+\n| ") + " |") == 1


def test_alternative_completions():
    full = _grid(ANSWER)
    diag = full[0][6]
    x, y = [ch for ch in "abcdefg" if ch != diag][:2]
    grid = [[None if v in (x, y) else v for v in row] for row in full]
    swapped = [[{x: y, y: x}.get(v, v) for v in row] for row in full]
    inst = _instance(grid, full)
    assert inst.puzzle["num_solutions"] >= 2
    assert _score(inst, format_answer(full)) == 1
    assert _score(inst, format_answer(swapped)) == 1


def test_changing_a_given_fails():
    full = _grid(ANSWER)
    inst = _instance(_grid(PUZZLE), full)
    relabel = dict(zip("abcdefg", "bcdefga"))
    other = [[relabel[v] for v in row] for row in full]  # still a valid square with uniform diagonal
    verdict = TASK.verify(inst, f"<<<{format_answer(other)}>>>")
    assert verdict.score == 0 and verdict.reason == "rule_violation"


def test_non_uniform_diagonal_fails():
    n, letters = 7, "abcdefg"
    square = [[letters[(r - c) % n] for c in range(n)] for r in range(n)]  # a Latin square
    assert len({square[r][n - 1 - r] for r in range(n)}) > 1
    inst = _instance([[None] * n for _ in range(n)], _grid(ANSWER))  # no givens at all
    verdict = TASK.verify(inst, f"<<<{format_answer(square)}>>>")
    assert verdict.score == 0 and verdict.reason == "rule_violation"
    assert verdict.metrics["violations"] == ["the minor diagonal is not one letter"]
    assert TASK.verify(inst, f"<<<{ANSWER}>>>").score == 1


def test_shapes():
    inst = _instance(_grid(PUZZLE), _grid(ANSWER))
    letters = [v for row in _grid(ANSWER) for v in row]
    assert _score(inst, ",".join(letters[:48])) == 0
    assert _score(inst, ",".join(letters + ["a"])) == 0
    assert _score(inst, ",".join(["h"] + letters[1:])) == 0
    assert _score(inst, ANSWER.replace("g,a,f", "1,a,f", 1)) == 0
    assert _score(inst, "row1: " + ANSWER) == 0
    assert _score(inst, "") == 0


def test_generator():
    for level in range(1, 11):
        params = TASK.params(level)
        for seed in range(10):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
            assert sum(v is None for row in p["grid"] for v in row) == params.blanks
            assert p["size"] == params.size
            assert p["num_solutions"] >= 1


def test_square_generator_at_every_size():
    import random

    for n in range(5, 13):
        square, diag = gen.random_square(n, random.Random(n))
        assert all(sorted(row) == list(range(n)) for row in square)
        assert all(sorted(col) == list(range(n)) for col in zip(*square))
        assert {square[r][n - 1 - r] for r in range(n)} == {diag}


def test_original_data(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    assert items
    several = 0
    for item in items:
        assert item.errata == []
        assert item.complexity in (2, 3, 4, 5)
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        several += inst.puzzle["num_solutions"] >= 2
    assert 0 < several < len(items)
