"""game_2048 (alias 2048): move one tracked tile through a grid, merging equal values (LogicGame, unseen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import game_2048 as checker
from symbench.errors import DataFormatError
from symbench.generators import game_2048 as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class Game2048Params(Params):
    size: int = knob(lo=2, hi=12, help="grid side n")
    num_moves: int = knob(lo=1, hi=200, help="length of the move string")
    tiles: tuple[int, int] = knob(lo=1, hi=144, help="number of tiles on the grid (range)")
    values: tuple[int, ...] = knob(lo=2, hi=1 << 20, help="tile values to draw from (powers of two)")
    require_change: bool = knob(help="reject walks that leave the grid unchanged")
    min_merges: int = knob(lo=0, hi=50, help="minimum number of merges of the tracked tile")

    def check(self) -> str | None:
        if self.tiles[1] > self.size * self.size:
            return f"tiles {self.tiles[0]}-{self.tiles[1]} do not fit on a {self.size}x{self.size} grid"
        if any(v & (v - 1) for v in self.values):
            return "values must be powers of two"
        if self.min_merges > self.num_moves:
            return "min_merges cannot exceed num_moves"
        return None


_SHAPES = {  # level: (size, num_moves, min_merges)
    1: (2, 2, 0),
    2: (3, 3, 0),
    3: (4, 4, 0),
    4: (5, 5, 0),
    5: (5, 6, 0),
    6: (6, 8, 1),
    7: (6, 10, 1),
    8: (7, 12, 1),
    9: (8, 16, 2),
    10: (10, 20, 2),
}
LADDER = {
    lvl: {
        "size": n,
        "num_moves": m,
        "tiles": [n, 2 * n],
        "values": [2, 4, 8, 16, 32],
        "require_change": True,
        "min_merges": k,
    }
    for lvl, (n, m, k) in _SHAPES.items()
}
_ORIGINAL_LEVEL = {(n, m): lvl for lvl, (n, m, _) in _SHAPES.items() if lvl <= 5}


def format_answer(grid: list[list[int]]) -> str:
    return ", ".join(str(v) for row in grid for v in row)


@register
class Game2048(Task):
    name = "game_2048"
    aliases = ("2048",)
    version = "1.0"
    group = "unseen"
    category = "Execution"
    description = "Move one tracked tile of a 2048 grid step by step, merging equal values; give the grid."
    params_cls = Game2048Params
    ladder = LADDER
    v1_mix = {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    override_examples = {
        "size": "4",
        "num_moves": "7",
        "tiles": "3-4",
        "values": "2,4",
        "require_change": "false",
        "min_merges": "1",
    }
    original_folders = ("2048_dataset",)

    def generate(self, params: Game2048Params, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.size,
            params.num_moves,
            params.tiles,
            params.values,
            params.require_change,
            params.min_merges,
            rng,
        )
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        n = puzzle["size"]
        grid = "\n".join(", ".join(str(v) for v in row) for row in puzzle["grid"])
        row, col = puzzle["start"]
        example_cells = ["0"] * (n * n - 2) + ["2", "4"]
        if [int(v) for v in example_cells] == [v for r in puzzle["gold"] for v in r]:
            example_cells = ["4", "2"] + ["0"] * (n * n - 2)  # never show the answer itself
        example = ", ".join(example_cells)
        return (
            f"Here is a {n}x{n} grid; every cell holds a power of two or 0, and 0 means the cell is empty. "
            "Rows are numbered 1 to "
            f"{n} from top to bottom and columns 1 to {n} from left to right.\n\n"
            f"{grid}\n\n"
            f"Track the tile at (row, column) = ({row}, {col}); this cell holds a number. Move that tile "
            f"according to the move string '{puzzle['moves']}', one cell per letter, in the given order: "
            "'u' moves it up (row - 1), 'd' down (row + 1), 'l' left (column - 1) and 'r' right "
            "(column + 1).\n\n"
            "Only the tracked tile ever moves; all other tiles stay where they are. For each step:\n"
            "- if the destination cell is empty, the tile moves there;\n"
            "- if the destination cell holds the same value as the tile, the two merge into one tile of "
            "double the value in the destination cell, the cell the tile came from becomes empty, and "
            "this merged tile is the tracked tile from then on (it may merge again later);\n"
            "- if the destination cell holds a different value, or lies beyond the edge of the grid, "
            "nothing happens and the tile stays where it is (later steps still apply to it).\n\n"
            "What is the grid after all the moves? Give its "
            f"{n * n} values in row-major order (row 1 from left to right, then row 2, and so on), "
            "separated by commas, inside triple angle brackets, for example "
            f"<<<{example}>>> (this only shows the format). Only the last <<<...>>> block in your reply "
            "is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        puzzle = instance.puzzle
        gold = [v for row in puzzle["gold"] for v in row]
        out = [format_answer([gold[:-1]])]  # one number short
        if puzzle["gold"] != puzzle["grid"]:
            out.append(format_answer(puzzle["grid"]))  # the unchanged input
        altered = list(gold)
        altered[0] = altered[0] + 2 if altered[0] else 2
        out.append(", ".join(str(v) for v in altered))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            grid = [[int(v) for v in row] for row in solution["grid"]]
            r0, c0 = (int(v) for v in solution["start_pos"])
            moves = str(solution["moves"])
            stored = str(solution["solution"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        n = len(grid)
        if n == 0 or any(len(row) != n for row in grid) or not (0 <= r0 < n and 0 <= c0 < n):
            raise DataFormatError(f"{folder}/{sample_id}: grid is not square or start is off the grid")
        if any(m not in gen.STEP for m in moves):
            raise DataFormatError(f"{folder}/{sample_id}: unknown move letter in {moves!r}")
        puzzle = gen.build_puzzle(grid, (r0 + 1, c0 + 1), moves)
        answer = format_answer(puzzle["gold"])
        stored_flat = [int(t) for t in stored.replace("\n", ",").split(",") if t.strip()]
        errata = []
        if stored_flat != [v for row in puzzle["gold"] for v in row]:
            errata.append("gold_corrected")
        if grid[r0][c0] == 0:
            errata.append("excluded_ill_posed")  # the question asks to move a number that is not there
        elif puzzle["gold"] == grid:
            errata.append("degenerate")  # every step is blocked: the answer is the input grid
        level = _ORIGINAL_LEVEL.get((n, len(moves)))
        params = None
        if level is None:
            level = 5
            tiles = sum(1 for row in grid for v in row if v)
            params = Game2048Params(
                size=n,
                num_moves=max(1, len(moves)),
                tiles=(max(1, tiles), max(1, tiles)),
                values=tuple(LADDER[5]["values"]),
                require_change=False,
                min_merges=0,
            )
        return Imported(
            puzzle=puzzle,
            answer=answer,
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=stored,
            extra_meta={"original_question": question},
        )
