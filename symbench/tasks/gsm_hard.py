"""gsm_hard: multi-step arithmetic word problems with large numbers (GSM-Hard, seen)."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

from symbench.checkers import gsm_hard as checker
from symbench.errors import DataFormatError
from symbench.generators import gsm_hard as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

FILE = "gsmhardv2.jsonl"
FULL_SIZE = 1319
LEGACY_LINES = frozenset(range(1, FULL_SIZE, 25))  # the original evaluated lines 1, 26, ..., 1301
GOLD_POLICIES = ("corrected", "published")


@dataclasses.dataclass(frozen=True)
class GsmHardParams(Params):
    steps_min: int = knob(lo=1, hi=40, help="fewest program steps (arithmetic operations)")
    steps_max: int = knob(lo=1, hi=40, help="most program steps")
    n_large: int = knob(lo=0, hi=8, help="groups of slots made large together")
    digits_min: int = knob(lo=2, hi=18, help="fewest digits of a large number")
    digits_max: int = knob(lo=2, hi=18, help="most digits of a large number")
    chain_prob: float = knob(lo=0.0, hi=1.0, help="probability of a chain template")
    families: tuple[str, ...] = knob(choices=gen.FAMILIES, help="template families")

    def check(self) -> str | None:
        if self.steps_min > self.steps_max:
            return "steps_min is above steps_max"
        if self.digits_min > self.digits_max:
            return "digits_min is above digits_max"
        return None


ROWS = {  # steps, n_large, large digits, chain_prob
    1: ((2, 3), 0, (4, 5), 0.0),
    2: ((2, 3), 1, (4, 5), 0.0),
    3: ((2, 3), 1, (6, 8), 0.0),
    4: ((4, 5), 1, (6, 8), 0.3),
    5: ((6, 8), 1, (6, 8), 0.5),
    6: ((6, 8), 2, (7, 8), 0.5),
    7: ((8, 10), 2, (8, 9), 1.0),
    8: ((10, 12), 3, (9, 10), 1.0),
    9: ((12, 16), 3, (10, 12), 1.0),
    10: ((16, 20), 4, (12, 15), 1.0),
}


def answer_examples(gold: str) -> tuple[str, str]:
    """Format examples that are not the gold (C7)."""
    first = "3431580" if gold != "3431580" else "2287720"
    second = "12.50" if checker.check(gold, "12.50").score < 1 else "7.25"
    return first, second


def instruction(gold: str) -> str:
    first, second = answer_examples(gold)
    return (
        "Answer with a single number, without units, written out in full (no scientific notation); if the "
        "answer is not a whole number, two decimal places are enough. Put it inside triple angle brackets, "
        f"for example <<<{first}>>> or <<<{second}>>>. Only the last <<<...>>> block in your reply is graded."
    )


# ----------------------------------------------------------------------------- importer helpers
_QUESTION_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_CODE_NUMBER = re.compile(r"(?<![\w.])(\d[\d_]*)(\.\d[\d_]*)?([eE][+-]?\d+)?")
_DOCSTRING = re.compile(r'("""|\'\'\')[\s\S]*?\1')


def question_numbers(text: str) -> list[tuple[Fraction, int]]:
    """Every number written in the question, with its count of integer digits."""
    out = []
    for m in _QUESTION_NUMBER.finditer(text):
        whole = m.group(1).replace(",", "")
        out.append((Fraction(whole + (m.group(2) or "")), len(whole.lstrip("0") or "0")))
    return out


def program_numbers(code: str) -> set[Fraction]:
    """The numeric literals of the program body (its docstring, the unaltered question, left out)."""
    body = _DOCSTRING.sub("", code, count=1)
    values = set()
    for m in _CODE_NUMBER.finditer(body):
        text = "".join(g or "" for g in m.groups()).replace("_", "")
        try:
            values.add(Fraction(text))
        except ValueError:
            continue
    return values


def mismatched(question: str, code: str) -> bool:
    """A number of 5 or more integer digits in the question that the program never uses: the stored
    target was computed from other numbers than the question shows."""
    used = program_numbers(code)
    return any(digits >= 5 and value not in used for value, digits in question_numbers(question))


def find_file(path: Path) -> Path:
    path = Path(path)
    if path.is_file():
        return path
    if (path / FILE).is_file():
        return path / FILE
    raise DataFormatError(f"{path}: no {FILE} here")


