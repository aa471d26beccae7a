"""The command line as a user meets it: outputs, determinism, and clear errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from symbench.cli import main

TASK = "matrix_transformation"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symbench", *args], capture_output=True, text=True, timeout=120
    )


def test_generate_is_deterministic_and_verifies(tmp_path, capsys):
    out = tmp_path / "m.jsonl"
    assert main(["generate", "--task", TASK, "-c", "4", "-n", "5", "--seed", "7", "-o", str(out)]) == 0
    first = out.read_bytes()
    assert main(["generate", "--task", TASK, "-c", "4", "-n", "5", "--seed", "7", "-o", str(out)]) == 0
    assert out.read_bytes() == first
    assert len(first.decode().splitlines()) == 5
    assert main(["verify", str(out), "--gold", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["per_task"][TASK] == {"n": 5, "correct": 5, "score": 1.0}
    assert report["failures"] == []


def test_generate_to_stdout_matches_file(tmp_path, capsys):
    out = tmp_path / "m.jsonl"
    main(["generate", "--task", TASK, "-c", "2", "-n", "3", "-o", str(out)])
    capsys.readouterr()
    main(["generate", "--task", TASK, "-c", "2", "-n", "3"])
    assert capsys.readouterr().out == out.read_text()


def test_param_override_recorded(capsys):
    assert (
        main(["generate", "--task", TASK, "-c", "1", "--param", "rows=3", "--param", "alphabet=digits"]) == 0
    )
    inst = json.loads(capsys.readouterr().out)
    assert inst["params"] == {"rows": 3, "cols": 2, "alphabet": "digits"}
    assert len(inst["puzzle"]["matrix"]) == 3


def test_verify_answers_scores_per_task(tmp_path, capsys):
    inst_file, answers = tmp_path / "i.jsonl", tmp_path / "a.jsonl"
    main(["generate", "--task", TASK, "-c", "3", "-n", "4", "-o", str(inst_file)])
    rows = [json.loads(line) for line in inst_file.read_text().splitlines()]
    lines = [
        json.dumps({"id": rows[0]["id"], "response": f"<<<{rows[0]['answer']}>>>"}),
        json.dumps({"id": rows[1]["id"], "response": "no idea"}),
        json.dumps({"id": rows[2]["id"], "response": "<<<A>>>"}),
    ]
    answers.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["verify", str(inst_file), "--answers", str(answers), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["per_task"][TASK]["n"] == 4
    assert report["per_task"][TASK]["correct"] == 1
    reasons = {f["id"]: f["reason"] for f in report["failures"]}
    assert reasons[rows[1]["id"]] == "no_answer_block"
    assert reasons[rows[3]["id"]] == "missing_response"


def test_verify_gold_fails_on_tampered_instance(tmp_path, capsys):
    inst_file = tmp_path / "i.jsonl"
    main(["generate", "--task", TASK, "-c", "3", "-n", "1", "-o", str(inst_file)])
    row = json.loads(inst_file.read_text())
    row["puzzle"]["gold"][0][0] = "?"
    inst_file.write_text(json.dumps(row) + "\n")
    assert main(["verify", str(inst_file), "--gold"]) == 2
    assert "hash does not match" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [
        (["generate", "--task", "sudokku", "-c", "5"], "unknown task 'sudokku'"),
        (["generate", "--task", "matrix_transformaton", "-c", "5"], "did you mean matrix_transformation"),
        (["generate", "--task", TASK, "-c", "11"], "complexity must be an integer from 1 to 10"),
        (["generate", "--task", TASK, "-c", "0"], "complexity must be an integer from 1 to 10"),
        (
            ["generate", "--task", TASK, "-c", "3", "--param", "colour=red"],
            "valid parameters: rows, cols, alphabet",
        ),
        (["generate", "--task", TASK, "-c", "3", "--param", "rows=abc"], "parameter rows"),
        (["generate", "--task", TASK, "-c", "3", "--param", "rows=99"], "above the maximum"),
        (["generate", "--task", TASK, "-c", "3", "--param", "alphabet=greek"], "not one of"),
        (["generate", "--task", TASK, "-c", "3", "--param", "rows"], "key=value"),
        (["show", "/nonexistent/file.jsonl"], "cannot open"),
        (["verify", "/nonexistent/file.jsonl", "--gold"], "cannot open"),
        (["import-original", "/nonexistent", "--task", TASK], "no such file or folder"),
    ],
)
def test_bad_input_is_one_clear_line(args, message):
    proc = run_cli(*args)
    assert proc.returncode == 2, proc
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_malformed_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n')
    proc = run_cli("verify", str(bad), "--gold")
    assert proc.returncode == 2 and "missing field" in proc.stderr and "Traceback" not in proc.stderr
    bad.write_text("not json\n")
    proc = run_cli("show", str(bad))
    assert proc.returncode == 2 and "not valid JSON" in proc.stderr
    good = tmp_path / "good.jsonl"
    assert main(["generate", "--task", TASK, "-c", "1", "-o", str(good)]) == 0
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps({"id": "no-such-id", "response": "<<<A>>>"}) + "\n")
    proc = run_cli("verify", str(good), "--answers", str(answers))
    assert proc.returncode == 2 and "not in" in proc.stderr
    answers.write_text(json.dumps({"response": "<<<A>>>"}) + "\n")
    proc = run_cli("verify", str(good), "--answers", str(answers))
    assert proc.returncode == 2 and "'id'" in proc.stderr


def test_list_json_and_show(tmp_path, capsys):
    assert main(["list", "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)
    entry = next(t for t in tasks if t["name"] == TASK)
    assert entry["group"] == "seen" and entry["category"] == "Execution"
    assert [k["name"] for k in entry["knobs"]] == ["rows", "cols", "alphabet"]
    inst_file = tmp_path / "i.jsonl"
    main(["generate", "--task", TASK, "-c", "1", "-n", "2", "-o", str(inst_file)])
    capsys.readouterr()
    assert main(["show", str(inst_file), "--index", "1"]) == 0
    shown = capsys.readouterr().out
    gold = json.loads(inst_file.read_text().splitlines()[1])["answer"]
    assert gold in shown and "rotate" in shown.lower()
    assert main(["show", str(inst_file), "--index", "5"]) == 2


def test_import_original_matrix(original_dir, tmp_path, capsys):
    out = tmp_path / "orig.jsonl"
    assert main(["import-original", str(original_dir), "--task", TASK, "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 40
    assert all(r["seed"] is None and r["meta"]["source"] == "codesteer-v1" for r in rows)
    assert "imported 40 matrix_transformation instances" in capsys.readouterr().err
    assert main(["verify", str(out), "--gold"]) == 0


def test_import_options_are_checked():
    proc = run_cli("import-original", "/tmp", "--task", TASK, "--option", "relabel=true")
    assert (
        proc.returncode == 2
        and "no import option 'relabel'" in proc.stderr
        and "valid options: none" in proc.stderr
    )
    proc = run_cli("import-original", "--task", TASK)
    assert proc.returncode == 2 and "needs the PATH" in proc.stderr
