"""The real client path (official `openai` async client) against a scripted loopback server:
usage, explicit sampling, seeds, retries, Retry-After, timeouts, the concurrency window, and keys."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from steering.backends.base import BackendError, ChatRequest
from steering.backends.factory import make_backend
from steering.backends.retry import RetryPolicy
from steering.backends.spec import parse_spec
from steering.runner.caller import ModelCaller, RoleBinding
from steering.testing.openai_server import OpenAIServer, Rule
from symbench.errors import SymbenchError

KEY = "sk-CANARY-never-written"


def _binding(url: str, spec: str = "openai:test-model", max_conn: int | None = None) -> RoleBinding:
    if max_conn:
        spec += f"?max_connections={max_conn}"
    backend = make_backend(parse_spec(spec), url, KEY)
    return RoleBinding(
        "task", spec, backend, {"temperature": 0.0, "top_p": 1.0, "max_tokens": 50}, {"b": 1}, "h"
    )


def _request(text: str = "hello", seed: int = 7) -> ChatRequest:
    return ChatRequest(
        [{"role": "user", "content": text}], {"temperature": 0.0, "top_p": 1.0, "max_tokens": 50}, seed=seed
    )


def test_request_fields_usage_and_identity():
    with OpenAIServer(rules=[Rule(reply="the answer")]) as srv:
        b = _binding(srv.url)

        async def go():
            await b.backend.start()
            req = ChatRequest(
                [{"role": "user", "content": "hi there"}],
                {"temperature": 0.0, "top_p": 1.0, "max_tokens": 50, "top_k": 5},
                seed=42,
            )
            r = await b.backend.complete(req)
            await b.backend.aclose()
            return r

        r = asyncio.run(go())
        sent = srv.requests[-1]
    assert r.text == "the answer" and r.finish_reason == "stop" and r.served_model == "test-model"
    assert r.usage.source == "provider" and not r.usage.estimated and r.usage.input == 2 + 7
    assert sent["temperature"] == 0.0 and sent["top_p"] == 1.0 and sent["max_tokens"] == 50
    assert sent["seed"] == 42 and sent["top_k"] == 5
    assert [m["role"] for m in sent["messages"]] == ["user"]  # no system message invented
    ident = b.backend.identity
    assert ident["root"] == "test/root" and ident["base_url"] == srv.url and KEY not in json.dumps(ident)
    assert srv.headers[-1]["authorization"] == f"Bearer {KEY}"


def test_missing_usage_is_estimated_and_flagged():
    with OpenAIServer(rules=[Rule(reply="a b c", usage=False)]) as srv:
        b = _binding(srv.url)
        r = asyncio.run(b.backend.complete(_request()))
    assert r.usage.estimated and r.usage.source == "estimate" and r.usage.output >= 3


def test_unknown_model_fails_at_start_up():
    with OpenAIServer(models=("other",)) as srv:
        b = _binding(srv.url)
        with pytest.raises(SymbenchError, match="not served"):
            asyncio.run(b.backend.start())


def test_retries_honour_retry_after_then_succeed():
    with OpenAIServer(rules=[Rule(status=429, times=2, retry_after="0.3"), Rule(reply="ok")]) as srv:
        caller = ModelCaller(policy=RetryPolicy(max_retries=4, base_s=0.01))
        t = time.perf_counter()
        out = asyncio.run(caller.call(_binding(srv.url), _request()))
        elapsed = time.perf_counter() - t
    assert out.response.text == "ok" and out.retries == 2 and out.error_types == ["http_429", "http_429"]
    assert elapsed >= 0.6  # two waits of Retry-After, longer than the 10-20 ms backoff


def test_retry_after_ms_header():
    with OpenAIServer(rules=[Rule(status=503, times=1, retry_after_ms="250"), Rule(reply="ok")]) as srv:
        caller = ModelCaller(policy=RetryPolicy(max_retries=2, base_s=0.001))
        t = time.perf_counter()
        asyncio.run(caller.call(_binding(srv.url), _request()))
        assert time.perf_counter() - t >= 0.25


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_non_retryable_4xx_fails_at_once(status):
    with OpenAIServer(rules=[Rule(status=status)]) as srv:
        caller = ModelCaller(policy=RetryPolicy(max_retries=5, base_s=0.001))
        with pytest.raises(BackendError) as info:
            asyncio.run(caller.call(_binding(srv.url), _request()))
        assert srv.n_requests == 1
    assert info.value.status == status and not info.value.retryable


def test_500_exhausts_retries():
    with OpenAIServer(rules=[Rule(status=500)]) as srv:
        caller = ModelCaller(policy=RetryPolicy(max_retries=3, base_s=0.001))
        with pytest.raises(BackendError) as info:
            asyncio.run(caller.call(_binding(srv.url), _request()))
        assert srv.n_requests == 4
    assert info.value.retries == 3 and info.value.error_types == ["http_500"] * 4


def test_timeout_is_retried():
    with OpenAIServer(rules=[Rule(hang=True, times=1), Rule(reply="late but fine")]) as srv:
        b = _binding(srv.url, "openai:test-model?timeout_s=0.5")
        caller = ModelCaller(policy=RetryPolicy(max_retries=2, base_s=0.001))
        out = asyncio.run(caller.call(b, _request()))
    assert out.response.text == "late but fine" and out.error_types == ["timeout"]


def test_malformed_body_retried_once():
    with OpenAIServer(rules=[Rule(malformed=True)]) as srv:
        caller = ModelCaller(policy=RetryPolicy(max_retries=5, base_s=0.001))
        with pytest.raises(BackendError):
            asyncio.run(caller.call(_binding(srv.url), _request()))
        assert srv.n_requests == 2


def test_window_limits_requests_in_flight():
    with OpenAIServer(rules=[Rule(reply="x", delay_s=0.05)]) as srv:
        b = _binding(srv.url, max_conn=4)
        caller = ModelCaller()

        async def go():
            await asyncio.gather(*(caller.call(b, _request(seed=i)) for i in range(24)))

        asyncio.run(go())
        assert srv.max_in_flight == 4
        assert srv.n_requests == 24


def test_reasoning_model_sends_no_sampling_or_system():
    with OpenAIServer(models=("o3-mini",)) as srv:
        backend = make_backend(parse_spec("openai:o3-mini"), srv.url, KEY)
        req = ChatRequest(
            [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}],
            {"max_tokens": None},
            seed=1,
        )
        asyncio.run(backend.complete(req))
        sent = srv.requests[-1]
    assert backend.reasoning and backend.request_timeout_s == 900
    assert "temperature" not in sent and "top_p" not in sent and "max_completion_tokens" not in sent
    assert [m["role"] for m in sent["messages"]] == ["user"]
