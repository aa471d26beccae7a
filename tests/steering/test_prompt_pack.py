"""Prompt packs (§3.1): validation reports every problem, templates render in one pass, hashes pinned."""

from __future__ import annotations

import json

import pytest

from steering.prompts.pack import load_pack, render_template, shipped_packs, template_slots
from symbench.errors import SymbenchError

PINNED = {"symbench-default-1": "c47266fce52c9324e499c6bf8b35c6f2e44c37e00539697c5f547c9ca011d0d2"}


def test_shipped_packs_are_pinned():
    assert set(shipped_packs()) >= set(PINNED)
    for name, digest in PINNED.items():
        assert load_pack(name).hash == digest, f"{name} changed: ship it under a new name"


def test_render_is_one_pass_and_braces_escape():
    assert render_template("a {x} {{y}} b", {"x": "{y}"}) == "a {y} {y} b"
    with pytest.raises(KeyError):
        render_template("{missing}", {})


def test_slot_parsing_finds_problems():
    assert template_slots("{a} {{b}} {c_1}") == ({"a", "c_1"}, [])
    assert template_slots("{Bad} {")[1] == ["bad slot {Bad}", "unbalanced brace at offset 6"]


def test_invalid_pack_lists_every_problem(tmp_path):
    data = load_pack().to_json()
    data["name"] = "broken"
    del data["prompts"]["code_cot"]
    data["glue"]["exec_suffix"] = "{stdout} {secret}"
    data["glue"]["bogus"] = "x"
    data["few_shot"] = data["few_shot"][:2]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SymbenchError) as info:
        load_pack(str(path))
    message = str(info.value)
    for part in (
        "prompts.code_cot",
        "slot {secret}",
        "unknown key glue.bogus",
        "few_shot must be a list of 5",
    ):
        assert part in message


def test_base_pack_fills_missing_keys_and_renamed_copy_keeps_hash(tmp_path, monkeypatch):
    child = {
        "schema": "symbench.prompt-pack/1",
        "name": "child",
        "base": "symbench-default-1",
        "prompts": {"code_cot": "Write code."},
    }
    (tmp_path / "child.json").write_text(json.dumps(child))
    monkeypatch.setenv("SYMBENCH_PACK_DIR", str(tmp_path))
    pack = load_pack("child")
    assert pack.prompt("code_cot") == "Write code." and pack.prompt("text_cot") == load_pack().prompt(
        "text_cot"
    )
    copy = load_pack().to_json()
    copy["name"] = "renamed"
    (tmp_path / "renamed.json").write_text(json.dumps(copy))
    assert load_pack(str(tmp_path / "renamed.json")).hash == load_pack().hash
