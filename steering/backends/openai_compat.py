"""Any OpenAI-compatible chat endpoint through the official `openai` async client (§5.1-5.5).

The client's own retries are off: the harness retries (retry.py) so that every backend is retried
the same way. The API key lives only in this object's memory; identity and errors never hold it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from steering.backends.base import Backend, BackendError, ChatRequest, ChatResponse
from steering.backends.retry import parse_retry_after, status_retryable
from steering.backends.spec import ModelSpec
from steering.backends.usage import Usage, estimate_usage
from symbench.errors import SymbenchError

OPENAI_URL = "https://api.openai.com/v1"
REASONING_PATTERNS = (r"^o[134](-|$)", r"^gpt-5", r"deepseek-reasoner", r"(^|[-_/])r1($|[-_:])")
CONNECT_TIMEOUT_S = 20.0
CONNECTIONS_PER_CLIENT = 8  # httpx assigns requests in O(pool size): several small pools are cheaper


def normalise_url(url: str) -> str:
    """Scheme, host, port and path only: no credentials, query, fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host.lower(), parts.path.rstrip("/"), "", ""))


def is_reasoning_name(name: str, patterns: tuple[str, ...] = REASONING_PATTERNS) -> bool:
    lowered = name.lower()
    return any(re.search(p, lowered) for p in patterns)


def _httpx():
    try:
        import httpx2 as httpx  # the client library the installed openai uses, when it is httpx2
    except ImportError:
        import httpx
    return httpx


