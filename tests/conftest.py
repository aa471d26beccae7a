"""Shared fixtures: the original data folder (skipped when absent) and cached instance corpora."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from hypothesis import settings

from symbench.generation import make_instance
from symbench.instance import Instance

REPO = Path(__file__).resolve().parents[1]
ORIGINAL_DATA = REPO.parent / "shared" / "data" / "codesteer_v1"

# In CI the fuzzers replay a fixed set of examples, so a landing never depends on a lucky draw; local
# runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

LEVELS = range(1, 11)
SEEDS = range(20)


def original_data_dir() -> Path:
    if not ORIGINAL_DATA.is_dir():
        pytest.skip(f"original CodeSteer data not found at {ORIGINAL_DATA} (it is not part of the project)")
    return ORIGINAL_DATA


@functools.cache
def corpus(task: str) -> tuple[Instance, ...]:
    """Levels 1..10 x 20 seeds of one task (index varies with the seed), generated once per session."""
    return tuple(make_instance(task, level, seed, seed % 3) for level in LEVELS for seed in SEEDS)


@pytest.fixture
def original_dir() -> Path:
    return original_data_dir()
