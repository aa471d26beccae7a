"""`config.json` (§7.3): full provenance of a run, written atomically, never holding a secret."""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import symbench

CONFIG_SCHEMA = "symbench.run-config/1"
PACKAGES = ("openai", "transformers", "vllm", "torch", "tiktoken", "symbench")


def _git(*args: str) -> str | None:
    root = Path(symbench.__file__).resolve().parent.parent
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def packages() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def environment() -> dict[str, Any]:
    import os

    status = _git("status", "--porcelain")
    return {
        "symbench": {
            "version": symbench.__version__,
            "git_hash": _git("rev-parse", "HEAD"),
            "git_dirty": bool(status) if status is not None else None,
        },
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        },
        "platform": {
            "system": platform.system(),
            "release": platform.release(),
            "machine": platform.machine(),
            "cpu_count": os.cpu_count(),
        },
        "packages": packages(),
    }


def new_session(argv: list[str]) -> dict[str, Any]:
    return {"started_at": time.time(), "ended_at": None, "argv": _redact(argv), "n_done": 0, "n_error": 0}


def _redact(argv: list[str]) -> list[str]:
    """Arguments are recorded, but anything that looks like a key is never written."""
    out = []
    for arg in argv:
        lowered = arg.lower()
        if lowered.startswith(("sk-", "hf_")) or "api_key=" in lowered or "token=" in lowered:
            out.append("<redacted>")
        else:
            out.append(arg)
    return out
