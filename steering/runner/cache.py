"""The shared SQLite response cache (§7.5).

WAL mode, so processes and runs share one file; lookups run on the caller's own connection, writes
go through one writer thread per process (`INSERT OR IGNORE`). Only successful responses are stored.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from symbench.canonical import digest_of

MODES = ("rw", "ro", "wo", "off")
SCHEMA = """CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, identity_hash TEXT, created_at REAL, response TEXT, reasoning TEXT,
    usage TEXT, finish_reason TEXT, served_model TEXT)"""


def cache_key(
    identity: dict[str, Any],
    messages: list[dict[str, str]],
    sampling: dict[str, Any],
    seed: int | None,
    template_sha256: str | None,
) -> str:
    request = {"messages": messages, "stop": sampling.get("stop"), "tools": None}
    return digest_of(
        {
            "identity": identity,
            "request": request,
            "sampling": {**sampling, "seed": seed},
            "template_sha256": template_sha256,
        }
    )


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


class ResponseCache:
    def __init__(self, path: Path | str, mode: str = "rw") -> None:
        if mode not in MODES:
            raise ValueError(mode)
        self.path = Path(path)
        self.mode = mode
        self.hits = 0
        self.misses = 0
        self._reader: sqlite3.Connection | None = None
        self._queue: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self._writer: threading.Thread | None = None
        if mode != "off":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._reader = _connect(self.path)
            self._reader.execute(SCHEMA)
            if mode in ("rw", "wo"):
                self._writer = threading.Thread(target=self._write_loop, name="cache-writer", daemon=True)
                self._writer.start()

    def get(self, key: str) -> dict[str, Any] | None:
        if self._reader is None or self.mode not in ("rw", "ro"):
            return None
        row = self._reader.execute(
            "SELECT response, reasoning, usage, finish_reason, served_model FROM responses WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return {
            "response": row[0],
            "reasoning": row[1],
            "usage": json.loads(row[2]) if row[2] else {},
            "finish_reason": row[3],
            "served_model": row[4],
        }

    def put(self, key: str, identity_hash: str, entry: dict[str, Any]) -> None:
        if self._writer is None:
            return
        self._queue.put(
            (
                key,
                identity_hash,
                time.time(),
                entry["response"],
                entry.get("reasoning"),
                json.dumps(entry.get("usage") or {}),
                entry.get("finish_reason"),
                entry.get("served_model"),
            )
        )

    def _write_loop(self) -> None:
        conn = _connect(self.path)
        while True:
            item = self._queue.get()
            if item is None:
                break
            batch = [item]
            while True:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                batch.append(nxt)
            for _ in range(5):
                try:
                    conn.executemany("INSERT OR IGNORE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
                    break
                except sqlite3.OperationalError:
                    time.sleep(0.5)
        conn.close()

    def flush(self) -> None:
        """Wait until every queued write is stored (used at shutdown and in tests)."""
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = threading.Thread(target=self._write_loop, name="cache-writer", daemon=True)
            self._writer.start()

    def close(self) -> None:
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def describe(self) -> dict[str, Any]:
        return {"path": str(self.path) if self.mode != "off" else None, "mode": self.mode}
