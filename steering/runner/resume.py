"""Reading `samples.jsonl` for resume (§7.4) and owning a run directory (§7.1).

A torn last line (no newline, or unparsable) is dropped and the file truncated back to the last
complete line; an unparsable line elsewhere is corruption and stops the run unless `--repair`.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from symbench.errors import SymbenchError


@dataclasses.dataclass
class ResumeState:
    done: set[str] = dataclasses.field(default_factory=set)
    attempts: Counter[str] = dataclasses.field(default_factory=Counter)
    n_records: int = 0
    truncated_bytes: int = 0
    repaired_lines: int = 0


def read_state(path: Path, repair: bool = False) -> ResumeState:
    state = ResumeState()
    if not path.exists():
        return state
    data = path.read_bytes()
    good_end = 0
    offset = 0
    bad: list[int] = []
    lines = data.split(b"\n")
    for i, raw in enumerate(lines):
        is_last = i == len(lines) - 1
        end = offset + len(raw) + (0 if is_last else 1)
        if is_last:
            if raw:
                state.truncated_bytes = len(raw)  # no final newline: a torn write
            break
        if raw.strip():
            try:
                record = json.loads(raw)
                key, status = record["key"], record["status"]
            except (ValueError, KeyError, TypeError):
                next_lines = lines[i + 1 :]
                if all(not x.strip() for x in next_lines):  # the last complete line is torn
                    state.truncated_bytes = len(data) - offset
                    break
                bad.append(i + 1)
                offset = end
                continue
            state.n_records += 1
            state.attempts[key] += 1
            if status == "done":
                state.done.add(key)
        good_end = end
        offset = end
    if bad and not repair:
        raise SymbenchError(
            f"{path}: corrupt line(s) {bad[:5]} (not the last line); rerun with --repair to move them aside"
        )
    if bad:
        backup = path.with_suffix(".jsonl.corrupt")
        shutil.copyfile(path, backup)
        kept = [ln for n, ln in enumerate(lines[:-1], 1) if n not in bad]
        path.write_bytes(b"".join(ln + b"\n" for ln in kept if ln.strip()))
        state.repaired_lines = len(bad)
        state.truncated_bytes = 0
        return state
    if state.truncated_bytes:
        with open(path, "r+b") as handle:
            handle.truncate(good_end)
            handle.flush()
            os.fsync(handle.fileno())
    return state


def iter_records(path: Path) -> list[dict[str, Any]]:
    """Every complete record (a torn last line is skipped)."""
    out = []
    if not path.exists():
        return out
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            if raw.strip():
                try:
                    out.append(json.loads(raw))
                except ValueError:
                    continue
    return out


class RunLock:
    """An exclusive lock on `run.lock`, held for the life of the run."""

    def __init__(self, run_dir: Path) -> None:
        self.path = run_dir / "run.lock"
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise SymbenchError(f"{self.path.parent} is in use by another symbench process") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, ensure_ascii=False, sort_keys=False)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
