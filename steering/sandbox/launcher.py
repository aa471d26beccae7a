"""Host side of the sandbox: start launcher processes, talk their protocol, clean up after them.

A `Worker` is one launcher process (inside bwrap/unshare or plain) with its own 0700 directory
and, where possible, its own pids cgroup. Cold executions use a fresh `once` worker per job; the
warm pool keeps `worker`-mode launchers that imported numpy/sympy once and fork a child per job.
"""

from __future__ import annotations

import abc
import contextlib
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from importlib import resources
from typing import Any

from steering.sandbox.api import (
    ExecResult,
    Limits,
    Sandbox,
    code_sha256,
    default_python,
    failed,
    interpreter_flags,
    make_result,
    scrubbed_env,
)
from steering.sandbox.cgroup import PidsCgroup

DEFAULT_PRELOAD = (
    "numpy",
    "sympy",
    "itertools",
    "math",
    "collections",
    "functools",
    "fractions",
    "re",
    "heapq",
    "json",
    "random",
    "string",
    "copy",
    "operator",
    "decimal",
    "statistics",
)
WATCHDOG_GRACE_S = 15.0


class WorkerDied(Exception):
    pass


class LaunchBackend(abc.ABC):
    """How to start a launcher for one kind of sandbox (argv and the job's view of its directory)."""

    kind = "plain"
    isolation = "weak"
    in_namespace = False

    def __init__(self, python: str | None = None) -> None:
        self.python = python or default_python()
        self.launch_script = str(resources.files("steering.sandbox").joinpath("_launch.py"))

    @abc.abstractmethod
    def command(self, host_dir: str, python: str, mode: str, preload: list[str]) -> list[str]:
        """The argv that starts the launcher inside this kind of sandbox."""

    @abc.abstractmethod
    def workdir(self, host_dir: str) -> str:
        """The job's working directory as the job sees it."""

    def version(self) -> str | None:
        return None


def _launcher_env(workdir: str) -> dict[str, str]:
    env = scrubbed_env(workdir, "launcher")
    env.pop("SYMBENCH_EXEC_ID")
    return env


