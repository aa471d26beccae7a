"""A pids cgroup per sandbox worker, when the host lets us make one (root with cgroup v1 or v2).

As root, RLIMIT_NPROC does not apply, so a fork bomb is stopped by `pids.max` here, and the
cgroup's process list is the surest way to kill everything a job started.
"""

from __future__ import annotations

import itertools
import os
import signal
import time
from pathlib import Path

V1 = Path("/sys/fs/cgroup/pids")
V2 = Path("/sys/fs/cgroup")
_counter = itertools.count()


class PidsCgroup:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, max_pids: int) -> PidsCgroup | None:
        for base in _bases():
            path = base / "symbench" / f"{os.getpid()}-{next(_counter)}"
            try:
                path.mkdir(parents=True, exist_ok=True)
                (path / "pids.max").write_text(str(max_pids))
                return cls(path)
            except OSError:
                try:
                    path.rmdir()
                except OSError:
                    pass
        return None

    @property
    def procs_file(self) -> str:
        return str(self.path / "cgroup.procs")

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self, timeout_s: float = 5.0) -> bool:
        """SIGKILL every member until none is left; False if some survived the timeout."""
        deadline = time.monotonic() + timeout_s
        while True:
            pids = self.pids()
            if not pids:
                return True
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)

    def remove(self) -> None:
        self.kill_all(1.0)
        try:
            self.path.rmdir()
        except OSError:
            pass


def _bases() -> list[Path]:
    out = []
    if (V1 / "cgroup.procs").exists() and os.access(V1, os.W_OK):
        out.append(V1)
    controllers = V2 / "cgroup.controllers"
    if controllers.exists() and "pids" in controllers.read_text().split() and os.access(V2, os.W_OK):
        out.append(V2)
    return out


def available() -> bool:
    probe = PidsCgroup.create(8)
    if probe is None:
        return False
    probe.remove()
    return True
