"""number_multiply: the exact product of a few signed integers (2410.03524, unseen)."""

from __future__ import annotations

import ast
import dataclasses
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import number_multiply as checker
from symbench.errors import DataFormatError
from symbench.generators import number_multiply as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class NumberMultiplyParams(Params):
    digits: tuple[int, ...] = knob(lo=1, hi=100, help="digit count of each factor, in display order")
    signed: bool = knob(True, help="make each factor negative with probability 1/2")

    def check(self) -> str | None:
        if not 2 <= len(self.digits) <= 8:
            return "digits must list 2 to 8 factors"
        return None


LADDER_DIGITS: dict[int, tuple[int, ...]] = {
    1: (2, 2),
    2: (1, 2, 3),
    3: (1, 2, 4),
    4: (4, 4),
    5: (1, 3, 4),
    6: (1, 2, 2, 4),
    7: (8, 8),
    8: (12, 12),
    9: (20, 20),
    10: (32, 32),
}
_LEVEL_OF = {d: lvl for lvl, d in LADDER_DIGITS.items()}
LEGACY_FOLDERS = ("digit_1_2_4", "digit_1_3_4", "digit_1_2_2_4")
_DIGIT_FOLDER = re.compile(r"^digit_(\d+(?:_\d+)+)$")
_SAMPLE = re.compile(r"^sample_(\d+)$")


def render_expression(factors: list[int]) -> str:
    """Factors joined by ` * `; a negative factor after the first is parenthesised."""
    parts = [str(f) if (i == 0 or f > 0) else f"({f})" for i, f in enumerate(factors)]
    return " * ".join(parts)


@register
class NumberMultiply(Task):
    name = "number_multiply"
    version = "1.0"
    group = "unseen"
    category = "Execution"
    description = "Compute the exact product of a few signed integers with given digit counts."
    params_cls = NumberMultiplyParams
    ladder = {lvl: {"digits": list(d), "signed": True} for lvl, d in LADDER_DIGITS.items()}
    v1_mix = {3: 33, 5: 33, 6: 34}
    override_examples = {"digits": "3,5,7", "signed": "false"}
    original_folders = ("number_multiply", "number_multiply_varied_complexity")

    def generate(self, params: NumberMultiplyParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.digits, params.signed, rng)
        return Generated(puzzle, str(puzzle["product"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        expr = render_expression(puzzle["factors"])
        return (
            f"Compute the exact value of\n\n    {expr}\n\n"
            "Give the result as an integer written out in full, with a leading minus sign if it is "
            "negative: no scientific notation, no rounding, no words. Put it inside triple angle "
            "brackets, for example <<<-514828>>>. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["product"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        product = instance.puzzle["product"]
        return [
            str(-product),  # wrong sign
            str(product) + "0",  # the original's substring match accepted this
            str(product + 1),
            f"{float(product):e}",  # scientific notation is rejected
            render_expression(instance.puzzle["factors"]).replace(" ", ""),
        ]

    # ------------------------------------------------------------------ original data
    def import_original(
        self, path: Path, include_excluded: bool = False, subset: str | None = None
    ) -> Iterator[Imported]:
        """Read `number_multiply[_varied_complexity]/digit_*/sample_*/`; `subset="legacy"` keeps the
        60 items the original evaluated (samples 0-19 of its three configurations)."""
        if subset not in (None, "legacy"):
            raise DataFormatError(f"unknown subset {subset!r}; known: legacy")
        for folder in _digit_folders(Path(path), self.original_folders):
            if subset == "legacy" and folder.name not in LEGACY_FOLDERS:
                continue
            samples = sorted(
                (int(m.group(1)), child)
                for child in folder.iterdir()
                if child.is_dir() and (m := _SAMPLE.match(child.name))
            )
            for number, sample in samples:
                if subset == "legacy" and number >= 20:
                    continue
                item = self._import_one(folder, sample)
                if include_excluded or not EXCLUDING_ERRATA.intersection(item.errata):
                    yield item

    def _import_one(self, folder: Path, sample: Path) -> Imported:
        where = f"{folder.parent.name}/{folder.name}/{sample.name}"
        try:
            values_text = (sample / "input_value_list.txt").read_text(encoding="utf-8").strip()
            target_text = (sample / "target_answer.txt").read_text(encoding="utf-8").strip()
            prompt = (sample / "input_prompt_1.txt").read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFormatError(f"{where}: unreadable sample ({exc})") from None
        try:
            values = json.loads(values_text)
        except json.JSONDecodeError:
            try:
                values = ast.literal_eval(values_text)  # a literal parser: never evaluates code
            except (ValueError, SyntaxError) as exc:
                raise DataFormatError(f"{where}: bad input_value_list.txt ({exc})") from None
        folder_digits = tuple(int(x) for x in _DIGIT_FOLDER.match(folder.name).group(1).split("_"))
        if (
            not isinstance(values, list)
            or len(values) != len(folder_digits)
            or not all(isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 2 for v in values)
        ):
            raise DataFormatError(
                f"{where}: expected {len(folder_digits)} integer factors, got {values_text}"
            )
        digits = [len(str(abs(v))) for v in values]
        value = gen.product(values)
        errata = [] if target_text == str(value) else ["gold_corrected"]
        level = _LEVEL_OF.get(folder_digits)
        params = NumberMultiplyParams(digits=folder_digits, signed=True)
        return Imported(
            puzzle={"factors": values, "digits": digits, "product": value},
            answer=str(value),
            complexity=level,  # type: ignore[arg-type]  # None for configurations off the ladder (16_16)
            key=where,
            errata=errata,
            params=params,
            original_answer=target_text,
            extra_meta={"original_question": prompt},
        )


def _digit_folders(path: Path, roots: tuple[str, ...]) -> list[Path]:
    """`path` may be the data root, one of the two task folders, or one `digit_*` folder."""
    if not path.exists():
        raise DataFormatError(f"{path}: no such file or folder")
    if _DIGIT_FOLDER.match(path.name):
        return [path]
    if path.name in roots:
        tops = [path]
    else:
        tops = [path / r for r in roots if (path / r).is_dir()]
    if not tops:
        raise DataFormatError(f"{path}: none of the original folders {', '.join(roots)} is here")

    def order(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in _DIGIT_FOLDER.match(p.name).group(1).split("_"))

    out: list[Path] = []
    for top in tops:
        out.extend(
            sorted((c for c in top.iterdir() if c.is_dir() and _DIGIT_FOLDER.match(c.name)), key=order)
        )
    return out
