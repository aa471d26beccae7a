"""`symbench steer import-prompts`: end to end, bad input as one stderr line, the entry point."""

from __future__ import annotations

import json
import re
import shutil
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from steering.cli import steer_cmd
from steering.prompts.pack import load_pack

REPO = Path(__file__).resolve().parents[3]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = steer_cmd.main(list(argv))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_import_writes_a_pack_that_loads_back(checkout: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "packs" / "codesteer-original.json"
    out.parent.mkdir()
    rc, stdout, stderr = _run(capsys, "import-prompts", str(checkout / "prompt.py"), "--out", str(out))
    assert rc == 0
    pack = load_pack(str(out))
    assert pack.name == "codesteer-original"
    assert f"pack_hash: {pack.hash}" in stdout.splitlines()
    assert pack.origin["kind"] == "codesteer-original" and pack.origin["complete"] is True
    assert pack.prompt("choice").startswith("\n    A second model will work")
    assert pack.render("exec_suffix", stdout="4", stderr="") == "\nThe program printed:\nstdout: 4; stderr: "
    assert (
        pack.render("checker_no_code") == "checker problems: \nNo program came back; please send one {block}."
    )
    assert "reference check against 2a7750d85c56: modified (11 of 11 constants differ)" in stdout
    assert any(line.split()[:2] == ["glue.feedback.check", "original"] for line in stdout.splitlines())
    assert any(line.split()[:2] == ["glue.checker_fix", "symbench-default-1"] for line in stdout.splitlines())
    assert "`text_output_prompt` is assigned 2 times" in stderr
    assert json.loads(out.read_text(encoding="utf-8"))["prompts"] == pack.data["prompts"]


def test_repo_root_locates_the_siblings_of_a_moved_prompt_file(
    checkout: Path, tmp_path: Path, capsys
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(checkout / "prompt.py", elsewhere / "prompt.py")
    out = tmp_path / "moved.json"
    rc, _, _ = _run(capsys, "import-prompts", str(elsewhere / "prompt.py"), "--out", str(out), "--strict")
    assert rc == 2  # no siblings next to it: incomplete
    assert not out.exists()
    argv = ("import-prompts", str(elsewhere / "prompt.py"), "--repo-root", str(checkout), "--out", str(out))
    rc, stdout, _ = _run(capsys, *argv, "--strict")
    assert rc == 0 and "complete: yes" in stdout
    assert sorted(load_pack(str(out)).origin["files"])[0] == "benchmark/run_Logic_Game_CodeSteer_test.py"


def test_strict_refuses_an_incomplete_import(checkout: Path, tmp_path: Path, capsys) -> None:
    (checkout / "symbolic_code_check.py").unlink()
    out = tmp_path / "strict.json"
    rc, stdout, stderr = _run(
        capsys, "import-prompts", str(checkout / "prompt.py"), "--out", str(out), "--strict"
    )
    assert rc == 2 and stdout == "" and not out.exists()
    errors = [line for line in stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("symbench steer: error: --strict: not imported:")
    assert "glue.symbolic_compat.parse_error, glue.symbolic_compat.reason_loop," in errors[0]
    assert errors[0].endswith(
        f"glue.symbolic_compat.joiner (symbolic_code_check.py not found under {checkout})"
    )
    rc, stdout, _ = _run(capsys, "import-prompts", str(checkout / "prompt.py"), "--out", str(out))
    assert rc == 0 and out.exists() and "complete: no" in stdout
    assert "guide_prompt_partial: true" in stdout


@pytest.mark.parametrize(
    "argv, message",
    [
        (("import-prompts", "missing/prompt.py"), "missing/prompt.py: no such file"),
        (("import-prompts", "{prompt}", "--out", "pack.txt"), "must end in .json"),
        (("import-prompts", "{prompt}", "--repo-root", "no/such/dir"), "no such directory"),
    ],
)
def test_bad_input_is_one_line_on_stderr(checkout: Path, capsys, argv: tuple[str, ...], message: str) -> None:
    rc, stdout, stderr = _run(capsys, *(a.format(prompt=checkout / "prompt.py") for a in argv))
    assert rc == 2 and stdout == ""
    assert stderr.count("\n") == 1 and stderr.startswith("symbench steer: error: ") and message in stderr
    assert "Traceback" not in stderr


def test_a_subcommand_is_required(capsys) -> None:
    rc, _, stderr = _run(capsys)
    assert rc == 2 and "a subcommand is required (import-prompts, export, branch)" in stderr


def test_the_steer_group_is_registered_as_a_symbench_command() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    table = text.split('[project.entry-points."symbench.commands"]', 1)[1].split("\n[", 1)[0]
    value = re.search(r'^steer = "([^"]+)"$', table, re.MULTILINE)
    assert value is not None
    assert EntryPoint("steer", value.group(1), "symbench.commands").load() is steer_cmd.main
