"""The sandbox interface (§6.1): `run(code, timeout_s, purpose=...) -> ExecResult`.

Every piece of model-written code runs through here, never in the harness process.
"""

from __future__ import annotations

import abc
import asyncio
import dataclasses
import hashlib
import math
import sys
from typing import Any

from steering.sandbox.decode import decode_output

STATUSES = ("ok", "error", "timeout", "killed", "sandbox_error")


@dataclasses.dataclass(frozen=True)
class Limits:
    mem_bytes: int = 2 << 30
    file_bytes: int = 64 << 20
    max_procs: int = 64
    open_files: int = 256
    output_cap: int = 1 << 20
    output_kill: int = 64 << 20

    def for_job(self, timeout_s: float, nproc: int) -> dict[str, Any]:
        return {
            "cpu_s": math.ceil(timeout_s) + 1,
            "mem_bytes": self.mem_bytes,
            "file_bytes": self.file_bytes,
            "open_files": self.open_files,
            "nproc": nproc,
            "output_cap": self.output_cap,
            "output_kill": self.output_kill,
        }

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class ExecResult:
    status: str
    exit_code: int | None
    signal: int | None
    timed_out: bool
    killed_reason: str | None
    stdout: str
    stderr: str
    stdout_bytes: int
    stderr_bytes: int
    stdout_truncated: bool
    stderr_truncated: bool
    wall_s: float
    cpu_s: float | None
    max_rss_kib: int | None
    sandbox: str
    code_sha256: str
    purpose: str
    leftover: bool = False
    warm: bool = False
    exec_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def code_sha256(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()


def scrubbed_env(workdir: str, exec_id: str) -> dict[str, str]:
    """The whole environment a job sees: an allow-list, no keys, tokens, proxies or credentials."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "SYMBENCH_EXEC_ID": exec_id,
    }
    for var in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "BLIS_NUM_THREADS",
    ):
        env[var] = "1"
    return env


def make_result(
    raw: dict[str, Any],
    out: bytes,
    err: bytes,
    *,
    kind: str,
    sha: str,
    purpose: str,
    host_dir: str | None,
    warm: bool,
    exec_id: str | None = None,
) -> ExecResult:
    """Turn the launcher's report into an ExecResult; the host path is shown as `/sandbox`."""
    if raw.get("launcher_error"):
        return failed(kind, sha, purpose, f"launcher error: {raw['launcher_error']}")
    stdout, stderr = decode_output(out), decode_output(err)
    if host_dir:
        stdout = stdout.replace(host_dir, "/sandbox")
        stderr = stderr.replace(host_dir, "/sandbox")
    killed = raw.get("killed_reason")
    if killed == "timeout":
        status = "timeout"
    elif killed == "output_limit":
        status = "killed"
    elif raw.get("exit_code") == 0:
        status = "ok"
    else:
        status = "error"
    return ExecResult(
        status=status,
        exit_code=raw.get("exit_code"),
        signal=raw.get("signal"),
        timed_out=bool(raw.get("timed_out")),
        killed_reason=killed,
        stdout=stdout,
        stderr=stderr,
        stdout_bytes=int(raw.get("stdout_bytes", 0)),
        stderr_bytes=int(raw.get("stderr_bytes", 0)),
        stdout_truncated=int(raw.get("stdout_bytes", 0)) > len(out),
        stderr_truncated=int(raw.get("stderr_bytes", 0)) > len(err),
        wall_s=float(raw.get("wall_s", 0.0)),
        cpu_s=raw.get("cpu_s"),
        max_rss_kib=raw.get("max_rss_kib"),
        sandbox=kind,
        code_sha256=sha,
        purpose=purpose,
        leftover=bool(raw.get("leftover")),
        warm=warm,
        exec_id=exec_id,
    )


def failed(kind: str, sha: str, purpose: str, message: str, signal: int | None = None) -> ExecResult:
    """A harness-side fault (the sandbox could not run or lost the job)."""
    return ExecResult(
        "sandbox_error" if signal is None else "error",
        None,
        signal,
        False,
        None,
        "",
        message,
        0,
        len(message),
        False,
        False,
        0.0,
        None,
        None,
        kind,
        sha,
        purpose,
    )


class Sandbox(abc.ABC):
    """Base class: subclasses provide `run`; `arun` runs it off the event loop."""

    kind = "none"
    isolation = "weak"

    @abc.abstractmethod
    def run(
        self, code: str, timeout_s: float = 30.0, *, purpose: str = "final", stdin: bytes = b""
    ) -> ExecResult:
        """Run one piece of model-written code under the sandbox's limits."""

    async def arun(
        self, code: str, timeout_s: float = 30.0, *, purpose: str = "final", stdin: bytes = b""
    ) -> ExecResult:
        return await asyncio.to_thread(self.run, code, timeout_s, purpose=purpose, stdin=stdin)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "isolation": self.isolation}

    def close(self) -> None:  # noqa: B027 - most sandboxes hold nothing to release
        """Release pooled workers; a no-op for sandboxes that keep none."""

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def interpreter_flags() -> list[str]:
    """`-I` without `-E`: no user site, no script directory on sys.path, no bytecode files, but the
    (already scrubbed) environment is honoured so PYTHONHASHSEED and PYTHONIOENCODING apply."""
    return ["-s", "-B"] + (["-P"] if sys.version_info >= (3, 11) else [])


def default_python() -> str:
    """The harness's own interpreter path, unresolved, so a virtual environment keeps its packages."""
    return sys.executable