class Worker:
    def __init__(self, backend: LaunchBackend, mode: str, preload: tuple[str, ...], limits: Limits) -> None:
        self.backend = backend
        self.mode = mode
        self.host_dir = tempfile.mkdtemp(prefix="symbench-sbx-")
        os.chmod(self.host_dir, 0o700)
        self.workdir = backend.workdir(self.host_dir)
        self.cgroup = PidsCgroup.create(limits.max_procs + 4)
        argv = backend.command(self.host_dir, backend.python, mode, list(preload))
        if self.cgroup is not None:
            argv = ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', self.cgroup.procs_file, *argv]
        self.log_path = self.host_dir + ".log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=self.host_dir,
                env=_launcher_env(self.workdir),
                start_new_session=True,
                close_fds=True,
            )
        self.jobs = 0
        self.current_exec_id: str | None = None

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def run_job(
        self, header: dict[str, Any], code: bytes, stdin: bytes, watchdog_s: float
    ) -> tuple[dict[str, Any], bytes, bytes]:
        self.current_exec_id = header["env"]["SYMBENCH_EXEC_ID"]
        header = {**header, "code_len": len(code), "stdin_len": len(stdin)}
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(header).encode() + b"\n" + code + stdin)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerDied("the sandbox launcher is not running") from None
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        deadline = time.monotonic() + watchdog_s
        reader = _Reader(fd, deadline)
        line = reader.line()
        raw = json.loads(line)
        out = reader.exact(int(raw.pop("out_len", 0)))
        err = reader.exact(int(raw.pop("err_len", 0)))
        self.jobs += 1
        self.current_exec_id = None
        return raw, out, err

    def kill(self) -> None:
        """Kill the launcher and everything under it, whatever state it is in."""
        if self.cgroup is not None:
            self.cgroup.kill_all()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        if self.current_exec_id:
            kill_by_exec_id(self.current_exec_id)

    def close(self) -> None:
        if self.alive and self.mode == "worker":
            with contextlib.suppress(OSError):
                self.proc.stdin.close()  # type: ignore[union-attr]
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError, AttributeError):
                stream.close()  # type: ignore[union-attr]
        if self.cgroup is not None:
            self.cgroup.remove()
        shutil.rmtree(self.host_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.unlink(self.log_path)

    def launcher_log(self) -> str:
        try:
            with open(self.log_path, "rb") as handle:
                return handle.read()[-2000:].decode("utf-8", "replace")
        except OSError:
            return ""


class _Reader:
    """Read the launcher's reply with a deadline (the launcher enforces the job's own timeout)."""

    def __init__(self, fd: int, deadline: float) -> None:
        self.fd = fd
        self.deadline = deadline
        self.buf = bytearray()

    def _fill(self) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerDied("the sandbox launcher did not answer in time")
        ready, _, _ = select.select([self.fd], [], [], remaining)
        if not ready:
            raise WorkerDied("the sandbox launcher did not answer in time")
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            raise WorkerDied("the sandbox launcher died")
        self.buf += chunk

    def line(self) -> bytes:
        while b"\n" not in self.buf:
            self._fill()
        i = self.buf.index(b"\n")
        line = bytes(self.buf[:i])
        del self.buf[: i + 1]
        return line

    def exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data


def kill_by_exec_id(exec_id: str) -> int:
    """Last resort when a launcher died: SIGKILL every process whose environment holds the id."""
    needle = f"SYMBENCH_EXEC_ID={exec_id}".encode()
    killed = 0
    for _ in range(3):
        found = 0
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/environ", "rb") as handle:
                    if needle in handle.read().split(b"\0"):
                        os.kill(int(name), signal.SIGKILL)
                        found += 1
            except (OSError, ProcessLookupError):
                continue
        killed += found
        if not found:
            break
        time.sleep(0.01)
    return killed


class LaunchSandbox(Sandbox):
    """A sandbox of one kind, cold (a new launcher per job) or warm (a pool of forking launchers)."""

    def __init__(
        self,
        backend: LaunchBackend,
        *,
        warm: bool = True,
        concurrency: int | None = None,
        limits: Limits | None = None,
        preload: tuple[str, ...] = DEFAULT_PRELOAD,
    ) -> None:
        self.backend = backend
        self.kind = backend.kind
        self.isolation = backend.isolation
        self.warm = warm
        self.limits = limits or Limits()
        self.preload = preload
        self.concurrency = max(1, concurrency or os.cpu_count() or 1)
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._idle: list[Worker] = []
        self._all: list[Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    # ------------------------------------------------------------------ pool
    def _take(self) -> Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
                self._all.remove(worker)
                worker.close()
        worker = Worker(self.backend, "worker", self.preload, self.limits)
        with self._lock:
            self._all.append(worker)
        return worker

    def _give_back(self, worker: Worker) -> None:
        with self._lock:
            if self._closed or not worker.alive:
                if worker in self._all:
                    self._all.remove(worker)
                worker.close()
            else:
                self._idle.append(worker)

    def _discard(self, worker: Worker) -> None:
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        worker.close()

    def prewarm(self, n: int | None = None) -> None:
        """Start `n` pooled launchers now so the first jobs do not pay their import time."""
        workers = [self._take() for _ in range(n or self.concurrency)]
        for worker in workers:
            self._give_back(worker)

    # ------------------------------------------------------------------ run
    def _nproc(self) -> int:
        if self.backend.in_namespace:
            return self.limits.max_procs
        uid = os.getuid()
        count = 0
        for name in os.listdir("/proc"):
            if name.isdigit():
                with contextlib.suppress(OSError):
                    if os.stat(f"/proc/{name}").st_uid == uid:
                        count += 1
        return count + self.limits.max_procs

    def run(
        self, code: str, timeout_s: float = 30.0, *, purpose: str = "final", stdin: bytes = b""
    ) -> ExecResult:
        sha = code_sha256(code)
        exec_id = secrets.token_hex(12)
        with self._slots:
            if self.warm:
                worker = self._take()
            else:
                try:
                    worker = Worker(self.backend, "once", (), self.limits)
                except OSError as exc:
                    return failed(self.kind, sha, purpose, f"sandbox failed to start: {exc}")
            header = {
                "timeout_s": float(timeout_s),
                "limits": self.limits.for_job(timeout_s, self._nproc()),
                "env": scrubbed_env(worker.workdir, exec_id),
                "python": self.backend.python,
                "python_flags": interpreter_flags(),
            }
            body = code.encode("utf-8", "surrogateescape")
            try:
                raw, out, err = worker.run_job(header, body, stdin, float(timeout_s) + WATCHDOG_GRACE_S)
            except (WorkerDied, ValueError) as exc:
                log = worker.launcher_log()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    worker.proc.wait(0.5)
                code_ = worker.proc.returncode
                self._discard(worker)
                message = f"sandbox launcher lost the job ({exc})" + (f": {log}" if log else "")
                # A launcher killed by a signal was killed by the job (plain mode): the job's error.
                killed_by = -code_ if code_ is not None and code_ < 0 else None
                result = failed(self.kind, sha, purpose, message, signal=killed_by)
                result.exec_id = exec_id
                return result
            host_dir = worker.host_dir if not self.backend.in_namespace or self.kind == "unshare" else None
            if self.warm:
                self._give_back(worker)
            else:
                worker.close()
        return make_result(
            raw,
            out,
            err,
            kind=self.kind,
            sha=sha,
            purpose=purpose,
            host_dir=host_dir,
            warm=self.warm,
            exec_id=exec_id,
        )

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "isolation": self.isolation,
            "version": self.backend.version(),
            "warm": self.warm,
            "concurrency": self.concurrency,
            "limits": self.limits.to_json(),
            "python": self.backend.python,
            "preload": list(self.preload) if self.warm else [],
        }

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all, self._idle = list(self._all), [], []
        for worker in workers:
            worker.close()
