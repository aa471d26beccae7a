"""The synthetic checkout (invented wording, the original's anchors), copied fresh for every test.

The files are stored as `*.py.txt` so that pytest never collects them (one is named `*_test.py`)
and no tool touches them; the copy restores the original file names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "checkout"


def copy_checkout(dest: Path) -> Path:
    for src in sorted(FIXTURES.rglob("*.py.txt")):
        target = dest / src.relative_to(FIXTURES).with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
    return dest


@pytest.fixture
def make_checkout(tmp_path: Path) -> Callable[[str], Path]:
    """A fresh copy of the fixture checkout under `tmp_path / name`."""
    return lambda name: copy_checkout(tmp_path / name)


@pytest.fixture
def checkout(make_checkout: Callable[[str], Path]) -> Path:
    return make_checkout("CodeSteer-v1.0")


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace one exact, unique piece of a fixture file (fails loudly if the anchor text moved)."""

    def apply(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return apply