@register
class GsmHard(Task):
    name = "gsm_hard"
    version = "1.0"
    group = "seen"
    category = "Reasoning"
    description = "Multi-step arithmetic word problems in which some quantities are large numbers."
    params_cls = GsmHardParams
    ladder = {
        lvl: {
            "steps_min": s[0],
            "steps_max": s[1],
            "n_large": n,
            "digits_min": d[0],
            "digits_max": d[1],
            "chain_prob": c,
            "families": list(gen.FAMILIES),
        }
        for lvl, (s, n, d, c) in ROWS.items()
    }
    v1_mix = {3: 45, 4: 37, 5: 18}
    override_examples = {
        "steps_min": "3",
        "steps_max": "9",
        "n_large": "2",
        "digits_min": "9",
        "digits_max": "11",
        "chain_prob": "0.8",
        "families": "shopping,inventory,chains",
    }
    original_folders = (FILE,)

    def generate(self, params: GsmHardParams, rng: random.Random) -> Generated:
        settings = gen.Settings(
            params.steps_min,
            params.steps_max,
            params.n_large,
            params.digits_min,
            params.digits_max,
            params.chain_prob,
            params.families,
        )
        puzzle = gen.generate(settings, rng)
        return Generated(puzzle, puzzle["gold"])

    def render(self, puzzle: dict[str, Any]) -> str:
        if puzzle.get("source") == "gsm_hard":
            return f"{puzzle['input'].rstrip()}\n\n{instruction(puzzle['gold'])}"
        return f"{puzzle['problem']}\n\n{instruction(puzzle['gold'])}"

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = checker.gold_value(instance.puzzle["gold"])
        if gold.denominator == 1:
            g = gold.numerator
            return [str(g + 1), str(g - 1), f"{g}*1", f"{g} or {g + 1}"]
        cents = Fraction(round(gold * 100), 100)
        up, down = (gen.answer_text(cents + d, "money") for d in (Fraction(2, 100), Fraction(-2, 100)))
        return [up, down, f"{gen.answer_text(cents, 'money')} {up}"]

    # ------------------------------------------------------------------ original data
    def import_original(
        self,
        path: Path,
        include_excluded: bool = False,
        render: str = "verbatim",
        gold_policy: str = "corrected",
        subset: str | None = None,
    ) -> Iterator[Imported]:
        """`gsmhardv2.jsonl` (C8a); the `code` field is kept as provenance and never executed."""
        if render != "verbatim":
            raise DataFormatError(f"unknown render {render!r}; known: verbatim")
        if gold_policy not in GOLD_POLICIES:
            raise DataFormatError(f"unknown gold_policy {gold_policy!r}; known: {', '.join(GOLD_POLICIES)}")
        if subset not in (None, "legacy"):
            raise DataFormatError(f"unknown subset {subset!r}; known: legacy")
        file = find_file(path)
        lines = file.read_text(encoding="utf-8").splitlines()
        complete = len([ln for ln in lines if ln.strip()]) == FULL_SIZE
        if subset == "legacy" and not complete:
            raise DataFormatError(
                f"{file}: the legacy subset is defined by line number in the complete {FULL_SIZE}-line file; "
                f"this one has {len(lines)} lines"
            )
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            if subset == "legacy" and number not in LEGACY_LINES:
                continue
            try:
                # numbers as their exact JSON text: the target is read without binary floats
                item = json.loads(line, parse_float=str, parse_int=str)
            except json.JSONDecodeError as exc:
                raise DataFormatError(f"{file}:{number + 1}: unreadable JSON ({exc})") from None
            if not (
                isinstance(item, dict)
                and isinstance(item.get("input"), str)
                and isinstance(item.get("target"), str)
            ):
                raise DataFormatError(f"{file}:{number + 1}: expected 'input' text and a numeric 'target'")
            target = item["target"]
            try:
                value = checker.gold_value(target)
            except ValueError:
                raise DataFormatError(f"{file}:{number + 1}: target {target!r} is not a number") from None
            code = item.get("code") if isinstance(item.get("code"), str) else ""
            errata = []
            if value < 0 or value.denominator != 1:
                errata.append("implausible_gold")
            if mismatched(item["input"], code):
                errata += ["question_program_mismatch", "excluded_ill_posed"]
            excluded = bool(EXCLUDING_ERRATA.intersection(errata))
            if excluded and gold_policy == "corrected" and not include_excluded:
                continue
            yield Imported(
                puzzle={"source": "gsm_hard", "input": item["input"], "target": target, "gold": target},
                answer=target,
                complexity=3,
                key=f"{FILE}/{number}",
                errata=errata,
                original_answer=target,
                extra_meta={
                    "provenance": {"file": FILE, "line": number},
                    "legacy": (number in LEGACY_LINES) if complete else None,
                    "original_code": code,
                },
            )
