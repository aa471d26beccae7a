"""End to end: `symbench eval --method codesteer --model openai:A --guide openai:B` through the real
openai client against the loopback server; every turn, decision, check and execution is recorded
and the run stops on the guide's signal."""

from __future__ import annotations

import json

from steering.backends.base import ChatRequest
from steering.cli.eval_cmd import main as eval_main
from steering.codesteer.guide_context import sent_view
from steering.prompts.pack import load_pack
from steering.testing.openai_server import OpenAIServer, Rule
from symbench.generation import generate_instances

KEY = "sk-CANARY-codesteer-http"
PACK = load_pack()


def test_codesteer_over_http(tmp_path, monkeypatch, capsys):
    a = next(iter(generate_instances("matrix_transformation", 1, 1, 0)))
    right = f"Plan.\n```python\nprint('<<<' + {a.answer!r} + '>>>')\n```"
    rules = [
        Rule(match=r"Answer to test:", reply="```python\nprint('Correct')\n```"),
        Rule(match=r"^A second model", reply="Write one Python program that rotates the grid."),
        Rule(
            match=r"^The latest answer",
            reply="Wrong.\n<<<Rotate clockwise, print the required format>>>",
            times=1,
        ),
        Rule(match=r"^The latest answer", reply="<<<Return Answer>>>"),
        Rule(match=r"^Rotate clockwise", reply=right),
        Rule(reply="I think it is <<<Z,Z,Z,Z>>>"),
    ]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    out = tmp_path / "runs"
    with OpenAIServer(models=("task-model", "guide-model"), rules=rules, latency_s=0.01) as srv:
        code = eval_main(
            [
                "--method", "codesteer",
                "--model", "openai:task-model", "--base-url", srv.url,
                "--guide", "openai:guide-model", "--guide-base-url", srv.url,
                "--task", "matrix_transformation", "--complexity", "1", "-n", "1",
                "--output-dir", str(out), "--no-progress", "--no-cache", "--allow-debug",
            ]
        )  # fmt: skip
        requests = list(srv.requests)
    assert code == 0, capsys.readouterr().err
    run_dir = next(out.glob("*-codesteer-*"))
    rec = json.loads((run_dir / "samples.jsonl").read_text())
    assert rec["status"] == "done" and rec["stop_reason"] == "return_answer" and rec["verdict"]["correct"]
    assert [(c["role"], c["turn"]) for c in rec["calls"]] == [
        ("guide", 0), ("task", 0), ("checker", 0), ("guide", 1),
        ("task", 1), ("checker", 1), ("guide", 2),
    ]  # fmt: skip
    assert [(d["turn"], d["kind"]) for d in rec["decisions"]] == [
        (0, "GUIDE"),
        (1, "GUIDE"),
        (2, "RETURN_ANSWER"),
    ]
    assert [(c["turn"], c["status"]) for c in rec["checks"]] == [(0, "correct"), (1, "correct")]
    assert rec["checks"][1]["symbolic"]["parse_ok"] and rec["checks"][0]["symbolic"] is None
    assert [(e["purpose"], e["turn"]) for e in rec["executions"]] == [
        ("checker", 0),
        ("observe", 1),
        ("checker", 1),
    ]
    assert rec["final"]["reused_execution"] and rec["final"]["candidate"].strip() == f"<<<{a.answer}>>>"
    assert all(c["usage"]["source"] == "provider" for c in rec["calls"])
    assert rec["tokens"]["guide"] > 0 and rec["tokens"]["checker"] > 0 and rec["tokens"]["task_headline"] > 0
    # what the server received is exactly the recorded views, with explicit sampling, no system message
    assert len(requests) == len(rec["calls"])
    for call, req in zip(rec["calls"], requests):
        name, _, index = call["conv"].partition(".")
        conv = rec["conversations"][name] if not index else rec["conversations"][name][int(index)]
        view = sent_view(conv, call["upto"], call["reductions"])
        assert req["messages"] == view and all(m["role"] != "system" for m in req["messages"])
        assert ChatRequest(view, call["sampling"], call["seed"]).sha256 == call["request_sha256"]
        assert req["model"] == ("guide-model" if call["role"] == "guide" else "task-model")
        if call["role"] == "guide":
            assert (req["temperature"], req["top_p"], req["top_k"], req["max_tokens"]) == (
                0.95,
                0.7,
                50,
                1024,
            )
            assert req["seed"] == call["seed"]
        else:
            assert req["temperature"] == 0.0
    config = json.loads((run_dir / "config.json").read_text())
    assert config["method"]["config"]["guide_protocol"] == "finetuned"
    assert config["models"]["guide"]["spec"] == "openai:guide-model"
    for path in run_dir.rglob("*"):
        if path.is_file():
            assert KEY not in path.read_text(errors="replace")
