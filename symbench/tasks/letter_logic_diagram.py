"""letter_logic_diagram: complete a Latin square of letters with a uniform minor diagonal (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import letter_logic_diagram as checker
from symbench.errors import DataFormatError
from symbench.generators import letter_logic_diagram as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

MIN_SIZE, MAX_SIZE = 5, 12


@dataclasses.dataclass(frozen=True)
class LetterLogicParams(Params):
    size: int = knob(lo=MIN_SIZE, hi=MAX_SIZE, help="grid side n (letters a.. the n-th letter)")
    blanks: int = knob(lo=0, hi=MAX_SIZE * MAX_SIZE - 1, help="number of empty cells (less than n*n)")

    def check(self) -> str | None:
        if self.blanks >= self.size * self.size:
            return f"blanks={self.blanks} must be less than size*size={self.size * self.size}"
        return None


LADDER = {1: (7, 10), 2: (7, 15), 3: (7, 20), 4: (7, 25), 5: (7, 30), 6: (7, 35), 7: (7, 40), 8: (8, 45)}
LADDER.update({9: (9, 55), 10: (9, 65)})
_LEVEL_OF_BLANKS = {15: 2, 20: 3, 25: 4, 30: 5}


def format_answer(grid: list[list[str]]) -> str:
    return "\n".join(",".join(row) for row in grid)


def build_puzzle(grid: list[list[str | None]], gold: list[list[str]]) -> dict[str, Any]:
    n = len(gold)
    letters = gen.letters_for(n)
    index = {ch: i for i, ch in enumerate(letters)}
    partial = [[None if v is None else index[v] for v in row] for row in grid]
    count, _, exact = gen.count_completions(partial, n)
    return {
        "size": n,
        "letters": letters,
        "grid": grid,
        "gold": gold,
        "num_solutions": count,
        "num_solutions_exact": exact,
    }


@register
class LetterLogicDiagram(Task):
    name = "letter_logic_diagram"
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Fill a partial letter grid into a Latin square whose minor diagonal is a single letter."
    params_cls = LetterLogicParams
    ladder = {lvl: {"size": n, "blanks": b} for lvl, (n, b) in LADDER.items()}
    v1_mix = {2: 16, 3: 21, 4: 15, 5: 48}
    override_examples = {"size": "8", "blanks": "12"}
    original_folders = ("letter_logic_diagram",)

    def generate(self, params: LetterLogicParams, rng: random.Random) -> Generated:
        n = params.size
        square, _ = gen.random_square(n, rng)
        letters = gen.letters_for(n)
        gold = [[letters[v] for v in row] for row in square]
        empty = set(gen.blank_cells(n, params.blanks, rng))
        grid = [[None if r * n + c in empty else gold[r][c] for c in range(n)] for r in range(n)]
        return Generated(build_puzzle(grid, gold), format_answer(gold))

    def render(self, puzzle: dict[str, Any]) -> str:
        n, letters = puzzle["size"], puzzle["letters"]
        rows = "\n".join(",".join("." if v is None else v for v in row) for row in puzzle["grid"])
        return (
            f"Here is a {n} x {n} grid over the letters {', '.join(letters)}. Some cells are already "
            "filled; empty cells are shown as '.'. Each row is on its own line and the cells of a row are "
            "separated by commas.\n\n"
            f"{rows}\n\n"
            "Fill every empty cell with one of these letters so that:\n"
            "1. every row contains each letter exactly once;\n"
            "2. every column contains each letter exactly once;\n"
            "3. all cells on the minor diagonal, the line from the top-right corner to the bottom-left "
            f"corner (row r and column {n - 1}-r, counting rows and columns from 0), hold the same letter.\n"
            "Every pre-filled cell must keep its letter. Any completed grid that satisfies all of these "
            "rules is accepted.\n\n"
            "Write the completed grid inside triple angle brackets, one row per line, letters separated "
            "by commas. For example, a 3 x 3 grid over a, b, c would be written as\n"
            "<<<\nb,c,a\nc,a,b\na,b,c\n>>>\n"
            f"(this only shows the format; your grid has {n} rows of {n} letters). "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["grid"], instance.puzzle["letters"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = [list(row) for row in instance.puzzle["gold"]]
        grid, n = instance.puzzle["grid"], instance.puzzle["size"]
        out = [format_answer(gold)[:-1], format_answer(gold) + ",a"]
        swapped = [list(row) for row in gold]  # swap two cells of row 0 off the diagonal: columns break
        swapped[0][0], swapped[0][1] = swapped[0][1], swapped[0][0]
        out.append(format_answer(swapped))
        relabel = {a: b for a, b in zip(instance.puzzle["letters"], instance.puzzle["letters"][1:] + ["a"])}
        shifted = [[relabel[v] for v in row] for row in gold]  # still a valid square, but givens change
        if any(v is not None for row in grid for v in row):
            out.append(format_answer(shifted))
        cyclic = [[instance.puzzle["letters"][(r + c + 1) % n] for c in range(n)] for r in range(n)]
        if checker.violations(cyclic, grid, instance.puzzle["letters"]):
            out.append(format_answer(cyclic))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            grid = [[None if v is None else str(v) for v in row] for row in solution["grid"]]
            stored = [[str(v) for v in row] for row in solution["solution"]]
        except (KeyError, TypeError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        n = len(grid)
        letters = gen.letters_for(n)
        if not MIN_SIZE <= n <= MAX_SIZE or any(len(row) != n for row in grid + stored) or len(stored) != n:
            raise DataFormatError(f"{folder}/{sample_id}: grid is not square or has an unsupported size")
        if any(v is not None and v not in letters for row in grid for v in row):
            raise DataFormatError(f"{folder}/{sample_id}: a given is not one of {letters}")
        blanks = sum(v is None for row in grid for v in row)
        errata: list[str] = []
        gold = stored
        stored_ok = all(v in letters for row in stored for v in row) and not checker.violations(
            stored, grid, letters
        )
        if not stored_ok:
            index = {ch: i for i, ch in enumerate(letters)}
            partial = [[None if v is None else index[v] for v in row] for row in grid]
            _, first, _ = gen.count_completions(partial, n, cap=1)
            if first is None:
                errata.append("excluded_unsolvable")
            else:
                errata.append("gold_corrected")
                gold = [[letters[v] for v in row] for row in first]
        level = _LEVEL_OF_BLANKS.get(blanks) if n == 7 else None
        params = None
        if level is None:  # not one of the original settings: nearest level, real shape recorded
            level = 5
            params = LetterLogicParams(size=n, blanks=blanks)
        return Imported(
            puzzle=build_puzzle(grid, gold),
            answer=format_answer(gold),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question},
        )
