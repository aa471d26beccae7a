"""box_lift: plan team lifts of weighted boxes within a step budget (CodeSteer, seen, Planning).

Partial credit (C4a): score = lifted fraction of the total weight, `correct` = full success.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import box_lift as checker
from symbench.errors import DataFormatError
from symbench.generators import box_lift as gen
from symbench.importers.common import find_task_folder, iter_config_items, read_json
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class BoxLiftParams(Params):
    n_boxes: int = knob(lo=1, hi=300, help="number of boxes")
    n_lifters: int = knob(lo=1, hi=60, help="number of lifters")
    weight_min: int = knob(lo=1, hi=100_000, help="lightest possible box")
    weight_max: int = knob(lo=1, hi=100_000, help="heaviest possible box")
    cap_min: int = knob(lo=1, hi=100_000, help="weakest possible lifter")
    cap_max: int = knob(lo=1, hi=100_000, help="strongest possible lifter")
    budget_mode: str = knob(
        choices=("greedy", "tight"), help="step budget: greedy index order, or best of 32"
    )

    def check(self) -> str | None:
        if self.weight_min > self.weight_max:
            return "weight_min is above weight_max"
        if self.cap_min > self.cap_max:
            return "cap_min is above cap_max"
        if self.weight_min > self.n_lifters * self.cap_max:
            return "every box would outweigh all lifters together"
        return None


LADDER: dict[int, tuple[int, int, int, int, int, int, str]] = {
    1: (6, 2, 10, 60, 30, 60, "greedy"),
    2: (10, 3, 10, 100, 40, 80, "greedy"),
    3: (15, 4, 20, 200, 30, 120, "greedy"),
    4: (20, 5, 30, 300, 40, 160, "greedy"),
    5: (25, 6, 40, 400, 50, 200, "greedy"),
    6: (30, 7, 50, 500, 60, 240, "greedy"),
    7: (40, 8, 50, 600, 60, 280, "greedy"),
    8: (50, 10, 60, 800, 70, 320, "greedy"),
    9: (60, 12, 80, 1000, 80, 400, "tight"),
    10: (80, 15, 100, 1500, 100, 500, "tight"),
}
_KNOBS = ("n_boxes", "n_lifters", "weight_min", "weight_max", "cap_min", "cap_max", "budget_mode")
_TEST_LEVEL = {(10, 3): 2, (15, 4): 3, (20, 5): 4, (25, 6): 5}
_LEVEL_BY_BOXES = {10: 2, 15: 3, 20: 4, 25: 5}
_CONFIG = re.compile(r"^BoxLift_(\d+)_(\d+)$")
_ITEM = re.compile(r"^BoxLift(\d+)$")


def _level_for(n_boxes: int, n_lifters: int) -> int:
    """Test configurations map to levels 2-5; other box counts take the nearest (lower on a tie)."""
    if (n_boxes, n_lifters) in _TEST_LEVEL:
        return _TEST_LEVEL[(n_boxes, n_lifters)]
    nearest = min(_LEVEL_BY_BOXES, key=lambda b: (abs(b - n_boxes), b))
    return _LEVEL_BY_BOXES[nearest]


@register
class BoxLift(Task):
    name = "box_lift"
    aliases = ("boxlift",)
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = (
        "Plan which lifters team up on which boxes, step by step, to lift every box within a budget."
    )
    params_cls = BoxLiftParams
    ladder = {lvl: dict(zip(_KNOBS, values)) for lvl, values in LADDER.items()}
    v1_mix = {2: 25, 3: 25, 4: 25, 5: 25}
    override_examples = {
        "n_boxes": "12",
        "n_lifters": "4",
        "weight_min": "15",
        "weight_max": "90",
        "cap_min": "45",
        "cap_max": "70",
        "budget_mode": "tight",
    }
    original_folders = ("BoxLift_dataset", "BoxLift_dataset_SFT")

    def generate(self, params: BoxLiftParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.n_boxes,
            params.n_lifters,
            (params.weight_min, params.weight_max),
            (params.cap_min, params.cap_max),
            params.budget_mode,
            rng,
        )
        return Generated(puzzle, gen.format_plan(puzzle["witness"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        boxes, lifters, budget = puzzle["boxes"], puzzle["lifters"], puzzle["budget"]
        lifter_lines = "\n".join(f"  lifter {i}: capacity {c}" for i, c in enumerate(lifters))
        return (
            f"There are {len(boxes)} boxes with these weights:\n  {', '.join(str(b) for b in boxes)}\n"
            f"and {len(lifters)} lifters, numbered from 0, with these capacities:\n{lifter_lines}\n\n"
            "Rules:\n"
            "- The work proceeds in steps. In one step several boxes may be lifted at the same time.\n"
            "- In one step each lifter may take part in at most one lift.\n"
            "- One or more lifters may team up on a single box. A lift succeeds only if the sum of the "
            "capacities of the lifters in it is at least the weight of the box.\n"
            "- Every box must be lifted exactly once; a lifted box is gone. A box is named by its weight; "
            "boxes of equal weight are interchangeable.\n"
            f"- All boxes must be lifted within at most {budget} steps (fewer is fine).\n\n"
            "Scoring: your plan is carried out step by step. A lift that breaks a rule is not carried out. "
            "Your score is the lifted fraction of the total weight; full success needs a plan in which "
            f"every lift is valid and every box is lifted within {budget} steps.\n\n"
            "Write one line per step, in order, in the form `Step k: [(weight, [lifter indices]), ...]`, "
            "inside triple angle brackets, for example:\n"
            "<<<Step 1: [(50, [0, 2]), (30, [1])]\nStep 2: [(40, [0, 1])]>>>\n"
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle, content)

    def corruptions(self, instance: Instance) -> list[str]:
        """Each keeps fewer valid lifts than there are boxes, so it cannot lift the whole weight."""
        plan = [[(w, list(team)) for w, team in step] for step in instance.puzzle["witness"]]
        out = [gen.format_plan(plan[:-1]) if len(plan) > 1 else "Step 1: []"]
        first_w, first_team = plan[0][0]
        dropped = [list(step) for step in plan]
        dropped[0] = dropped[0][1:]
        out.append(gen.format_plan(dropped))
        doubled = [list(step) for step in plan]
        doubled[0][0] = (first_w, [first_team[0], first_team[0]])  # a repeated index is invalid
        out.append(gen.format_plan(doubled))
        return out

    # ------------------------------------------------------------------ original data
    def import_original(
        self, path: Path, include_excluded: bool = False, subset: str | None = None
    ) -> Iterator[Imported]:
        """`BoxLift_dataset[_SFT]/BoxLift_{boxes}_{lifters}/BoxLift{i}/BoxLift.json`; `subset="legacy"`
        keeps the 20 items the original evaluated (i = 0..4 of the four test configurations)."""
        if subset not in (None, "legacy"):
            raise DataFormatError(f"unknown subset {subset!r}; known: legacy")
        for folder in find_task_folder(path, self.original_folders):
            train = folder.name.endswith("_SFT")
            if subset == "legacy" and train:
                continue
            for (nb, nl), index, child in iter_config_items(folder, _CONFIG, _ITEM, lambda _: "BoxLift.json"):
                if subset == "legacy" and (index > 4 or (nb, nl) not in _TEST_LEVEL):
                    continue
                item = self._import_item(folder.name, child, nb, nl, index, train)
                if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                    continue
                yield item

    def _import_item(self, folder: str, child: Path, nb: int, nl: int, index: int, train: bool) -> Imported:
        where = f"{folder}/{child.parent.name}/{child.name}"
        data = read_json(child / "BoxLift.json")
        try:
            boxes = [int(b) for b in data["boxes"]]
            lifters = [int(c) for c in data["lifters"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{where}: unexpected BoxLift.json ({exc})") from None
        if not boxes or not lifters or min(boxes) < 1 or min(lifters) < 1:
            raise DataFormatError(f"{where}: empty lists or non-positive weights")
        errata: list[str] = []
        level = _level_for(len(boxes), len(lifters))
        base = self.ladder[level]
        params = BoxLiftParams(
            **{
                **base,
                "n_boxes": len(boxes),
                "n_lifters": len(lifters),
                "weight_min": min(base["weight_min"], min(boxes)),
                "weight_max": max(base["weight_max"], max(boxes)),
                "cap_min": min(base["cap_min"], min(lifters)),
                "cap_max": max(base["cap_max"], max(lifters)),
            }
        )
        if max(boxes) > sum(lifters):  # no plan exists; none in the original data
            errata.append("excluded_unsolvable")
            puzzle = {
                "boxes": boxes,
                "lifters": lifters,
                "budget": 0,
                "lower_bound": gen.lower_bound(boxes, lifters),
                "witness": [],
            }
        else:
            puzzle = gen.build_puzzle(boxes, lifters, gen.budget_and_witness(boxes, lifters, "greedy", None))
        extra: dict[str, Any] = {"original_data": json.dumps(data, separators=(",", ":"))}
        if train:
            extra["split"] = "train"
        elif index <= 4 and (nb, nl) in _TEST_LEVEL:
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
