"""game24: combine all given numbers with + - * / and parentheses to hit a target exactly (seen)."""

from __future__ import annotations

import csv
import dataclasses
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import game24 as checker
from symbench.errors import DataFormatError, GenerationError
from symbench.generators import game24 as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

FOLDER = "game24_dataset"
BUCKETS = ("any", "easy", "medium", "hard")
METHODS = ("auto", "exhaustive", "constructive")
MAX_EXHAUSTIVE = 6


@dataclasses.dataclass(frozen=True)
class Game24Params(Params):
    n_numbers: int = knob(lo=2, hi=100, help="how many numbers must be combined")
    value_min: int = knob(lo=1, hi=100_000, help="smallest number drawn")
    value_max: int = knob(lo=1, hi=100_000, help="largest number drawn")
    target: tuple[int, ...] = knob(lo=1, hi=10_000_000, help="target value, or a list to draw from")
    bucket: str = knob(choices=BUCKETS, help="difficulty bucket filter (4 numbers only)")
    method: str = knob(choices=METHODS, help="exhaustive search or constructive building (auto: by size)")

    def check(self) -> str | None:
        if self.value_min > self.value_max:
            return "value_min is above value_max"
        if self.bucket != "any" and self.n_numbers != 4:
            return "the bucket filter needs n_numbers=4"
        method = (
            self.method
            if self.method != "auto"
            else ("exhaustive" if self.n_numbers <= 6 else "constructive")
        )
        if method == "exhaustive" and self.n_numbers > MAX_EXHAUSTIVE:
            return f"exhaustive search supports at most {MAX_EXHAUSTIVE} numbers"
        if method == "constructive" and min(self.target) < self.value_min:
            return "constructive building needs every target >= value_min"
        return None


LADDER = {
    1: (3, 1, 13, (24,), "any", "exhaustive"),
    2: (4, 1, 13, (24,), "easy", "exhaustive"),
    3: (4, 1, 13, (24,), "medium", "exhaustive"),
    4: (4, 1, 13, (24,), "hard", "exhaustive"),
    5: (5, 1, 13, (24,), "any", "exhaustive"),
    6: (6, 1, 20, (24,), "any", "exhaustive"),
    7: (8, 1, 20, (24,), "any", "constructive"),
    8: (12, 1, 40, (24,), "any", "constructive"),
    9: (20, 1, 40, (24,), "any", "constructive"),
    10: (20, 1, 40, (240, 960, 1920, 3840, 15360), "any", "constructive"),
}
_BUCKET_LEVEL = {"easy": 2, "medium": 3, "hard": 4}


def _subsets(row: int) -> list[str]:
    """Named selections of the original evaluation (0-based data rows of `24/24.csv`)."""
    out = []
    if 5 <= row <= 1355 and (row - 5) % 30 == 0:
        out.append("legacy-baseline")
    if 5 <= row <= 1355 and (row - 5) % 50 == 0:
        out.append("legacy-codesteer")
    return out


