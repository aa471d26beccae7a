"""Token usage per call (§5.9): provider numbers when given, otherwise flagged estimates."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

_PIECES = re.compile(r"\w+|[^\w\s]|\s+", re.UNICODE)


@dataclasses.dataclass
class Usage:
    input: int = 0
    output: int = 0
    reasoning: int = 0
    cached_input: int = 0
    source: str = "provider"  # provider | local | tokenizer | estimate
    estimated: bool = False
    tokenizer: str | None = None

    def to_json(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies and costs ~60 us on every call's hot path
        return {
            "input": self.input,
            "output": self.output,
            "reasoning": self.reasoning,
            "cached_input": self.cached_input,
            "source": self.source,
            "estimated": self.estimated,
            "tokenizer": self.tokenizer,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Usage:
        return cls(**{f.name: data.get(f.name, f.default) for f in dataclasses.fields(cls)})

    @property
    def total(self) -> int:
        return self.input + self.output


def _tiktoken_counter():
    try:
        import tiktoken  # optional; its vocabulary may be unavailable offline
    except ImportError:
        return None
    try:
        return tiktoken.get_encoding("cl100k_base")
    except Exception:  # noqa: BLE001 - no vocabulary file reachable
        return None


_ENCODER: Any = False


def estimate_tokens(text: str) -> tuple[int, str]:
    """cl100k_base when tiktoken and its vocabulary are present, else a word/punctuation heuristic.

    Either way the count is an estimate of the real model's tokens and is flagged as such.
    """
    global _ENCODER
    if _ENCODER is False:
        _ENCODER = _tiktoken_counter()
    if _ENCODER is not None:
        return len(_ENCODER.encode(text, disallowed_special=())), "cl100k_base"
    count = 0
    for piece in _PIECES.findall(text):
        if piece.isspace():
            continue
        count += max(1, (len(piece) + 3) // 4)
    return count, "heuristic"


def estimate_usage(messages: list[dict[str, str]], reply: str) -> Usage:
    """Fallback when a provider returns no usage; marks the result `estimated`."""
    tokens_in = 0
    name = "heuristic"
    for message in messages:
        n, name = estimate_tokens(message.get("content") or "")
        tokens_in += n + 4  # role header and separators
    tokens_out, name = estimate_tokens(reply)
    return Usage(tokens_in, tokens_out, source="estimate", estimated=True, tokenizer=name)
