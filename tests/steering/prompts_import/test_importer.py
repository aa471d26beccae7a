"""§3.4: importing the original prompts from a checkout that is parsed, never executed."""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path

import pytest

from steering.prompts import importer
from steering.prompts.importer import (
    ORIGINAL_KEYS,
    REFERENCE,
    EvalError,
    Expression,
    KeyFailure,
    Reference,
    Slot,
    binding_source,
    build,
    evaluate,
    import_prompts,
    split_sections,
)
from steering.prompts.pack import DEFAULT_PACK, PromptPack, load_pack, render_template, validate
from symbench.errors import SymbenchError

CODESTEER = "benchmark/run_Logic_Game_CodeSteer_test.py"
BASELINES = "benchmark/run_Logic_Game_baseline_methods.py"

EXPECTED_GLUE = {
    "choice_joiner": "",
    "task_joiner": "\n",
    "paraphrase_joiner": "",
    "decision_head": "{decision}\n{question}\n",
    "feedback.response": "Latest answer: {response}\n\n",
    "feedback.check": "Checker says:\n{check}\n\n",
    "feedback.complexity": "Code analysis: {complexity}\n\n",
    "feedback.closing": "Reply with your next instruction as <<<instruction>>>.",
    "exec_suffix": "\nThe program printed:\nstdout: {stdout}; stderr: {stderr}",
    "exec_too_long": "\nThe program printed more than can be shown.",
    "timeout_note": "\nTimed out: {command} was stopped after {timeout_s} seconds",
    "low_complexity_note": "\nThis program computes little by itself; a searching {{or}} solving program would help.",
    "checker_request": "{checker}\nTask:\n{question}\nAnswer under test:\n{response}\nYour checking program:\n",
    "checker_ok": "checker printed: {stdout}",
    "checker_fail": "checker printed: {stdout}\nchecker problems: {stderr}",
    "checker_no_code": "checker problems: \nNo program came back; please send one {{block}}.",
    "checker_too_long": "The checker printed too much to show.",
    "symbolic_compat.parse_error": "Cannot read the program: {error}",
    "symbolic_compat.bullet": "* {reason}",
    "symbolic_compat.score_line": "\nScore of complexity: {score}",
    "symbolic_compat.reason_loop": "Loops over candidates for search",
    "symbolic_compat.reason_itertools": "Generates candidates with itertools for search",
    "symbolic_compat.reason_eval": "Evaluates built expression strings",
    "symbolic_compat.reason_format": "Builds expression text by formatting",
    "symbolic_compat.reason_binop": "Performs mathematical operations directly",
    "symbolic_compat.head_search": "SEARCH found, because:",
    "symbolic_compat.head_symbolic": "\nSYMBOLIC WORK found, because:",
    "symbolic_compat.head_numeric": "\nARITHMETIC found, because:",
    "symbolic_compat.joiner": "\n",
    "sum.question": "### Task:\n{question}\n\n",
    "sum.text_agent": "\nProse helper said: {response}",
    "sum.text_agent_exec": "\nProse helper's program printed: {result}",
    "sum.code_agent": "\n\nCode helper said: {response}",
    "sum.code_agent_exec": "\nCode helper's program printed: {result}",
    "sum.closing": "\n\nWeigh both and give the final answer in the task's format:\n",
}


def _glue(report: importer.ImportReport, key: str) -> str:
    node = report.pack["glue"]
    for part in key.split("."):
        node = node[part]
    return node


def _default_glue(key: str) -> str:
    return load_pack(DEFAULT_PACK).glue(key)


# ---------------------------------------------------------------------------- rule 2: constants
def test_constants_keep_the_exact_parser_values(checkout: Path) -> None:
    report = import_prompts(checkout / "prompt.py")
    prompts = report.pack["prompts"]
    assert prompts["choice"] == (
        "\n    A second model will work on the task below. Decide whether it should reason in prose or\n"
        "    write a program, and outline the plan without solving it.\n"
        "    Finish with <<<Code>>> or <<<Text>>>.\n\nTask: "
    )
    assert "as in <<<{instruction}>>>; reply\n<<<Return Answer>>>" in prompts["decision"]
    assert prompts["decision_to_code"] == (
        "As the steering prompt, but move prose answers to code. Here \\n stays two\n"
        "characters and C:\\tmp\\new is a path.\n"
    )
    assert prompts["decision_complex_code"] == (
        "As the steering prompt, but ask for {more} elaborate programs; search, prune, use solvers."
    )
    assert prompts["code_cot"].endswith("prints the answer \u2192 in the task's format.\n")
    assert report.pack["extra"] == {
        "multi_turn_planning_with_code": "Plan over several turns; you may run code.\t(tab)",
        "multi_turn_planning_without_code": "Plan over several turns without code \u2014 na\u00efve caf\u00e9.",
    }
    constants = report.pack["origin"]["constants"]
    for ref in REFERENCE:
        value = prompts.get(ref.key.split(".", 1)[1]) if ref.key.startswith("prompts.") else None
        value = value if value is not None else report.pack["extra"][ref.key.split(".", 1)[1]]
        data = value.encode("utf-8")
        assert constants[ref.name] == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert constants["multi_turn_planning_prompt_without_code"]["bytes"] == 54  # 51 characters, 3 multi-byte


