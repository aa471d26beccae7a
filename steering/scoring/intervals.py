"""Uncertainty: Wilson 95 % intervals for task rates, a stratified bootstrap for group means."""

from __future__ import annotations

import math
import random
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
    tasks = [list(s) for s in per_task_scores if len(s)]
    if not tasks:
        return None
    rng = random.Random(seed)
    means = []
    for _ in range(resamples):
        total = 0.0
        for scores in tasks:
            n = len(scores)
            total += sum(scores[rng.randrange(n)] for _ in range(n)) / n
        means.append(total / len(tasks))
    means.sort()
    lo = means[int((1 - level) / 2 * resamples)]
    hi = means[min(resamples - 1, int((1 + level) / 2 * resamples))]
    return (lo, hi)
