"""`--sandbox auto|plain|unshare|bwrap` (§6.3): pick a backend, probe it, record what was chosen.

`auto` takes the first of bwrap, unshare and plain whose probe runs code and, for the namespace
kinds, cannot reach a loopback listener of the harness.
"""

from __future__ import annotations

import shutil
import socket
import threading
from typing import Any

from steering.sandbox.api import Limits
from steering.sandbox.bwrap import BwrapBackend, bwrap_path
from steering.sandbox.launcher import DEFAULT_PRELOAD, LaunchBackend, LaunchSandbox
from steering.sandbox.plain import PlainBackend
from steering.sandbox.unshare import UnshareBackend
from symbench.errors import SymbenchError

KINDS = ("auto", "plain", "unshare", "bwrap")
PROBE_CODE = """
import socket, sys
print(6 * 7)
s = socket.socket()
s.settimeout(2)
try:
    s.connect(("127.0.0.1", int(sys.stdin.read())))
    print("net-open")
except OSError:
    print("net-closed")
"""


def _backend(kind: str, python: str | None, mask_paths: list[str]) -> LaunchBackend:
    if kind == "bwrap":
        return BwrapBackend(mask_paths, python)
    if kind == "unshare":
        return UnshareBackend(python)
    return PlainBackend(python)


def probe(backend: LaunchBackend) -> dict[str, Any]:
    """Run a tiny job cold; report whether it ran and whether it could open a loopback socket."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                conn.close()
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        sandbox = LaunchSandbox(backend, warm=False, concurrency=1)
        result = sandbox.run(PROBE_CODE, 10, purpose="probe", stdin=str(port).encode())
    finally:
        stop.set()
        thread.join(1)
        listener.close()
    lines = result.stdout.split()
    return {
        "ran": result.status == "ok" and bool(lines) and lines[0] == "42",
        "network": lines[1].removeprefix("net-") if len(lines) > 1 else None,
        "status": result.status,
        "stderr": result.stderr[-300:],
    }


def _usable(kind: str) -> bool:
    if kind == "bwrap":
        return bwrap_path() is not None
    if kind == "unshare":
        return shutil.which("unshare") is not None
    return True


def make_sandbox(
    kind: str = "auto",
    *,
    warm: bool = True,
    concurrency: int | None = None,
    limits: Limits | None = None,
    python: str | None = None,
    mask_paths: list[str] | None = None,
    require_isolation: bool = False,
    preload: tuple[str, ...] = DEFAULT_PRELOAD,
) -> LaunchSandbox:
    if kind not in KINDS:
        raise SymbenchError(f"unknown sandbox {kind!r}; choose one of {', '.join(KINDS)}")
    candidates = ["bwrap", "unshare", "plain"] if kind == "auto" else [kind]
    problems = []
    for name in candidates:
        if require_isolation and name == "plain":
            problems.append("plain refused by --require-isolation")
            continue
        if not _usable(name):
            problems.append(f"{name}: not installed")
            continue
        backend = _backend(name, python, mask_paths or [])
        report = probe(backend)
        if not report["ran"]:
            problems.append(f"{name}: probe failed ({report['status']}: {report['stderr'].strip()[:200]})")
            continue
        if name != "plain" and report["network"] != "closed":
            problems.append(f"{name}: probe reached the network")
            continue
        sandbox = LaunchSandbox(backend, warm=warm, concurrency=concurrency, limits=limits, preload=preload)
        sandbox.probe = report  # type: ignore[attr-defined]
        return sandbox
    raise SymbenchError("no usable sandbox: " + "; ".join(problems))
