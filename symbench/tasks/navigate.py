"""navigate: follow step and turn instructions; does the walker end at the start? (BBH, seen)."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import navigate as checker
from symbench.errors import DataFormatError
from symbench.generators import navigate as gen
from symbench.importers import bbh
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

BBH_STEM = "navigate"
STYLES = ("face_forward", "turns", "mixed")
ANSWER_SENTENCE = (
    "Answer Yes or No inside triple angle brackets, for example <<<No>>>. "
    "Only the last <<<...>>> block in your reply is graded."
)


@dataclasses.dataclass(frozen=True)
class NavigateParams(Params):
    n_min: int = knob(lo=2, hi=500, help="fewest instructions")
    n_max: int = knob(lo=2, hi=500, help="most instructions")
    max_step: int = knob(lo=1, hi=1000, help="longest single step count")
    styles: tuple[str, ...] = knob(choices=STYLES, help="instruction styles to draw from")
    near_miss: float = knob(lo=0.0, hi=1.0, help="chance that a No walk misses the start by one step")
    p_yes: float = knob(0.5, lo=0.0, hi=1.0, help="chance that the answer is Yes")

    def check(self) -> str | None:
        if self.n_min > self.n_max:
            return "n_min must not exceed n_max"
        return None


LADDER_ROWS = {
    1: (2, 4, 5, ("face_forward",), 0.0),
    2: (2, 6, 10, ("face_forward", "turns"), 0.0),
    3: (2, 9, 10, ("face_forward", "turns"), 0.0),
    4: (8, 12, 10, ("face_forward", "turns"), 0.5),
    5: (10, 15, 10, ("face_forward", "turns", "mixed"), 0.5),
    6: (12, 18, 10, ("mixed",), 0.5),
    7: (16, 24, 20, ("mixed",), 0.5),
    8: (20, 30, 20, ("mixed",), 0.75),
    9: (30, 40, 50, ("mixed",), 0.75),
    10: (40, 60, 100, ("mixed",), 1.0),
}


def instruction_sentence(ins: dict) -> str:
    if ins["op"] == "turn":
        return f"Turn {ins['dir']}."
    unit = "step" if ins["n"] == 1 else "steps"
    return f"Take {ins['n']} {unit}{' ' + ins['dir'] if ins.get('dir') else ''}."


@register
class Navigate(Task):
    name = "navigate"
    version = "1.0"
    group = "seen"
    category = "Reasoning"
    description = "Decide whether a walker who follows step and turn instructions returns to the start."
    params_cls = NavigateParams
    ladder = {
        lvl: {"n_min": a, "n_max": b, "max_step": s, "styles": list(st), "near_miss": nm, "p_yes": 0.5}
        for lvl, (a, b, s, st, nm) in LADDER_ROWS.items()
    }
    v1_mix = {3: 100}
    override_examples = {
        "n_min": "5",
        "n_max": "7",
        "max_step": "3",
        "styles": "mixed",
        "near_miss": "1.0",
        "p_yes": "0.0",
    }
    original_folders = (bbh.FOLDER,)

    def generate(self, params: NavigateParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.n_min, params.n_max, params.max_step, params.styles, params.near_miss, params.p_yes, rng
        )
        return Generated(puzzle, "Yes" if puzzle["answer_yes"] else "No")

    def render(self, puzzle: dict[str, Any]) -> str:
        if puzzle.get("verbatim"):
            return bbh.verbatim_question(puzzle["verbatim"], ANSWER_SENTENCE)
        steps = "\n".join(
            f"{i}. {instruction_sentence(ins)}" for i, ins in enumerate(puzzle["instructions"], 1)
        )
        if puzzle["style"] == "face_forward":
            facing = (
                "You never turn: you keep facing the same way throughout, and every step is taken forward, "
                "backward, left or right relative to that fixed facing."
            )
        else:
            facing = (
                '"Turn left" and "Turn right" rotate you by 90 degrees on the spot and "Turn around" by '
                "180 degrees; turning never moves you. Steps are taken relative to the way you face at that "
                "moment: forward, backward, or sideways to your left or right, and a step without a "
                "direction word is a forward step. Stepping backward or sideways does not change the way "
                "you face."
            )
        return (
            "You stand at a starting point on a flat, open field, facing some direction, and follow these "
            "instructions in order:\n\n"
            f"{steps}\n\n"
            f"{facing} Every step has the same length.\n\n"
            "After the last instruction, are you back at the starting point? (Which way you face at the end "
            f"does not matter.)\n\n{ANSWER_SENTENCE}"
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.answer, content)

    def corruptions(self, instance: Instance) -> list[str]:
        wrong = "No" if instance.answer == "Yes" else "Yes"
        return [wrong, f"- {wrong}", "Y" if instance.answer == "Yes" else "N", "Maybe"]

    # ------------------------------------------------------------------ original data
    def import_original(
        self,
        path: Path,
        include_excluded: bool = False,
        render: str = "verbatim",
        gold_policy: str = "corrected",
        subset: str | None = None,
    ) -> Iterator[Imported]:
        """BBH `navigate.json` (C8a): every item is parsed and simulated; `render="symbench"` re-renders
        the question from the parse (and then states the movement rules)."""
        bbh.check_options(render, gold_policy, subset)
        for key, index, text, target in bbh.iter_examples(Path(path), BBH_STEM, subset):
            puzzle = parse_bbh(text, key)
            computed = "Yes" if puzzle["answer_yes"] else "No"
            published = target.strip().capitalize()
            if published not in ("Yes", "No"):
                raise DataFormatError(f"{key}: target {target!r} is not Yes or No")
            errata = [] if published == computed else ["gold_corrected"]
            if render == "verbatim":
                puzzle["verbatim"] = text
            yield Imported(
                puzzle=puzzle,
                answer=published if gold_policy == "published" else computed,
                complexity=3,
                key=key,
                errata=errata,
                original_answer=published,
                extra_meta={
                    "original_question": text,
                    "provenance": {"file": f"{BBH_STEM}.json", "index": index},
                },
            )


_PREAMBLE = "If you follow these instructions, do you return to the starting point?"
_STEP = re.compile(r"^Take (\d+) steps?(?: (forward|backward|left|right))?$")
_TURN = re.compile(r"^Turn (left|right|around)$")


def parse_bbh(text: str, where: str = "item") -> dict[str, Any]:
    """Instructions of a BBH navigate item; style `face_forward` iff it says "Always face forward"."""
    body = text.split("Options:", 1)[0].strip()
    if not body.startswith(_PREAMBLE):
        raise DataFormatError(f"{where}: unexpected navigate text {text[:80]!r}")
    body = body[len(_PREAMBLE) :].strip()
    style = "turns"
    instructions: list[dict] = []
    for sentence in (s.strip() for s in body.split(".")):
        if not sentence:
            continue
        if sentence == "Always face forward":
            style = "face_forward"
            continue
        m = _STEP.match(sentence)
        if m:
            instructions.append({"op": "step", "n": int(m.group(1)), "dir": m.group(2)})
            continue
        m = _TURN.match(sentence)
        if m:
            instructions.append({"op": "turn", "dir": m.group(1)})
            continue
        raise DataFormatError(f"{where}: cannot parse the instruction {sentence!r}")
    if not instructions:
        raise DataFormatError(f"{where}: no instructions")
    end = checker.simulate(instructions)
    return {
        "style": style,
        "instructions": instructions,
        "final_position": list(end),
        "answer_yes": end == (0, 0),
    }
