"""pooling: slide an n x n window over an N x N matrix (stride 1) and take max or mean (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction
from typing import Any

from symbench.checkers import pooling as checker
from symbench.errors import DataFormatError
from symbench.generators import pooling as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class PoolingParams(Params):
    size: int = knob(lo=2, hi=20, help="N, the side of the input matrix")
    window: int = knob(lo=1, hi=19, help="n, the side of the sliding window (n < N)")
    pool: str = knob(choices=("max", "average"), help="pooling type")
    value_min: int = knob(-10, lo=-1000, hi=1000, help="smallest matrix entry")
    value_max: int = knob(20, lo=-1000, hi=1000, help="largest matrix entry")

    def check(self) -> str | None:
        if self.window >= self.size:
            return "window must be smaller than size"
        if self.value_min > self.value_max:
            return "value_min must not exceed value_max"
        return None


LADDER = {
    1: (3, 2, "max"),
    2: (4, 2, "max"),
    3: (5, 3, "max"),
    4: (4, 2, "average"),
    5: (5, 3, "average"),
    6: (6, 3, "average"),
    7: (7, 3, "average"),
    8: (8, 3, "average"),
    9: (9, 4, "average"),
    10: (10, 4, "average"),
}
_LEVEL_OF = {spec: lvl for lvl, spec in LADDER.items() if lvl <= 6}


def _puzzle(matrix: list[list[int]], window: int, pool: str) -> dict[str, Any]:
    exact = gen.pool_exact(matrix, window, pool)
    return {
        "matrix": matrix,
        "window": window,
        "stride": 1,
        "pool": pool,
        "gold": [[gen.exact_text(v) for v in row] for row in exact],
        "gold_display": [[gen.display_text(v) for v in row] for row in exact],
    }


def format_answer(gold_display: list[list[str]]) -> str:
    return ", ".join(v for row in gold_display for v in row)


@register
class Pooling(Task):
    name = "pooling"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Max or average pooling of an integer matrix with a sliding window (stride 1, no padding)."
    params_cls = PoolingParams
    ladder = {lvl: {"size": s, "window": w, "pool": p} for lvl, (s, w, p) in LADDER.items()}
    v1_mix = {1: 18, 2: 18, 3: 14, 4: 18, 5: 18, 6: 14}
    override_examples = {
        "size": "7",
        "window": "1",
        "pool": "average",
        "value_min": "-50",
        "value_max": "99",
    }
    original_folders = ("pooling_dataset",)

    def generate(self, params: PoolingParams, rng: random.Random) -> Generated:
        matrix = gen.random_matrix(params.size, params.value_min, params.value_max, rng)
        puzzle = _puzzle(matrix, params.window, params.pool)
        return Generated(puzzle, format_answer(puzzle["gold_display"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        matrix, n, pool = puzzle["matrix"], puzzle["window"], puzzle["pool"]
        size = len(matrix)
        out = size - n + 1
        grid = "\n".join(", ".join(str(v) for v in row) for row in matrix)
        if pool == "max":
            what = (
                "Max pooling: each output value is the largest of the "
                f"{n * n} input values covered by the window."
            )
            values = "Every output value is an integer; write it exactly."
        else:
            what = (
                "Average pooling: each output value is the exact arithmetic mean of the "
                f"{n * n} input values covered by the window (their sum divided by {n * n})."
            )
            values = (
                "Write each output value either exactly (an integer, or a fraction p/q such as 39/4) or "
                "as a decimal rounded to two decimal places (more decimal places are fine), e.g. 9.75 or "
                "8.11 for 73/9."
            )
        return (
            f"Below is a {size} x {size} matrix of integers, one row per line, values separated by "
            f"commas:\n\n{grid}\n\n"
            f"Apply {pool} pooling with a {n} x {n} window, stride 1 and no padding. The window starts "
            "at the top-left corner and moves one column at a time from left to right, then one row "
            f"down, and so on, so the output is a {out} x {out} matrix: output cell (i, j) (rows and "
            "columns counted from 0) pools the window whose top-left input cell is (i, j). "
            f"{what}\n\n"
            f"{values}\n\n"
            f"Give all {out * out} output values in row-major order (the first output row from left to "
            "right, then the second row, and so on), separated by commas, inside triple angle brackets, "
            "for example <<<1, 2.5, -3, 4.25>>> for a 2 x 2 output. "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], instance.puzzle["pool"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        flat = [v for row in instance.puzzle["gold"] for v in row]
        bumped = list(flat)
        bumped[-1] = gen.exact_text(Fraction(flat[-1]) + 1)
        return [", ".join(flat[:-1]), ", ".join(bumped), ", ".join(flat + flat[:1])]

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            matrix = [[int(v) for v in row] for row in solution["matrix"]]
            window = int(solution["window_size"])
            pool = str(solution["pooling_type"])
            stored = [v for row in solution["solution"] for v in row]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        if pool not in ("max", "average") or not matrix or any(len(r) != len(matrix) for r in matrix):
            raise DataFormatError(f"{folder}/{sample_id}: unexpected matrix or pooling type")
        puzzle = _puzzle(matrix, window, pool)
        # The average-pooling questions had no rounding rule and could not be answered under the
        # original integer-only checker: the re-rendered question states the rule.
        errata = ["question_rerendered"] if pool == "average" else []
        level = _LEVEL_OF.get((len(matrix), window, pool))
        params = None
        if level is None:
            level = 6 if pool == "average" else 3
            params = PoolingParams(size=len(matrix), window=window, pool=pool)
        return Imported(
            puzzle=puzzle,
            answer=format_answer(puzzle["gold_display"]),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=", ".join(repr(v) for v in stored),
            extra_meta={"original_question": question},
        )
