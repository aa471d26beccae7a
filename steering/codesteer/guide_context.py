"""The guide context policy (§5.6): keep every guide prompt under the guide's token budget.

The published guide has an 8K window; five long feedback bodies overflow it. Reductions apply to
the copy that is sent, never to the recorded conversation: each call records, per changed message,
its index, the steps applied and the content sent, so the sent view (and its request hash) can be
rebuilt from the record (`sent_view`). `G.user[0]`, the guide's own outputs, the message count and
the role alternation are never touched.
"""

from __future__ import annotations

import dataclasses
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from steering.backends.base import Backend
from steering.backends.spec import ModelSpec
from steering.backends.usage import estimate_tokens
from steering.codesteer.feedback import BodyParts, clip, render_body
from steering.prompts.pack import PromptPack

PUBLISHED_GUIDE = "yongchao98/CodeSteer-v1"
PUBLISHED_CONTEXT = 8192
MESSAGE_OVERHEAD = 5  # llama3 role header and end-of-turn, per message
PROMPT_OVERHEAD = 5  # BOS and the assistant header
OLD_RESPONSE_TOKENS = 300
OLD_CHECK_TOKENS = 100
LATEST_FLOOR = 200
POLICIES = ("truncate", "summarize", "none")

_TOKENIZERS: dict[str, Any] = {}
_TOKENIZER_LOCK = threading.Lock()


@dataclasses.dataclass
class GuideCounter:
    """Counts guide tokens: exact with the guide's tokenizer, else an estimate with a 10 % margin."""

    count: Callable[[str], int]
    name: str
    estimated: bool

    def prompt_tokens(self, messages: list[dict[str, str]]) -> int:
        body = sum(self.count(m["content"]) for m in messages)
        n = body + MESSAGE_OVERHEAD * len(messages) + PROMPT_OVERHEAD
        return math.ceil(n * 1.1) if self.estimated else n


def _hub_cache() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or str(Path.home() / ".cache" / "huggingface")
    return Path(home) / "hub"


def _available_locally(name: str) -> bool:
    """A folder, or a hub id already in the local cache (checked before importing transformers)."""
    if Path(name).expanduser().is_dir():
        return True
    return (_hub_cache() / ("models--" + name.replace("/", "--"))).is_dir()


def _load_tokenizer(name: str) -> Any:
    """A transformers tokenizer from a local folder or the local hub cache; None when unavailable."""
    with _TOKENIZER_LOCK:
        if name in _TOKENIZERS:
            return _TOKENIZERS[name]
        tok = None
        if not _available_locally(name):
            _TOKENIZERS[name] = None
            return None
        try:
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained(
                str(Path(name).expanduser()) if Path(name).expanduser().is_dir() else name,
                local_files_only=True,
            )
        except Exception:  # noqa: BLE001 - not installed, not cached, or not a tokenizer
            tok = None
        _TOKENIZERS[name] = tok
        return tok


def is_published_guide(spec: ModelSpec, identity: dict[str, Any] | None = None) -> bool:
    """The published CodeSteer weights: `kind=codesteer-v1`, or the repository in the identity."""
    if spec.kind == "codesteer-v1":
        return True
    names = [spec.target.split("@", 1)[0]]
    if identity:
        names += [str(identity.get("name") or ""), str(identity.get("root") or "")]
    return any(n.rstrip("/").endswith(PUBLISHED_GUIDE) for n in names)


def guide_counter(spec: ModelSpec, backend: Backend | None) -> GuideCounter:
    """The guide's tokenizer when known (in-process backend, `tokenizer=` option, or the published
    guide's from the local cache), else `cl100k_base` (or the word heuristic) flagged estimated."""
    if backend is not None and backend.count_tokens("probe") is not None:
        label = backend.count_tokens("probe")[1]  # type: ignore[index]
        return GuideCounter(lambda s: backend.count_tokens(s)[0], label, False)  # type: ignore[index]
    candidates = []
    if spec.option("tokenizer"):
        candidates.append(str(spec.option("tokenizer")))
    if is_published_guide(spec):
        candidates.append(PUBLISHED_GUIDE)
    for name in candidates:
        tok = _load_tokenizer(name)
        if tok is not None:
            return GuideCounter(lambda s, t=tok: len(t.encode(s, add_special_tokens=False)), name, False)
    _, label = estimate_tokens("")
    return GuideCounter(lambda s: estimate_tokens(s)[0], label, True)


