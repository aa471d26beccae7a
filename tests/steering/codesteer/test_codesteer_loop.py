"""§1.3-1.7: the CodeSteer loop turn by turn against scripted guides."""

from __future__ import annotations

from codesteer_helpers import (
    CHECKER_BAD,
    CHECKER_OK,
    assert_requests_rebuild,
    code_answer,
    instance,
    roles_of,
    run_sample,
)

from steering.codesteer.decisions import norm
from steering.prompts.pack import load_pack

PACK = load_pack()
OFF = {"self_check": "off", "symbolic_check": "off"}


def body(response: str, check: str | None = None, complexity: str | None = None) -> str:
    out = PACK.render("feedback.response", response=response)
    if check is not None:
        out += PACK.render("feedback.check", check=check)
    if complexity is not None:
        out += PACK.render("feedback.complexity", complexity=complexity)
    return out + PACK.render("feedback.closing")


def test_finetuned_turn_by_turn(tmp_path, sandbox):
    a = instance()
    wrong, right = "I reason... <<<WRONG1,WRONG2>>>", code_answer(a.answer)
    guide = [
        {"turn": 0, "reply": "Write a program that rotates the grid."},
        {"turn": 1, "reply": "It is wrong.\n<<<Use code that rotates the grid clockwise>>>"},
        {"turn": 2, "reply": "Good work.\n**Return Answer**"},
    ]
    task = [
        {"role": "checker", "match": "WRONG1", "reply": CHECKER_BAD},
        {"role": "checker", "reply": CHECKER_OK},
        {"role": "task", "turn": 0, "reply": wrong},
        {"role": "task", "turn": 1, "reply": right},
    ]
    rec, config = run_sample(tmp_path, sandbox, guide=guide, task=task)
    G, T = rec["conversations"]["guide"], rec["conversations"]["task"]
    assert roles_of(G) == ["user", "assistant"] * 3 and roles_of(T) == ["user", "assistant"] * 2
    assert G[0]["content"] == PACK.prompt("choice") + "\n\n" + a.question
    # G keeps payloads, never raw outputs; the rationale stays in the decision record
    assert [m["content"] for m in G[1::2]] == [
        "Write a program that rotates the grid.",
        "Use code that rotates the grid clockwise",
        "**Return Answer**",
    ]
    assert T[0]["content"] == "Write a program that rotates the grid.\n\n" + a.question
    assert T[1]["content"] == wrong and T[2]["content"] == "Use code that rotates the grid clockwise"
    # body 1: a text answer, checked (checker_on_text_turns), no complexity section
    check1 = PACK.render("checker_ok", stdout="row 1 is wrong\n")
    assert G[2]["content"] == body(wrong, check1)
    # body 2: the code answer with its displayed output, the check and the symbolic summary
    view2 = right + PACK.render("exec_suffix", stdout=f"<<<{a.answer}>>>\n", stderr="")
    assert G[4]["content"].startswith(PACK.render("feedback.response", response=view2))
    assert "Analysis of the code in this answer:\n" in G[4]["content"]
    assert PACK.glue("low_complexity_note") in G[4]["content"]  # a print of a literal is flagged
    kinds = [(d["turn"], d["kind"], d["rule"]) for d in rec["decisions"]]
    assert kinds == [(0, "GUIDE", 4), (1, "GUIDE", 1), (2, "RETURN_ANSWER", 3)]
    assert rec["decisions"][1]["rationale"] == "It is wrong."
    assert [(c["turn"], c["status"]) for c in rec["checks"]] == [(0, "incorrect"), (1, "correct")]
    assert rec["checks"][1]["symbolic"]["mode"] == "v2" and rec["checks"][0]["symbolic"] is None
    assert [(e["purpose"], e["turn"]) for e in rec["executions"]] == [
        ("checker", 0),
        ("observe", 1),
        ("checker", 1),
    ]
    assert rec["stop_reason"] == "return_answer" and rec["final"]["reused_execution"]
    assert rec["verdict"]["correct"] and rec["verdict"]["lenient_correct"]
    order = [(c["role"], c["turn"]) for c in rec["calls"]]
    assert order == [
        ("guide", 0),
        ("task", 0),
        ("checker", 0),
        ("guide", 1),
        ("task", 1),
        ("checker", 1),
        ("guide", 2),
    ]
    guide_call = next(c for c in rec["calls"] if c["role"] == "guide")
    assert guide_call["sampling"] == {
        "max_tokens": 1024,
        "repetition_penalty": 1.0,
        "temperature": 0.95,
        "top_k": 50,
        "top_p": 0.7,
    }
    assert config["method"]["config"]["max_turns"] == 5 and not config["guide_prompt_mismatch"]
    assert_requests_rebuild(rec)


