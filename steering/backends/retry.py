"""Which failures are retried and how long to wait (§5.7).

Retried: connection errors, timeouts, 408/409/429/5xx-overload, one malformed body. Never: other
4xx (they will not change) and in-process exceptions. The delay doubles per attempt with jitter,
and a longer Retry-After from the server wins (capped).
"""

from __future__ import annotations

import dataclasses
import email.utils
import random
import time

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
MAX_BACKOFF_S = 60.0
MAX_RETRY_AFTER_S = 300.0


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 8
    base_s: float = 1.0
    max_backoff_s: float = MAX_BACKOFF_S
    max_retry_after_s: float = MAX_RETRY_AFTER_S

    def delay(self, attempt: int, retry_after_s: float | None, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number `attempt` (1-based)."""
        jitter = (rng or random).uniform(0.5, 1.0)
        backoff = min(self.max_backoff_s, self.base_s * 2 ** (attempt - 1)) * jitter
        if retry_after_s is not None and retry_after_s > backoff:
            return min(self.max_retry_after_s, retry_after_s)
        return backoff


def status_retryable(status: int | None) -> bool:
    return status is None or status in RETRY_STATUSES


def parse_retry_after(headers: object) -> float | None:
    """`retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date), else None."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    value = get("retry-after-ms")
    if value:
        try:
            return max(0.0, float(value) / 1000.0)
        except ValueError:
            pass
    value = get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
