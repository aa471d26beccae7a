"""§9: SFT export from guide turns, branch resampling with a replayed prefix, DPO pairs."""

from __future__ import annotations

import json

import pytest
from codesteer_helpers import code_answer, write_rules
from steering_test_helpers import grid_pattern

from steering.cli.steer_cmd import main as steer_main
from steering.export.branch import BranchOptions, run_branch, trajectory_score
from steering.export.dpo import DPOOptions, build_dpo
from steering.export.sft import SFTOptions, build_sft
from steering.prompts.pack import load_pack
from steering.runner.scheduler import EvalOptions, run_eval
from steering.runner.selection import Selection
from steering.testing.openai_server import OpenAIServer, Rule
from symbench.generation import generate_instances

PACK = load_pack()
TASK = "matrix_transformation"


def _instances():
    return list(generate_instances(TASK, 1, 2, 0))


def _run(tmp, sandbox, method, guide_rules, task_rules, config):
    specs = {"task": write_rules(tmp / "task.json", task_rules)}
    if guide_rules is not None:
        specs["guide"] = write_rules(tmp / "guide.json", guide_rules)
    result = run_eval(
        EvalOptions(
            method=method,
            models=specs,
            selection=Selection(tasks=[TASK], complexity=1, n=2, seed=0),
            method_config=config,
            output_dir=tmp / "runs",
            progress=False,
            cache_mode="off",
            sandbox_obj=sandbox,
        )
    )
    return result.run_dir


@pytest.fixture
def codesteer_run(tmp_path, sandbox):
    """Two samples: the first instance answered right by code (3 guide turns), the second wrong."""
    a, b = _instances()
    guide = [
        {"turn": 0, "reply": "Think in text first.\n<<<Text>>>"},
        {"turn": 1, "reply": "<<<Write a program that rotates the grid>>>"},
        {"turn": 2, "reply": "<<<Return Answer>>>"},
    ]
    task = [
        {"role": "task", "turn": 0, "reply": "It is <<<Q,Q,Q,Q>>>"},
        {"role": "task", "reply": code_answer(a.answer)},
    ]
    return _run(tmp_path, sandbox, "codesteer", guide, task, {"self_check": "off"}), a, b


def test_sft_items_per_guide_turn(codesteer_run, tmp_path):
    run_dir, a, b = codesteer_run
    items, manifest = build_sft(SFTOptions(runs=[run_dir], exclude_suites=("none",)))
    assert len(items) == 3 and manifest["counts"]["samples_used"] == 1
    assert manifest["counts"]["below_min_score"] == 1 and manifest["pack_hashes"] == [PACK.hash]
    records = [json.loads(x) for x in (run_dir / "samples.jsonl").read_text().splitlines()]
    good = next(r for r in records if r["instance"]["hash"] == a.hash)
    G = good["conversations"]["guide"]
    assert items[0] == {"instruction": G[0]["content"], "output": G[1]["content"], "history": []}
    assert G[1]["content"] == "Text"
    assert items[2]["instruction"] == G[4]["content"] and items[2]["output"] == "Return Answer"
    assert items[2]["history"] == [[G[0]["content"], G[1]["content"]], [G[2]["content"], G[3]["content"]]]
    # every sample, doubled last item, token cap, suite exclusion by instance hash
    items, manifest = build_sft(
        SFTOptions(runs=[run_dir], exclude_suites=("none",), min_score=0, double_last=1)
    )
    assert len(items) == 8 and items[3] == items[2]
    items, manifest = build_sft(SFTOptions(runs=[run_dir], exclude_suites=("none",), max_tokens=300))
    assert manifest["counts"]["dropped_over_tokens"] >= 1 and len(items) < 3
    hashes = tmp_path / "eval_hashes.txt"
    hashes.write_text(a.hash + "\n")
    items, manifest = build_sft(SFTOptions(runs=[run_dir], exclude_suites=(str(hashes),)))
    assert items == [] and manifest["counts"]["excluded_suite"] == 1


def test_sft_cli_writes_data_info_and_manifest(codesteer_run, tmp_path, capsys):
    run_dir, _, _ = codesteer_run
    out = tmp_path / "out" / "sft.json"
    assert (
        steer_main(["export", "--format", "sft", str(run_dir), "-o", str(out), "--exclude-suite", "none"])
        == 0
    )
    assert len(json.loads(out.read_text())) == 3
    info = json.loads((out.parent / "sft.dataset_info.json").read_text())
    assert info["codesteer_sft"]["columns"] == {
        "prompt": "instruction",
        "response": "output",
        "history": "history",
    }
    manifest = json.loads((out.parent / "sft.manifest.json").read_text())
    assert manifest["sources"][0]["used"] == 1 and manifest["view"] == "finetuned"
    assert "items 3" in capsys.readouterr().out


def test_sft_view_drops_api_heads(tmp_path, sandbox):
    a, _ = _instances()
    task = [
        {"role": "guide", "turn": 0, "reply": "<<<Code>>>"},
        {"role": "guide", "reply": "<<<Return Answer>>>"},
        {"role": "task", "reply": code_answer(a.answer)},
    ]
    config = {"self_check": "off", "paraphrase_first": False}
    run_dir = _run(tmp_path, sandbox, "symbolic_agent", None, task, config)
    head = PACK.render("decision_head", decision=PACK.prompt("decision"), question=a.question)
    sent, _ = build_sft(SFTOptions(runs=[run_dir], exclude_suites=("none",), view="as-sent"))
    tuned, _ = build_sft(SFTOptions(runs=[run_dir], exclude_suites=("none",)))
    assert (
        sent[1]["instruction"].startswith(head)
        and sent[1]["instruction"][len(head) :] == tuned[1]["instruction"]
    )
    assert tuned[1]["instruction"].startswith("The latest answer") and tuned[0] == sent[0]


