"""transformers in-process (§5.1): loaded once per process, chat template, CPU or GPU.

torch and transformers are imported only here, and only when an `hf:` spec is used. Generation runs
in a worker thread, one request at a time (max_connections 1), so the event loop stays responsive.
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

_LOADED: dict[tuple[str, str | None, str, str], tuple[Any, Any, str]] = {}
_LOAD_LOCK = threading.Lock()


def load_model(
    name: str, revision: str | None, dtype: str, device: str, trust: bool = False
) -> tuple[Any, Any, str]:
    """Load (model, tokenizer) once per process for the same name, revision, dtype and device."""
    key = (name, revision, dtype, device)
    with _LOAD_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise SymbenchError(
                "the hf backend needs torch and transformers: pip install 'symbench[local]'"
            ) from None
        torch_dtype = {
            "auto": "auto",
            "float32": torch.float32,
            "bfloat16": torch.bfloat16,
            "float16": torch.float16,
        }.get(dtype)
        if torch_dtype is None:
            raise SymbenchError(f"unknown dtype {dtype!r} (auto, float32, bfloat16, float16)")
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:
            pass
        if device == "cpu" and dtype == "auto":
            torch_dtype = torch.float32
        try:
            tokenizer = AutoTokenizer.from_pretrained(name, revision=revision, trust_remote_code=trust)
            model = AutoModelForCausalLM.from_pretrained(
                name, revision=revision, dtype=torch_dtype, trust_remote_code=trust
            )
        except OSError as exc:
            raise SymbenchError(f"cannot load model {name!r}: {str(exc).splitlines()[0]}") from None
        model.to(device)
        model.eval()
        _LOADED[key] = (model, tokenizer, device)
        return _LOADED[key]


class HFBackend(Backend):
    default_max_connections = 1

    def __init__(self, spec: ModelSpec) -> None:
        super().__init__(spec)
        self.name, self.revision = split_revision(spec.target)
        self.template = spec.option("template", "auto") or "auto"
        self._model: Any = None
        self._tokenizer: Any = None
        self._device = "cpu"
        self._lock = threading.Lock()
        self._identity = local_identity("hf", spec.target, spec.kind, template_sha256(self.template))

    @property
    def identity(self) -> dict[str, Any]:
        return self._identity

    @property
    def endpoint_key(self) -> str:
        return f"hf:{Path(self.name).expanduser()}"

    async def start(self) -> None:
        await asyncio.to_thread(self._load)

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch

        device = self.spec.option("device_map") or ("cuda" if torch.cuda.is_available() else "cpu")
        if device == "cpu":
            torch.set_num_threads(int(self.spec.option("threads", "1") or 1))
        trust = (self.spec.option("trust_remote_code", "false") or "false").lower() == "true"
        self._model, self._tokenizer, self._device = load_model(
            str(Path(self.name).expanduser()) if Path(self.name).expanduser().exists() else self.name,
            self.revision,
            self.spec.option("dtype", "auto") or "auto",
            device,
            trust,
        )

    def count_tokens(self, text: str) -> tuple[int, str] | None:
        if self._tokenizer is None:
            return None
        return len(self._tokenizer.encode(text, add_special_tokens=False)), f"hf:{self.name}"

    def _input_ids(self, messages: list[dict[str, str]]) -> Any:
        tok = self._tokenizer
        if self.template == "llama3_raw":
            return tok(llama3_raw(messages), add_special_tokens=False, return_tensors="pt")["input_ids"]
        if self.template not in ("auto", ""):
            tok = self._tokenizer
            tok.chat_template = Path(self.template).read_text(encoding="utf-8")
        if not getattr(tok, "chat_template", None):
            raise BackendError(
                f"{self.name} has no chat template; pass template=llama3_raw or a file", type="no_template"
            )
        out = tok.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        return out["input_ids"]

    def _generate(self, request: ChatRequest) -> ChatResponse:
        import torch

        with self._lock:
            s = request.sampling
            ids = self._input_ids(request.messages).to(self._device)
            max_new = int(s.get("max_tokens") or 2000)
            temperature = float(s.get("temperature") or 0.0)
            kwargs: dict[str, Any] = {"max_new_tokens": max_new, "pad_token_id": self._tokenizer.eos_token_id}
            if temperature > 0:
                kwargs.update(do_sample=True, temperature=temperature, top_p=float(s.get("top_p") or 1.0))
                if s.get("top_k") is not None:
                    kwargs["top_k"] = int(s["top_k"])
            else:
                kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
            if s.get("repetition_penalty") is not None:
                kwargs["repetition_penalty"] = float(s["repetition_penalty"])
            if request.seed is not None:
                torch.manual_seed(request.seed)
            try:
                with torch.inference_mode():
                    out = self._model.generate(ids, attention_mask=torch.ones_like(ids), **kwargs)
            except Exception as exc:  # in-process failures are not retried (§5.7)
                raise BackendError(
                    f"generation failed: {type(exc).__name__}: {exc}", type="exception"
                ) from None
            new = out[0, ids.shape[1] :].tolist()
            eos = self._eos_ids()
            stopped = bool(new) and new[-1] in eos
            text = self._tokenizer.decode([t for t in new if t not in eos], skip_special_tokens=True)
            finish = "stop" if stopped or len(new) < max_new else "length"
            for stop in s.get("stop") or ():
                if stop in text:
                    text, finish = text.split(stop, 1)[0], "stop"
            usage = Usage(int(ids.shape[1]), len(new), source="local", tokenizer=f"hf:{self.name}")
            return ChatResponse(text, usage, finish, served_model=self.name)

    def _eos_ids(self) -> set[int]:
        ids = set()
        cfg = getattr(self._model, "generation_config", None)
        eos = getattr(cfg, "eos_token_id", None)
        for value in eos if isinstance(eos, list) else [eos]:
            if value is not None:
                ids.add(int(value))
        if self._tokenizer.eos_token_id is not None:
            ids.add(int(self._tokenizer.eos_token_id))
        return ids

    async def complete(self, request: ChatRequest) -> ChatResponse:
        if self._model is None:
            await self.start()
        return await asyncio.to_thread(self._generate, request)
