"""The launcher that runs inside the sandbox: limits, output capture, timeout and full cleanup.

Standard library only; it is started as `python -s -B -P _launch.py MODE WORKDIR [PRELOAD...]` and never
imports the harness. Model code never runs in this process: each job is a forked child that sets its
limits, starts a new session and then either execs a fresh interpreter on `main.py` (`once`, the
cold path) or runs `main.py` in the fork itself (`worker`, the warm path: modules imported once by
the worker are already loaded). After every job the launcher kills every process the job left
behind (as pid 1 of a pid namespace: `kill(-1)`; otherwise as a child subreaper: the job's group and
every orphan reparented to it) and empties the working directory, so no job sees another's traces.

Protocol on fds 0/1 (moved to high fds at start): a request is one JSON line followed by the code
and stdin bytes; a reply is one JSON line followed by the captured stdout and stderr bytes.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import select
import shutil
import signal
import sys
import time

CTRL_IN = 1000
CTRL_OUT = 1001
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
CAP_VERSION_3 = 0x20080522


def _prctl(option: int, value: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _drop_caps() -> None:
    """Give up every capability for good (bounding set, then all sets), so that a job running as
    root cannot read other processes' memory or environment, nor regain privilege by exec."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def _read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _read_line(fd: int) -> bytes:
    out = bytearray()
    while True:
        ch = os.read(fd, 1)
        if not ch:
            raise EOFError
        if ch == b"\n":
            return bytes(out)
        out += ch


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _empty_dir(path: str) -> None:
    try:
        names = os.listdir(path)
    except OSError:
        return
    for name in names:
        full = os.path.join(path, name)
        try:
            if os.path.isdir(full) and not os.path.islink(full):
                _make_writable(full)
                shutil.rmtree(full, ignore_errors=True)
            else:
                os.unlink(full)
        except OSError:
            pass


def _make_writable(path: str) -> None:
    for root, dirs, _files in os.walk(path):
        for d in dirs:
            try:
                os.chmod(os.path.join(root, d), 0o700)
            except OSError:
                pass
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass


