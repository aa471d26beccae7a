"""§5.6: the guide context policy keeps prompts under the budget, in the specified order of steps."""

from __future__ import annotations

import pytest
from codesteer_helpers import assert_requests_rebuild, run_sample

from steering.backends.spec import parse_spec
from steering.codesteer.feedback import BodyParts, clip, render_body
from steering.codesteer.guide_context import (
    Body,
    ContextPolicy,
    GuideCounter,
    guide_counter,
    prompt_budget,
    sent_view,
)
from steering.prompts.pack import load_pack

PACK = load_pack()
WORDS = GuideCounter(lambda s: len(s.split()), "words", False)


def words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n))


def conversation(n_bodies: int, response_words: int = 400, check_words: int = 150):
    """G.user[0], then `n_bodies` feedback bodies, the last one being the latest."""
    msgs = [{"role": "user", "content": words(50, "q")}, {"role": "assistant", "content": "use code"}]
    bodies = {}
    for t in range(1, n_bodies + 1):
        parts = BodyParts(
            words(response_words, f"r{t}_"), words(check_words, f"c{t}_"), "Complexity score: 1.0"
        )
        bodies[len(msgs)] = Body(
            "",
            parts,
            t,
            {
                "turn": t,
                "mode": "code",
                "exec_status": "ok",
                "first_line": f"out{t}",
                "check_status": "incorrect",
                "score": "1.0",
            },
        )
        msgs.append({"role": "user", "content": render_body(PACK, parts)})
        if t < n_bodies:
            msgs.append({"role": "assistant", "content": f"guidance {t}"})
    return msgs, bodies


def test_under_budget_is_sent_unchanged():
    msgs, bodies = conversation(2)
    view = ContextPolicy(PACK, "truncate", 10_000, WORDS).view(msgs, bodies)
    assert view.sent == msgs and view.reductions == [] and not view.overflow


def test_truncate_steps_in_order():
    msgs, bodies = conversation(3)
    full = WORDS.prompt_tokens(msgs)
    policy = ContextPolicy(PACK, "truncate", full - 100, WORDS)
    view = policy.view(msgs, bodies)
    # step 1 on the oldest older body only: response to 300 tokens, check to 100
    assert [r["index"] for r in view.reductions] == [2] and view.reductions[0]["ops"] == ["truncate"]
    reduced = view.sent[2]["content"]
    assert "r1_0 " in reduced and "r1_399" in reduced and "tokens omitted" in reduced
    assert WORDS.count(reduced) < 300 + 100 + 60
    assert view.sent[4] == msgs[4] and view.sent[6] == msgs[6] and not view.overflow
    # tighter: both older bodies reduced, then the oldest elided
    view = ContextPolicy(PACK, "truncate", WORDS.prompt_tokens(msgs) - 600, WORDS).view(msgs, bodies)
    ops = {r["index"]: r["ops"] for r in view.reductions}
    assert ops == {2: ["truncate", "elide"], 4: ["truncate"]}
    assert view.sent[2]["content"] == PACK.render("elided_turn", turn=1)
    # never touched: G.user[0], the guide's outputs, the count and alternation of messages
    assert view.sent[0] == msgs[0] and [m for m in view.sent[1::2]] == msgs[1::2]
    assert [m["role"] for m in view.sent] == [m["role"] for m in msgs]
    assert sent_view(msgs, len(msgs), view.reductions) == view.sent


def test_latest_body_halved_to_floor_then_overflow():
    msgs, bodies = conversation(2, response_words=1000, check_words=600)
    policy = ContextPolicy(PACK, "truncate", 300, WORDS)
    view = policy.view(msgs, bodies)
    ops = {r["index"]: r["ops"] for r in view.reductions}
    assert ops[2] == ["truncate", "elide"]
    assert ops[4] == ["response_to_500", "response_to_250", "response_to_200", "check_to_300", "check_to_200"]
    assert view.overflow and view.tokens > 300


