"""Sample records (§7.2): building one JSON object per finished sample, token accounting (§8.4),
and the single writer that appends each line with one write, then flush and fsync."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from steering.codesteer.context import Trajectory

RECORD_SCHEMA = "symbench.sample/1"
TOKEN_ROLES = ("guide", "checker", "paraphraser", "summarizer")


def trajectory_json(t: Trajectory) -> dict[str, Any]:
    return {
        "conversations": t.conversations,
        "calls": t.calls,
        "executions": t.executions,
        "decisions": t.decisions,
        "checks": t.checks,
        "stop_reason": t.stop_reason,
        "guide_overflow": t.guide_overflow,
        "final": t.final,
        "sub": t.sub,
    }


def _all_calls(record: dict[str, Any]) -> list[dict[str, Any]]:
    calls = list(record.get("calls") or [])
    for sub in record.get("sub") or []:
        calls += _all_calls(sub)
    return calls


def token_summary(record: dict[str, Any], task_identity_hash: str | None) -> dict[str, Any]:
    """TaskLLM headline (task calls + summarizer calls with the TaskLLM's identity), the other roles
    apart, everything of the TaskLLM's identity, and which counts were estimated."""
    out: dict[str, Any] = {
        "task_headline": 0,
        **{r: 0 for r in TOKEN_ROLES},
        "taskllm_identity": 0,
        "estimated": False,
        "estimated_tokens": 0,
        "cached_tokens": 0,
        "task_input": 0,
        "task_output": 0,
    }
    for call in _all_calls(record):
        usage = call.get("usage")
        if not usage:
            continue
        total = int(usage.get("input", 0)) + int(usage.get("output", 0))
        role = call.get("role")
        same_identity = task_identity_hash is not None and call.get("identity_hash") == task_identity_hash
        if role == "task" or (role == "summarizer" and same_identity):
            out["task_headline"] += total
            if role == "task":
                out["task_input"] += int(usage.get("input", 0))
                out["task_output"] += int(usage.get("output", 0))
        if role in TOKEN_ROLES:
            out[role] += total
        if same_identity:
            out["taskllm_identity"] += total
        if usage.get("estimated"):
            out["estimated"] = True
            out["estimated_tokens"] += total
        if call.get("cached"):
            out["cached_tokens"] += total
    return out


def timing_summary(record: dict[str, Any], started_at: float, ended_at: float) -> dict[str, Any]:
    calls = _all_calls(record)
    execs = list(record.get("executions") or [])
    for sub in record.get("sub") or []:
        execs += sub.get("executions") or []
    return {
        "started_at": started_at,
        "ended_at": ended_at,
        "wall_s": round(ended_at - started_at, 6),
        "llm_s": round(sum(c.get("latency_s") or 0.0 for c in calls), 6),
        "exec_s": round(sum(e.get("wall_s") or 0.0 for e in execs), 6),
        "cached_calls": sum(1 for c in calls if c.get("cached")),
        "n_calls": len(calls),
    }


def dumps_line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode(
        "utf-8"
    )


class RecordWriter:
    """One writer task per run: each record is one `write` of the complete line, then flush+fsync,
    done off the event loop so fsync never stalls the calls in flight."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._queue: asyncio.Queue[tuple[bytes, asyncio.Future[None]] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.written = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    def _write(self, lines: list[bytes]) -> None:
        for line in lines:
            view = memoryview(line)
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
        os.fsync(self._fd)

    async def _loop(self) -> None:
        while True:
            item = await self._queue.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while not self._queue.empty():
                nxt = self._queue.get_nowait()
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
            try:
                await asyncio.to_thread(self._write, [line for line, _ in batch])
            except OSError as exc:
                for _, fut in batch:
                    if not fut.done():
                        fut.set_exception(exc)
            else:
                self.written += len(batch)
                for _, fut in batch:
                    if not fut.done():
                        fut.set_result(None)
            if stop:
                return

    async def write(self, record: dict[str, Any]) -> None:
        """Returns once the line is on disk."""
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._queue.put((dumps_line(record), fut))
        await fut

    async def close(self) -> None:
        if self._task is not None:
            await self._queue.put(None)
            await self._task
            self._task = None
        os.close(self._fd)
