"""`bwrap`: bubblewrap namespaces (no network, private pid/ipc/uts/mount), read-only system files,
fresh /dev, /proc and /tmp, the work directory at `/sandbox`, and the harness's own directories
hidden under empty tmpfs mounts. The launcher is pid 1, so a job can neither kill it nor escape
its `kill(-1)`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from steering.sandbox.api import interpreter_flags, scrubbed_env
from steering.sandbox.launcher import LaunchBackend

SKIP = {"proc", "dev", "tmp", "sys", "home", "root", "run", "mnt", "media"}
LAUNCH_AT = "/run/symbench/_launch.py"


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def bwrap_version() -> str | None:
    path = bwrap_path()
    if not path:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


class BwrapBackend(LaunchBackend):
    kind = "bwrap"
    isolation = "strong"
    in_namespace = True

    def __init__(self, mask_paths: list[str] | None = None, python: str | None = None) -> None:
        super().__init__(python)
        self.mask_paths = [str(Path(p).resolve()) for p in (mask_paths or [])]

    def _visible(self, python: str) -> list[str]:
        """Directories the interpreter needs, re-exposed read-only under the masks."""
        paths = {
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            os.path.dirname(python),
            os.path.dirname(os.path.realpath(python)),
        }
        real = os.path.realpath(python)
        paths.add(str(Path(real).parent.parent))
        return sorted(p for p in paths if p and p != "/")

    def command(self, host_dir: str, python: str, mode: str, preload: list[str]) -> list[str]:
        argv = [
            bwrap_path() or "bwrap",
            "--die-with-parent",
            "--new-session",
            "--unshare-all",
            "--cap-drop",
            "ALL",
            "--as-pid-1",
        ]
        for entry in sorted(os.listdir("/")):
            full = "/" + entry
            if entry in SKIP:
                continue
            if os.path.islink(full):
                argv += ["--symlink", os.readlink(full), full]
            elif os.path.isdir(full):
                argv += ["--ro-bind", full, full]
        argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/run"]
        masks = {os.getcwd(), *self.mask_paths}
        for mask in sorted(masks):
            if mask != "/" and os.path.isdir(mask):
                argv += ["--tmpfs", mask]
        for keep in self._visible(python):
            if os.path.isdir(keep):
                argv += ["--ro-bind", keep, keep]
        # --clearenv drops what Popen passed: the launcher's environment is set here instead (the
        # hash seed must be fixed before the interpreter starts, the BLAS limits before numpy loads).
        argv.append("--clearenv")
        for key, value in sorted(scrubbed_env("/sandbox", "launcher").items()):
            if key != "SYMBENCH_EXEC_ID":
                argv += ["--setenv", key, value]
        argv += [
            "--bind",
            host_dir,
            "/sandbox",
            "--ro-bind",
            self.launch_script,
            LAUNCH_AT,
            "--chdir",
            "/sandbox",
        ]
        return [
            *argv,
            python,
            *interpreter_flags(),
            "-B",
            LAUNCH_AT,
            mode,
            "/sandbox",
            "--wipe=/tmp",
            "--wipe=/dev/shm",
            *preload,
        ]

    def workdir(self, host_dir: str) -> str:
        return "/sandbox"

    def version(self) -> str | None:
        return bwrap_version()
