"""letters: count a letter in a word and list its 1-based positions (2410.03524, unseen)."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import letters as checker
from symbench.errors import DataFormatError
from symbench.generators import letters as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

# The bundled word list's sha256 is part of the task version: a test pins it, so editing the list
# without bumping `version` (and this constant) fails the test suite.
WORDLIST_SHA256 = "c2a17867cfba2e538a14e46e114ed63b521dd8fe8d37d7535eabcd5721ebedbb"


@dataclasses.dataclass(frozen=True)
class LettersParams(Params):
    len_min: int = knob(lo=1, hi=5000, help="shortest word")
    len_max: int = knob(lo=1, hi=5000, help="longest word")
    count_min: int = knob(lo=1, hi=5000, help="fewest occurrences of the letter")
    count_max: int = knob(lo=1, hi=5000, help="most occurrences of the letter")
    letters: str = knob(gen.ALPHABET, help="the letters that may be asked about (a-z, no repeats)")
    source: str = knob("mixed", choices=("mixed", "wordlist", "synthetic"), help="real words, random strings")

    def check(self) -> str | None:
        if self.len_min > self.len_max:
            return "len_min must not exceed len_max"
        if self.count_min > self.count_max:
            return "count_min must not exceed count_max"
        if self.count_max > self.len_min:
            return "count_max must not exceed len_min (every word must be able to hold the letter)"
        if not self.letters or any(c not in gen.ALPHABET for c in self.letters):
            return "letters must be lower-case a-z"
        if len(set(self.letters)) != len(self.letters):
            return "letters must not repeat"
        return None


LADDER_ROWS = {
    1: (5, 10, 1, 2, "mixed"),
    2: (10, 15, 1, 5, "mixed"),
    3: (15, 20, 1, 5, "mixed"),
    4: (20, 25, 1, 5, "mixed"),
    5: (25, 30, 1, 5, "mixed"),
    6: (50, 100, 12, 25, "synthetic"),
    7: (150, 200, 25, 50, "synthetic"),
    8: (350, 400, 50, 100, "synthetic"),
    9: (750, 800, 100, 200, "synthetic"),
    10: (1500, 1600, 200, 400, "synthetic"),
}
_LEVEL_OF_RANGE = {(lo, hi): lvl for lvl, (lo, hi, *_rest) in LADDER_ROWS.items()}
LEGACY_RANGES = ((10, 15), (15, 20), (20, 25))
LEGACY_LETTERS = "agmsy"
_RANGE_FOLDER = re.compile(r"^Letters_dataset_min_length_(\d+)_max_length_(\d+)$")
_ITEM_FOLDER = re.compile(r"^([a-z])_(\d+)_(\d+)$")


def format_answer(count: int, positions: list[int]) -> str:
    return f"Count: {count}, Positions: [{', '.join(map(str, positions))}]"


@register
class Letters(Task):
    name = "letters"
    version = "1.0"
    group = "unseen"
    category = "Planning"
    description = "Count how often a letter occurs in a word and give its 1-based positions."
    params_cls = LettersParams
    ladder = {
        lvl: {
            "len_min": lo,
            "len_max": hi,
            "count_min": cmin,
            "count_max": cmax,
            "letters": gen.ALPHABET,
            "source": src,
        }
        for lvl, (lo, hi, cmin, cmax, src) in LADDER_ROWS.items()
    }
    v1_mix = {2: 33, 3: 33, 4: 34}
    override_examples = {
        "len_min": "12",
        "len_max": "40",
        "count_min": "2",
        "count_max": "4",
        "letters": "agmsy",
        "source": "synthetic",
    }
    original_folders = ("Letters",)

    def generate(self, params: LettersParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.len_min,
            params.len_max,
            params.count_min,
            params.count_max,
            params.letters,
            params.source,
            rng,
        )
        return Generated(puzzle, format_answer(puzzle["count"], puzzle["positions"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        word, letter = puzzle["word"], puzzle["letter"]
        return (
            f'Consider the word "{word}" ({len(word)} characters, all lower case) and the letter "{letter}".\n\n'
            f'How many times does the letter "{letter}" occur in the word, and at which positions? '
            f'Only exact occurrences of the lower-case letter "{letter}" count. Positions are counted '
            "from 1: the first character of the word is position 1.\n\n"
            "Answer in the form Count: X, Positions: [p1, p2, ...] with the positions in increasing "
            "order, inside triple angle brackets, for example <<<Count: 2, Positions: [1, 3]>>>. "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        p = instance.puzzle
        return checker.check(p["word"], p["count"], p["positions"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        p = instance.puzzle
        count, positions, n = p["count"], p["positions"], len(p["word"])
        out = [
            format_answer(count, [q - 1 for q in positions]),  # 0-based positions
            format_answer(count + 1, positions),
            format_answer(count, positions + positions[:1]),  # a duplicate
            format_answer(count, positions[:-1] + [n + 1]),  # out of range
        ]
        free = next((q for q in range(1, n + 1) if q not in positions), None)
        if free is not None:
            out.append(format_answer(count, positions[:-1] + [free]))
        return out

    # ------------------------------------------------------------------ original data
    def import_original(
        self, path: Path, include_excluded: bool = False, subset: str | None = None
    ) -> Iterator[Imported]:
        """Read `Letters/Letters_dataset_min_length_{lo}_max_length_{hi}/{letter}_{count}_{idx}/
        test_words.json`; `subset="legacy"` keeps the 75 items the original evaluated."""
        if subset not in (None, "legacy"):
            raise DataFormatError(f"unknown subset {subset!r}; known: legacy")
        for folder, (lo, hi) in _range_folders(Path(path)):
            if subset == "legacy" and (lo, hi) not in LEGACY_RANGES:
                continue
            entries = []
            for child in folder.iterdir():
                m = _ITEM_FOLDER.match(child.name)
                if m and child.is_dir():
                    entries.append((m.group(1), int(m.group(2)), int(m.group(3)), child))
            for letter, count, idx, child in sorted(entries, key=lambda e: e[:3]):
                if subset == "legacy" and (letter not in LEGACY_LETTERS or idx != 1 or not 1 <= count <= 5):
                    continue
                item = self._import_one(folder.name, child, lo, hi, letter, count)
                if include_excluded or not EXCLUDING_ERRATA.intersection(item.errata):
                    yield item

    def _import_one(
        self, range_name: str, child: Path, lo: int, hi: int, letter: str, count: int
    ) -> Imported:
        where = f"Letters/{range_name}/{child.name}"
        try:
            word = json.loads((child / "test_words.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataFormatError(f"{where}: unreadable test_words.json ({exc})") from None
        if isinstance(word, list) and len(word) == 1:
            word = word[0]
        if not isinstance(word, str) or not word or any(c not in gen.ALPHABET for c in word):
            raise DataFormatError(f"{where}: expected one lower-case word, got {str(word)[:80]!r}")
        positions = gen.positions_of(word, letter)
        errata = [] if len(positions) == count else ["gold_corrected"]
        level = _LEVEL_OF_RANGE.get((lo, hi))
        params = None
        if level is None:  # a range off the ladder: nearest level, real settings recorded
            level = 5
            params = LettersParams(
                len_min=lo,
                len_max=hi,
                count_min=1,
                count_max=max(1, min(count, lo)),
                letters=gen.ALPHABET,
                source="mixed",
            )
        puzzle = {
            "word": word,
            "letter": letter,
            "count": len(positions),
            "positions": positions,
            "source": "wordlist" if word in gen.wordset() else "synthetic",
        }
        return Imported(
            puzzle=puzzle,
            answer=format_answer(len(positions), positions),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=format_answer(count, positions),
        )


def _range_folders(path: Path) -> list[tuple[Path, tuple[int, int]]]:
    """`path` may be the data root, the `Letters` folder, or one range folder."""
    if not path.exists():
        raise DataFormatError(f"{path}: no such file or folder")
    m = _RANGE_FOLDER.match(path.name)
    if m:
        return [(path, (int(m.group(1)), int(m.group(2))))]
    top = path if path.name == "Letters" else path / "Letters"
    if not top.is_dir():
        raise DataFormatError(f"{path}: the original folder Letters is not here")
    out = []
    for child in top.iterdir():
        m = _RANGE_FOLDER.match(child.name)
        if m and child.is_dir():
            out.append((child, (int(m.group(1)), int(m.group(2)))))
    return sorted(out, key=lambda e: e[1])
