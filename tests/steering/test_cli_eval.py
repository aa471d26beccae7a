"""`symbench eval` / `report` / `score` / `methods` end to end: the OpenAI-compatible client path
against the loopback server, executions in the sandbox, resume, the cache, and no key anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from steering.testing.openai_server import OpenAIServer, Rule

CANARY = "sk-CANARY-must-never-be-written"
CODE_REPLY = "Plan.\n```python\nimport os\nprint('<<<A,B,C,D>>>', os.environ.get('OPENAI_API_KEY'))\n```"


def _symbench(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "symbench.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_eval_against_openai_compatible_server_resume_and_cache(tmp_path):
    out = tmp_path / "runs"
    env = {"OPENAI_API_KEY": CANARY, "SYMBENCH_TASK_API_KEY": CANARY + "-task"}
    args = [
        "eval",
        "--method",
        "all_code_cot",
        "--model",
        "openai:served-model",
        "--task",
        "matrix_transformation",
        "--complexity",
        "1",
        "-n",
        "8",
        "--concurrency",
        "4",
        "--output-dir",
        str(out),
        "--no-progress",
    ]
    with OpenAIServer(models=("served-model",), rules=[Rule(reply=CODE_REPLY)], latency_s=0.02) as srv:
        first = _symbench(*args, "--base-url", srv.url, env=env)
        assert first.returncode == 0, first.stderr
        n_first = srv.n_requests
        again = _symbench(*args, "--base-url", srv.url, env=env)
        assert again.returncode == 0 and srv.n_requests == n_first  # resumed: nothing left to run
        fresh = _symbench(*args, "--base-url", srv.url, "--new", env=env)
        assert fresh.returncode == 0 and srv.n_requests == n_first  # a new run served from the cache
        assert srv.headers[0]["authorization"] == f"Bearer {CANARY}-task"
    run_dirs = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(run_dirs) == 2 and n_first == 8
    recs = [json.loads(line) for line in (run_dirs[0] / "samples.jsonl").read_text().splitlines()]
    assert len(recs) == 8 and len({r["key"] for r in recs}) == 8
    for r in recs:
        call = r["calls"][0]
        assert call["usage"]["source"] == "provider" and not call["usage"]["estimated"]
        assert r["tokens"]["task_headline"] == call["usage"]["input"] + call["usage"]["output"]
        ex = r["executions"][0]
        assert ex["sandbox"] in ("bwrap", "unshare", "plain") and ex["status"] == "ok"
        assert ex["stdout"].strip() == "<<<A,B,C,D>>> None"  # the sandbox saw no key
    results = json.loads((run_dirs[0] / "results.json").read_text())
    assert results["per_task"]["matrix_transformation"]["n"] == 8
    config = json.loads((run_dirs[0] / "config.json").read_text())
    assert len(config["sessions"]) == 2 and config["models"]["task"]["identity"]["root"] == "test/root"
    cached = [json.loads(line) for line in (run_dirs[1] / "samples.jsonl").read_text().splitlines()]
    assert all(r["calls"][0]["cached"] for r in cached)
    assert json.loads((run_dirs[1] / "results.json").read_text())["runtime"]["cache_hit_share"] == 1.0
    for path in _files(out):
        data = path.read_bytes()
        assert b"CANARY" not in data, f"a key was written to {path}"
    report_md = tmp_path / "report.md"
    rep = _symbench("report", str(run_dirs[0]), str(run_dirs[1]), "--markdown", str(report_md))
    assert rep.returncode == 0, rep.stderr
    text = report_md.read_text()
    assert "| matrix_transformation |" in text and "reported, not re-verified" in text
    score = _symbench("score", str(run_dirs[0]))
    assert score.returncode == 0 and "8 samples" in score.stdout


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    cases = [
        [
            "eval",
            "--method",
            "nope",
            "--model",
            "scripted:x.json",
            "--task",
            "matrix_transformation",
            "-c",
            "1",
        ],
        ["eval", "--model", "gpt-4o", "--task", "matrix_transformation", "-c", "1"],
        ["eval", "--model", "scripted:/nonexistent.json", "--task", "matrix_transformation", "-c", "1"],
        [
            "eval",
            "--model",
            "openai:x",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--task",
            "matrix_transformation",
            "-c",
            "1",
            "--output-dir",
            str(tmp_path),
        ],
        ["eval", "--bogus-flag"],
        [
            "eval",
            "--method",
            "only_question",
            "--method-config",
            "colour=red",
            "--model",
            "scripted:x",
            "--task",
            "matrix_transformation",
            "-c",
            "1",
        ],
        ["report", str(tmp_path / "missing")],
    ]
    for args in cases:
        proc = _symbench(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("symbench: error:"), (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_methods_lists_the_six():
    proc = _symbench("methods", "--json")
    names = {m["name"] for m in json.loads(proc.stdout)}
    assert {
        "only_question",
        "all_text_cot",
        "all_code_cot",
        "autogen_concat",
        "few_shot",
        "code_interpreter",
    } <= names


def test_generate_never_imports_the_harness_or_model_libraries():
    code = (
        "import sys, io, contextlib\nfrom symbench.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['generate', '--task', 'matrix_transformation', '-c', '1', '-n', '1'])\n"
        "print(sorted(m for m in ('steering', 'openai', 'torch', 'transformers', 'vllm') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stderr
