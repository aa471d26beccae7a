"""Shared fixtures for the harness tests: scripted rule files, instances, a ready sandbox."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

# importlib import mode: make this folder's helper module importable by the test modules.
sys.path.insert(0, str(Path(__file__).parent))

from steering.sandbox.factory import make_sandbox

MATRIX_ANSWER_CODE = (
    "Plan: read the grid and rotate it.\n```python\n"
    "rows = [r.split() for r in '''{grid}'''.strip().splitlines()]\n"
    "rot = [list(c)[::-1] for c in zip(*rows)]\n"
    "print('<<<' + ','.join(x for r in rot for x in r) + '>>>')\n```\n"
)


def write_rules(path: Path, rules: list[dict]) -> str:
    path.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return f"scripted:{path}"


@pytest.fixture(scope="session")
def sandbox():
    """One warm sandbox for the whole session (the strongest available kind)."""
    sb = make_sandbox("auto", warm=True, concurrency=2)
    yield sb
    sb.close()