def test_switch_decisions_send_canonical_prompts_and_mentions_are_guidance(tmp_path, sandbox):
    a = instance()
    guide = [
        {"turn": 0, "reply": "Reasoning first.\n<<<Text>>>"},
        {"turn": 1, "reply": "<<<Code>>>"},
        {"turn": 2, "reply": "code"},
        {"turn": 3, "reply": "Do not return answer yet; terminate nothing. Check the rotation direction."},
        {"turn": 4, "reply": "I am done here.\nTERMINATE"},
    ]
    task = [{"role": "task", "reply": code_answer(a.answer)}]
    rec, _ = run_sample(tmp_path, sandbox, guide=guide, task=task, config=OFF)
    T = rec["conversations"]["task"]
    assert T[0]["content"] == PACK.prompt("text_cot") + "\n\n" + a.question
    assert T[2]["content"] == PACK.prompt("code_cot") and T[4]["content"] == PACK.prompt("code_cot")
    assert T[6]["content"].startswith("Do not return answer yet")
    kinds = [d["kind"] for d in rec["decisions"]]
    assert kinds == ["TEXT", "CODE", "CODE", "GUIDE", "TERMINATE"]
    assert [d["rule"] for d in rec["decisions"]] == [1, 1, 2, 4, 3]
    assert rec["stop_reason"] == "terminate" and len([c for c in rec["calls"] if c["role"] == "task"]) == 4
    # with both checkers off the body is the response view and the closing only
    G = rec["conversations"]["guide"]
    assert G[2]["content"] == body(
        T[1]["content"] + PACK.render("exec_suffix", stdout=f"<<<{a.answer}>>>\n", stderr="")
    )
    assert rec["checks"] and all(c["status"] is None and c["symbolic"] is None for c in rec["checks"])


def test_invalid_output_is_resampled_with_a_fresh_seed(tmp_path, sandbox):
    a = instance()
    guide = [
        {"turn": 0, "reply": "<<<Code>>>"},
        {"turn": 1, "reply": ["   ", "<<<>>>", "<<<Return Answer>>>"]},
    ]
    task = [{"role": "task", "reply": code_answer(a.answer)}]
    rec, _ = run_sample(tmp_path, sandbox, guide=guide, task=task, config={**OFF, "guide_invalid_retries": 2})
    turn1 = [c for c in rec["calls"] if c["role"] == "guide" and c["turn"] == 1]
    assert [c["attempt"] for c in turn1] == [0, 1, 2] and len({c["seed"] for c in turn1}) == 3
    assert len({c["request_sha256"] for c in turn1}) == 1  # the same prompt, resampled
    d = rec["decisions"][1]
    assert d["kind"] == "RETURN_ANSWER" and d["retry_used"] and d["attempts"] == 3
    assert d["invalid_outputs"] == ["   ", "<<<>>>"]
    assert rec["stop_reason"] == "return_answer" and rec["verdict"]["correct"]


def test_still_invalid_stops_with_guide_invalid_and_keeps_latest_answer(tmp_path, sandbox):
    a = instance()
    guide = [{"turn": 0, "reply": "<<<Code>>>"}, {"turn": 1, "reply": ""}]
    task = [{"role": "task", "reply": code_answer(a.answer)}]
    rec, _ = run_sample(tmp_path, sandbox, guide=guide, task=task, config=OFF)
    assert rec["stop_reason"] == "guide_invalid" and rec["decisions"][-1]["kind"] == "INVALID"
    assert len([c for c in rec["calls"] if c["role"] == "guide"]) == 3  # turn 0, turn 1 + 1 retry
    assert rec["final"]["source"] == "code" and rec["verdict"]["correct"]