@register
class Game24(Task):
    name = "game24"
    aliases = ("24",)
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Use every given number exactly once with + - * / and parentheses to reach the target."
    params_cls = Game24Params
    ladder = {
        lvl: {
            "n_numbers": n,
            "value_min": lo,
            "value_max": hi,
            "target": list(t),
            "bucket": b,
            "method": m,
        }
        for lvl, (n, lo, hi, t, b, m) in LADDER.items()
    }
    v1_mix = {2: 28, 3: 44, 4: 28}
    override_examples = {
        "n_numbers": "7",
        "value_min": "2",
        "value_max": "9",
        "target": "10",
        "bucket": "easy",
        "method": "constructive",
    }
    original_folders = (FOLDER,)

    def generate(self, params: Game24Params, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.n_numbers,
            params.value_min,
            params.value_max,
            params.target,
            params.bucket,
            params.method,
            rng,
        )
        return Generated(puzzle, puzzle["witness"])

    def render(self, puzzle: dict[str, Any]) -> str:
        numbers, target = puzzle["numbers"], puzzle["target"]
        listed = ", ".join(map(str, numbers))
        example_numbers, example = (3, 4, 5), "(4+5)*3 = 27"
        if sorted(numbers) == [3, 4, 5] and target == 27:
            example_numbers, example = (2, 5, 6), "(5-2)*6 = 18"
        fraction_example = "8/(3-8/3)"
        if sorted(numbers) == [3, 3, 8, 8] and target == 24:
            fraction_example = "(5-1/5)*5"  # never show a puzzle its own answer
        repeated = len(set(numbers)) < len(numbers)
        return (
            f"Numbers: {listed}\nTarget: {target}\n\n"
            f"Write an arithmetic expression that uses each of these {len(numbers)} numbers exactly once "
            f"and whose value is exactly {target}. "
            + ("A number listed more than once must be used that many times. " if repeated else "")
            + "No number may be left out, and no other number may appear; the numbers may be used in any "
            "order.\n\n"
            "Allowed: the binary operations + (addition), - (subtraction), * (multiplication) and / "
            "(division), and parentheses. Division is exact division of real numbers, so intermediate "
            f"results may be fractions: for example {fraction_example} is a legal expression with the value 24.\n"
            "Not allowed: any other operation (no powers, roots, factorials or remainders), a minus sign "
            "in front of a number or a parenthesis (unary minus), joining numbers into longer numbers "
            "(1 and 2 cannot become 12), and decimal numbers.\n\n"
            "Give the expression alone, or followed by = and the target, inside triple angle brackets. "
            f"For instance, with the numbers {', '.join(map(str, example_numbers))} and the target "
            f"{example.split('= ')[1]} an answer would be <<<{example}>>>. "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["numbers"], instance.puzzle["target"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        numbers, target = instance.puzzle["numbers"], instance.puzzle["target"]
        witness = instance.puzzle["witness"]
        out = [
            f"{witness} = {target + 1}",  # wrong right-hand side
            f"({witness})+1",  # an extra literal
            f"-({witness})",  # unary minus
        ]
        total = sum(numbers)
        if total != target:
            out.append("+".join(map(str, numbers)))  # all numbers, wrong value
        return out

    # ------------------------------------------------------------------ original data
    def import_original(self, path: Path, include_excluded: bool = False) -> Iterator[Imported]:
        path = Path(path)
        folder = path if path.name == FOLDER else path / FOLDER
        if not folder.is_dir():
            raise DataFormatError(f"{path}: the original folder {FOLDER} is not here")
        main = folder / "24" / "24.csv"
        if main.is_file():
            yield from self._import_main(main)
        variants = []
        for csv_path in folder.glob("*/*_number.csv"):
            m = re.fullmatch(r"(\d+)_(\d+)_number\.csv", csv_path.name)
            if m and csv_path.parent.name == m.group(1):
                variants.append((int(m.group(1)), int(m.group(2)), csv_path))
        for target, n, csv_path in sorted(variants):
            for item in self._import_variant(csv_path, target, n):
                if include_excluded or not EXCLUDING_ERRATA.intersection(item.errata):
                    yield item

    @staticmethod
    def _rows(csv_path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
        try:
            with csv_path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise DataFormatError(f"{csv_path}: unreadable CSV ({exc})") from None
        if rows and any(c not in rows[0] for c in columns):
            raise DataFormatError(f"{csv_path}: expected the columns {', '.join(columns)}")
        return rows

    @staticmethod
    def _numbers(text: str, where: str) -> list[int]:
        try:
            numbers = sorted(int(t) for t in text.split())
        except ValueError:
            raise DataFormatError(f"{where}: the puzzle {text!r} is not a list of integers") from None
        if not numbers or min(numbers) < 1:
            raise DataFormatError(f"{where}: the puzzle {text!r} is not a list of positive integers")
        return numbers

    def _import_main(self, csv_path: Path) -> Iterator[Imported]:
        """`24/24.csv`: 4-number puzzles without solutions; the witness and statistics are computed."""
        for index, row in enumerate(self._rows(csv_path, ("Rank", "Puzzles"))):
            where = f"{csv_path} row {index}"
            numbers = self._numbers(row["Puzzles"], where)
            try:
                rank = int(row["Rank"])
            except ValueError:
                raise DataFormatError(f"{where}: bad rank {row['Rank']!r}") from None
            data_row = rank - 1  # the full file is sorted by rank 1..1362 without gaps
            witness = gen.solve(numbers, 24)
            if witness is None:
                raise DataFormatError(f"{where}: {numbers} cannot make 24")
            n_paths, integer_path, bucket = gen.difficulty(numbers, 24)
            level = _BUCKET_LEVEL[bucket]
            puzzle = {
                "numbers": numbers,
                "target": 24,
                "witness": witness,
                "n_paths": n_paths,
                "integer_path": integer_path,
                "bucket": bucket,
                "source": "4nums",
                "provenance": {
                    "file": "24/24.csv",
                    "row": data_row,
                    "rank": rank,
                    "solved_rate": row.get("Solved rate"),
                },
            }
            yield Imported(
                puzzle=puzzle,
                answer=witness,
                complexity=level,
                key=f"{FOLDER}/24/24.csv/rank_{rank}",
                params=self.params(level),
                extra_meta={"subsets": _subsets(data_row)},
            )

    def _import_variant(self, csv_path: Path, target: int, n: int) -> Iterator[Imported]:
        """`<target>/<target>_<n>_number.csv`: puzzles with a stored solution, checked exactly."""
        rel = f"{target}/{csv_path.name}"
        for index, row in enumerate(self._rows(csv_path, ("Rank", "Puzzles", "Solutions"))):
            where = f"{csv_path} row {index}"
            numbers = self._numbers(row["Puzzles"], where)
            if len(numbers) != n:
                raise DataFormatError(f"{where}: expected {n} numbers, found {len(numbers)}")
            stored = (row.get("Solutions") or "").strip()
            errata: list[str] = []
            witness: str | None = stored
            if checker.check(numbers, target, stored).score != 1:
                witness = None
                if n <= MAX_EXHAUSTIVE:
                    try:
                        witness = gen.solve(numbers, target)
                    except GenerationError:  # the search budget ran out: no exact witness known
                        witness = None
                if witness is not None:
                    errata.append("gold_corrected")
                else:
                    # No exact witness: the row cannot be scored. `excluded_ill_posed` keeps it out of
                    # default imports with the core's exclusion rule.
                    errata += ["approximate_witness", "excluded_ill_posed"]
            stats: tuple[Any, Any, Any] = (None, None, None)
            if n == 4:
                stats = gen.difficulty(numbers, target)
            level, params = self._variant_level(numbers, target, stats[2])
            puzzle = {
                "numbers": numbers,
                "target": target,
                "witness": witness if witness is not None else stored,
                "n_paths": stats[0],
                "integer_path": stats[1],
                "bucket": stats[2],
                "source": "variant",
                "provenance": {"file": rel, "row": index, "rank": row.get("Rank"), "solved_rate": None},
            }
            yield Imported(
                puzzle=puzzle,
                answer=puzzle["witness"],
                complexity=level,  # type: ignore[arg-type]  # None: no ladder row has this shape
                key=f"{FOLDER}/{rel}/rank_{row.get('Rank')}",
                errata=errata,
                params=params,
                original_answer=stored,
                extra_meta={},
            )

    def _variant_level(
        self, numbers: list[int], target: int, bucket: str | None
    ) -> tuple[int | None, Params]:
        """The ladder row with this many numbers and this target (for 4 numbers, by bucket), and the
        effective parameters of the item."""
        n = len(numbers)
        level = None
        for lvl, (ln, _lo, _hi, targets, lb, _m) in LADDER.items():
            if ln == n and target in targets and (n != 4 or lb == bucket):
                level = lvl
                break
        base = LADDER[level] if level is not None else (n, 1, 13, (target,), "any", "auto")
        params = Game24Params(
            n_numbers=n,
            value_min=min(base[1], min(numbers)),
            value_max=max(base[2], max(numbers)),
            target=(target,),
            bucket=bucket if n == 4 and bucket else "any",
            method="exhaustive" if n <= MAX_EXHAUSTIVE else "constructive",
        )
        return level, params
