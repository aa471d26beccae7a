"""reversi: apply listed Reversi moves to a shown position and report the final board (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import reversi as checker
from symbench.errors import DataFormatError
from symbench.generators import reversi as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

COLOUR = {"0": "black (0)", "1": "white (1)"}


@dataclasses.dataclass(frozen=True)
class ReversiParams(Params):
    size: int = knob(lo=4, hi=12, help="n, the side of the board (even)")
    num_moves: int = knob(lo=1, hi=140, help="moves listed in the question")
    prefix_moves: int = knob(lo=0, hi=139, help="hidden moves played from the opening first")

    def check(self) -> str | None:
        if self.size % 2:
            return "size must be even"
        if self.num_moves + self.prefix_moves > self.size * self.size - 4:
            return "num_moves + prefix_moves exceeds the number of empty cells of the opening"
        return None


LADDER = {
    1: (4, 1, 0),
    2: (4, 2, 0),
    3: (6, 2, 0),
    4: (4, 3, 0),
    5: (6, 3, 0),
    6: (6, 4, 2),
    7: (8, 4, 4),
    8: (8, 6, 8),
    9: (8, 8, 12),
    10: (8, 12, 16),
}
_LEVEL_OF = {(s, m): lvl for lvl, (s, m, p) in LADDER.items() if lvl <= 5}


def format_answer(board: list[str]) -> str:
    return ",".join(ch for row in board for ch in row)


@register
class Reversi(Task):
    name = "reversi"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Apply a list of Reversi (Othello) moves with captures and report the final board."
    params_cls = ReversiParams
    ladder = {lvl: {"size": s, "num_moves": m, "prefix_moves": p} for lvl, (s, m, p) in LADDER.items()}
    v1_mix = {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    override_examples = {"size": "10", "num_moves": "5", "prefix_moves": "3"}
    original_folders = ("reversi_dataset",)

    def generate(self, params: ReversiParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.size, params.num_moves, params.prefix_moves, rng)
        return Generated(puzzle, format_answer(puzzle["gold_board"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        n = puzzle["size"]
        board = "\n".join(puzzle["start_board"])
        moves = "\n".join(
            f"Move {i}: {COLOUR[m['player']]} plays ({m['row']}, {m['col']})"
            for i, m in enumerate(puzzle["moves"], 1)
        )
        example = ",".join(["*"] * (n * n))
        return (
            f"This is a game of Reversi (Othello) on a {n} x {n} board. In the board below, 0 is a black "
            "piece, 1 is a white piece and * is an empty cell. The board shows the position BEFORE the "
            "moves listed afterwards.\n\n"
            f"{board}\n\n"
            "Cells are written (row, column), counted from 1: row 1 is the top line and column 1 is the "
            "leftmost character of a line.\n\n"
            "The following moves are played in this order. Every listed move is legal and nobody "
            f"passes.\n{moves}\n\n"
            "Capture rule: after a piece is placed on an empty cell, look from it in each of the 8 "
            "directions (left, right, up, down and the four diagonals). If the cells next to the new "
            "piece in a direction form an unbroken line of one or more opponent pieces that is "
            "immediately followed by a piece of the mover's own colour, every piece of that line flips "
            "to the mover's colour. All 8 directions are resolved at once from the new piece; flipped "
            "pieces do not cause further flips, and a line that runs into an empty cell or the edge of "
            "the board before reaching a piece of the mover's colour flips nothing.\n\n"
            f"Give the board after the last listed move as its {n * n} cells (each *, 0 or 1) in "
            "row-major order (the top row from left to right, then the next row, and so on), separated "
            f"by commas, inside triple angle brackets, for example <<<{example}>>> would be an empty "
            "board. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold_board"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = "".join(instance.puzzle["gold_board"])
        start = "".join(instance.puzzle["start_board"])
        swapped = gold.translate(str.maketrans("01", "10"))
        return [",".join(gold[:-1]), ",".join(start), ",".join(swapped), ",".join(gold.replace("0", "B"))]

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            n = int(solution["board_size"])
            coords = [(int(r), int(c)) for r, c in solution["moves"]]
            stored = str(solution["solution"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        if n < 4 or n % 2 or not coords:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected board size or no moves")
        moves = [{"player": "01"[i % 2], "row": r, "col": c} for i, (r, c) in enumerate(coords)]
        start = gen.as_rows(gen.opening(n))
        # Every stored question showed the board after the moves: the question is re-rendered with the
        # opening position before them.
        errata = ["question_rerendered"]
        result = gen.replay(n, moves)
        if result is None:
            errata.append("excluded_ill_posed")  # an illegal move: the game cannot be replayed
            gold, flips = start, []
        else:
            gold, flips = result
            if format_answer(gold) != stored.replace(" ", ""):
                errata.append("gold_corrected")
        level = _LEVEL_OF.get((n, len(moves)))
        params = None
        if level is None:
            level = 5
            params = ReversiParams(size=n, num_moves=len(moves), prefix_moves=0)
        puzzle = {
            "size": n,
            "start_board": start,
            "moves": moves,
            "prefix_moves": [],
            "gold_board": gold,
            "flips": flips,
        }
        return Imported(
            puzzle=puzzle,
            answer=format_answer(gold),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=stored,
            extra_meta={"original_question": question},
        )
