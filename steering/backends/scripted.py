"""A deterministic backend for tests: ordered rules pick a reply, a delay, usage or an injected error.

Rules `{role, turn, match, reply, usage, delay_s, error, error_times, retry_after_s}`; the first
rule whose role, turn and regex (on the last user message) match wins; no match is `scripted_miss`.
A list reply is consumed in order per sample (so concurrency never changes what a sample sees),
its last item repeating.
"""

from __future__ import annotations

import asyncio
import collections
import json
import re
from pathlib import Path
from typing import Any

from steering.backends.base import Backend, BackendError, ChatRequest, ChatResponse
from steering.backends.retry import status_retryable
from steering.backends.spec import ModelSpec
from steering.backends.usage import Usage, estimate_usage
from symbench.canonical import sha256_hex
from symbench.errors import SymbenchError

RULE_KEYS = {
    "role",
    "turn",
    "match",
    "reply",
    "usage",
    "delay_s",
    "error",
    "error_times",
    "retry_after_s",
    "finish_reason",
    "reasoning",
}


def load_rules(path: Path) -> tuple[list[dict[str, Any]], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SymbenchError(f"scripted backend: cannot read {path} ({exc.strerror})") from None
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise SymbenchError("scripted backend: YAML rules need PyYAML; use a .json file") from None
        data = yaml.safe_load(text)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SymbenchError(f"scripted backend: {path} is not valid JSON ({exc.msg})") from None
    rules = data.get("rules") if isinstance(data, dict) else data
    if not isinstance(rules, list) or not rules:
        raise SymbenchError(f"scripted backend: {path} needs a non-empty list of rules")
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            raise SymbenchError(f"scripted backend: rule {i} is not an object")
        unknown = set(rule) - RULE_KEYS
        if unknown:
            raise SymbenchError(f"scripted backend: rule {i} has unknown keys {sorted(unknown)}")
        if "reply" not in rule and "error" not in rule:
            raise SymbenchError(f"scripted backend: rule {i} needs a reply or an error")
        if "match" in rule:
            try:
                rule["_re"] = re.compile(rule["match"], re.DOTALL)
            except re.error as exc:
                raise SymbenchError(f"scripted backend: rule {i} has a bad regex ({exc})") from None
    return rules, sha256_hex(text)


class ScriptedBackend(Backend):
    default_max_connections = 1024

    def __init__(self, spec: ModelSpec) -> None:
        super().__init__(spec)
        self.path = Path(spec.target)
        self.rules, self.file_sha256 = load_rules(self.path)
        self._counters: collections.Counter[tuple[int, str | None, str]] = collections.Counter()

    @property
    def identity(self) -> dict[str, Any]:
        return {
            "backend": "scripted",
            "name": self.path.name,
            "kind": self.spec.kind,
            "template_sha256": None,
            "file_sha256": self.file_sha256,
        }

    def _pick(self, request: ChatRequest) -> tuple[int, dict[str, Any]]:
        last_user = next((m["content"] for m in reversed(request.messages) if m["role"] == "user"), "")
        for i, rule in enumerate(self.rules):
            if "role" in rule and rule["role"] != request.role:
                continue
            if "turn" in rule and rule["turn"] != request.turn:
                continue
            if "_re" in rule and not rule["_re"].search(last_user):
                continue
            return i, rule
        raise BackendError(
            f"no scripted rule matches role={request.role} turn={request.turn}",
            type="scripted_miss",
            retryable=False,
        )

    async def complete(self, request: ChatRequest) -> ChatResponse:
        index, rule = self._pick(request)
        if rule.get("delay_s"):
            await asyncio.sleep(float(rule["delay_s"]))
        if "error" in rule:
            seen = self._counters[(index, request.sample_key, "error")]
            times = rule.get("error_times")
            if times is None or seen < int(times):
                self._counters[(index, request.sample_key, "error")] += 1
                raise _injected(rule)
        reply = rule.get("reply", "")
        if isinstance(reply, list):
            n = self._counters[(index, request.sample_key, "reply")]
            self._counters[(index, request.sample_key, "reply")] += 1
            reply = reply[min(n, len(reply) - 1)]
        reply = str(reply)
        if isinstance(rule.get("usage"), dict):
            usage = Usage(
                int(rule["usage"].get("input", 0)), int(rule["usage"].get("output", 0)), source="provider"
            )
        else:
            usage = estimate_usage(request.messages, reply)
        return ChatResponse(
            reply,
            usage,
            rule.get("finish_reason", "stop"),
            f"scripted/{self.path.name}",
            reasoning=rule.get("reasoning"),
        )


def _injected(rule: dict[str, Any]) -> BackendError:
    error = rule["error"]
    if error == "timeout":
        return BackendError("scripted timeout", type="timeout", retryable=True)
    if error == "malformed":
        return BackendError("scripted malformed body", type="malformed", retryable=True)
    if error == "exception":
        return BackendError("scripted in-process failure", type="exception", retryable=False)
    status = int(error)
    return BackendError(
        f"HTTP {status}: scripted",
        status=status,
        type=f"http_{status}",
        retryable=status_retryable(status),
        retry_after_s=rule.get("retry_after_s"),
    )
