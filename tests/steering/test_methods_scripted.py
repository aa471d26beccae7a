"""The six non-guide methods, end to end through the runner with the scripted backend."""

from __future__ import annotations

import json

from steering_test_helpers import answer_code, grid_pattern, instances, records, run, write_rules

from steering.backends.base import ChatRequest
from steering.prompts.pack import load_pack

PACK = load_pack()


def _by_id(recs):
    return {r["instance"]["id"]: r for r in recs}


def test_only_question_sends_the_bare_question(tmp_path, sandbox):
    a, b = instances()
    spec = write_rules(
        tmp_path / "r.json",
        [
            {
                "match": grid_pattern(a.question),
                "reply": f"<<<{a.answer}>>>",
                "usage": {"input": 50, "output": 5},
            },
            {"reply": "<<<Z,Z,Z,Z>>>", "usage": {"input": 50, "output": 5}},
        ],
    )
    res = run(tmp_path, "only_question", spec, sandbox)
    recs = _by_id(records(res))
    ra, rb = recs[a.id], recs[b.id]
    assert ra["conversations"]["task"] == [
        {"role": "user", "content": a.question},
        {"role": "assistant", "content": f"<<<{a.answer}>>>"},
    ]
    assert ra["verdict"]["correct"] and not rb["verdict"]["correct"]
    assert ra["stop_reason"] == "final_only" and ra["final"]["source"] == "text" and ra["executions"] == []
    assert ra["tokens"]["task_headline"] == 55 and not ra["tokens"]["estimated"]
    assert res.results["per_task"]["matrix_transformation"]["rate"] == 0.5


def test_cot_prompts_come_from_the_pack(tmp_path, sandbox):
    spec = write_rules(tmp_path / "r.json", [{"reply": "no idea"}])
    for method, key in (
        ("all_text_cot", "text_cot"),
        ("all_code_cot", "code_cot"),
        ("autogen_concat", "autogen"),
    ):
        res = run(tmp_path / method, method, spec, sandbox, n=1)
        rec = records(res)[0]
        first = rec["conversations"]["task"][0]["content"]
        assert first == PACK.prompt(key) + "\n\n" + instances(1)[0].question
        assert rec["tokens"]["estimated"]  # scripted without usage: flagged estimate
        assert rec["verdict"]["reason"] == "no_answer_block"


def test_all_code_cot_runs_the_code_once_in_the_sandbox(tmp_path, sandbox):
    a, b = instances()
    spec = write_rules(
        tmp_path / "r.json",
        [
            {"match": grid_pattern(a.question), "reply": answer_code(a.answer)},
            {
                "reply": "```python\nimport os\nprint(os.environ.get('OPENAI_API_KEY'), os.getcwd())\nraise SystemExit(3)\n```"
            },
        ],
    )
    res = run(tmp_path, "all_code_cot", spec, sandbox)
    recs = _by_id(records(res))
    ra, rb = recs[a.id], recs[b.id]
    assert ra["verdict"]["correct"] and ra["final"]["source"] == "code"
    assert ra["final"]["candidate"].strip() == f"<<<{a.answer}>>>"
    assert [e["purpose"] for e in ra["executions"]] == ["final"]
    assert rb["final"]["exec_status"] == "error" and rb["executions"][0]["exit_code"] == 3
    assert rb["final"]["candidate"].strip() == "None /sandbox"


def test_final_code_timeout_scores_zero_without_the_checker(tmp_path, sandbox):
    spec = write_rules(tmp_path / "r.json", [{"reply": "```python\nwhile True:\n    pass\n```"}])
    res = run(tmp_path, "all_code_cot", spec, sandbox, n=1, method_config={"exec_timeout_s": 1})
    rec = records(res)[0]
    assert rec["final"]["candidate"] is None and rec["final"]["exec_status"] == "timeout"
    assert rec["verdict"]["reason"] == "final code timed out" and rec["verdict"]["score"] == 0
    assert rec["executions"][0]["timed_out"]


def test_autogen_never_runs_shell_blocks(tmp_path, sandbox):
    a = instances(1)[0]
    spec = write_rules(
        tmp_path / "r.json", [{"reply": f"```sh\ntouch /tmp/pwned\n```\nAnswer: <<<{a.answer}>>>\nTERMINATE"}]
    )
    rec = records(run(tmp_path, "autogen_concat", spec, sandbox, n=1))[0]
    assert rec["executions"] == [] and rec["final"]["source"] == "text" and rec["verdict"]["correct"]


