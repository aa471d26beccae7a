"""§5.10: `symbench guide serve` prints the exact vLLM command and runs it (a stand-in `vllm`
package on PYTHONPATH records how it was started); a clear error when vllm is missing."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from steering.backends.templates import template_file

FAKE_SERVER = """
import json, os, sys
if "--help" in sys.argv:
    print("usage: api_server --model --chat-template --max-model-len --generation-config --host --port")
    sys.exit(0)
with open(os.environ["FAKE_VLLM_OUT"], "w") as f:
    json.dump({"argv": sys.argv[1:], "key": os.environ.get("VLLM_API_KEY")}, f)
"""


def _guide(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symbench.cli", "guide", "serve", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture
def fake_vllm(tmp_path):
    root = tmp_path / "site"
    pkg = root / "vllm" / "entrypoints" / "openai"
    pkg.mkdir(parents=True)
    for d in (root / "vllm", root / "vllm" / "entrypoints", pkg):
        (d / "__init__.py").write_text("")
    (pkg / "api_server.py").write_text(FAKE_SERVER)
    return {
        "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "FAKE_VLLM_OUT": str(tmp_path / "ran.json"),
    }


def test_print_only_without_vllm(tmp_path):
    res = _guide("--print-only")
    assert res.returncode == 0, res.stderr
    cmd_line, client = res.stdout.splitlines()[:2]
    argv = shlex.split(cmd_line)
    assert argv[1:4] == ["-m", "vllm.entrypoints.openai.api_server", "--model"]
    opts = dict(zip(argv[5::2], argv[6::2]))
    assert argv[4] == "yongchao98/CodeSteer-v1" and opts["--chat-template"] == template_file("llama3_raw")
    assert opts["--max-model-len"] == "8192" and opts["--generation-config"] == "vllm"
    assert json.loads(opts["--override-generation-config"]) == {
        "temperature": 0.95, "top_p": 0.7, "top_k": 50, "repetition_penalty": 1.0, "max_new_tokens": 1024,
    }  # fmt: skip
    assert (opts["--host"], opts["--port"], opts["--served-model-name"]) == ("127.0.0.1", "8000", "codesteer")
    assert "--guide 'openai:codesteer?kind=codesteer-v1' --guide-base-url http://127.0.0.1:8000/v1" in client
    assert "vllm is not installed" in res.stderr


def test_serve_without_vllm_is_a_clear_error():
    res = _guide()
    assert res.returncode == 2 and "vllm is not installed" in res.stderr and "Traceback" not in res.stderr


def test_non_local_host_needs_a_key_env():
    res = _guide("--host", "0.0.0.0", "--print-only")
    assert res.returncode == 2 and "--api-key-env" in res.stderr


def test_serve_runs_the_printed_command(tmp_path, fake_vllm):
    model_dir = tmp_path / "my-guide"
    model_dir.mkdir()
    env = {**fake_vllm, "MY_GUIDE_KEY": "sk-CANARY-serve"}
    res = _guide("--model", str(model_dir), "--port", "8123", "--tp", "2", "--host", "0.0.0.0",
                 "--api-key-env", "MY_GUIDE_KEY", env=env)  # fmt: skip
    assert res.returncode == 0, res.stderr
    ran = json.loads(Path(fake_vllm["FAKE_VLLM_OUT"]).read_text())
    printed = res.stdout.splitlines()[0]
    assert printed.startswith('VLLM_API_KEY="$MY_GUIDE_KEY" ') and "sk-CANARY" not in res.stdout + res.stderr
    argv = shlex.split(printed.split(" ", 1)[1])
    assert ran["argv"] == argv[3:] and ran["key"] == "sk-CANARY-serve"  # the key only via the environment
    assert ran["argv"][1] == str(model_dir.resolve()) and "--tensor-parallel-size" in ran["argv"]
    # this stand-in vLLM lacks --override-generation-config: dropped with a warning
    assert "--override-generation-config" not in ran["argv"] and "--generation-config" in ran["argv"]
    assert "no --override-generation-config; dropped" in res.stderr
    assert "--guide-base-url http://127.0.0.1:8123/v1" in res.stdout
