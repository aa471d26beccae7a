"""path_plan: plan a waypoint path through coloured regions in a walled arena (CodeSteer, seen,
Planning). The original's 140 hand-written items ship with symbench as `path_plan_legacy.json`."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import path_plan as checker
from symbench.errors import DataFormatError, SymbenchError
from symbench.generators import path_plan as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

LEGACY_FILE = Path(__file__).with_name("path_plan_legacy.json")
LEGACY_LEVEL = {0: 3, 3: 3, 1: 4, 2: 4, 5: 4, 6: 5, 7: 5, 9: 5, 4: 6, 8: 6}
WALLS = ((-1.5, -1.4, -1.5, 1.5), (1.4, 1.5, -1.5, 1.5), (-1.5, 1.5, -1.5, -1.4), (-1.5, 1.5, 1.4, 1.5))
MAX_SIZE = 2 * gen.GRID / gen.UNITS  # 2.7: a rectangle must fit inside [-1.35, 1.35]


@dataclasses.dataclass(frozen=True)
class PathPlanParams(Params):
    n_regions: int = knob(lo=1, hi=len(gen.COLOURS), help="number of coloured regions")
    shapes: tuple[str, ...] = knob(help="comma list of r:f (required : forbidden count, f may be 'rest')")
    ordered_prob: float = knob(
        lo=0.0, hi=1.0, help="probability that 2+ required regions must be visited in order"
    )
    clearance: float = knob(lo=0.0, hi=1.0, help="minimum gap between regions (multiple of 0.05)")
    size_min: float = knob(lo=0.05, hi=MAX_SIZE, help="smallest region side (multiple of 0.05)")
    size_max: float = knob(lo=0.05, hi=MAX_SIZE, help="largest region side (multiple of 0.05)")
    min_start_end: float = knob(lo=0.0, hi=3.8, help="minimum distance between start and end")

    def check(self) -> str | None:
        for name in ("clearance", "size_min", "size_max"):
            try:
                gen.to_units(getattr(self, name))
            except ValueError:
                return f"{name} must be a multiple of 0.05"
        if self.size_min > self.size_max:
            return "size_min is above size_max"
        for shape in self.shapes:
            try:
                r, f = gen.parse_shape(shape)
            except ValueError:
                return f"shapes: {shape!r} is not of the form r:f (f an integer or 'rest')"
            if r < 1 or (f is not None and f < 0):
                return f"shapes: {shape!r} needs at least one required region and f >= 0"
            if r + (f or 0) > self.n_regions:
                return f"shapes: {shape!r} needs more than n_regions={self.n_regions} regions"
        return None


LADDER: dict[int, tuple[int, tuple[str, ...], float, float, float, float, float]] = {
    1: (3, ("1:0",), 0.0, 0.15, 0.30, 0.60, 1.0),
    2: (5, ("2:0",), 0.0, 0.15, 0.30, 0.60, 1.5),
    3: (7, ("2:0",), 0.8, 0.10, 0.30, 0.80, 1.5),
    4: (7, ("4:0", "4:1", "2:1"), 0.8, 0.10, 0.30, 0.80, 1.5),
    5: (7, ("2:3", "3:1"), 0.8, 0.10, 0.30, 0.80, 1.5),
    6: (7, ("1:rest", "3:rest"), 0.8, 0.10, 0.30, 0.80, 1.5),
    7: (8, ("4:2", "4:3"), 1.0, 0.10, 0.30, 0.90, 2.0),
    8: (9, ("4:3", "5:4"), 1.0, 0.10, 0.30, 0.90, 2.0),
    9: (10, ("5:rest",), 1.0, 0.10, 0.25, 0.90, 2.5),
    10: (12, ("6:rest",), 1.0, 0.10, 0.25, 1.00, 2.5),
}
_KNOBS = ("n_regions", "shapes", "ordered_prob", "clearance", "size_min", "size_max", "min_start_end")


def _num(value: Any) -> str:
    return repr(float(value))


def _rect_text(rect: Any) -> str:
    return "(" + ", ".join(_num(v) for v in rect) + ")"


def _names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


@register
class PathPlan(Task):
    name = "path_plan"
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Give waypoints of a path that enters and avoids coloured rectangles as instructed."
    params_cls = PathPlanParams
    ladder = {lvl: dict(zip(_KNOBS, values)) for lvl, values in LADDER.items()}
    v1_mix = {3: 20, 4: 30, 5: 30, 6: 20}
    override_examples = {
        "n_regions": "6",
        "shapes": "3:1",
        "ordered_prob": "0.5",
        "clearance": "0.2",
        "size_min": "0.4",
        "size_max": "0.5",
        "min_start_end": "1.2",
    }
    # No original data folder: the 140 legacy items are package data; the marker names that file.
    original_folders = (LEGACY_FILE.name,)

    def generate(self, params: PathPlanParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.n_regions,
            [gen.parse_shape(s) for s in params.shapes],
            params.ordered_prob,
            gen.to_units(params.clearance),
            (gen.to_units(params.size_min), gen.to_units(params.size_max)),
            params.min_start_end * gen.UNITS,
            rng,
        )
        return Generated(puzzle, self.witness_answer(puzzle))

    @staticmethod
    def witness_answer(puzzle: dict[str, Any]) -> str:
        return "[" + ", ".join(f"({_num(x)}, {_num(y)})" for x, y in puzzle["witness"]) + "]"

    def render(self, puzzle: dict[str, Any]) -> str:
        regions = "\n".join(f"  {r['name']}: {_rect_text(r['rect'])}" for r in puzzle["regions"])
        walls = ", ".join(_rect_text(w) for w in WALLS)
        start = f"({_num(puzzle['start'][0])}, {_num(puzzle['start'][1])})"
        end = f"({_num(puzzle['end'][0])}, {_num(puzzle['end'][1])})"
        required, forbidden = puzzle["required"], puzzle["forbidden"]
        if len(required) == 1:
            enter = f"The path must enter the {required[0]} region at least once."
        elif puzzle["ordered"]:
            enter = (
                f"The path must enter the regions {_names(required)} in this order: there must be moments "
                "t1 <= t2 <= ... along the path at which the robot is inside the first, the second, ... of "
                "these regions respectively (equal moments are allowed where regions touch). The path may "
                "pass through other allowed regions and may leave and re-enter regions at any time."
            )
        else:
            enter = f"The path must enter each of the regions {_names(required)} at least once, in any order."
        if forbidden:
            avoid = (
                f"The path must never enter the forbidden region(s) {_names(forbidden)}, not even touch "
                "their boundary or a corner."
            )
        else:
            avoid = "No region is forbidden."
        return (
            "A point robot moves in the square arena [-1.5, 1.5] x [-1.5, 1.5]. Rectangles are written "
            "(x_start, x_end, y_start, y_end). The arena is enclosed by four walls: "
            f"{walls}. The robot must never touch a wall: every point of its path must satisfy "
            "-1.4 < x < 1.4 and -1.4 < y < 1.4 (strict inequalities).\n\n"
            f"The arena contains these coloured regions:\n{regions}\n\n"
            f"The robot starts at {start} and must finish at {end}.\n\n"
            "You give the path as a list of waypoints; the robot moves along the straight segment between "
            "each waypoint and the next. The first waypoint must be the start point and the last waypoint "
            "the end point. Every point of every segment counts, not only the waypoints.\n\n"
            "The robot enters a region when some point of its path lies in the closed rectangle; touching the "
            "boundary or a corner counts as entering.\n"
            f"- {enter}\n- {avoid}\n"
            "- Regions that are neither required nor forbidden may be crossed freely.\n\n"
            "Answer with the list of waypoints as decimal numbers, at most 1000 of them, inside triple angle "
            "brackets, in the form <<<[(x0, y0), (x1, y1), ...]>>>. Only the last <<<...>>> block in your "
            "reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle, content)

    def corruptions(self, instance: Instance) -> list[str]:
        p = instance.puzzle
        witness = [(_num(x), _num(y)) for x, y in p["witness"]]
        sx, sy = (_num(v) for v in p["start"])
        ex, ey = (_num(v) for v in p["end"])
        out = [
            "[" + ", ".join(f"({x}, {y})" for x, y in witness[1:]) + "]",  # does not begin at the start
            f"[({sx}, {sy}), ({ex}, {ey})]",  # the straight segment never satisfies the instruction
            f"[({sx}, {sy}), (1.4, {sy}), ({ex}, {ey})]",  # touches the east wall
        ]
        return out

    # ------------------------------------------------------------------ legacy items
    def import_original(
        self,
        path: Path | None = None,
        include_excluded: bool = False,
        legacy_order: str = "as_written",
        subset: str | None = None,
    ) -> Iterator[Imported]:
        """The original 140 items from the bundled table (the original release had no data files, so
        `path` is not read). `legacy_order="none"` makes every item unordered, which is what the
        original checker actually tested. All 140 were evaluated, so `subset="legacy"` keeps them all."""
        if legacy_order not in ("as_written", "none"):
            raise SymbenchError("legacy_order must be 'as_written' or 'none'")
        if subset not in (None, "legacy"):
            raise SymbenchError(f"unknown subset {subset!r}; known: legacy")
        try:
            table = json.loads(LEGACY_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataFormatError(f"{LEGACY_FILE}: unreadable ({exc})") from None
        for env in table["environments"]:
            for instr in table["instructions"]:
                item = self._legacy_item(env, instr, legacy_order)
                if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                    continue
                yield item

    def _legacy_item(self, env: dict[str, Any], instr: dict[str, Any], legacy_order: str) -> Imported:
        e, i = env["env"], instr["instruction"]
        regions = [(r["name"], tuple(gen.to_units(v) for v in r["rect"])) for r in env["regions"]]
        names = [n for n, _ in regions]
        required = list(instr["required"])
        if instr["forbidden"] == "rest":
            forbidden = [n for n in names if n not in required]
        else:
            forbidden = list(instr["forbidden"])
        ordered = (
            legacy_order == "as_written" and instr["order_as_written"] == "sequence" and len(required) > 1
        )
        start = tuple(gen.to_units(v) for v in env["start"])
        end = tuple(gen.to_units(v) for v in env["end"])
        puzzle = gen.build_puzzle(regions, start, end, required, ordered, forbidden)
        if puzzle is None:
            raise DataFormatError(f"path_plan legacy env {e} instruction {i}: no path under symbench's rules")
        # keep the table's exact rectangles (they equal the unit conversions) and mark the origin
        puzzle["legacy"] = {"env": e, "instruction": i}
        errata = ["duplicate_item"] if instr.get("duplicate_of") is not None else []
        return Imported(
            puzzle=puzzle,
            answer=self.witness_answer(puzzle),
            complexity=LEGACY_LEVEL[i],
            key=f"path_plan_legacy/env{e:02d}_instruction{i}",
            errata=errata,
            extra_meta={"subsets": ["legacy"], "legacy_order": legacy_order},
        )
