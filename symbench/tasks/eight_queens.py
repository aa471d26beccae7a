"""eight_queens: complete an N-queens placement around given queens and blocked cells (LogicGame, unseen)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import eight_queens as checker
from symbench.errors import DataFormatError
from symbench.generators import eight_queens as gen
from symbench.importers.common import find_task_folder, iter_samples
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

MAIN = "eight_queens_dataset"
VARIED = "eight_queens_dataset_varied_complexity"
FOLDERS = (MAIN, "eight_queens_dataset_2", "eight_queens_dataset_hard", VARIED)


@dataclasses.dataclass(frozen=True)
class EightQueensParams(Params):
    size: int = knob(lo=4, hi=30, help="N, the side of the board and the number of queens")
    num_queens: tuple[int, int] = knob(lo=0, hi=29, help="range of the number of pre-placed queens")
    num_blocked: tuple[int, int] = knob(lo=0, hi=400, help="range of the number of blocked cells")
    original_complexity: int = knob(
        lo=0, hi=5, help="accept only min(5, 1 + queens + blocked // 2) equal to this (0: no filter)"
    )

    def check(self) -> str | None:
        if self.num_queens[1] >= self.size:
            return "num_queens must stay below size"
        if self.num_queens[1] + self.num_blocked[1] > self.size * self.size:
            return "more pre-placed queens and blocked cells than cells"
        if self.original_complexity and not any(
            gen.original_complexity(q, b) == self.original_complexity
            for q in range(self.num_queens[0], self.num_queens[1] + 1)
            for b in range(self.num_blocked[0], self.num_blocked[1] + 1)
        ):
            return "no number of queens and blocked cells in range has this original_complexity"
        return None


LADDER = {
    1: (8, (0, 3), (0, 4), 1),
    2: (8, (0, 3), (0, 4), 2),
    3: (8, (0, 3), (0, 4), 3),
    4: (8, (0, 3), (0, 4), 4),
    5: (8, (0, 3), (0, 4), 5),
    6: (10, (1, 3), (2, 4), 0),
    7: (12, (2, 4), (3, 6), 0),
    8: (14, (3, 5), (4, 8), 0),
    9: (16, (4, 6), (6, 10), 0),
    10: (20, (5, 8), (8, 12), 0),
}
_LEVEL_OF_SIZE = {size: lvl for lvl, (size, *_) in LADDER.items() if lvl >= 6}


def format_answer(pairs: list[list[int]]) -> str:
    return ", ".join(f"{r} {c}" for r, c in pairs)


def build_puzzle(size: int, queens: list[list[int]], blocked: list[list[int]], gold: list[list[int]]) -> dict:
    queens = sorted([int(r), int(c)] for r, c in queens)
    blocked = sorted([int(r), int(c)] for r, c in blocked)
    return {
        "size": size,
        "queens": queens,
        "blocked": blocked,
        "board": gen.board_rows(size, queens, blocked),
        "gold": sorted([int(r), int(c)] for r, c in gold),
        "num_solutions": gen.solve(size, queens, blocked).count,
    }


@register
class EightQueens(Task):
    name = "eight_queens"
    version = "1.0"
    group = "unseen"
    category = "Planning"
    description = "Complete an N-queens placement that keeps the given queens and avoids blocked cells."
    params_cls = EightQueensParams
    ladder = {
        lvl: {"size": n, "num_queens": list(q), "num_blocked": list(b), "original_complexity": f}
        for lvl, (n, q, b, f) in LADDER.items()
    }
    v1_mix = {1: 10, 2: 25, 3: 28, 4: 33, 5: 4}
    override_examples = {"size": "9", "num_queens": "1-2", "num_blocked": "2-6", "original_complexity": "3"}
    original_folders = FOLDERS

    def generate(self, params: EightQueensParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.size, params.num_queens, params.num_blocked, params.original_complexity, rng
        )
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        n = puzzle["size"]
        board = "\n".join(puzzle["board"])
        given = len(puzzle["queens"])
        if given == 0:
            keep = "No queen is placed yet"
        elif given == 1:
            keep = "The queen already on the board must stay where it is"
        else:
            keep = f"The {given} queens already on the board must stay where they are"
        return (
            f"Here is a board of {n} x {n} cells. A 1 is a queen that is already placed, a 0 is an empty cell, and "
            "an X is a blocked cell on which no queen may be placed.\n\n"
            f"{board}\n\n"
            f"Place queens so that the board holds {n} queens in total and no two queens attack each "
            "other: no two queens may share a row, a column or a diagonal (in either diagonal direction). "
            f"{keep}, and no queen may stand on an X. If several completions are possible, any one of them is accepted.\n\n"
            "Cells are written as 'row column', both counted from 0: row 0 is the top line of the board "
            "and column 0 is the leftmost character of a line.\n\n"
            f"List the positions of all {n} queens, including the ones already placed, in any order: "
            "row and column separated by a space, pairs separated by commas, inside triple angle "
            "brackets, for example <<<0 3, 1 0, 2 4, ...>>>. Only the last <<<...>>> block in your reply "
            "is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        p = instance.puzzle
        return checker.check(p["size"], p["queens"], p["blocked"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        p = instance.puzzle
        n, gold = p["size"], [list(x) for x in p["gold"]]
        given = {tuple(q) for q in p["queens"]}
        movable = [i for i, (r, c) in enumerate(gold) if (r, c) not in given]
        i, j = movable[-1], (movable[-1] + 1) % n
        dropped = [x for k, x in enumerate(gold) if k != i]  # keeps a given queen or has the wrong count
        same_column = [list(x) for x in gold]
        same_column[i][1] = gold[j][1]  # two queens in one column
        outside = [list(x) for x in gold]
        outside[i][1] = n
        return [
            format_answer(dropped),
            format_answer(same_column),
            format_answer(outside),
            format_answer([*gold, gold[0]]),
        ]

    # ------------------------------------------------------------------ original data
    def import_original(
        self, path: Path, include_excluded: bool = False, subset: str | None = None
    ) -> Iterator[Imported]:
        """Every folder by default (the 8 x 8 sets and the varied-size scaling set); `subset=legacy`
        keeps only `eight_queens_dataset`, the folder the original harness evaluated."""
        if subset not in (None, "legacy"):
            raise DataFormatError(f"unknown subset {subset!r}; known: legacy")
        path = Path(path)
        if path.name.startswith("eight_queens_dataset_complexity"):
            sources = [(path, f"{VARIED}/{path.name}")]
        else:
            sources = []
            for folder in find_task_folder(path, FOLDERS):
                if folder.name == VARIED:
                    subs = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith("eight_"))
                    sources += [(sub, f"{VARIED}/{sub.name}") for sub in subs]
                else:
                    sources.append((folder, folder.name))
        for folder, label in sources:
            if subset == "legacy" and label != MAIN:
                continue
            for _, sample_id, question, solution in iter_samples(folder, [folder.name]):
                item = self.import_sample(label, sample_id, question, solution)
                if include_excluded or not EXCLUDING_ERRATA.intersection(item.errata):
                    yield item

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        where = f"{folder}/{sample_id}"
        try:
            size = int(solution.get("board_size", 8))
            queens = [[int(r), int(c)] for r, c in solution["placed_queens"]]
            blocked = [[int(r), int(c)] for r, c in solution["blocked_positions"]]
            stored = [[int(r), int(c)] for r, c in solution["solution"]]
            complexity = int(solution["complexity"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataFormatError(f"{where}: unexpected solution.json ({exc})") from None
        cells = queens + blocked
        if size < 4 or any(not (0 <= r < size and 0 <= c < size) for r, c in cells) or len(queens) >= size:
            raise DataFormatError(f"{where}: a given cell lies outside the {size} x {size} board")
        errata: list[str] = []
        gold = stored
        stored_ok = not checker.violations(
            size, [tuple(q) for q in queens], [tuple(b) for b in blocked], [tuple(s) for s in stored]
        )
        if not stored_ok:
            result = gen.solve(size, queens, blocked)
            if result.first is None:
                errata.append("excluded_unsolvable")
                gold = stored
            else:
                errata.append("gold_corrected")
                gold = result.first
        q, b = len(queens), len(blocked)
        if size == 8:
            level = complexity if 1 <= complexity <= 5 else gen.original_complexity(q, b)
            oc = gen.original_complexity(q, b)
        else:
            nearest = min(_LEVEL_OF_SIZE, key=lambda s: (abs(s - size), s))
            level, oc = _LEVEL_OF_SIZE[nearest], 0
        params = EightQueensParams(size=size, num_queens=(q, q), num_blocked=(b, b), original_complexity=oc)
        puzzle = build_puzzle(size, queens, blocked, gold)
        return Imported(
            puzzle=puzzle,
            answer=format_answer(puzzle["gold"]),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question},
        )