def test_summarize_replaces_older_bodies_with_their_facts():
    msgs, bodies = conversation(3)
    view = ContextPolicy(PACK, "summarize", WORDS.prompt_tokens(msgs) - 200, WORDS).view(msgs, bodies)
    assert view.sent[2]["content"] == PACK.render(
        "turn_summary",
        turn=1,
        mode="code",
        exec_status="ok",
        first_line="out1",
        check_status="incorrect",
        score="1.0",
    )
    assert view.reductions[0]["ops"] == ["summarize"]


def test_policy_none_flags_overflow_only():
    msgs, bodies = conversation(3)
    view = ContextPolicy(PACK, "none", 100, WORDS).view(msgs, bodies)
    assert view.sent == msgs and view.overflow and view.reductions == []


def test_clip_keeps_head_and_tail():
    text = words(1000, "w")
    out = clip(text, 100, WORDS.count, lambda n: f" [cut {n}] ")
    head, _, tail = out.partition(" [cut ")
    assert head.startswith("w0 ") and tail.rstrip().endswith("w999")
    assert WORDS.count(head) + WORDS.count(tail.split("] ", 1)[1]) <= 100


def test_budget_and_counter_resolution():
    published = parse_spec("openai:codesteer?kind=codesteer-v1")
    assert prompt_budget(published, 1024, 7000) == 7000
    assert prompt_budget(parse_spec("openai:m?context=4096"), 1024, 7000) == 3072
    assert prompt_budget(parse_spec("openai:m"), 1024, 7000) == 7000
    counter = guide_counter(parse_spec("openai:m"), None)
    assert (
        counter.estimated
        and counter.prompt_tokens([{"role": "user", "content": "a b c d e f g h i j"}]) >= 11
    )


@pytest.mark.parametrize("policy", ["truncate", "summarize"])
def test_loop_trims_the_sent_copy_and_records_it(tmp_path, sandbox, policy):
    long_answer = "```python\nprint('x' * 6000)\n```"
    guide = [{"turn": 0, "reply": "<<<Code>>>"}, {"reply": "<<<Print the answer in the required format>>>"}]
    task = [{"role": "task", "reply": long_answer}]
    config = {
        "self_check": "off",
        "max_turns": 3,
        "guide_prompt_budget": 1000,
        "guide_context_policy": policy,
    }
    rec, _ = run_sample(tmp_path, sandbox, guide=guide, task=task, config=config)
    guide_calls = [c for c in rec["calls"] if c["role"] == "guide"]
    assert guide_calls[-1]["reductions"], "the last prompt had to be reduced"
    assert all(d["prompt_tokens"] <= 1000 for d in rec["decisions"][1:]) and not rec["guide_overflow"]
    assert guide_calls[1]["reductions"][0]["ops"][0].startswith("response_to_")  # only the latest body yet
    # the stored conversation is the full one; the sent view re-renders to the request hash
    G = rec["conversations"]["guide"]
    assert "x" * 6000 in G[2]["content"]
    assert_requests_rebuild(rec)


def test_loop_flags_overflow_when_nothing_fits(tmp_path, sandbox):
    guide = [{"turn": 0, "reply": "<<<Code>>>"}, {"reply": "<<<Return Answer>>>"}]
    task = [{"role": "task", "reply": "```python\nprint('x' * 6000)\n```"}]
    config = {"self_check": "off", "guide_prompt_budget": 500}
    rec, _ = run_sample(tmp_path, sandbox, guide=guide, task=task, config=config)
    assert rec["guide_overflow"] and rec["decisions"][1]["prompt_tokens"] > 500


@pytest.mark.slow  # importing transformers costs several seconds
def test_guide_tokenizer_from_a_local_folder(tmp_path):
    pytest.importorskip("transformers")
    tokenizers = pytest.importorskip("tokenizers")
    from transformers import PreTrainedTokenizerFast

    vocab = {"[UNK]": 0, "alpha": 1, "beta": 2}
    tok = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]").save_pretrained(tmp_path / "tok")
    counter = guide_counter(parse_spec(f"openai:m?tokenizer={tmp_path / 'tok'}"), None)
    assert not counter.estimated and counter.name == str(tmp_path / "tok")
    assert counter.count("alpha beta gamma delta") == 4
    assert counter.prompt_tokens([{"role": "user", "content": "alpha beta"}]) == 2 + 5 + 5  # no margin