def test_branch_resampling_and_dpo_pairs(tmp_path, sandbox, monkeypatch):
    a, b = _instances()
    guide = [{"turn": 0, "reply": "<<<Text>>>"}, {"reply": "<<<Return Answer>>>"}]
    task = [
        {
            "role": "task",
            "match": grid_pattern(b.question),
            "reply": f"<<<{b.answer}>>>",
        },  # solved: no branch
        {"role": "task", "match": "Do not write code", "reply": "It is <<<Q,Q,Q,Q>>>"},
        {"role": "task", "reply": code_answer(a.answer)},
    ]
    source = _run(tmp_path, sandbox, "codesteer", guide, task, {"self_check": "off", "max_turns": 2})
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-branch")
    rules = [Rule(match="^The latest answer", reply="<<<Return Answer>>>", times=1), Rule(reply="<<<Code>>>")]
    with OpenAIServer(models=("guide-b",), rules=rules) as srv:
        out, done, errors = run_branch(
            BranchOptions(
                source=source,
                guide="openai:guide-b",
                n=2,
                ks=[1],
                only_failed=True,
                base_urls={"guide": srv.url},
                concurrency=1,
                sandbox_obj=sandbox,
                out=tmp_path / "branch",
            )
        )
        n_requests = srv.n_requests
    assert (done, errors) == (2, 0)
    sources = [json.loads(x) for x in (out / "sources.jsonl").read_text().splitlines()]
    assert len(sources) == 1 and sources[0]["instance"]["hash"] == a.hash and sources[0]["score"] == -2
    branches = [json.loads(x) for x in (out / "samples.jsonl").read_text().splitlines()]
    assert sorted(b["branch_of"]["index"] for b in branches) == [0, 1]
    src_G = sources[0]["conversations"]["guide"]
    for br in branches:
        assert br["branch_of"]["source_key"] == sources[0]["key"] and br["branch_of"]["k"] == 1
        assert br["conversations"]["guide"][:3] == src_G[:3]  # the prefix is the source's
        replayed = [c for c in br["calls"] if c["turn"] < 1]
        assert replayed and all(c["cached"] for c in replayed)
        assert br["score"] == trajectory_score(br)
    by_output = {b["conversations"]["guide"][3]["content"]: b for b in branches}
    stop, code = by_output["Return Answer"], by_output["Code"]
    assert not stop["verdict"]["correct"] and stop["score"] == -2
    # its own length: 3 guide turns (the source had 2)
    assert code["verdict"]["correct"] and code["score"] == 15 - 3 and code["stop_reason"] == "turn_cap"
    assert n_requests == 3  # the prefix never reached the new guide
    config = json.loads((out / "config.json").read_text())
    assert config["branch"]["n"] == 2 and config["models"]["guide"]["sampling"]["temperature"] == 1.0
    items, manifest = build_dpo(DPOOptions(runs=[out], exclude_suites=("none",)))
    assert len(items) == 1 and manifest["counts"]["pairs"] == 1
    item = items[0]
    assert [m["from"] for m in item["conversations"]] == ["human", "gpt", "human"]
    assert item["conversations"][2]["value"] == src_G[2]["content"]
    assert item["chosen"]["value"] == "Code" and item["rejected"]["value"] == "Return Answer"
    assert (item["score_chosen"], item["score_rejected"]) == (12, -2)
    assert item["meta"]["k"] == 1 and item["meta"]["instance_hash"] == a.hash
    none, manifest = build_dpo(DPOOptions(runs=[out], exclude_suites=("none",), min_margin=20))
    assert none == [] and manifest["counts"]["nodes_without_pair"] == 1


def test_trajectory_score_uses_own_length():
    rec = {
        "status": "done",
        "verdict": {"correct": True},
        "decisions": [{"raw": "x"}, {"raw": "y"}, {"raw": None}],
    }
    assert trajectory_score(rec) == 13
    assert trajectory_score({**rec, "verdict": {"correct": False}}) == -2


def test_branch_and_dpo_cli(codesteer_run, tmp_path, capsys):
    run_dir, _, _ = codesteer_run
    guide = write_rules(tmp_path / "guide2.json", [{"reply": "<<<Return Answer>>>"}])
    out = tmp_path / "br"
    args = [
        "branch",
        str(run_dir),
        "--guide",
        guide,
        "--n",
        "1",
        "--k",
        "1",
        "--out",
        str(out),
        "--sandbox",
        "plain",
    ]
    assert steer_main(args) == 0
    assert "2 branches done, 0 errors" in capsys.readouterr().out
    assert (
        steer_main(
            ["export", "--format", "dpo", str(out), "-o", str(tmp_path / "d.json"), "--exclude-suite", "none"]
        )
        == 0
    )
    info = json.loads((tmp_path / "d.dataset_info.json").read_text())["codesteer_dpo"]
    assert info["ranking"] and info["formatting"] == "sharegpt"
    assert steer_main(["branch", str(run_dir), "--guide", guide, "--k", "x"]) == 2
    assert steer_main(["export", "--format", "dpo", str(run_dir)]) == 2  # not a branch run
