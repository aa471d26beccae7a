"""blocksworld: rearrange lettered blocks on a fixed number of stacks (CodeSteer, seen, Planning)."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import blocksworld as checker
from symbench.errors import DataFormatError
from symbench.generators import blocksworld as gen
from symbench.importers.common import find_task_folder
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

MAX_STACKS = 10
WIDE = ("4:3", "5:3", "5:4", "6:3", "6:4", "6:5")


@dataclasses.dataclass(frozen=True)
class BlocksworldParams(Params):
    n_blocks: int = knob(lo=2, hi=26, help="number of blocks (A, B, ...)")
    stack_pairs: tuple[str, ...] = knob(help="comma list of n:g (stacks : goal stacks), one drawn per puzzle")
    goal_order: str = knob(choices=("alphabetical", "random"), help="block order when building the goal")
    min_lower_bound: int = knob(lo=0, hi=26, help="minimum number of blocks out of final position")

    def check(self) -> str | None:
        for pair in self.stack_pairs:
            try:
                n, g = gen.parse_pair(pair)
            except ValueError:
                return f"stack_pairs: {pair!r} is not of the form n:g"
            if not 3 <= n <= MAX_STACKS or not 1 <= g <= n:
                return f"stack_pairs: {pair!r} needs 3 <= n <= {MAX_STACKS} and 1 <= g <= n"
        if self.min_lower_bound > self.n_blocks:
            return "min_lower_bound cannot exceed n_blocks"
        return None


LADDER: dict[int, tuple[int, tuple[str, ...], str, int]] = {
    1: (2, gen.P8, "alphabetical", 1),
    2: (3, gen.P8, "alphabetical", 1),
    3: (4, gen.P8, "alphabetical", 1),
    4: (5, gen.P8, "random", 3),
    5: (6, gen.P8, "random", 4),
    6: (7, gen.P8, "random", 5),
    7: (8, gen.P8, "random", 6),
    8: (10, WIDE, "random", 7),
    9: (12, WIDE, "random", 9),
    10: (15, WIDE, "random", 11),
}

_ITEM = re.compile(r"^(\d+)_(\d+)_(\d+)_(\d+)$")
_STACK_LINE = re.compile(r"^\s*stack\s*(\d+)\s*:(.*)$", re.IGNORECASE)


def _stack_text(stack: list[str]) -> str:
    return " ".join(stack) if stack else "(empty)"


def parse_task_file(text: str, where: str) -> tuple[list[list[str]], list[list[str]]]:
    """The original `blocksworld_task.txt`: `Initial State:` / `Goal State:` sections of `stackK:` lines."""
    sections: dict[str, dict[int, list[str]]] = {"initial": {}, "goal": {}}
    current = None
    for line in text.splitlines():
        low = line.strip().lower()
        if low.startswith("initial state"):
            current = "initial"
            continue
        if low.startswith("goal state"):
            current = "goal"
            continue
        m = _STACK_LINE.match(line)
        if m and current:
            sections[current][int(m.group(1))] = m.group(2).split()
    out = []
    for name in ("initial", "goal"):
        stacks = sections[name]
        if not stacks or sorted(stacks) != list(range(1, len(stacks) + 1)):
            raise DataFormatError(f"{where}: missing or non-consecutive stacks in the {name} state")
        out.append([stacks[k] for k in range(1, len(stacks) + 1)])
    return out[0], out[1]


@register
class Blocksworld(Task):
    name = "blocksworld"
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Move blocks between a fixed number of stacks to reach a goal arrangement."
    params_cls = BlocksworldParams
    ladder = {
        lvl: {"n_blocks": n, "stack_pairs": list(p), "goal_order": o, "min_lower_bound": m}
        for lvl, (n, p, o, m) in LADDER.items()
    }
    v1_mix = {1: 33, 2: 33, 3: 34}
    override_examples = {
        "n_blocks": "9",
        "stack_pairs": "3:3,4:4",
        "goal_order": "random",
        "min_lower_bound": "2",
    }
    original_folders = ("Blocksworld_dataset",)

    def generate(self, params: BlocksworldParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.n_blocks, params.stack_pairs, params.goal_order, params.min_lower_bound, rng
        )
        return Generated(puzzle, gen.format_plan(puzzle["witness"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        initial, goal = puzzle["initial"], puzzle["goal"]
        n, g = len(initial), len(goal)
        start = "\n".join(f"Stack {i + 1}: {_stack_text(s)}" for i, s in enumerate(initial))
        target = "\n".join(f"Stack {i + 1}: {_stack_text(s)}" for i, s in enumerate(goal))
        rest = [str(i) for i in range(g + 1, n + 1)]
        if not rest:
            empties = ""
        elif len(rest) == 1:
            empties = f" Stack {rest[0]} must end up empty."
        else:
            empties = f" Stacks {', '.join(rest[:-1])} and {rest[-1]} must end up empty."
        return (
            f"There are {n} stacks of lettered blocks, numbered 1 to {n}. Each stack is listed from bottom "
            "to top (the leftmost letter is the bottom block); an empty stack is shown as (empty).\n\n"
            f"Current arrangement:\n{start}\n\n"
            f"Goal arrangement:\n{target}\n"
            f"The goal fixes stacks 1 to {g} exactly as shown.{empties}\n\n"
            "Rules: the number of stacks never changes; there is no table and no new stack can be started. "
            "One move takes the top block of a non-empty stack and puts it on top of a different stack, "
            "which may be empty or not. Only the top block of a stack can be moved.\n\n"
            "Give a sequence of moves that turns the current arrangement into the goal arrangement. Any "
            "valid sequence that reaches the goal is accepted; its length does not matter. Write one move "
            "per line in the form `Move <block> from <source stack number> to <destination stack number>`, "
            "inside triple angle brackets, for example:\n<<<Move B from 2 to 3\nMove A from 1 to 2>>>\n"
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle, content)

    def corruptions(self, instance: Instance) -> list[str]:
        puzzle = instance.puzzle
        plan = [tuple(m) for m in puzzle["witness"]]
        n = len(puzzle["initial"])
        out = [gen.format_plan(plan[:-1])]  # the last move is needed: the state before it is not the goal
        block, src, _ = plan[0]
        out.append(gen.format_plan([(block, src, n + 1), *plan[1:]]))  # a stack that does not exist
        out.append(gen.format_plan([(block, src, src), *plan[1:]]))  # source equals destination
        return out

    # ------------------------------------------------------------------ original data
    def import_original(
        self, path: Path, include_excluded: bool = False, subset: str | None = None
    ) -> Iterator[Imported]:
        """`Blocksworld_dataset/{blocks}_{stacks}_{goal_stacks}_{i}/blocksworld_task.txt`;
        `subset="legacy"` keeps the 48 items the original evaluated (i = 0, 1)."""
        if subset not in (None, "legacy"):
            raise DataFormatError(f"unknown subset {subset!r}; known: legacy")
        for folder in find_task_folder(path, self.original_folders):
            items = []
            for child in folder.iterdir():
                m = _ITEM.match(child.name)
                if m and (child / "blocksworld_task.txt").is_file():
                    items.append((tuple(int(x) for x in m.groups()), child))
            for numbers, child in sorted(items):
                if subset == "legacy" and numbers[3] > 1:
                    continue
                item = self._import_item(folder.name, child, numbers)
                if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                    continue
                yield item

    def _import_item(self, folder: str, child: Path, numbers: tuple[int, ...]) -> Imported:
        n_blocks, n_stacks, goal_stacks, index = numbers
        where = f"{folder}/{child.name}"
        text = (child / "blocksworld_task.txt").read_text(encoding="utf-8", errors="replace")
        initial, goal = parse_task_file(text, where)
        blocks = sorted({b for s in initial for b in s})
        if (
            len(initial) != n_stacks
            or len(goal) != goal_stacks
            or len(blocks) != n_blocks
            or sorted(b for s in goal for b in s) != blocks
            or sum(len(s) for s in initial) != n_blocks
        ):
            raise DataFormatError(f"{where}: the arrangements do not match the folder name")
        puzzle = gen.solved_puzzle(blocks, initial, goal)
        errata = ["degenerate"] if puzzle["lower_bound"] == 0 else []
        level = min(max(n_blocks - 1, 1), 10)
        extra: dict[str, Any] = {"original_question": text}
        if index <= 1:
            extra["subsets"] = ["legacy"]
        params = None
        if n_blocks != self.ladder[level]["n_blocks"]:
            params = BlocksworldParams(
                n_blocks=n_blocks,
                stack_pairs=(f"{n_stacks}:{goal_stacks}",),
                goal_order="alphabetical",
                min_lower_bound=0,
            )
        return Imported(
            puzzle=puzzle,
            answer=gen.format_plan(puzzle["witness"]),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            extra_meta=extra,
        )
