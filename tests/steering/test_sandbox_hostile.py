"""§6.4: every hostile snippet, run from a separate harness process holding canary secrets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ALL = [
    "fork_bomb",
    "busy_loop_sigterm",
    "alloc_16g",
    "flood_stdout",
    "write_outside",
    "print_environ",
    "read_all_proc",
    "network_public",
    "network_loopback",
    "sleeper",
    "kill_parent",
    "background_shell",
    "garbage_bytes",
    "segfault",
    "stdin_eof",
]
# The cold path shares the launcher with the warm one; by default it runs the snippets that test what
# differs (exec of a fresh interpreter, directory removal, signals); every snippet runs cold under -m slow.
COLD_FAST = [
    "write_outside",
    "print_environ",
    "read_all_proc",
    "network_loopback",
    "sleeper",
    "kill_parent",
    "background_shell",
    "garbage_bytes",
    "segfault",
    "stdin_eof",
]
CANARIES = {
    "OPENAI_API_KEY": "sk-CANARY-openai",
    "HF_TOKEN": "hf_CANARY_token",
    "SYMBENCH_GUIDE_API_KEY": "CANARY-guide",
}
NAMESPACED = {"bwrap", "unshare"}


def _available(kind: str) -> bool:
    if kind == "bwrap":
        return shutil.which("bwrap") is not None
    if kind == "unshare":
        return shutil.which("unshare") is not None
    return True


def _alive_with(exec_id: str) -> list[int]:
    needle = f"SYMBENCH_EXEC_ID={exec_id}".encode()
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if needle in Path(f"/proc/{name}/environ").read_bytes().split(b"\0"):
                    found.append(int(name))
            except OSError:
                continue
    return found


def _start(kind: str, mode: str, names: list[str], tmp: Path) -> tuple[subprocess.Popen, Path]:
    outside = tmp / f"outside-{kind}-{mode}"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in CANARIES}
    env.update(CANARIES)
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "hostile_harness.py"), kind, mode, str(outside), *names],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    return proc, outside


def _collect(proc: subprocess.Popen, outside: Path) -> dict[str, dict]:
    stdout, stderr = proc.communicate(timeout=300)
    reports = {}
    for line in stdout.splitlines():
        data = json.loads(line)
        reports[data["name"]] = data
    assert proc.returncode == 0, stderr[-2000:]
    reports["_outside"] = {"escaped": (outside / "escaped.txt").exists()}
    reports["_survivors"] = {
        name: _alive_with(r["result"]["exec_id"])
        for name, r in reports.items()
        if isinstance(r, dict) and "result" in r
    }
    return reports


def check_snippet(kind: str, name: str, reports: dict[str, dict], mode: str) -> None:
    rep = reports[name]
    r = rep["result"]
    out = r["stdout"] + r["stderr"]
    json.loads(json.dumps(r))  # serialises
    assert reports["_survivors"][name] == [], f"{name}: processes survived"
    assert rep["rss_growth_kib"] < 64 * 1024
    assert not r["leftover"]
    if mode == "warm":
        assert rep["dirs_empty"], "the pooled working directory was not emptied"
    assert "CANARY" not in out or (name == "network_loopback" and kind not in NAMESPACED)
    weak = reports["_closed"]["isolation"] == "weak"
    if name == "fork_bomb":
        assert r["status"] in ("error", "timeout") and rep["elapsed"] <= 5 + 5
    elif name in ("busy_loop", "busy_loop_sigterm"):
        assert r["status"] == "timeout" and r["signal"] == 9 and r["timed_out"] and rep["elapsed"] <= 5 + 2
    elif name == "alloc_16g":
        assert r["status"] == "error" and "allocated" not in r["stdout"] and rep["elapsed"] < 5
    elif name == "flood_stdout":
        assert r["status"] == "killed" and r["killed_reason"] == "output_limit"
        assert (
            len(r["stdout"].encode()) <= 1 << 20 and r["stdout_truncated"] and r["stdout_bytes"] >= 64 << 20
        )
    elif name == "write_outside":
        if kind == "bwrap":
            assert r["status"] == "error" and not reports["_outside"]["escaped"]
        else:
            assert reports["_outside"]["escaped"] and reports["_closed"]["isolation"] in ("weak", "partial")
    elif name in ("print_environ", "read_all_proc"):
        assert (
            r["status"] == "ok" and "PYTHONHASHSEED" in out
            if name == "print_environ"
            else r["status"] == "ok"
        )
    elif name == "network_public":
        if kind in NAMESPACED:
            assert "connect failed" in r["stdout"] and "resolve failed" in r["stdout"] and rep["elapsed"] < 5
        else:
            pytest.skip("plain is not network-contained (recorded weak); no traffic is sent off this machine")
    elif name == "network_loopback":
        if kind in NAMESPACED:
            assert "refused" in r["stdout"] and "CANARY" not in out
        else:
            assert weak and "CANARY" in r["stdout"]
    elif name == "sleeper":
        assert r["status"] == "error" and r["exit_code"] == 3 and rep["elapsed"] < 2
    elif name == "kill_parent":
        assert r["status"] == "error" and r["signal"] == 9
    elif name == "background_shell":
        assert r["stdout"].strip() == "hi" and rep["elapsed"] < 2
    elif name == "garbage_bytes":
        assert "\x00" not in out and "\ufffd" in r["stdout"] and "abc" in r["stdout"]
    elif name == "segfault":
        assert r["status"] == "error" and r["signal"] == 11
    elif name == "stdin_eof":
        assert r["stdout"].startswith("''") and float(r["stdout"].split()[1]) < 1


def _check_all(kind: str, mode: str, names: list[str], tmp: Path) -> None:
    """One harness process per (backend, path) runs every snippet; every failure is reported."""
    if not _available(kind):
        pytest.skip(f"{kind} is not installed")
    reports = _collect(*_start(kind, mode, names, tmp))
    failures = []
    for name in names:
        try:
            check_snippet(kind, name, reports, mode.removesuffix("-all"))
        except pytest.skip.Exception:
            continue
        except AssertionError as exc:
            failures.append(f"{name}: {exc}")
    if mode.startswith("cold"):
        assert reports["_closed"]["dirs_gone"], "execution directories were left behind"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("kind", ["plain", "bwrap"])
def test_hostile_warm(kind: str, tmp_path: Path) -> None:
    _check_all(kind, "warm", ALL, tmp_path)


@pytest.mark.parametrize("kind", ["plain", "bwrap"])
def test_hostile_cold(kind: str, tmp_path: Path) -> None:
    _check_all(kind, "cold", COLD_FAST, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind,mode", [("unshare", "warm"), ("unshare", "cold"), ("plain", "cold-all"), ("bwrap", "cold-all")]
)
def test_hostile_everything(kind: str, mode: str, tmp_path: Path) -> None:
    """Every snippet (and the plain busy loop) on every backend and path."""
    _check_all(kind, mode, [*ALL, "busy_loop"], tmp_path)
