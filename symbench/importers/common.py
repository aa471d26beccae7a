"""Walking the original `dataset_gather/<task folder>/sample_<i>/{question.txt,solution.json}` layout."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from symbench.errors import DataFormatError

_SAMPLE = re.compile(r"^sample_(\d+)$")


def find_task_folder(path: Path, folder_names: Iterable[str]) -> list[Path]:
    """`path` may be the task folder itself or a folder that contains it (`dataset_gather`)."""
    path = Path(path)
    if not path.exists():
        raise DataFormatError(f"{path}: no such file or folder")
    names = list(folder_names)
    if path.name in names:
        return [path]
    found = [path / n for n in names if (path / n).is_dir()]
    if not found:
        raise DataFormatError(f"{path}: none of the original folders {', '.join(names)} is here")
    return found


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFormatError(f"{path}: unreadable JSON ({exc})") from None


def iter_samples(path: Path, folder_names: Iterable[str]) -> Iterator[tuple[str, str, str, Any]]:
    """Yield `(folder, sample_id, question_text, solution_json)` in folder order, then by sample number."""
    for folder in find_task_folder(path, folder_names):
        samples = []
        for child in folder.iterdir():
            m = _SAMPLE.match(child.name)
            if m and child.is_dir():
                samples.append((int(m.group(1)), child))
        for _, child in sorted(samples):
            question_file, solution_file = child / "question.txt", child / "solution.json"
            if not question_file.is_file() or not solution_file.is_file():
                raise DataFormatError(f"{child}: expected question.txt and solution.json")
            question = question_file.read_text(encoding="utf-8", errors="replace")
            yield folder.name, child.name, question, read_json(solution_file)


def iter_config_items(
    folder: Path,
    config_pattern: re.Pattern[str],
    item_pattern: re.Pattern[str],
    filename: Callable[[Path], str],
) -> list[tuple[tuple[int, ...], int, Path]]:
    """Items laid out as `<folder>/<config dir>/<item dir>/<file>` (BoxLift, BoxNet): the numbers of the
    config directory's name, the item's index and its directory, sorted by both, skipping strays."""
    items = []
    for config in Path(folder).iterdir():
        mc = config_pattern.match(config.name)
        if not (mc and config.is_dir()):
            continue
        for child in config.iterdir():
            mi = item_pattern.match(child.name)
            if mi and (child / filename(child)).is_file():
                items.append((tuple(int(g) for g in mc.groups()), int(mi.group(1)), child))
    return sorted(items, key=lambda t: (t[0], t[1]))
