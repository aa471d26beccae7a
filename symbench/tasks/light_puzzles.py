"""light_puzzles: buttons toggle fixed sets of lights; report the grid after a press sequence
(LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import light_puzzles as checker
from symbench.errors import DataFormatError
from symbench.generators import light_puzzles as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class LightParams(Params):
    size: int = knob(lo=2, hi=12, help="n, the side of the grid")
    num_buttons: int = knob(lo=1, hi=26, help="number of buttons (letters A, B, ...)")
    num_presses: int = knob(lo=1, hi=100, help="number of presses")
    cells_per_button: tuple[int, int] = knob(lo=1, hi=144, help="range of the number of cells per button")
    require_change: bool = knob(True, help="redraw when the final grid equals the initial grid")

    def check(self) -> str | None:
        if self.cells_per_button[1] > self.size * self.size:
            return "cells_per_button cannot exceed the number of cells"
        return None


LADDER = {
    1: (2, 1, 1),
    2: (3, 2, 2),
    3: (4, 2, 3),
    4: (4, 3, 3),
    5: (5, 3, 4),
    6: (5, 4, 6),
    7: (6, 4, 8),
    8: (7, 5, 10),
    9: (8, 6, 12),
    10: (10, 8, 16),
}
_LEVEL_OF = {spec: lvl for lvl, spec in LADDER.items() if lvl <= 5}


def format_answer(gold: list[int]) -> str:
    return ",".join(str(v) for v in gold)


@register
class LightPuzzles(Task):
    name = "light_puzzles"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Simulate button presses that toggle fixed sets of lights and report the final grid."
    params_cls = LightParams
    ladder = {
        lvl: {
            "size": n,
            "num_buttons": b,
            "num_presses": p,
            "cells_per_button": (2, max(2, n * n // 2)),
            "require_change": True,
        }
        for lvl, (n, b, p) in LADDER.items()
    }
    v1_mix = {1: 7, 2: 7, 3: 7, 4: 4, 5: 75}
    override_examples = {
        "size": "6",
        "num_buttons": "5",
        "num_presses": "9",
        "cells_per_button": "1-3",
        "require_change": "false",
    }
    original_folders = ("light_puzzles_dataset",)

    def generate(self, params: LightParams, rng: random.Random) -> Generated:
        initial, buttons, presses, final = gen.generate(
            params.size,
            params.num_buttons,
            params.num_presses,
            params.cells_per_button,
            params.require_change,
            rng,
        )
        puzzle = {
            "size": params.size,
            "initial": initial,
            "buttons": buttons,
            "presses": presses,
            "gold": final,
        }
        return Generated(puzzle, format_answer(final))

    def render(self, puzzle: dict[str, Any]) -> str:
        n = puzzle["size"]
        grid = "\n".join("".join(str(v) for v in row) for row in puzzle["initial"])
        buttons = "\n".join(
            f"Button {letter}: " + ", ".join(f"({r}, {c})" for r, c in cells)
            for letter, cells in sorted(puzzle["buttons"].items())
        )
        presses = "\n".join(f"Round {i}: press button {b}" for i, b in enumerate(puzzle["presses"], 1))
        return (
            f"A {n} x {n} grid of lights is shown below, one row per line (1 = on, 0 = off):\n\n"
            f"{grid}\n\n"
            f"There are {len(puzzle['buttons'])} button(s). Each button is wired to the cells listed "
            "for it, written as (row, column) pairs counted from 1: row 1 is the top row and column 1 "
            "is the leftmost column.\n\n"
            f"{buttons}\n\n"
            "Pressing a button toggles every light wired to it: a light that is on turns off and a light "
            "that is off turns on. Lights not wired to the pressed button do not change. A cell may be "
            "wired to several buttons, and pressing the same button twice restores its lights.\n\n"
            f"The buttons are pressed in this order, one press per round:\n{presses}\n\n"
            f"Give the grid after the last press as {n * n} values 0 or 1 in row-major order (the top "
            "row from left to right, then the next row, and so on), separated by commas, inside triple "
            f"angle brackets, for example <<<{','.join(['0'] * (n * n))}>>> would be a grid with every "
            "light off. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = instance.puzzle["gold"]
        flipped = list(gold)
        flipped[0] ^= 1
        start = [v for row in instance.puzzle["initial"] for v in row]
        out = [format_answer(gold[:-1]), format_answer(flipped)]
        if start != gold:
            out.append(format_answer(start))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            n = int(solution["n"])
            initial = [[int(v) for v in row] for row in solution["initial_state"]]
            buttons = {
                str(k): [[int(r), int(c)] for r, c in cells] for k, cells in solution["buttons"].items()
            }
            presses = [str(p) for p in solution["operations"]]
            stored = [int(v) for v in solution["solution"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        if (
            len(initial) != n
            or any(len(row) != n for row in initial)
            or any(p not in buttons for p in presses)
        ):
            raise DataFormatError(f"{folder}/{sample_id}: grid or presses do not match n and the buttons")
        if any(not (1 <= r <= n and 1 <= c <= n) for cells in buttons.values() for r, c in cells):
            raise DataFormatError(f"{folder}/{sample_id}: a button cell is outside the grid")
        final = gen.simulate(initial, buttons, presses)
        errata = [] if final == stored else ["gold_corrected"]
        level = _LEVEL_OF.get((n, len(buttons), len(presses)))
        params = None
        if level is None:
            level = 5
            most = max(len(c) for c in buttons.values())
            least = min(len(c) for c in buttons.values())
            params = LightParams(
                size=n,
                num_buttons=len(buttons),
                num_presses=len(presses),
                cells_per_button=(least, most),
                require_change=final != [v for row in initial for v in row],
            )
        return Imported(
            puzzle={"size": n, "initial": initial, "buttons": buttons, "presses": presses, "gold": final},
            answer=format_answer(final),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta={"original_question": question},
        )
