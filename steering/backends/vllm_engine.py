"""vLLM in-process (§5.1): one engine per process, requests gathered into batches.

Requests that arrive while a batch is generating wait for the next one; each batch is one
`LLM.generate` call run in a worker thread, so up to `max_connections` (256) requests share the
GPU. vllm is imported only here.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from steering.backends.base import Backend, BackendError, ChatRequest, ChatResponse
from steering.backends.local_identity import local_identity, split_revision
from steering.backends.spec import ModelSpec
from steering.backends.templates import llama3_raw, template_sha256
from steering.backends.usage import Usage
from symbench.errors import SymbenchError

_ENGINES: dict[tuple[Any, ...], Any] = {}
_ENGINE_LOCK = threading.Lock()


def load_engine(spec: ModelSpec, name: str, revision: str | None) -> Any:
    opts = spec.opts
    key = (name, revision, tuple(sorted(opts.items())))
    with _ENGINE_LOCK:
        if key not in _ENGINES:
            try:
                from vllm import LLM
            except ImportError:
                raise SymbenchError("the vllm backend needs vllm: pip install 'symbench[vllm]'") from None
            kwargs: dict[str, Any] = {
                "model": name,
                "revision": revision,
                "trust_remote_code": opts.get("trust_remote_code", "false") == "true",
                "dtype": opts.get("dtype", "auto"),
            }
            if "tp" in opts:
                kwargs["tensor_parallel_size"] = int(opts["tp"])
            if "gpu_mem" in opts:
                kwargs["gpu_memory_utilization"] = float(opts["gpu_mem"])
            max_len = opts.get("max_model_len") or opts.get("context")
            if max_len:
                kwargs["max_model_len"] = int(max_len)
            _ENGINES[key] = LLM(**kwargs)
        return _ENGINES[key]


class VLLMBackend(Backend):
    default_max_connections = 256

    def __init__(self, spec: ModelSpec) -> None:
        super().__init__(spec)
        self.name, self.revision = split_revision(spec.target)
        self.template = spec.option("template", "auto") or "auto"
        self._identity = local_identity("vllm", spec.target, spec.kind, template_sha256(self.template))
        self._llm: Any = None
        self._pending: list[tuple[ChatRequest, asyncio.Future[ChatResponse]]] = []
        self._runner: asyncio.Task[None] | None = None

    @property
    def identity(self) -> dict[str, Any]:
        return self._identity

    @property
    def endpoint_key(self) -> str:
        return f"vllm:{self.name}"

    async def start(self) -> None:
        if self._llm is None:
            name = str(Path(self.name).expanduser()) if Path(self.name).expanduser().exists() else self.name
            self._llm = await asyncio.to_thread(load_engine, self.spec, name, self.revision)

    def count_tokens(self, text: str) -> tuple[int, str] | None:
        if self._llm is None:
            return None
        return len(self._llm.get_tokenizer().encode(text, add_special_tokens=False)), f"vllm:{self.name}"

    def _prompt(self, messages: list[dict[str, str]]) -> Any:
        from vllm.inputs import TokensPrompt

        tok = self._llm.get_tokenizer()
        if self.template == "llama3_raw":
            text = llama3_raw(messages)
        else:
            if self.template not in ("auto", ""):
                tok.chat_template = Path(self.template).read_text(encoding="utf-8")
            text = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        # encoded without special tokens: the template already holds the BOS, never doubled
        return TokensPrompt(prompt_token_ids=tok.encode(text, add_special_tokens=False))

    def _params(self, request: ChatRequest) -> Any:
        from vllm import SamplingParams

        s = request.sampling
        return SamplingParams(
            temperature=float(s.get("temperature") or 0.0),
            top_p=float(s.get("top_p") or 1.0),
            top_k=int(s["top_k"]) if s.get("top_k") is not None else -1,
            repetition_penalty=float(s.get("repetition_penalty") or 1.0),
            max_tokens=int(s.get("max_tokens") or 2000),
            seed=request.seed,
            stop=list(s.get("stop") or []) or None,
        )

    def _run_batch(self, batch: list[ChatRequest]) -> list[ChatResponse]:
        prompts = [self._prompt(r.messages) for r in batch]
        outputs = self._llm.generate(prompts, [self._params(r) for r in batch], use_tqdm=False)
        out = []
        for prompt, result in zip(prompts, outputs):
            gen = result.outputs[0]
            usage = Usage(
                len(prompt["prompt_token_ids"]),
                len(gen.token_ids),
                source="local",
                tokenizer=f"vllm:{self.name}",
            )
            out.append(ChatResponse(gen.text, usage, gen.finish_reason, served_model=self.name))
        return out

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await asyncio.to_thread(self._run_batch, [r for r, _ in batch])
            except Exception as exc:  # noqa: BLE001 - in-process failures end only their samples
                for _, fut in batch:
                    if not fut.done():
                        fut.set_exception(
                            BackendError(f"vllm: {type(exc).__name__}: {exc}", type="exception")
                        )
                continue
            for (_, fut), res in zip(batch, results):
                if not fut.done():
                    fut.set_result(res)
        self._runner = None

    async def complete(self, request: ChatRequest) -> ChatResponse:
        await self.start()
        fut: asyncio.Future[ChatResponse] = asyncio.get_running_loop().create_future()
        self._pending.append((request, fut))
        if self._runner is None:
            self._runner = asyncio.create_task(self._drain())
        return await fut