def test_a_duplicate_assignment_warns_and_the_last_value_wins(checkout: Path) -> None:
    report = import_prompts(checkout / "prompt.py")
    assert report.pack["prompts"]["text_cot"] == (
        "\nReason step by step, list every constraint, and end with the answer in the task's format. No code.\n"
    )
    assert report.warnings == [
        "prompt.py: `text_output_prompt` is assigned 2 times (lines 28, 40); the last is used"
    ]


def test_a_replacement_field_in_a_prompt_constant_is_an_error(checkout: Path) -> None:
    path = checkout / "prompt.py"
    path.write_text(path.read_text() + 'AutoGen_prompt = f"Solve {task_name} carefully."\n')
    with pytest.raises(
        SymbenchError, match=r"`AutoGen_prompt` \(line \d+\) is not a string constant: .*\{task_name\}"
    ):
        import_prompts(path)


def test_missing_and_computed_constants_are_reported_together(checkout: Path, edit) -> None:
    path = checkout / "prompt.py"
    edit(path, "Code_checker_prompt = ", "checker_text = ")
    path.write_text(path.read_text() + "combined_agent_prompt = ' '.join(['a', 'b'])\n")
    with pytest.raises(SymbenchError) as info:
        import_prompts(path)
    message = str(info.value)
    assert "`Code_checker_prompt` is not assigned at module level" in message
    assert "`combined_agent_prompt`" in message and "unsupported expression" in message
    assert "\n" not in message


def test_an_unparsable_prompt_file_is_a_clear_error(checkout: Path) -> None:
    path = checkout / "prompt.py"
    path.write_bytes(b"decision_prompt = '''never closed\n")
    with pytest.raises(SymbenchError, match="prompt.py: does not parse"):
        import_prompts(path)
    path.write_bytes(b"x = '\xff'\n")
    with pytest.raises(SymbenchError, match="not UTF-8"):
        import_prompts(path)


