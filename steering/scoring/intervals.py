"""Uncertainty: Wilson 95 % intervals for task rates, a stratified bootstrap for group means."""

from __future__ import annotations

import math
from collections.abc import Sequence

Z95 = 1.959963984540054


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval on a proportion (successes may be fractional for partial credit,
    which makes the interval approximate)."""
    if n <= 0:
        return (0.0, 0.0)
    p = min(1.0, max(0.0, successes / n))
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap_group_mean(
    per_task_scores: Sequence[Sequence[float]], resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> tuple[float, float] | None:
    """Resample samples within each task, recompute the plain mean of task rates; percentile CI."""
    import numpy as np

    tasks = [np.asarray(s, dtype=float) for s in per_task_scores if len(s)]
    if not tasks:
        return None
    rng = np.random.default_rng(seed)
    means = np.zeros(resamples)
    for scores in tasks:
        n = len(scores)
        means += scores[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
    means = np.sort(means / len(tasks))
    lo = float(means[int((1 - level) / 2 * resamples)])
    hi = float(means[min(resamples - 1, int((1 + level) / 2 * resamples))])
    return (lo, hi)
