"""Reading BIG-Bench-Hard task files (`{"canary", "examples": [{"input", "target"}]}`), convention C8a.

The four BBH tasks of SymBench share this: locating the file under the original data folder,
validating its shape, the `legacy` subset (the original harness evaluated indices 0, 4, ..., 248 of
each 250-item file), and the option values of the import (`render`, `gold_policy`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from symbench.errors import DataFormatError

FULL_SIZE = 250
RENDERS = ("verbatim", "symbench")
GOLD_POLICIES = ("corrected", "published")
SUBSETS = ("legacy",)
FOLDER = "BIG-Bench-Hard"


def find_file(path: Path, stem: str) -> Path:
    """`path` may be the file itself, the `bbh` folder, `BIG-Bench-Hard`, or the data root above it."""
    path = Path(path)
    if path.is_file():
        return path
    for candidate in (
        path / FOLDER / "bbh" / f"{stem}.json",
        path / "bbh" / f"{stem}.json",
        path / f"{stem}.json",
    ):
        if candidate.is_file():
            return candidate
    raise DataFormatError(
        f"{path}: no BIG-Bench-Hard file {stem}.json here (looked for {FOLDER}/bbh/{stem}.json)"
    )


def load_examples(file: Path) -> list[tuple[str, str]]:
    """(input, target) pairs in file order, after checking the file's shape."""
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFormatError(f"{file}: unreadable JSON ({exc})") from None
    examples = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(examples, list):
        raise DataFormatError(f"{file}: expected an object with an 'examples' list")
    out = []
    for i, ex in enumerate(examples):
        if not (
            isinstance(ex, dict) and isinstance(ex.get("input"), str) and isinstance(ex.get("target"), str)
        ):
            raise DataFormatError(f"{file}: example {i} lacks a string 'input' or 'target'")
        out.append((ex["input"], ex["target"].strip()))
    return out


def check_options(
    render: str, gold_policy: str, subset: str | None, renders: tuple[str, ...] = RENDERS
) -> None:
    if render not in renders:
        raise DataFormatError(f"unknown render {render!r}; known: {', '.join(renders)}")
    if gold_policy not in GOLD_POLICIES:
        raise DataFormatError(f"unknown gold_policy {gold_policy!r}; known: {', '.join(GOLD_POLICIES)}")
    if subset is not None and subset not in SUBSETS:
        raise DataFormatError(f"unknown subset {subset!r}; known: {', '.join(SUBSETS)}")


def iter_examples(path: Path, stem: str, subset: str | None = None) -> Iterator[tuple[str, int, str, str]]:
    """Yield `(key, index, input, target)`; `subset="legacy"` needs the complete 250-item file, since
    the original's selection is defined by position in it."""
    file = find_file(path, stem)
    examples = load_examples(file)
    if subset == "legacy" and len(examples) != FULL_SIZE:
        raise DataFormatError(
            f"{file}: the legacy subset is defined on the complete {FULL_SIZE}-item file; this one has "
            f"{len(examples)} items"
        )
    for index, (text, target) in enumerate(examples):
        if subset == "legacy" and index % 4:
            continue
        yield f"{FOLDER}/bbh/{stem}/{index}", index, text, target


def verbatim_question(text: str, instruction: str) -> str:
    """C8a: the published text, unchanged, then one symbench sentence giving the answer format."""
    return f"{text.rstrip()}\n\n{instruction}"
