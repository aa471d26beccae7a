"""The one call path (§5.7-5.9): cache lookup, per-endpoint window, one attempt, retries with
backoff, then cache store. Every role of every method goes through `ModelCaller.call`."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from typing import Any

from steering.backends.base import Backend, BackendError, ChatRequest, ChatResponse
from steering.backends.limits import AdaptiveLimiter
from steering.backends.retry import RetryPolicy
from steering.backends.usage import Usage
from steering.runner.cache import ResponseCache, cache_key


@dataclasses.dataclass
class RoleBinding:
    """A role's model: its backend, resolved sampling and identity (no secrets)."""

    role: str
    spec_text: str
    backend: Backend
    sampling: dict[str, Any]
    identity: dict[str, Any]
    identity_hash: str
    source_role: str | None = None


@dataclasses.dataclass
class CallOutcome:
    response: ChatResponse
    latency_s: float
    retries: int
    error_types: list[str]
    cached: bool


@dataclasses.dataclass
class CallStats:
    calls: int = 0
    cached: int = 0
    failed: int = 0
    retries: int = 0
    tokens: int = 0


class ModelCaller:
    def __init__(
        self,
        cache: ResponseCache | None = None,
        policy: RetryPolicy | None = None,
        adaptive: bool = True,
        malformed_retries: int = 1,
    ) -> None:
        self.cache = cache
        self.policy = policy or RetryPolicy()
        self.adaptive = adaptive
        self.malformed_retries = malformed_retries
        self.limiters: dict[str, AdaptiveLimiter] = {}
        self.stats = CallStats()
        self.served: dict[str, set[str]] = {}
        self._rng = random.Random()

    def limiter(self, backend: Backend) -> AdaptiveLimiter:
        key = backend.endpoint_key
        if key not in self.limiters:
            self.limiters[key] = AdaptiveLimiter(backend.max_connections, adaptive=self.adaptive)
        return self.limiters[key]

    async def call(self, binding: RoleBinding, request: ChatRequest) -> CallOutcome:
        started = time.perf_counter()
        key = None
        if self.cache is not None:
            key = cache_key(
                binding.identity,
                request.messages,
                request.sampling,
                request.seed,
                binding.identity.get("template_sha256"),
            )
            hit = self.cache.get(key)
            if hit is not None:
                usage = Usage.from_json(hit["usage"])
                response = ChatResponse(
                    hit["response"],
                    usage,
                    hit["finish_reason"],
                    hit["served_model"],
                    reasoning=hit["reasoning"],
                )
                self.stats.calls += 1
                self.stats.cached += 1
                self.stats.tokens += usage.total
                return CallOutcome(response, time.perf_counter() - started, 0, [], True)
        response, retries, errors = await self._attempts(binding, request, started)
        if key is not None and self.cache is not None:
            self.cache.put(key, binding.identity_hash, response.to_cache())
        self.stats.calls += 1
        self.stats.tokens += response.usage.total
        if response.served_model:
            self.served.setdefault(binding.role, set()).add(response.served_model)
        return CallOutcome(response, time.perf_counter() - started, retries, errors, False)

    async def _attempts(
        self, binding: RoleBinding, request: ChatRequest, started: float
    ) -> tuple[ChatResponse, int, list[str]]:
        backend = binding.backend
        limiter = self.limiter(backend)
        errors: list[str] = []
        malformed = 0
        attempt = 0
        while True:
            await limiter.acquire()
            try:
                response = await backend.complete(request)
            except BackendError as exc:
                limiter.release()
                limiter.record(exc.status, ok=False)
                errors.append(exc.type)
                if exc.type == "malformed":
                    malformed += 1
                    retry = malformed <= self.malformed_retries
                else:
                    retry = exc.retryable
                attempt += 1
                if not retry or attempt > self.policy.max_retries:
                    self.stats.failed += 1
                    exc.retries = attempt - 1  # type: ignore[attr-defined]
                    exc.error_types = errors  # type: ignore[attr-defined]
                    exc.latency_s = time.perf_counter() - started  # type: ignore[attr-defined]
                    raise
                self.stats.retries += 1
                await asyncio.sleep(self.policy.delay(attempt, exc.retry_after_s, self._rng))
                continue
            except BaseException:
                limiter.release()
                raise
            limiter.release()
            limiter.record(200, ok=True)
            return response, attempt, errors
