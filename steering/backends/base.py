"""The one interface every backend implements: `complete(request) -> response`, one attempt each.

Retries, limits, caching and accounting live outside the backends (runner/caller.py), so every
backend gets exactly the same treatment.
"""

from __future__ import annotations

import abc
import dataclasses
from typing import Any

from steering.backends.spec import ModelSpec
from steering.backends.usage import Usage
from symbench.canonical import digest_of


class BackendError(Exception):
    """A failed model call: `retryable` says whether sending the same request again may succeed."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        type: str = "error",
        retryable: bool = False,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type
        self.retryable = retryable
        self.retry_after_s = retry_after_s

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "type": self.type,
            "message": str(self)[:1000],
            "retryable": self.retryable,
        }


@dataclasses.dataclass
class ChatRequest:
    """Messages as sent plus the fully resolved sampling (no server default ever applies)."""

    messages: list[dict[str, str]]
    sampling: dict[str, Any]
    seed: int | None = None
    # Routing facts for test and replay backends; not part of what is sent or hashed.
    role: str | None = None
    turn: int | None = None
    sample_key: str | None = None

    def payload(self) -> dict[str, Any]:
        return {"messages": self.messages, "sampling": self.sampling, "seed": self.seed}

    @property
    def sha256(self) -> str:
        """Hash of what the model is asked (messages and sampling), independent of the seed, so a
        replay of the same conversation finds its response under another run's seeds."""
        return digest_of({"messages": self.messages, "sampling": self.sampling})


@dataclasses.dataclass
class ChatResponse:
    text: str
    usage: Usage
    finish_reason: str | None = None
    served_model: str | None = None
    reasoning: str | None = None
    reasoning_hidden: bool = False

    def to_cache(self) -> dict[str, Any]:
        return {
            "response": self.text,
            "reasoning": self.reasoning,
            "usage": self.usage.to_json(),
            "finish_reason": self.finish_reason,
            "served_model": self.served_model,
        }


class Backend(abc.ABC):
    """A model endpoint. `identity` is what the cache and sample keys are keyed on (no secrets)."""

    default_max_connections = 64

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec

    @property
    @abc.abstractmethod
    def identity(self) -> dict[str, Any]:
        """Canonical description of the model: backend, name, kind, template and location."""

    @property
    def endpoint_key(self) -> str:
        """Requests to the same endpoint share one concurrency window."""
        return f"{self.spec.backend}:{self.spec.target}"

    @property
    def max_connections(self) -> int:
        value = self.spec.option("max_connections")
        return int(value) if value else self.default_max_connections

    @property
    def timeout_s(self) -> float | None:
        value = self.spec.option("timeout_s")
        return float(value) if value else None

    async def start(self) -> None:
        """Check at start-up that the model exists (an unknown name fails here, not per sample)."""
        return None

    @abc.abstractmethod
    async def complete(self, request: ChatRequest) -> ChatResponse:
        """One attempt; raise BackendError on failure."""

    async def aclose(self) -> None:
        """Release connections or engines."""
        return None

    def count_tokens(self, text: str) -> tuple[int, str] | None:
        """Exact token count with the model's tokenizer, when the backend has one."""
        return None
