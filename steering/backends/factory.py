"""Spec -> backend object. Endpoint URL and key are resolved by the caller (runner/roles.py)."""

from __future__ import annotations

from steering.backends.base import Backend
from steering.backends.spec import ModelSpec


def make_backend(spec: ModelSpec, base_url: str | None = None, api_key: str | None = None) -> Backend:
    if spec.backend == "openai":
        from steering.backends.openai_compat import OpenAIBackend

        return OpenAIBackend(spec, base_url, api_key)
    if spec.backend == "scripted":
        from steering.backends.scripted import ScriptedBackend

        return ScriptedBackend(spec)
    if spec.backend == "replay":
        from steering.backends.replay import ReplayBackend

        return ReplayBackend(spec)
    if spec.backend == "hf":
        from steering.backends.hf import HFBackend

        return HFBackend(spec)
    if spec.backend == "vllm":
        from steering.backends.vllm_engine import VLLMBackend

        return VLLMBackend(spec)
    raise ValueError(spec.backend)
