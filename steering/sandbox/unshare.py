"""`unshare`: new user, network (loopback down), pid and mount namespaces with a private /proc.

The filesystem stays the host's (not contained), so isolation is recorded as `partial`.
"""

from __future__ import annotations

import shutil

from steering.sandbox.api import interpreter_flags
from steering.sandbox.launcher import LaunchBackend


class UnshareBackend(LaunchBackend):
    kind = "unshare"
    isolation = "partial"
    in_namespace = True

    def command(self, host_dir: str, python: str, mode: str, preload: list[str]) -> list[str]:
        return [
            shutil.which("unshare") or "unshare",
            "--user",
            "--map-root-user",
            "--net",
            "--pid",
            "--fork",
            "--mount",
            "--mount-proc",
            "--kill-child",
            python,
            *interpreter_flags(),
            "-B",
            self.launch_script,
            mode,
            host_dir,
            *preload,
        ]

    def workdir(self, host_dir: str) -> str:
        return host_dir