class Launcher:
    def __init__(self, mode: str, workdir: str, extra_dirs: list[str]) -> None:
        self.mode = mode
        self.workdir = workdir
        self.extra_dirs = extra_dirs  # namespace backends: the private /tmp and /dev/shm
        self.is_pid1 = os.getpid() == 1
        if not self.is_pid1:
            _prctl(PR_SET_CHILD_SUBREAPER, 1)
        _prctl(PR_SET_DUMPABLE, 0)  # jobs cannot read or trace this process

    # ------------------------------------------------------------------ child side
    def _child(self, job: dict, code_path: str, stdin_fd: int, out_w: int, err_w: int) -> None:
        try:
            os.setsid()
            if os.geteuid() == 0:
                _drop_caps()
            os.dup2(stdin_fd, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            os.closerange(3, 65536)
            limits = job["limits"]
            cpu = int(limits["cpu_s"])
            for res, value in (
                (resource.RLIMIT_CPU, (cpu, cpu + 1)),
                (resource.RLIMIT_AS, (limits["mem_bytes"],) * 2),
                (resource.RLIMIT_FSIZE, (limits["file_bytes"],) * 2),
                (resource.RLIMIT_NOFILE, (limits["open_files"],) * 2),
                (resource.RLIMIT_CORE, (0, 0)),
                (resource.RLIMIT_NPROC, (limits["nproc"],) * 2),
            ):
                try:
                    resource.setrlimit(res, value)
                except (ValueError, OSError):
                    pass
            for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
                signal.signal(sig, signal.SIG_DFL)
            os.chdir(self.workdir)
            env = job["env"]
            if self.mode == "once":
                python = job["python"]
                os.execve(python, [python, *job.get("python_flags", ["-I", "-B"]), "main.py"], env)
            self._run_in_fork(env, code_path)
        except BaseException as exc:  # noqa: BLE001 - a child must never return into the launcher
            try:
                os.write(2, f"sandbox launcher: {type(exc).__name__}: {exc}\n".encode())
            finally:
                os._exit(127)

    def _run_in_fork(self, env: dict, code_path: str) -> None:
        """Behave like `python -I -B main.py` inside the forked, already-warm interpreter."""
        import io
        import random
        import traceback

        os.environ.clear()
        os.environ.update(env)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
            encoding="utf-8",
            errors="backslashreplace",
            line_buffering=True,
        )
        sys.argv = ["main.py"]
        sys.path[0] = self.workdir
        random.seed()  # the fork copied the worker's state: reseed as a fresh interpreter would
        if "numpy" in sys.modules:
            try:
                sys.modules["numpy"].random.seed()
            except Exception:  # noqa: BLE001
                pass
        main = type(sys)("__main__")
        main.__file__ = os.path.join(self.workdir, "main.py")
        main.__builtins__ = __builtins__
        sys.modules["__main__"] = main
        code = 0
        try:
            with open(code_path, "rb") as handle:
                source = handle.read()
            exec(compile(source, main.__file__, "exec"), main.__dict__)  # noqa: S102 - the sandboxed job
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code & 0xFF
            else:
                try:
                    print(exc.code, file=sys.stderr)
                except Exception:  # noqa: BLE001
                    pass
                code = 1
        except BaseException as exc:  # noqa: BLE001
            try:  # the job's frames only, as a fresh interpreter would print them
                traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
            except Exception:  # noqa: BLE001
                pass
            code = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                code = code or 120
        os._exit(code)

    # ------------------------------------------------------------------ parent side
    def run_job(self, job: dict, code: bytes, stdin: bytes) -> tuple[dict, bytes, bytes]:
        _empty_dir(self.workdir)
        code_path = os.path.join(self.workdir, "main.py")
        with open(code_path, "wb") as handle:
            handle.write(code)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        if stdin:
            in_r, in_w = os.pipe()
        else:
            in_r, in_w = os.open(os.devnull, os.O_RDONLY), -1
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            self._child(job, code_path, in_r, out_w, err_w)
        for fd in (out_w, err_w, in_r):
            os.close(fd)
        result = self._supervise(job, pid, started, out_r, err_r, in_w, stdin)
        leftover = self._kill_all(pid)
        result["leftover"] = leftover
        _empty_dir(self.workdir)
        for extra in self.extra_dirs:
            _empty_dir(extra)
        out, err = result.pop("_out"), result.pop("_err")
        return result, out, err

    def _supervise(
        self, job: dict, pid: int, started: float, out_r: int, err_r: int, in_w: int, stdin: bytes
    ) -> dict:
        cap = int(job["limits"]["output_cap"])
        kill_at = int(job["limits"]["output_kill"])
        deadline = started + float(job["timeout_s"])
        bufs = {out_r: bytearray(), err_r: bytearray()}
        counts = {out_r: 0, err_r: 0}
        open_fds = {out_r, err_r}
        pending = memoryview(stdin)
        if in_w >= 0:
            os.set_blocking(in_w, False)
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = -1
        status = None
        rusage = None
        killed_reason = None
        while True:
            if status is None:
                got, st, ru = os.wait4(pid, os.WNOHANG)
                if got == pid:
                    status, rusage = st, ru
            if status is not None:
                break  # the main process is gone: drain what is buffered, then clean up
            now = time.monotonic()
            if now >= deadline:
                killed_reason = "timeout"
                break
            rlist = list(open_fds) + ([pidfd] if pidfd >= 0 else [])
            wlist = [in_w] if in_w >= 0 and pending else []
            timeout = min(deadline - now, 0.05 if pidfd < 0 else 1.0)
            try:
                readable, writable, _ = select.select(rlist, wlist, [], timeout)
            except InterruptedError:
                continue
            for fd in writable:
                try:
                    n = os.write(fd, pending[:65536])
                    pending = pending[n:]
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    pending = memoryview(b"")
                if not pending:
                    os.close(in_w)
                    in_w = -1
            if in_w >= 0 and not pending:
                os.close(in_w)
                in_w = -1
            for fd in readable:
                if fd == pidfd:
                    continue
                if self._read_into(fd, bufs, counts, cap) == 0:
                    open_fds.discard(fd)
            if counts[out_r] + counts[err_r] > kill_at:
                killed_reason = "output_limit"
                break
        if status is None:
            self._kill_tree(pid)
            _, status, rusage = os.wait4(pid, 0)
        self._kill_tree(pid)
        # Whatever is still buffered in the pipes (writers may already be dead).
        for fd in list(open_fds):
            os.set_blocking(fd, False)
            while True:
                try:
                    if self._read_into(fd, bufs, counts, cap) == 0:
                        break
                except BlockingIOError:
                    break
                if counts[out_r] + counts[err_r] > kill_at:
                    killed_reason = killed_reason or "output_limit"
                    break
        for fd in (out_r, err_r, pidfd, in_w):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        wall = time.monotonic() - started
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        return {
            "exit_code": exit_code,
            "signal": sig,
            "timed_out": killed_reason == "timeout",
            "killed_reason": killed_reason,
            "stdout_bytes": counts[out_r],
            "stderr_bytes": counts[err_r],
            "wall_s": round(wall, 6),
            "cpu_s": round(rusage.ru_utime + rusage.ru_stime, 6) if rusage else None,
            "max_rss_kib": rusage.ru_maxrss if rusage else None,
            "_out": bytes(bufs[out_r]),
            "_err": bytes(bufs[err_r]),
        }

    @staticmethod
    def _read_into(fd: int, bufs: dict, counts: dict, cap: int) -> int:
        data = os.read(fd, 1 << 16)
        if data:
            counts[fd] += len(data)
            room = cap - len(bufs[fd])
            if room > 0:
                bufs[fd] += data[:room]
        return len(data)

    def _kill_tree(self, pid: int) -> None:
        if self.is_pid1:
            try:
                os.kill(-1, signal.SIGKILL)  # every process of the namespace but this one
            except ProcessLookupError:
                pass
            return
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for child in _children(os.getpid()):
            try:
                os.killpg(child, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _kill_all(self, pid: int) -> bool:
        """Kill and reap every descendant; True when something survived 5 s (a sandbox fault)."""
        deadline = time.monotonic() + 5.0
        while True:
            self._kill_tree(pid)
            try:
                while os.waitpid(-1, os.WNOHANG)[0] > 0:
                    pass
            except ChildProcessError:
                return False
            if not _children(os.getpid()) and not self.is_pid1:
                return False
            if time.monotonic() > deadline:
                return True
            time.sleep(0.002)

    # ------------------------------------------------------------------ loop
    def serve(self) -> None:
        while True:
            try:
                header = json.loads(_read_line(CTRL_IN))
                code = _read_exact(CTRL_IN, header["code_len"])
                stdin = _read_exact(CTRL_IN, header["stdin_len"])
            except EOFError:
                return
            try:
                result, out, err = self.run_job(header, code, stdin)
            except Exception as exc:  # noqa: BLE001 - report a launcher fault, keep serving
                result, out, err = {"launcher_error": f"{type(exc).__name__}: {exc}"}, b"", b""
            result["out_len"], result["err_len"] = len(out), len(err)
            _write_all(CTRL_OUT, json.dumps(result).encode() + b"\n" + out + err)
            if self.mode == "once":
                return


def _children(ppid: int) -> list[int]:
    """Processes whose parent is `ppid` (orphans reparent to us as the subreaper)."""
    out = []
    try:
        with open(f"/proc/{ppid}/task/{ppid}/children") as handle:
            out = [int(p) for p in handle.read().split()]
    except OSError:
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat") as handle:
                    stat = handle.read()
                if int(stat.rsplit(")", 1)[1].split()[1]) == ppid:
                    out.append(int(name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def main(argv: list[str]) -> int:
    mode, workdir = argv[0], argv[1]
    extra_dirs: list[str] = []
    preload = []
    for arg in argv[2:]:
        if arg.startswith("--wipe="):
            extra_dirs.append(arg[len("--wipe=") :])
        else:
            preload.append(arg)
    os.dup2(0, CTRL_IN)
    os.dup2(1, CTRL_OUT)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    os.close(devnull)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    for name in preload:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a missing optional module just stays cold
            pass
    if "numpy" in sys.modules:
        try:  # its first entropy seeding costs ~15 ms of lazy set-up: pay it here, not per job
            sys.modules["numpy"].random.seed()
        except Exception:  # noqa: BLE001
            pass
    # Park every object the imports made in the permanent generation: a forked job's collections
    # then never walk them, which would copy (on write) nearly every page of the warm interpreter.
    import gc

    gc.collect()
    gc.freeze()
    Launcher(mode, workdir, extra_dirs).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