class OpenAIBackend(Backend):
    def __init__(self, spec: ModelSpec, base_url: str | None, api_key: str | None) -> None:
        super().__init__(spec)
        self.base_url = normalise_url(base_url or OPENAI_URL)
        self._api_key = api_key or "sk-no-key"
        self.root: str | None = None
        self.models_check = "not_run"
        self._clients: list[Any] = []
        self._next = 0
        reasoning = spec.option("reasoning", "auto")
        self.reasoning = reasoning == "true" or (reasoning == "auto" and is_reasoning_name(spec.target))

    def __repr__(self) -> str:  # never shows the key
        return f"OpenAIBackend({self.spec.target!r} at {self.base_url})"

    @property
    def default_max_connections(self) -> int:  # type: ignore[override]
        return 16 if urlsplit(self.base_url).hostname == "api.openai.com" else 64

    @property
    def endpoint_key(self) -> str:
        return f"openai:{self.base_url}|{self.spec.target}"

    @property
    def identity(self) -> dict[str, Any]:
        return {
            "backend": "openai",
            "name": self.spec.target,
            "kind": self.spec.kind,
            "template_sha256": None,
            "base_url": self.base_url,
            "root": self.root,
        }

    @property
    def request_timeout_s(self) -> float:
        if self.timeout_s:
            return self.timeout_s
        return 900.0 if self.reasoning else 300.0

    def client(self) -> Any:
        """One of the endpoint's clients, round robin; together their pools hold `max_connections`."""
        if not self._clients:
            import openai

            httpx = _httpx()
            total = self.max_connections
            shards = max(1, -(-total // CONNECTIONS_PER_CLIENT))
            for i in range(shards):
                n = total // shards + (1 if i < total % shards else 0)
                http = openai.DefaultAsyncHttpxClient(
                    limits=httpx.Limits(max_connections=n, max_keepalive_connections=n),
                    timeout=httpx.Timeout(self.request_timeout_s, connect=CONNECT_TIMEOUT_S),
                )
                self._clients.append(
                    openai.AsyncOpenAI(
                        api_key=self._api_key, base_url=self.base_url, max_retries=0, http_client=http
                    )
                )
        self._next = (self._next + 1) % len(self._clients)
        return self._clients[self._next]

    async def start(self) -> None:
        """Ask `/models` for the name: an unknown name is a start-up error; `root` joins the identity."""
        import openai

        try:
            page = await self.client().models.list(timeout=CONNECT_TIMEOUT_S)
            models = [m async for m in page] if hasattr(page, "__aiter__") else list(page.data)
        except openai.APIStatusError as exc:
            if exc.status_code in (401, 403):
                raise SymbenchError(
                    f"{self.base_url}: the endpoint refused the API key (HTTP {exc.status_code})"
                ) from None
            self.models_check = f"unavailable (HTTP {exc.status_code})"
            return
        except (openai.APIConnectionError, openai.APITimeoutError):
            raise SymbenchError(f"cannot reach {self.base_url} (connection failed at start-up)") from None
        names = {getattr(m, "id", None): m for m in models}
        if models and self.spec.target not in names:
            shown = ", ".join(sorted(str(n) for n in names)[:10])
            raise SymbenchError(
                f"model {self.spec.target!r} is not served at {self.base_url} (it serves: {shown})"
            )
        if self.spec.target in names:
            self.root = getattr(names[self.spec.target], "root", None)
            self.models_check = "listed"
        else:
            self.models_check = "empty list"

    def request_kwargs(self, request: ChatRequest) -> dict[str, Any]:
        s = request.sampling
        kwargs: dict[str, Any] = {"model": self.spec.target, "messages": request.messages}
        extra: dict[str, Any] = {}
        if self.reasoning:
            if s.get("max_tokens") is not None:  # only when the user set a cap (config.py)
                kwargs["max_completion_tokens"] = int(s["max_tokens"])
            kwargs["messages"] = [m for m in request.messages if m["role"] != "system"]
        else:
            for key in ("temperature", "top_p"):
                if s.get(key) is not None:
                    kwargs[key] = s[key]
            if s.get("max_tokens") is not None:
                kwargs["max_tokens"] = int(s["max_tokens"])
            for key in ("top_k", "repetition_penalty", "min_p"):
                if s.get(key) is not None:
                    extra[key] = s[key]
        if s.get("stop"):
            kwargs["stop"] = list(s["stop"])
        if request.seed is not None:
            kwargs["seed"] = request.seed
        if extra:
            kwargs["extra_body"] = extra
        return kwargs

    async def complete(self, request: ChatRequest) -> ChatResponse:
        import openai

        kwargs = self.request_kwargs(request)
        body = {**kwargs, **kwargs.pop("extra_body", {})}
        try:
            # The client's generic `post` (its documented way to send a body as is): the per-call
            # params transform of `chat.completions.create` costs ~1 ms of CPU per call.
            response = await self.client().post(
                "/chat/completions",
                cast_to=_httpx().Response,
                body=body,
                options={"timeout": self.request_timeout_s},
            )
            content = response.content
        except openai.APITimeoutError:
            raise BackendError("request timed out", type="timeout", retryable=True) from None
        except openai.APIConnectionError as exc:
            raise BackendError(
                f"connection error: {type(exc.__cause__ or exc).__name__}", type="connection", retryable=True
            ) from None
        except openai.APIStatusError as exc:
            status = exc.status_code
            raise BackendError(
                f"HTTP {status}: {_error_message(exc)}",
                status=status,
                type=f"http_{status}",
                retryable=status_retryable(status),
                retry_after_s=parse_retry_after(exc.response.headers),
            ) from None
        return self._parse(content, request)

    def _parse(self, body: bytes, request: ChatRequest) -> ChatResponse:
        try:
            data = json.loads(body)
            choice = data["choices"][0]
            message = choice.get("message") or {}
            text = message.get("content")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise BackendError("malformed response body", type="malformed", retryable=True) from None
        if "error" in data and not data.get("choices"):
            raise BackendError(
                f"error in body: {str(data['error'])[:300]}", type="body_error", retryable=True
            )
        text = text if isinstance(text, str) else ""
        reasoning = message.get("reasoning_content") or message.get("reasoning")
        usage = _usage(data.get("usage"))
        if usage is None:
            usage = estimate_usage(request.messages, text)
        hidden = bool(self.reasoning and not reasoning and usage.reasoning > 0)
        return ChatResponse(
            text=text,
            usage=usage,
            finish_reason=choice.get("finish_reason"),
            served_model=data.get("model"),
            reasoning=reasoning if isinstance(reasoning, str) else None,
            reasoning_hidden=hidden,
        )

    async def aclose(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            await client.close()


def _usage(raw: Any) -> Usage | None:
    if not isinstance(raw, dict) or raw.get("prompt_tokens") is None:
        return None
    details = raw.get("completion_tokens_details") or {}
    prompt_details = raw.get("prompt_tokens_details") or {}
    return Usage(
        input=int(raw.get("prompt_tokens") or 0),
        output=int(raw.get("completion_tokens") or 0),
        reasoning=int(details.get("reasoning_tokens") or 0),
        cached_input=int(prompt_details.get("cached_tokens") or 0),
        source="provider",
    )


def _error_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:300]
        return str(inner)[:300]
    return str(getattr(exc, "message", exc))[:300]