def test_turn0_stop_is_invalid_then_fallbacks(tmp_path, sandbox):
    a = instance()
    task = [{"role": "task", "reply": f"<<<{a.answer}>>>"}]
    guide = [{"turn": 0, "reply": "<<<Return Answer>>>"}, {"turn": 1, "reply": "<<<Return Answer>>>"}]
    rec, _ = run_sample(tmp_path / "code", sandbox, guide=guide, task=task, config=OFF)
    d0 = rec["decisions"][0]
    assert d0["kind"] == "INVALID" and d0["fallback"] == "code" and d0["attempts"] == 2
    G, T = rec["conversations"]["guide"], rec["conversations"]["task"]
    assert G[1]["content"] == PACK.prompt("code_cot") and T[0]["content"].startswith(PACK.prompt("code_cot"))
    rec, _ = run_sample(
        tmp_path / "text", sandbox, guide=guide, task=task, config={**OFF, "first_turn_fallback": "text"}
    )
    assert rec["conversations"]["task"][0]["content"].startswith(PACK.prompt("text_cot"))
    rec, _ = run_sample(
        tmp_path / "fail", sandbox, guide=guide, task=task, config={**OFF, "first_turn_fallback": "fail"}
    )
    assert rec["stop_reason"] == "no_choice" and rec["final"] is None
    assert rec["verdict"]["score"] == 0 and not rec["verdict"]["correct"]
    assert "task" not in rec["conversations"] and len(rec["calls"]) == 2


def test_turn_cap_observes_all_but_the_last_answer(tmp_path, sandbox):
    a = instance()
    guide = [{"turn": 0, "reply": "<<<Code>>>"}, {"reply": "<<<Try once more, carefully>>>"}]
    task = [{"role": "task", "reply": code_answer(a.answer)}, {"role": "checker", "reply": CHECKER_OK}]
    rec, _ = run_sample(tmp_path, sandbox, guide=guide, task=task, config={"max_turns": 2})
    assert rec["stop_reason"] == "turn_cap"
    calls = [(c["role"], c["turn"]) for c in rec["calls"]]
    assert calls.count(("task", 2)) == 1 and sum(r == "task" for r, _ in calls) == 3
    assert sum(r == "guide" for r, _ in calls) == 3 and sum(r == "checker" for r, _ in calls) == 2
    assert [c["turn"] for c in rec["checks"]] == [0, 1]
    # the last answer's code is identical to an observed one: reused, not run again
    assert [e["purpose"] for e in rec["executions"]] == ["observe", "checker", "observe", "checker"]
    assert rec["final"]["reused_execution"] and rec["verdict"]["correct"]


def test_task_sees_execution_prefixes_the_instruction(tmp_path, sandbox):
    guide = [
        {"turn": 0, "reply": "<<<Code>>>"},
        {"turn": 1, "reply": "<<<Fix the error>>>"},
        {"reply": "<<<Terminate>>>"},
    ]
    task = [{"role": "task", "reply": "```python\nraise ValueError('boom')\n```"}]
    rec, _ = run_sample(
        tmp_path, sandbox, guide=guide, task=task, config={**OFF, "task_sees_execution": True}
    )
    msg = rec["conversations"]["task"][2]["content"]
    assert msg.startswith("Your previous code finished with status error.\n") and "ValueError: boom" in msg
    assert msg.endswith("Fix the error")
    rec2, _ = run_sample(tmp_path / "faithful", sandbox, guide=guide, task=task, config=OFF)
    assert rec2["conversations"]["task"][2]["content"] == "Fix the error"
    assert rec2["conversations"]["guide"] == rec["conversations"]["guide"]  # the guide's inputs are identical


def test_symbolic_compat_and_self_check_switches(tmp_path, sandbox):
    code = "Plan.\n```python\nx = 6 * 7\nprint(f'{x}'.format())  # information\n```"
    guide = [{"turn": 0, "reply": "<<<Code>>>"}, {"turn": 1, "reply": "<<<Return Answer>>>"}]
    task = [{"role": "task", "reply": code}]
    rec, _ = run_sample(
        tmp_path, sandbox, guide=guide, task=task, config={"self_check": "off", "symbolic_check": "compat"}
    )
    report = rec["checks"][0]["symbolic"]
    assert report["mode"] == "compat" and report["symbolic_compat_phrases"] == "symbench-default"
    g1 = rec["conversations"]["guide"][2]["content"]
    assert "Strings are built by formatting." in g1 and "Report of the program" not in g1
    assert "checker" not in {c["role"] for c in rec["calls"]}
    rec, config = run_sample(tmp_path / "v2", sandbox, guide=guide, task=task, config={"self_check": "off"})
    assert "formatting" not in rec["conversations"]["guide"][2]["content"]
    assert "checker" not in config["models"]  # the role is not used, so not bound


