"""`plain`: the launcher as an ordinary subprocess (same user, full filesystem and network).

Isolation is weak and recorded so; limits, the scrubbed environment, capability drop, output caps
and full process cleanup still apply.
"""

from __future__ import annotations

from steering.sandbox.api import interpreter_flags
from steering.sandbox.launcher import LaunchBackend


class PlainBackend(LaunchBackend):
    kind = "plain"
    isolation = "weak"
    in_namespace = False

    def command(self, host_dir: str, python: str, mode: str, preload: list[str]) -> list[str]:
        return [python, *interpreter_flags(), self.launch_script, mode, host_dir, *preload]

    def workdir(self, host_dir: str) -> str:
        return host_dir
