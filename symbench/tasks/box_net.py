"""box_net: agents on a grid move coloured boxes onto same-colour targets (CodeSteer BoxNet1, seen,
Planning). Partial credit (C4a): score = delivered fraction of the boxes, `correct` = full success.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import box_net as checker
from symbench.errors import DataFormatError
from symbench.generators import box_net as gen
from symbench.importers.common import find_task_folder, iter_config_items, read_json
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class BoxNetParams(Params):
    rows: int = knob(lo=1, hi=10, help="grid rows")
    cols: int = knob(lo=1, hi=10, help="grid columns")
    n_colours: int = knob(lo=1, hi=len(gen.PALETTE), help="number of box colours")
    boxes_min: int = knob(lo=1, hi=6, help="fewest boxes per colour")
    boxes_max: int = knob(lo=1, hi=6, help="most boxes per colour")
    list_actions: bool = knob(help="list every agent's legal first-step actions in the question")

    def check(self) -> str | None:
        if self.rows * self.cols < 2:
            return "the grid needs at least two squares (a box must be able to travel)"
        if self.boxes_min > self.boxes_max:
            return "boxes_min is above boxes_max"
        return None


LADDER: dict[int, tuple[int, int, int, int, int]] = {
    1: (1, 2, 3, 1, 1),
    2: (1, 2, 5, 1, 3),
    3: (2, 2, 5, 1, 3),
    4: (2, 3, 5, 1, 3),
    5: (2, 4, 5, 1, 3),
    6: (3, 4, 5, 1, 3),
    7: (4, 4, 5, 1, 3),
    8: (4, 6, 5, 1, 3),
    9: (4, 8, 5, 1, 3),
    10: (6, 8, 7, 2, 4),
}
_TEST_LEVEL = {(1, 2): 2, (2, 2): 3, (2, 4): 5, (4, 4): 7, (4, 8): 9}
LEGACY_GRIDS = ((1, 2), (2, 2), (2, 4))
_GRID = re.compile(r"^env_pg_state_(\d+)_(\d+)$")
_ITEM = re.compile(r"^pg_state(\d+)$")
_SQUARE_KEY = re.compile(r"^\s*(\d+)\.5\s*_\s*(\d+)\.5\s*$")
_ITEM_NAME = re.compile(r"^(box|target)_([a-z]+)$")


def _train_level(rows: int, cols: int, n_colours: int) -> int:
    """Training-only grids: the ladder level with the nearest grid (then colour count, then lower level)."""
    return min(
        LADDER,
        key=lambda lvl: (
            abs(LADDER[lvl][0] - rows) + abs(LADDER[lvl][1] - cols),
            abs(LADDER[lvl][2] - n_colours),
            lvl,
        ),
    )


def legal_actions(puzzle: dict[str, Any], r: int, c: int, items: list[str]) -> list[str]:
    """An agent's legal actions in the initial state: each box colour's moves to in-grid neighbours
    (up, left, right, down) and its delivery when a same-colour target is present."""
    rows, cols = puzzle["rows"], puzzle["cols"]
    seen: list[str] = []
    for it in items:
        if it.startswith("box_") and it[4:] not in seen:
            seen.append(it[4:])
    out = []
    for colour in seen:
        for nr, nc in ((r - 1, c), (r, c - 1), (r, c + 1), (r + 1, c)):
            if 0 <= nr < rows and 0 <= nc < cols:
                out.append(f"move(box_{colour}, {gen.square_name(nr, nc)})")
        if "target_" + colour in items:
            out.append(f"move(box_{colour}, target_{colour})")
    return out


@register
class BoxNet(Task):
    name = "box_net"
    aliases = ("boxnet",)
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Plan synchronous agent actions on a grid that carry coloured boxes onto their targets."
    params_cls = BoxNetParams
    ladder = {
        lvl: {"rows": r, "cols": c, "n_colours": k, "boxes_min": lo, "boxes_max": hi, "list_actions": True}
        for lvl, (r, c, k, lo, hi) in LADDER.items()
    }
    v1_mix = {2: 33, 3: 33, 5: 34}
    override_examples = {
        "rows": "3",
        "cols": "3",
        "n_colours": "4",
        "boxes_min": "2",
        "boxes_max": "4",
        "list_actions": "false",
    }
    original_folders = ("BoxNet1_dataset", "BoxNet1_dataset_SFT")

    def generate(self, params: BoxNetParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.rows,
            params.cols,
            params.n_colours,
            (params.boxes_min, params.boxes_max),
            params.list_actions,
            rng,
        )
        return Generated(puzzle, gen.format_plan(puzzle["witness"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        rows, cols = puzzle["rows"], puzzle["cols"]
        contents = []
        actions = []
        for entry in puzzle["squares"]:
            x, y = entry["square"]
            r, c = int(x - 0.5), int(y - 0.5)
            name = gen.square_name(r, c)
            contents.append(f"  {name}: {', '.join(entry['items']) if entry['items'] else '(empty)'}")
            if puzzle["list_actions"]:
                legal = legal_actions(puzzle, r, c, entry["items"])
                actions.append(
                    f"  {gen.agent_key(r, c)}: [{', '.join(legal)}]"
                    if legal
                    else f"  {gen.agent_key(r, c)}: []"
                )
        listing = ""
        if puzzle["list_actions"]:
            listing = (
                "Legal actions of each agent in the initial state (they change as boxes move):\n"
                + "\n".join(actions)
                + "\n\n"
            )
        return (
            f"A grid of {rows} row(s) by {cols} column(s) of unit squares has one agent in every square. "
            "Square [x, y] is the square in row x - 0.5 and column y - 0.5 (both counted from 0), and its "
            "agent is called Agent[x, y]. Two squares are adjacent when their coordinates differ by exactly "
            "1 in exactly one of the two coordinates.\n\n"
            "The squares hold coloured boxes and coloured targets (an item may appear several times):\n"
            + "\n".join(contents)
            + "\n\n"
            "Actions (an agent can only act on items in its own square):\n"
            "- move(box_<colour>, square[x, y]) moves one box of that colour from the agent's square to an "
            "adjacent square inside the grid;\n"
            "- move(box_<colour>, target_<colour>) puts one box of that colour onto a target of the same "
            "colour in the agent's square; the box and the target both disappear.\n"
            "Targets never move.\n\n"
            "The plan runs in steps. In each step every agent performs at most one action. All actions of a "
            "step act on the state at the start of the step, and their effects appear only at its end, so a "
            "box moved into a square cannot be used there before the next step.\n\n"
            + listing
            + "Goal: put every box onto a target of its own colour. Scoring: the plan is carried out step by "
            "step; an invalid action is not carried out. Your score is the fraction of boxes delivered; full "
            "success needs a plan without invalid actions that delivers every box.\n\n"
            "Answer with a JSON list containing one object per step; each object maps agent names to action "
            "strings, and an agent with nothing to do is left out. Put the list inside triple angle "
            "brackets, for example:\n"
            '<<<[{"Agent[0.5, 0.5]": "move(box_red, square[0.5, 1.5])"}, '
            '{"Agent[0.5, 1.5]": "move(box_red, target_red)"}]>>>\n'
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle, content)

    def corruptions(self, instance: Instance) -> list[str]:
        """Each keeps fewer delivery actions than boxes, so at least one box stays undelivered."""
        plan = [dict(step) for step in instance.puzzle["witness"]]
        out = [gen.format_plan(plan[:-1])]  # the last step always delivers
        first = next(k for k, step in enumerate(plan) for v in step.values() if "target_" in v)
        trimmed = [dict(step) for step in plan]
        key = next(a for a, v in trimmed[first].items() if "target_" in v)
        del trimmed[first][key]
        out.append(gen.format_plan(trimmed))
        out.append("[{}]")
        return out

    # ------------------------------------------------------------------ original data
    def import_original(
        self, path: Path, include_excluded: bool = False, subset: str | None = None
    ) -> Iterator[Imported]:
        """`BoxNet1_dataset[_SFT]/env_pg_state_{R}_{C}/pg_state{i}/pg_state{i}.json`; `subset="legacy"`
        keeps the 30 items the original evaluated (grids 1x2, 2x2 and 2x4)."""
        if subset not in (None, "legacy"):
            raise DataFormatError(f"unknown subset {subset!r}; known: legacy")
        for folder in find_task_folder(path, self.original_folders):
            train = folder.name.endswith("_SFT")
            if subset == "legacy" and train:
                continue
            for (rows, cols), index, child in iter_config_items(
                folder, _GRID, _ITEM, lambda child: f"{child.name}.json"
            ):
                if subset == "legacy" and (rows, cols) not in LEGACY_GRIDS:
                    continue
                item = self._import_item(folder.name, child, rows, cols, index, train)
                if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                    continue
                yield item

    def _import_item(
        self, folder: str, child: Path, rows: int, cols: int, index: int, train: bool
    ) -> Imported:
        where = f"{folder}/{child.parent.name}/{child.name}"
        data = read_json(child / f"{child.name}.json")
        if not isinstance(data, dict):
            raise DataFormatError(f"{where}: expected a JSON object of squares")
        squares: list[list[str]] = [[] for _ in range(rows * cols)]
        for key, value in data.items():
            m = _SQUARE_KEY.match(str(key))
            if not m or not isinstance(value, list):
                raise DataFormatError(f"{where}: unexpected square {key!r}")
            r, c = int(m.group(1)), int(m.group(2))
            if not (0 <= r < rows and 0 <= c < cols):
                raise DataFormatError(f"{where}: square {key!r} lies outside the {rows}x{cols} grid")
            for it in value:
                if not isinstance(it, str) or not _ITEM_NAME.match(it):
                    raise DataFormatError(f"{where}: unexpected item {it!r}")
            squares[r * cols + c] = list(value)
        counts = Counter(it for s in squares for it in s)
        colours = sorted({it.split("_", 1)[1] for it in counts})
        errata: list[str] = []
        if any(counts["box_" + c] > counts["target_" + c] for c in colours):
            errata.append("excluded_unsolvable")  # more boxes than targets of a colour: none in the data
            puzzle = {
                "rows": rows,
                "cols": cols,
                "squares": [
                    {"square": [r + 0.5, c + 0.5], "items": squares[r * cols + c]}
                    for r in range(rows)
                    for c in range(cols)
                ],
                "colours": gen.colour_order(set(colours)),
                "n_boxes": sum(counts["box_" + c] for c in colours),
                "list_actions": True,
                "witness": [],
            }
        else:
            puzzle = gen.build_puzzle(rows, cols, squares, True)
        if train:
            level = _train_level(rows, cols, len(colours))
        else:
            level = _TEST_LEVEL.get((rows, cols)) or _train_level(rows, cols, len(colours))
        base = self.ladder[level]
        per_colour = [counts["box_" + c] for c in colours if counts["box_" + c]] or [1]
        params = BoxNetParams(
            rows=rows,
            cols=cols,
            n_colours=max(1, min(len(colours), len(gen.PALETTE))),
            boxes_min=max(1, min(base["boxes_min"], min(per_colour))),
            boxes_max=min(6, max(base["boxes_max"], max(per_colour))),
            list_actions=True,
        )
        extra: dict[str, Any] = {"original_data": json.dumps(data, separators=(",", ":"))}
        if train:
            extra["split"] = "train"
        elif (rows, cols) in LEGACY_GRIDS:
            extra["subsets"] = ["legacy"]
        return Imported(
            puzzle=puzzle,
            answer=gen.format_plan(puzzle["witness"]),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            extra_meta=extra,
        )
