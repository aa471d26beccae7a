"""Per-instance random generators.

Every instance draws from its own `random.Random`, seeded from a sha256 of the fields that identify
it. Mersenne Twister seeded from an integer, and the `random` methods built on `getrandbits`
(`randrange`, `randint`, `choice`, `shuffle`, `sample`), give the same stream on every platform and
Python version we support; Python's `hash()` and the global generator are never used.
"""

from __future__ import annotations

import random
from typing import Any

from symbench.canonical import canonical_json
from symbench.canonical import sha256_hex as _sha


def seed_material(
    task: str, version: str, complexity: int, params: dict[str, Any], seed: int, index: int
) -> str:
    return canonical_json(
        {
            "task": task,
            "version": version,
            "complexity": complexity,
            "params": params,
            "seed": seed,
            "index": index,
        }
    )


def instance_rng(
    task: str, version: str, complexity: int, params: dict[str, Any], seed: int, index: int
) -> random.Random:
    digest = _sha(seed_material(task, version, complexity, params, seed, index))
    return random.Random(int(digest, 16))


def derived_rng(rng: random.Random, label: str) -> random.Random:
    """A child generator for an independent sub-stream (e.g. a restart), still fully determined."""
    return random.Random(int(_sha(f"{rng.getrandbits(128)}:{label}"), 16))
