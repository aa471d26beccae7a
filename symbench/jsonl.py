"""Reading and writing JSONL files of instances and answers, with one clear error per bad line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from symbench.errors import DataFormatError
from symbench.instance import Instance


def iter_json_lines(path: Path | str) -> Iterator[tuple[int, Any]]:
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot open ({exc.strerror or exc})") from None
    with handle:
        try:
            for lineno, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataFormatError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
        except UnicodeDecodeError:
            raise DataFormatError(f"{path}: not UTF-8 text") from None


def read_instances(path: Path | str) -> list[Instance]:
    out = []
    seen: set[str] = set()
    for lineno, obj in iter_json_lines(path):
        inst = Instance.from_json(obj, where=f"{path}:{lineno}")
        if inst.id in seen:
            raise DataFormatError(f"{path}:{lineno}: duplicate instance id {inst.id!r}")
        seen.add(inst.id)
        out.append(inst)
    if not out:
        raise DataFormatError(f"{path}: no instances in the file")
    return out


def read_answers(path: Path | str) -> dict[str, str]:
    """JSONL of `{"id": ..., "response": ...}`; later lines for the same id replace earlier ones."""
    out: dict[str, str] = {}
    for lineno, obj in iter_json_lines(path):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise DataFormatError(f"{path}:{lineno}: each line needs a string field 'id'")
        response = obj.get("response")
        if not isinstance(response, str):
            raise DataFormatError(f"{path}:{lineno}: each line needs a string field 'response'")
        out[obj["id"]] = response
    return out


def write_lines(lines: Iterable[str], path: Path | str | None) -> None:
    import sys

    if path is None or str(path) == "-":
        for line in lines:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