def test_code_interpreter_loop_feeds_outputs_back(tmp_path, sandbox):
    a = instances(1)[0]
    spec = write_rules(
        tmp_path / "r.json",
        [
            {"turn": 0, "reply": "```python\nprint(6 * 7)\n```"},
            {"turn": 1, "match": "Output:\n42", "reply": f"The result is <<<{a.answer}>>>"},
        ],
    )
    rec = records(run(tmp_path, "code_interpreter", spec, sandbox, n=1))[0]
    conv = rec["conversations"]["task"]
    assert [m["role"] for m in conv] == ["user", "assistant", "user", "assistant"]
    assert conv[0]["content"].startswith(PACK.prompt("code_interpreter"))
    assert conv[2]["content"] == PACK.render("tool_result", stdout="42\n", stderr="", status="ok")
    assert rec["stop_reason"] == "final_only" and rec["verdict"]["correct"]
    assert [e["purpose"] for e in rec["executions"]] == ["tool"]


def test_code_interpreter_turn_cap_finalises_last_code(tmp_path, sandbox):
    a = instances(1)[0]
    spec = write_rules(tmp_path / "r.json", [{"reply": answer_code(a.answer)}])
    rec = records(run(tmp_path, "code_interpreter", spec, sandbox, n=1, method_config={"max_tool_turns": 2}))[
        0
    ]
    assert rec["stop_reason"] == "turn_cap" and len(rec["calls"]) == 3
    assert [e["purpose"] for e in rec["executions"]] == ["tool", "tool"]  # the last code was already run
    assert rec["final"]["reused_execution"] and rec["verdict"]["correct"]


def test_few_shot_return_answer_keeps_previous_answer(tmp_path, sandbox):
    a = instances(1)[0]
    spec = write_rules(
        tmp_path / "r.json",
        [
            {"turn": 0, "reply": answer_code(a.answer)},
            {"turn": 1, "match": "Output of the code", "reply": "**Return Answer**"},
        ],
    )
    rec = records(run(tmp_path, "few_shot", spec, sandbox, n=1))[0]
    first = rec["conversations"]["task"][0]["content"]
    assert first.startswith(PACK.prompt("few_shot_intro")) and all(ex in first for ex in PACK.few_shot)
    assert "Example 5:" in first and first.endswith(a.question)
    assert rec["stop_reason"] == "return_answer" and rec["final"]["source"] == "code"
    assert rec["verdict"]["correct"] and [e["purpose"] for e in rec["executions"]] == ["tool"]


def test_failed_calls_become_error_records_and_the_run_goes_on(tmp_path, sandbox):
    a, b = instances()
    spec = write_rules(
        tmp_path / "r.json",
        [
            {"match": grid_pattern(a.question), "error": 500},
            {"reply": f"<<<{b.answer}>>>"},
        ],
    )
    res = run(tmp_path, "only_question", spec, sandbox, max_retries=1)
    recs = _by_id(records(res))
    assert recs[a.id]["status"] == "error" and recs[a.id]["error"]["stage"] == "call"
    assert recs[a.id]["error"]["retryable"] and recs[a.id]["calls"][0]["retries"] == 1
    assert recs[b.id]["status"] == "done" and recs[b.id]["verdict"]["correct"]
    per_task = res.results["per_task"]["matrix_transformation"]
    assert per_task["n"] == 2 and per_task["n_error"] == 1 and per_task["rate"] == 0.5


def test_every_call_re_renders_to_its_request_hash(tmp_path, sandbox):
    a = instances(1)[0]
    spec = write_rules(
        tmp_path / "r.json",
        [
            {"turn": 0, "reply": "```python\nprint(1)\n```"},
            {"turn": 1, "reply": "```python\nprint(2)\n```"},
            {"reply": f"<<<{a.answer}>>>"},
        ],
    )
    rec = records(run(tmp_path, "code_interpreter", spec, sandbox, n=1))[0]
    assert len(rec["calls"]) == 3
    for call in rec["calls"]:
        view = rec["conversations"][call["conv"]][: call["upto"]]
        assert ChatRequest(view, call["sampling"], call["seed"]).sha256 == call["request_sha256"]
    assert json.loads(json.dumps(rec)) == rec