# ---------------------------------------------------------------------------- rule 1: nothing runs
def test_nothing_in_the_checkout_is_executed(checkout: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = set(sys.modules)
    report = import_prompts(checkout / "prompt.py")
    assert report.complete
    assert not list(tmp_path.rglob("FIXTURE_EXECUTED"))
    assert {"prompt", "generation_models", "symbolic_code_check"}.isdisjoint(set(sys.modules) - before)


def test_a_crlf_copy_with_a_bom_gives_the_same_pack(checkout: Path, make_checkout) -> None:
    plain = import_prompts(checkout / "prompt.py")
    crlf = make_checkout("crlf")
    for path in crlf.rglob("*.py"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    prompt = crlf / "prompt.py"
    prompt.write_bytes(b"\xef\xbb\xbf" + prompt.read_bytes())
    converted = import_prompts(prompt)
    assert converted.pack_hash == plain.pack_hash
    assert converted.pack["prompts"] == plain.pack["prompts"]
    assert converted.pack["origin"]["files"]["prompt.py"] != plain.pack["origin"]["files"]["prompt.py"]
    assert converted.pack["origin"]["constants"] == plain.pack["origin"]["constants"]


# ---------------------------------------------------------------------------- rule 4: glue
def test_every_glue_key_is_converted_into_its_template(checkout: Path) -> None:
    report = import_prompts(checkout / "prompt.py")
    assert {key: _glue(report, key) for key in EXPECTED_GLUE} == EXPECTED_GLUE
    assert report.pack["prompts"]["paraphrase"] == (
        "Say the instruction below again in other words, keeping its meaning; reply with the new wording only."
        "\n\nInstruction: "
    )


def test_sources_completeness_and_provenance(checkout: Path) -> None:
    report = import_prompts(checkout / "prompt.py")
    origin = report.pack["origin"]
    assert origin["kind"] == "codesteer-original"
    assert origin["commit_expected"] == "2a7750d85c569cdaacd0f7cf6da40c6cc2a9d058"
    assert origin["complete"] is True and report.missing == []
    assert sorted(origin["files"]) == sorted(
        ["prompt.py", "generation_models.py", CODESTEER, BASELINES, "symbolic_code_check.py"]
    )
    sha = hashlib.sha256((checkout / "generation_models.py").read_bytes()).hexdigest()
    assert origin["files"]["generation_models.py"] == sha
    sources = origin["glue_sources"]
    assert {k for k, v in sources.items() if v == "original"} == set(ORIGINAL_KEYS)
    default = load_pack(DEFAULT_PACK)
    assert sources["glue.checker_fix"] == "symbench-default-1"
    assert report.pack["glue"]["checker_fix"] == default.glue("checker_fix")
    assert report.pack["few_shot"] == default.few_shot
    assert report.pack["prompts"]["code_first_escalation"] == default.prompt("code_first_escalation")
    assert validate(report.pack) == []
    assert PromptPack(report.pack).hash == report.pack_hash


def test_feedback_sections_reproduce_both_original_variants(checkout: Path) -> None:
    pack = PromptPack(import_prompts(checkout / "prompt.py").pack)
    values = {"response": "R {x}", "check": "C", "complexity": "K"}
    sections = {
        n: pack.render(f"feedback.{n}", **values) for n in ("response", "check", "complexity", "closing")
    }
    closing = "Reply with your next instruction as <<<instruction>>>."
    with_complexity = "Latest answer: R {x}\n\nChecker says:\nC\n\nCode analysis: K\n\n" + closing
    without = "Latest answer: R {x}\n\nChecker says:\nC\n\n" + closing
    assert "".join(sections.values()) == with_complexity
    assert sections["response"] + sections["check"] + sections["closing"] == without


def test_a_missing_anchor_falls_back_and_the_pack_is_incomplete(checkout: Path, edit) -> None:
    edit(checkout / BASELINES, "def run_logic_game_baselines(", "def run_baselines_renamed(")
    (checkout / "symbolic_code_check.py").unlink()
    report = import_prompts(checkout / "prompt.py")
    origin = report.pack["origin"]
    assert origin["complete"] is False
    sum_keys = [k for k in ORIGINAL_KEYS if k.startswith("glue.sum.")]
    compat_keys = [k for k in ORIGINAL_KEYS if k.startswith("glue.symbolic_compat.")]
    assert len(sum_keys) == 6 and len(compat_keys) == 12
    assert sorted(report.missing) == sorted(sum_keys + compat_keys)
    for key in sum_keys + compat_keys:
        assert origin["glue_sources"][key] == "symbench-default-1"
        assert _glue(report, key[len("glue.") :]) == _default_glue(key[len("glue.") :])
    assert "run_logic_game_baselines() not found" in report.keys["glue.sum.question"].note
    assert "symbolic_code_check.py not found" in report.keys["glue.symbolic_compat.joiner"].note
    assert "symbolic_code_check.py" not in origin["files"]
    assert origin["glue_sources"]["glue.exec_suffix"] == "original"


def test_an_unparsable_sibling_only_costs_its_own_keys(checkout: Path) -> None:
    (checkout / "generation_models.py").write_text("def paraphrase_with_GPT4(:\n")
    report = import_prompts(checkout / "prompt.py")
    assert "prompts.paraphrase" in report.missing and "glue.checker_ok" in report.missing
    assert "does not parse" in report.keys["glue.checker_request"].note
    assert report.keys["glue.exec_suffix"].source == "original"


def test_an_unmapped_field_fails_only_that_key(checkout: Path, edit) -> None:
    edit(checkout / CODESTEER, "Timed out: {e.cmd} was", "Timed out: {e.args[0]} was")
    edit(checkout / CODESTEER, "stdout: {output}; stderr", "stdout: {len(output)}; stderr")
    report = import_prompts(checkout / "prompt.py")
    assert report.keys["glue.timeout_note"].source == "symbench-default-1"
    assert "unmapped expression `e.args[0]`" in report.keys["glue.timeout_note"].note
    assert _glue(report, "timeout_note") == _default_glue("timeout_note")
    # the exec suffix is recognised by its fields {output, errors}: with another field it is not found
    assert "no output/errors suffix" in report.keys["glue.exec_suffix"].note
    assert _glue(report, "exec_too_long") == EXPECTED_GLUE["exec_too_long"]
    assert report.missing == ["glue.exec_suffix", "glue.timeout_note"]


def test_a_conversion_or_format_spec_fails_the_key(checkout: Path, edit) -> None:
    edit(
        checkout / "generation_models.py",
        "return f'checker printed: {output}'",
        "return f'checker printed: {output!r}'",
    )
    edit(checkout / CODESTEER, "after {e.timeout} seconds", "after {e.timeout:.1f} seconds")
    report = import_prompts(checkout / "prompt.py")
    assert "conversion" in report.keys["glue.checker_ok"].note
    assert "format spec" in report.keys["glue.timeout_note"].note
    assert report.keys["glue.checker_fail"].source == "original"


def test_a_slot_outside_the_keys_slot_set_fails_the_key(checkout: Path, edit) -> None:
    edit(checkout / BASELINES, "in the task\\'s format:\\n'", "in the task\\'s format:\\n{question}'")
    report = import_prompts(checkout / "prompt.py")
    assert "slot {question} is not allowed" in report.keys["glue.sum.closing"].note
    assert report.keys["glue.sum.question"].source == "original"


def test_two_different_candidates_are_ambiguous(checkout: Path, edit) -> None:
    edit(
        checkout / CODESTEER,
        "                path = os.path.join(",
        "                code_complexity_summary += 'another note'\n                path = os.path.join(",
    )
    report = import_prompts(checkout / "prompt.py")
    assert (
        "2 different literal added to `code_complexity_summary`"
        in report.keys["glue.low_complexity_note"].note
    )


# ---------------------------------------------------------------------------- rule 5: the feedback split
def test_a_feedback_literal_without_a_blank_line_fails_all_sections(checkout: Path, edit) -> None:
    path = checkout / CODESTEER
    text = path.read_text().replace("{response}\\n\\nChecker says", "{response} Checker says")
    path.write_text(text)
    report = import_prompts(checkout / "prompt.py")
    for section in ("response", "check", "complexity", "closing"):
        assert "no blank line" in report.keys[f"glue.feedback.{section}"].note
        assert _glue(report, f"feedback.{section}") == _default_glue(f"feedback.{section}")


def test_the_self_check_rejects_sections_that_do_not_reproduce_the_original(checkout: Path, edit) -> None:
    # The with-complexity variant puts the check first; the split still finds three sections, but
    # response + check + complexity + closing no longer equals the source expression.
    edit(
        checkout / CODESTEER,
        "f'''Latest answer: {response}\\n\\nChecker says:\\n{check_result}\\n\\nCode analysis",
        "f'''Checker says:\\n{check_result}\\n\\nLatest answer: {response}\\n\\nCode analysis",
    )
    report = import_prompts(checkout / "prompt.py")
    assert "self-check failed" in report.keys["glue.feedback.response"].note
    assert report.pack["origin"]["complete"] is False


# ---------------------------------------------------------------------------- rule 3: the reference check
def _reference_sized_prompt(path: Path) -> None:
    lines = [f"{ref.name} = {'x' * ref.bytes!r}" for ref in REFERENCE]
    path.write_text("\n".join(lines) + "\n")


def test_spec_lengths_with_other_content_are_modified_with_the_list(checkout: Path) -> None:
    _reference_sized_prompt(checkout / "prompt.py")
    report = import_prompts(checkout / "prompt.py")
    origin = report.pack["origin"]
    assert origin["reference_match"] == "modified"
    assert origin["reference_mismatch"] == [ref.name for ref in REFERENCE]
    assert {name: c["bytes"] for name, c in origin["constants"].items()} == {
        r.name: r.bytes for r in REFERENCE
    }
    assert all(not check.matches for check in report.references)


def _fixture_reference(checkout: Path) -> tuple[Reference, ...]:
    constants = import_prompts(checkout / "prompt.py").pack["origin"]["constants"]
    return tuple(
        Reference(r.name, r.key, constants[r.name]["bytes"], constants[r.name]["sha256"][:16])
        for r in REFERENCE
    )


def test_matching_digests_are_exact_and_one_change_is_listed(checkout: Path, edit, monkeypatch) -> None:
    monkeypatch.setattr(importer, "REFERENCE", _fixture_reference(checkout))
    report = import_prompts(checkout / "prompt.py")
    assert report.pack["origin"]["reference_match"] == "exact"
    assert report.pack["origin"]["reference_mismatch"] == []
    edit(checkout / "prompt.py", "finish with TERMINATE.", "finish with TERMINATE!")
    report = import_prompts(checkout / "prompt.py")
    assert report.pack["origin"]["reference_match"] == "modified"
    assert report.pack["origin"]["reference_mismatch"] == ["AutoGen_prompt"]


# ---------------------------------------------------------------------------- rule 6: the evaluator and converter
def _expr(source: str) -> ast.expr:
    return ast.parse(source, mode="eval").body


def test_the_evaluator_knows_constants_fstrings_names_and_plus_only() -> None:
    assert evaluate(_expr("'a' + f'{x}{{y}}' + (b + 'c')"), {"x": "X", "b": "B"}) == "aX{y}Bc"
    with pytest.raises(EvalError, match="replacement field"):
        evaluate(_expr("f'{x}'"), {})
    with pytest.raises(EvalError, match="conversion"):
        evaluate(_expr("f'{x!r}'"), {"x": "X"})
    for source in ("'a' * 2", "str(x)", "b'raw'", "1"):
        with pytest.raises(EvalError):
            evaluate(_expr(source), {"x": "X"})


def test_the_converter_doubles_literal_braces_and_maps_fields() -> None:
    expression = Expression.of(_expr("'{lit}' + f'{{esc}} {out} ' + err"))
    template = build(expression, {"out": "stdout", "err": "stderr"})
    assert template == "{{lit}}{{esc}} {stdout} {stderr}"
    assert render_template(template, {"stdout": "O", "stderr": "E"}) == "{lit}{esc} O E"
    with pytest.raises(KeyFailure, match="unmapped expression `other`"):
        build(Expression.of(_expr("f'{other}'")), {})


def test_a_leading_operand_is_dropped_only_when_extended_or_an_unmapped_constant() -> None:
    def source(statement: str, target: str, slots: dict[str, str]) -> Expression:
        return binding_source(ast.parse(statement).body[0], target, slots)

    assert source("x = x + f'{a}'", "x", {"a": "a"}).lead == "x"
    assert source("x += 'tail'", "x", {}).augmented
    assert source("p = combined_agent_prompt + q", "p", {"q": "question"}).lead == "combined_agent_prompt"
    kept = source("h = decision_prompt + q", "h", {"decision_prompt": "decision", "q": "question"})
    assert (
        kept.lead is None
        and build(kept, {"decision_prompt": "decision", "q": "question"}) == "{decision}{question}"
    )
    with_lead = source("x = x + f'-{a}'", "x", {"a": "a"})
    assert build(with_lead, {"a": "a"}) == "-{a}"


def test_the_feedback_split_cuts_after_the_last_blank_line() -> None:
    body = ["A: ", Slot("response"), "\n\nB {x}\n\nC: ", Slot("check"), "\n\nD: ", Slot("complexity"), "\n\n"]
    assert split_sections(body) == {
        "glue.feedback.response": "A: {response}\n\nB {{x}}\n\n",
        "glue.feedback.check": "C: {check}\n\n",
        "glue.feedback.complexity": "D: {complexity}\n\n",
    }
    with pytest.raises(KeyFailure, match="expected response, check, complexity"):
        split_sections(["A", Slot("response"), "\n\n", Slot("response"), "\n\n", Slot("check")])


@pytest.mark.parametrize(
    "fault, failing",
    [
        (lambda text: text.replace("\n", " "), {"glue.exec_suffix": "self-check failed"}),
        (lambda text: text, {"glue.low_complexity_note": "self-check cannot render the template"}),
    ],
)
def test_the_self_check_catches_a_faulty_converter(checkout: Path, monkeypatch, fault, failing) -> None:
    clean = import_prompts(checkout / "prompt.py")
    monkeypatch.setattr(importer, "escape", fault)
    report = import_prompts(checkout / "prompt.py")
    for key, note in failing.items():
        assert note in report.keys[key].note
        assert _glue(report, key[len("glue.") :]) == _default_glue(key[len("glue.") :])
    # every key the fault would corrupt falls back; every key that survives is unchanged
    for key in ORIGINAL_KEYS:
        if report.keys[key].source == "original":
            assert report.keys[key].value == clean.keys[key].value
    assert report.keys["glue.symbolic_compat.reason_loop"].source == "original"
