"""Reading the MATH dataset (Hendrycks et al.) for math_geometry and math_counting_probability (C8a).

Layouts accepted: the original per-problem JSON folders `MATH/{train,test}/<subject>/<id>.json`
(CodeSteer's `dataset_gather/MATH` keeps the train split), and JSONL files with the same keys
(`problem`, `level`, `type`, `solution`), one problem per line, filtered by `type`. The gold is the
content of the last `\\boxed{...}` / `\\fbox{...}` of the solution (balanced braces; also `\\boxed 5`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.errors import DataFormatError

GOLD_POLICIES = ("corrected", "published")
RENDERS = ("verbatim",)
SUBSETS = ("legacy",)
SPLITS = ("train", "test")


@dataclasses.dataclass(frozen=True)
class Subject:
    """One MATH subject as symbench imports it."""

    folder: str  # e.g. "geometry"
    type_name: str  # the `type` field, e.g. "Geometry"
    legacy_max_id: int  # the original evaluated the train files with the 50 lowest ids: 1 .. this


@dataclasses.dataclass
class MathItem:
    key: str
    split: str
    id: str
    problem: str
    level: int | None
    level_text: str
    solution: str
    boxes: list[str]
    legacy: bool


_BOX = re.compile(r"\\(boxed|fbox)")


def find_boxes(solution: str) -> list[str]:
    """Every `\\boxed{...}` / `\\fbox{...}` content (balanced braces) and `\\boxed X` token, in order."""
    out = []
    for m in _BOX.finditer(solution):
        i = m.end()
        while i < len(solution) and solution[i] == " ":
            i += 1
        if i < len(solution) and solution[i] == "{":
            depth, j = 0, i
            while j < len(solution):
                c = solution[j]
                if c == "\\" and j + 1 < len(solution) and solution[j + 1] in "{}":
                    j += 2  # an escaped brace (`\{`) does not count
                    continue
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 0:
                        out.append(solution[i + 1 : j].strip())
                        break
                j += 1
        elif i > m.end() and m.group(1) == "boxed":
            token = re.match(r"[^\s$.,;]+(?:\.\d+)?", solution[i:])
            if token:
                out.append(token.group())
    return out


def _level(text: Any) -> int | None:
    m = re.fullmatch(r"\s*Level\s+([1-5])\s*", str(text))
    return int(m.group(1)) if m else None


def _item(key: str, split: str, ident: str, data: Any, subject: Subject, where: str) -> MathItem:
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("problem", "solution")):
        raise DataFormatError(f"{where}: expected an object with string 'problem' and 'solution'")
    legacy = split == "train" and ident.isdigit() and 1 <= int(ident) <= subject.legacy_max_id
    return MathItem(
        key=key,
        split=split,
        id=ident,
        problem=data["problem"],
        level=_level(data.get("level")),
        level_text=str(data.get("level", "")),
        solution=data["solution"],
        boxes=find_boxes(data["solution"]),
        legacy=legacy,
    )


def _sort_key(path: Path) -> tuple[int, str]:
    return (int(path.stem), "") if path.stem.isdigit() else (1 << 62, path.stem)


def _folders(path: Path, subject: Subject) -> list[tuple[str, Path]]:
    """(split, folder) pairs of the per-problem JSON layout under `path`."""
    found = []
    for split in SPLITS:
        for base in (path / "MATH" / split, path / split):
            if (base / subject.folder).is_dir():
                found.append((split, base / subject.folder))
                break
    if not found and path.name == subject.folder and path.is_dir():
        split = path.parent.name if path.parent.name in SPLITS else "train"
        found.append((split, path))
    return found


def _jsonl_files(path: Path) -> list[tuple[str, Path]]:
    if path.is_file():
        return [(_split_of(path), path)]
    files = []
    for base in (path / "MATH", path):
        if base.is_dir():
            files.extend((_split_of(f), f) for f in sorted(base.glob("*.jsonl")))
        if files:
            break
    return files


def _split_of(path: Path) -> str:
    return "test" if "test" in path.stem.lower() else "train"


def iter_items(path: Path, subject: Subject) -> Iterator[MathItem]:
    """Every problem of `subject` under `path`, in split order then by numeric id."""
    path = Path(path)
    if not path.exists():
        raise DataFormatError(f"{path}: no such file or folder")
    folders = _folders(path, subject) if path.is_dir() else []
    if folders:
        for split, folder in folders:
            for file in sorted(folder.glob("*.json"), key=_sort_key):
                try:
                    data = json.loads(file.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise DataFormatError(f"{file}: unreadable JSON ({exc})") from None
                key = f"MATH/{split}/{subject.folder}/{file.stem}"
                yield _item(key, split, file.stem, data, subject, str(file))
        return
    files = _jsonl_files(path)
    if not files:
        raise DataFormatError(
            f"{path}: no MATH data here (looked for MATH/train/{subject.folder}/*.json and *.jsonl files)"
        )
    for split, file in files:
        with file.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataFormatError(f"{file}:{lineno + 1}: unreadable JSON ({exc})") from None
                if not isinstance(data, dict) or data.get("type") != subject.type_name:
                    continue
                ident = str(data.get("id", lineno))
                ident = Path(ident).stem if ident.endswith(".json") else ident
                yield _item(f"MATH/{file.name}/{lineno}", split, ident, data, subject, f"{file}:{lineno + 1}")


def check_options(render: str, gold_policy: str, subset: str | None) -> None:
    if render not in RENDERS:
        raise DataFormatError(f"unknown render {render!r}; known: {', '.join(RENDERS)}")
    if gold_policy not in GOLD_POLICIES:
        raise DataFormatError(f"unknown gold_policy {gold_policy!r}; known: {', '.join(GOLD_POLICIES)}")
    if subset is not None and subset not in SUBSETS:
        raise DataFormatError(f"unknown subset {subset!r}; known: {', '.join(SUBSETS)}")


def verbatim_question(problem: str, instruction: str) -> str:
    """C8a: the published problem, unchanged, then one symbench sentence giving the answer format."""
    return f"{problem.rstrip()}\n\n{instruction}"