def test_code_text_choice_is_turn0_then_one_answer(tmp_path, sandbox):
    a = instance()
    guide = [{"turn": 0, "reply": "Code is better here.\n<<<Code>>>"}]
    task = [{"role": "task", "reply": code_answer(a.answer)}]
    rec, config = run_sample(tmp_path, sandbox, guide=guide, task=task, method="code_text_choice")
    assert [c["role"] for c in rec["calls"]] == ["guide", "task"]
    assert rec["stop_reason"] == "final_only" and rec["checks"] == []
    assert [e["purpose"] for e in rec["executions"]] == ["final"] and rec["verdict"]["correct"]
    assert set(config["models"]) == {"task", "guide"}


def test_api_protocol_head_reask_and_paraphrase(tmp_path, sandbox):
    a = instance()
    # symbolic_agent: guide and paraphraser default to the task's model (one scripted file, by role)
    task = [
        {"role": "guide", "turn": 0, "reply": ["Write a program, I suggest.", "Fine.\n<<<Code>>>"]},
        {"role": "guide", "turn": 1, "reply": "Looks right.\n<<<Return Answer>>>"},
        {"role": "paraphraser", "reply": "  Solve it with one Python program that prints the answer.  "},
        {"role": "checker", "reply": CHECKER_OK},
        {"role": "task", "reply": code_answer(a.answer)},
    ]
    rec, config = run_sample(tmp_path, sandbox, guide=None, task=task, method="symbolic_agent")
    assert config["models"]["guide"]["spec"] == config["models"]["task"]["spec"]
    assert config["models"]["guide"]["sampling"] == {"max_tokens": 2000, "temperature": 0.0, "top_p": 1.0}
    G = rec["conversations"]["guide"]
    d0 = rec["decisions"][0]
    assert (
        d0["kind"] == "CODE" and d0["retry_used"] and d0["invalid_outputs"] == ["Write a program, I suggest."]
    )
    retry = rec["conversations"]["guide_retry"][0]
    assert retry[-2:] == [
        {"role": "user", "content": PACK.render("guide_reask")},
        {"role": "assistant", "content": "Fine.\n<<<Code>>>"},
    ]
    # G.assistant[0] = the instruction actually sent: the paraphrase
    assert G[1]["content"] == "Solve it with one Python program that prints the answer."
    assert rec["conversations"]["task"][0]["content"].startswith("Solve it with one Python program")
    head = PACK.render("decision_head", decision=PACK.prompt("decision"), question=a.question)
    assert G[2]["content"].startswith(head) and G[2]["content"][len(head) :].startswith("The latest answer")
    assert rec["stop_reason"] == "return_answer" and rec["verdict"]["correct"]
    assert_requests_rebuild(rec)


def test_code_first_agent_skips_the_choice_call(tmp_path, sandbox):
    a = instance()
    task = [
        {"role": "guide", "reply": "<<<Return Answer>>>"},
        {"role": "checker", "reply": CHECKER_OK},
        {"role": "task", "reply": code_answer(a.answer)},
    ]
    rec, _ = run_sample(tmp_path, sandbox, guide=None, task=task, method="code_first_agent")
    G = rec["conversations"]["guide"]
    assert G[1]["content"] == PACK.prompt("code_cot") and rec["decisions"][0]["first_choice"] == "code"
    assert [c["turn"] for c in rec["calls"] if c["role"] == "guide"] == [1]
    assert G[2]["content"].startswith(PACK.prompt("decision_code_first"))


