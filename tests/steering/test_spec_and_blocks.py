"""Model-spec grammar (§5.1), fence-based code extraction (§1.8) and the guide recogniser (§1.4)."""

from __future__ import annotations

import pytest

from steering.backends.spec import parse_spec
from steering.codesteer.code_blocks import block_counts, python_blocks, select_block
from steering.codesteer.decisions import CODE, GUIDE, INVALID, RETURN_ANSWER, TERMINATE, TEXT, norm, recognise
from symbench.errors import SymbenchError


def test_spec_parses_backend_target_and_encoded_options():
    spec = parse_spec("openai:gpt-4o?max_connections=8&timeout_s=12.5&kind=generic")
    assert (spec.backend, spec.target) == ("openai", "gpt-4o")
    assert spec.opts == {"max_connections": "8", "timeout_s": "12.5", "kind": "generic"}
    assert parse_spec(spec.text) == spec
    assert parse_spec("hf:/models/a%20b@rev1?dtype=float32").target == "/models/a b@rev1"


def test_alias_expands():
    spec = parse_spec("codesteer-v1")
    assert spec.backend == "vllm" and spec.target == "yongchao98/CodeSteer-v1"
    assert spec.opts["template"] == "llama3_raw" and spec.kind == "codesteer-v1"


@pytest.mark.parametrize(
    "bad",
    [
        "gpt-4o",
        "foo:bar",
        "openai:",
        "openai:x?colour=red",
        "openai:x?kind=weird",
        "hf:x?max_connections=many",
        "openai:x?reasoning=maybe",
        "",
    ],
)
def test_bad_specs_fail_at_start(bad):
    with pytest.raises(SymbenchError):
        parse_spec(bad)


def test_python_blocks_follow_fence_rules():
    text = (
        "intro\n  ```Python extra\n  x = 1\n  print(x)\n  ```\n```sh\nrm -rf /\n```\n~~~~py3\nprint(2)\n~~~~\n"
        "```\nprint(3)\n```\n````python\nprint('```')\n````\n"
    )
    blocks = python_blocks(text)
    assert [b.code for b in blocks] == ["x = 1\nprint(x)", "print(2)", "print('```')"]
    assert block_counts(text) == {"python": 3, "other": 2}
    assert [b.code for b in python_blocks(text, accept_unlabeled=True)][2] == "print(3)"
    assert select_block(text, "last").code == "print('```')"


def test_unclosed_fence_and_crlf():
    blocks = python_blocks("a\r\n```{.python}\r\nprint(1)\r\nprint(2)")
    assert blocks[0].code == "print(1)\nprint(2)" and blocks[0].unclosed


def test_unlabeled_block_needs_valid_python():
    assert python_blocks("```\nnot python at all (\n```", accept_unlabeled=True) == []


def test_norm_strips_decorations():
    assert norm("  **Return_Answer!** ") == "return answer"
    assert norm("<<<Code>>>") == "code"


@pytest.mark.parametrize(
    "output,turn,kind,payload",
    [
        ("Reasoning first.\n<<<Code>>>", 0, CODE, "Code"),
        ("text", 0, TEXT, "text"),
        (
            "<<<Please check the second constraint again>>>",
            2,
            GUIDE,
            "Please check the second constraint again",
        ),
        ("I think the answer is fine.\n\nReturn Answer", 3, RETURN_ANSWER, "Return Answer"),
        ("<<<Terminate>>>", 1, TERMINATE, "Terminate"),
        (
            "You should terminate the loop early and return answer sorted.",
            2,
            GUIDE,
            "You should terminate the loop early and return answer sorted.",
        ),
        ("<<<Return Answer>>>", 0, INVALID, "Return Answer"),
        ("<<<   >>>", 1, INVALID, ""),
        ('"Use a search over permutations."', 1, GUIDE, "Use a search over permutations."),
        ("<<<Try harder with recursion", 1, GUIDE, "Try harder with recursion"),
    ],
)
def test_recogniser_rules(output, turn, kind, payload):
    d = recognise(output, turn)
    assert d.kind == kind and d.payload == payload


def test_synonyms_from_pack():
    assert recognise("done", 2, {"done": RETURN_ANSWER}).kind == RETURN_ANSWER
    assert recognise("done", 2).kind == GUIDE
