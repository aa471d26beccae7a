"""Per-endpoint sliding window of requests in flight, with an adaptive limit (§5.8).

A request starts as soon as any slot frees; there is no batch barrier. A 429 shrinks the window by
20 % and pauses growth for 15 s; 50 consecutive successes grow it by one up to the maximum.
"""

from __future__ import annotations

import asyncio
import collections
import time


class AdaptiveLimiter:
    def __init__(self, max_connections: int, *, adaptive: bool = True, pause_s: float = 15.0) -> None:
        self.max = max(1, int(max_connections))
        self.limit = self.max
        self.adaptive = adaptive
        self.pause_s = pause_s
        self.in_flight = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._streak = 0
        self._paused_until = 0.0

    async def acquire(self) -> None:
        if self.in_flight < self.limit and not self._waiters:
            self.in_flight += 1
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
        except BaseException:
            if fut.done() and not fut.cancelled():
                self._release_slot()  # we were handed a slot but are leaving
            else:
                try:
                    self._waiters.remove(fut)
                except ValueError:
                    pass
            raise

    def release(self) -> None:
        self._release_slot()

    def _release_slot(self) -> None:
        self.in_flight -= 1
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self.in_flight < self.limit:
            fut = self._waiters.popleft()
            if fut.done():
                continue
            self.in_flight += 1
            fut.set_result(None)

    def record(self, status: int | None, ok: bool) -> None:
        """Feed back the outcome of one attempt so the window can adapt."""
        if not self.adaptive:
            return
        now = time.monotonic()
        if ok:
            self._streak += 1
            if self._streak >= 50 and now >= self._paused_until and self.limit < self.max:
                self.limit += 1
                self._streak = 0
                self._wake()
            return
        self._streak = 0
        if status == 429:
            self.limit = max(1, int(self.limit * 0.8))
            self._paused_until = now + self.pause_s
        elif status is not None and status >= 500:
            self._paused_until = now + self.pause_s