def test_code_first_rule_schedule_and_early_stop(tmp_path, sandbox):
    task = [
        {"role": "checker", "reply": CHECKER_BAD},
        {
            "role": "task",
            "reply": [
                "```python\nprint(1)\n```",
                "```python\nprint(2)\n```",
                "```python\nprint(3)\n```",
                "text <<<A>>>",
            ],
        },
    ]
    rec, _ = run_sample(tmp_path, sandbox, guide=None, task=task, method="code_first_rule")
    T = rec["conversations"]["task"]
    esc = PACK.prompt("code_first_escalation")
    assert [m["content"] for m in T[2::2]] == [esc[0], esc[1], PACK.prompt("text_cot")]
    assert rec["stop_reason"] == "turn_cap" and len(rec["checks"]) == 3
    task[0]["reply"] = CHECKER_OK
    rec, _ = run_sample(tmp_path / "early", sandbox, guide=None, task=task, method="code_first_rule")
    assert rec["stop_reason"] == "return_answer" and len(rec["conversations"]["task"]) == 2
    assert rec["final"]["candidate"] == "1\n" and rec["final"]["reused_execution"]


def test_code_text_sum_combines_the_same_instance(tmp_path, sandbox):
    a = instance()
    task = [
        {"role": "summarizer", "reply": f"Both agree. <<<{a.answer}>>>"},
        {"role": "task", "match": "Do not write code", "reply": "text says <<<X>>>"},
        {"role": "task", "reply": code_answer(a.answer)},
    ]
    rec, _ = run_sample(tmp_path, sandbox, guide=None, task=task, method="code_text_sum")
    assert [s["method"]["name"] for s in rec["sub"]] == ["all_text_cot", "all_code_cot"]
    msg = rec["conversations"]["summarizer"][0]["content"]
    assert msg.startswith(PACK.prompt("summarizer") + PACK.render("sum.question", question=a.question))
    assert PACK.render("sum.text_agent", response="text says <<<X>>>") in msg
    assert PACK.render("sum.code_agent_exec", result=f"<<<{a.answer}>>>\n") in msg
    assert "Output of the text assistant" not in msg and msg.endswith(PACK.render("sum.closing"))
    assert rec["stop_reason"] == "final_only" and rec["verdict"]["correct"]
    assert rec["tokens"]["task_headline"] > 0


def test_published_guide_with_default_pack_is_flagged(tmp_path, sandbox, capsys):
    guide = [{"turn": 0, "reply": "<<<Text>>>"}, {"reply": "<<<Return Answer>>>"}]
    task = [{"role": "task", "reply": "<<<A>>>"}]
    _, config = run_sample(
        tmp_path, sandbox, guide=guide, task=task, config=OFF, guide_options="?kind=codesteer-v1"
    )
    assert config["guide_prompt_mismatch"] is True and config["guide_prompt_partial"] is False
    assert "guide_prompt_mismatch" in capsys.readouterr().err


def test_norm_of_recorded_payload_matches_control():
    assert norm("**Return Answer**") == "return answer"


def test_incomplete_imported_pack_is_partial_not_mismatch(tmp_path, sandbox):
    import json as _json

    data = load_pack().to_json()
    data["name"] = "codesteer-original-test"
    data["origin"] = {"kind": "codesteer-original", "complete": False, "reference_match": "modified"}
    pack = tmp_path / "orig.json"
    pack.write_text(_json.dumps(data))
    guide = [{"turn": 0, "reply": "<<<Text>>>"}, {"reply": "<<<Return Answer>>>"}]
    task = [{"role": "task", "reply": "<<<A>>>"}]
    _, config = run_sample(
        tmp_path,
        sandbox,
        guide=guide,
        task=task,
        config=OFF,
        guide_options="?kind=codesteer-v1",
        prompt_pack=str(pack),
    )
    assert config["guide_prompt_mismatch"] is False and config["guide_prompt_partial"] is True


def test_published_guide_recognised_by_served_root():
    from steering.backends.spec import parse_spec
    from steering.codesteer.guide_context import is_published_guide

    spec = parse_spec("openai:codesteer")
    assert is_published_guide(spec, {"root": "/models/yongchao98/CodeSteer-v1"})
    assert is_published_guide(parse_spec("vllm:yongchao98/CodeSteer-v1@abc"))
    assert not is_published_guide(spec, {"root": "meta-llama/Llama-3-8B"})