def prompt_budget(spec: ModelSpec, max_new_tokens: int | None, configured: int) -> int:
    """`B = min(guide_prompt_budget, context - max new tokens)`; 7000 for the published guide."""
    context = spec.option("context")
    window = int(context) if context else (PUBLISHED_CONTEXT if is_published_guide(spec) else None)
    if window is None:
        return configured
    return min(configured, window - int(max_new_tokens or 0))


@dataclasses.dataclass
class Body:
    """A guide user message after turn 0: the API decision head (or "") and the body's parts."""

    head: str
    parts: BodyParts
    turn: int
    facts: dict[str, Any]


@dataclasses.dataclass
class GuideView:
    sent: list[dict[str, str]]
    reductions: list[dict[str, Any]]
    tokens: int
    overflow: bool


class ContextPolicy:
    """Applies §5.6 to one guide prompt; bodies are keyed by their message index in `G`."""

    def __init__(self, pack: PromptPack, policy: str, budget: int, counter: GuideCounter) -> None:
        if policy not in POLICIES:
            raise ValueError(f"guide_context_policy must be one of {', '.join(POLICIES)}")
        self.pack = pack
        self.policy = policy
        self.budget = budget
        self.counter = counter

    def _marker(self, omitted: int) -> str:
        return self.pack.render("truncation_marker", omitted_tokens=omitted)

    def _clip(self, text: str, budget: int) -> str:
        return clip(text, budget, self.counter.count, self._marker)

    def view(self, messages: list[dict[str, str]], bodies: dict[int, Body]) -> GuideView:
        """The copy to send for `messages` (whose last message is the latest body)."""
        sent = [dict(m) for m in messages]
        tokens = self.counter.prompt_tokens(sent)
        if self.policy == "none" or tokens <= self.budget:
            return GuideView(sent, [], tokens, tokens > self.budget)
        latest = len(messages) - 1
        older = sorted(i for i in bodies if i < latest)
        level = dict.fromkeys(older, 0)  # 0 full, 1 reduced or summarised, 2 elided
        ops: dict[int, list[str]] = {}
        body = bodies.get(latest)
        resp_budget = self.counter.count(body.parts.response) if body else 0
        check_budget = self.counter.count(body.parts.check or "") if body else 0

        def rerender(i: int) -> None:
            b = bodies[i]
            if i == latest:
                parts = dataclasses.replace(
                    b.parts,
                    response=self._clip(b.parts.response, resp_budget),
                    check=None if b.parts.check is None else self._clip(b.parts.check, check_budget),
                )
                sent[i]["content"] = b.head + render_body(self.pack, parts)
            elif level[i] == 2:
                sent[i]["content"] = self.pack.render("elided_turn", turn=b.turn)
            elif self.policy == "summarize":
                sent[i]["content"] = b.head + self.pack.render("turn_summary", **b.facts)
            else:
                parts = dataclasses.replace(
                    b.parts,
                    response=self._clip(b.parts.response, OLD_RESPONSE_TOKENS),
                    check=None if b.parts.check is None else self._clip(b.parts.check, OLD_CHECK_TOKENS),
                )
                sent[i]["content"] = b.head + render_body(self.pack, parts)

        while tokens > self.budget:
            step = next((i for i in older if level[i] == 0), None)
            if step is not None:
                level[step] = 1
                ops.setdefault(step, []).append("summarize" if self.policy == "summarize" else "truncate")
                rerender(step)
            elif (step := next((i for i in older if level[i] == 1), None)) is not None:
                level[step] = 2
                ops.setdefault(step, []).append("elide")
                rerender(step)
            elif body is not None and resp_budget > LATEST_FLOOR:
                resp_budget = max(LATEST_FLOOR, resp_budget // 2)
                ops.setdefault(latest, []).append(f"response_to_{resp_budget}")
                rerender(latest)
            elif body is not None and check_budget > LATEST_FLOOR:
                check_budget = max(LATEST_FLOOR, check_budget // 2)
                ops.setdefault(latest, []).append(f"check_to_{check_budget}")
                rerender(latest)
            else:
                break
            tokens = self.counter.prompt_tokens(sent)
        reductions = [
            {"index": i, "turn": bodies[i].turn, "ops": ops[i], "content": sent[i]["content"]}
            for i in sorted(ops)
        ]
        return GuideView(sent, reductions, tokens, tokens > self.budget)


def sent_view(
    conversation: list[dict[str, str]], upto: int, reductions: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Rebuild what a call sent from the stored conversation, its prefix length and reductions."""
    view = [dict(m) for m in conversation[:upto]]
    for r in reductions:
        view[int(r["index"])]["content"] = r["content"]
    return view
