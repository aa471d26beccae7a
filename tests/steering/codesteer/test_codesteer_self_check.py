"""§2.2: the Self-answer Checker: sandboxed execution, the repair turn, statuses and display."""

from __future__ import annotations

import pytest
from codesteer_helpers import CHECKER_OK, code_answer, instance, run_sample

from steering.codesteer.self_check import classify
from steering.prompts.pack import load_pack

PACK = load_pack()
GUIDE = [{"turn": 0, "reply": "<<<Code>>>"}, {"reply": "<<<Return Answer>>>"}]


@pytest.mark.parametrize(
    "stdout, status",
    [
        ("Correct\n", "correct"),
        ("checking...\n**Correct.**\n\n", "correct"),
        ("Correct\nbut row 2 is wrong\n", "incorrect"),
        ("Incorrect\n", "incorrect"),
        ("The answer is correct\n", "incorrect"),
        ("", "incorrect"),
    ],
)
def test_classify(stdout, status):
    assert classify(stdout) == status


def test_repair_turn_feeds_back_the_error(tmp_path, sandbox):
    a = instance()
    broken = "```python\nprint('start')\nprint(undefined_name)\n```"
    task = [
        {"role": "checker", "reply": [broken, CHECKER_OK]},
        {"role": "task", "reply": code_answer(a.answer)},
    ]
    rec, _ = run_sample(tmp_path, sandbox, guide=GUIDE, task=task)
    conv = rec["conversations"]["checker"][0]
    assert [m["role"] for m in conv] == ["user", "assistant", "user", "assistant"]
    request = conv[0]["content"]
    view = code_answer(a.answer) + PACK.render("exec_suffix", stdout=f"<<<{a.answer}>>>\n", stderr="")
    assert request == PACK.render(
        "checker_request", checker=PACK.prompt("checker"), question=a.question, response=view
    )
    fix = conv[2]["content"]
    assert fix.startswith("Your checking program did not run cleanly.\nIt printed:\nstart\n")
    assert "NameError" in fix and fix.endswith("Send a corrected version as one Python code block.")
    check = rec["checks"][0]
    assert check["status"] == "correct" and check["checker"] == {"conv": "checker.0", "attempts": 2}
    checker_runs = [e for e in rec["executions"] if e["purpose"] == "checker"]
    assert len(checker_runs) == 2 and checker_runs[0]["exit_code"] == 1
    assert [c["attempt"] for c in rec["calls"] if c["role"] == "checker"] == [0, 1]
    guide_body = rec["conversations"]["guide"][2]["content"]
    assert PACK.render("feedback.check", check=PACK.render("checker_ok", stdout="Correct\n")) in guide_body


def test_no_code_asks_once_more_then_reports(tmp_path, sandbox):
    task = [{"role": "checker", "reply": "It looks fine to me."}, {"role": "task", "reply": "<<<A>>>"}]
    rec, _ = run_sample(tmp_path, sandbox, guide=GUIDE, task=task, config={"checker_max_calls": 2})
    conv = rec["conversations"]["checker"][0]
    assert conv[2]["content"] == PACK.render("checker_need_code") and len(conv) == 4
    assert rec["checks"][0]["status"] == "no_code" and rec["checks"][0]["text"] == PACK.render(
        "checker_no_code"
    )
    assert not [e for e in rec["executions"] if e["purpose"] == "checker"]


def test_timeout_and_failure_reports(tmp_path, sandbox):
    task = [
        {"role": "checker", "reply": "```python\nwhile True:\n    pass\n```"},
        {"role": "task", "reply": "<<<A>>>"},
    ]
    config = {"checker_max_calls": 1, "exec_timeout_s": 1}
    rec, _ = run_sample(tmp_path, sandbox, guide=GUIDE, task=task, config=config)
    check = rec["checks"][0]
    assert check["status"] == "timeout" and check["text"].startswith("The checking program failed.")
    assert PACK.render("timeout_note", timeout_s=1, command="['python3', 'main.py']") in check["text"]


def test_stderr_warnings_are_not_failures(tmp_path, sandbox):
    code = "```python\nimport sys\nsys.stderr.write('DeprecationWarning: old\\n')\nprint('Correct')\n```"
    task = [{"role": "checker", "reply": code}, {"role": "task", "reply": "<<<A>>>"}]
    rec, _ = run_sample(tmp_path, sandbox, guide=GUIDE, task=task, config={"checker_max_calls": 1})
    assert rec["checks"][0]["status"] == "correct"


def test_checker_on_text_turns_off_skips_text_answers(tmp_path, sandbox):
    task = [{"role": "task", "reply": "<<<A>>>"}]
    rec, _ = run_sample(tmp_path, sandbox, guide=GUIDE, task=task, config={"checker_on_text_turns": False})
    assert rec["checks"][0]["status"] is None and "checker" not in rec["conversations"]
    assert "Report of the program" not in rec["conversations"]["guide"][2]["content"]


def test_long_checker_output_is_cut_or_noticed(tmp_path, sandbox):
    code = "```python\nfor i in range(3000):\n    print('line', i)\nprint('Correct')\n```"
    task = [{"role": "checker", "reply": code}, {"role": "task", "reply": "<<<A>>>"}]
    config = {"checker_display_tokens": 200}
    rec, _ = run_sample(tmp_path, sandbox, guide=GUIDE, task=task, config=config)
    text = rec["checks"][0]["text"]
    assert "line 0" in text and "Correct" in text and "tokens omitted" in text and "line 1500" not in text
    assert rec["checks"][0]["status"] == "correct"
    rec, _ = run_sample(
        tmp_path / "n", sandbox, guide=GUIDE, task=task, config={**config, "exec_display": "notice"}
    )
    assert rec["checks"][0]["text"] == PACK.render("checker_too_long")
