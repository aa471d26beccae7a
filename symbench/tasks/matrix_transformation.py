"""matrix_transformation: rotate a character matrix 90 degrees clockwise (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import matrix_transformation as checker
from symbench.errors import DataFormatError
from symbench.generators import matrix_transformation as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class MatrixParams(Params):
    rows: int = knob(lo=1, hi=20, help="rows of the input matrix")
    cols: int = knob(lo=1, hi=20, help="columns of the input matrix")
    alphabet: str = knob(choices=tuple(gen.ALPHABETS), help="cell alphabet")


LADDER = {
    1: (2, 2, "letters"),
    2: (2, 3, "digits"),
    3: (3, 3, "letters"),
    4: (3, 4, "mixed"),
    5: (4, 4, "symbols"),
    6: (5, 5, "mixed"),
    7: (5, 6, "all"),
    8: (6, 7, "all"),
    9: (7, 8, "all"),
    10: (9, 9, "all"),
}
_LEVEL_OF = {(r, c, a): lvl for lvl, (r, c, a) in LADDER.items() if lvl <= 5}


def format_answer(gold: list[list[str]]) -> str:
    return ",".join(c for row in gold for c in row)


@register
class MatrixTransformation(Task):
    name = "matrix_transformation"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Rotate a matrix of single characters 90 degrees clockwise."
    params_cls = MatrixParams
    ladder = {lvl: {"rows": r, "cols": c, "alphabet": a} for lvl, (r, c, a) in LADDER.items()}
    v1_mix = {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    override_examples = {"rows": "6", "cols": "2", "alphabet": "digits"}
    original_folders = ("matrix_transformation_dataset",)

    def generate(self, params: MatrixParams, rng: random.Random) -> Generated:
        matrix = gen.random_matrix(params.rows, params.cols, params.alphabet, rng)
        gold = gen.rotate_clockwise(matrix)
        return Generated({"matrix": matrix, "alphabet": params.alphabet, "gold": gold}, format_answer(gold))

    def render(self, puzzle: dict[str, Any]) -> str:
        matrix = puzzle["matrix"]
        rows, cols = len(matrix), len(matrix[0])
        grid = "\n".join(" ".join(row) for row in matrix)
        return (
            f"Here is a matrix with {rows} row(s) and {cols} column(s); every cell is a single character:\n\n"
            f"{grid}\n\n"
            "Rotate the matrix 90 degrees clockwise. The rotated matrix has "
            f"{cols} row(s) and {rows} column(s): its first row is the first column of the original read "
            "from bottom to top, its second row is the second column read from bottom to top, and so on.\n\n"
            "Give the cells of the rotated matrix in row-major order (the first row from left to right, "
            "then the second row, and so on), separated by commas, inside triple angle brackets, for "
            "example <<<A,B,C,D>>> for a rotated matrix of four cells. Cells are case-sensitive. "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        matrix, gold = instance.puzzle["matrix"], instance.puzzle["gold"]
        flat = [c for row in gold for c in row]
        transposed = [c for row in zip(*matrix) for c in row]
        out = [",".join(flat[:-1]), ",".join(flat + flat[:1])]
        if transposed != flat:
            out.append(",".join(transposed))
        altered = list(flat)
        altered[0] = "!" if altered[0] != "!" else "A"
        out.append(",".join(altered))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            matrix = [[str(c) for c in row] for row in solution["matrix"]]
            stored = [[str(c) for c in row] for row in solution["solution"]]
        except (KeyError, TypeError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        gold = gen.rotate_clockwise(matrix)
        errata = [] if stored == gold else ["gold_corrected"]
        rows, cols = len(matrix), len(matrix[0])
        alphabet = gen.alphabet_of(matrix)
        level = _LEVEL_OF.get((rows, cols, alphabet))
        params = None
        if level is None:  # not one of the original settings: keep the nearest level, record the real shape
            level = 5
            params = MatrixParams(rows=rows, cols=cols, alphabet=alphabet)
        return Imported(
            puzzle={"matrix": matrix, "alphabet": alphabet, "gold": gold},
            answer=format_answer(gold),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=str(solution.get("formatted_solution") or format_answer(stored)),
            extra_meta={"original_question": question},
        )
