"""Role bindings (§5.2, §5.4): which model, endpoint, key and sampling each role uses.

Keys come from the environment only and stay in memory, inside the backend object; nothing here
returns or records them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from steering.backends.base import Backend
from steering.backends.factory import make_backend
from steering.backends.openai_compat import OPENAI_URL, is_reasoning_name
from steering.backends.spec import ModelSpec, parse_spec
from steering.runner.caller import RoleBinding
from symbench.canonical import digest_of, sha256_hex
from symbench.errors import SymbenchError

ROLES = ("task", "guide", "checker", "summarizer", "paraphraser")
SOURCE_ROLE = {"checker": "task", "summarizer": "task", "paraphraser": "guide"}
SAMPLING_KEYS = ("temperature", "top_p", "top_k", "max_tokens", "repetition_penalty", "stop", "min_p")

GUIDE_FINETUNED = {
    "temperature": 0.95,
    "top_p": 0.7,
    "top_k": 50,
    "max_tokens": 1024,
    "repetition_penalty": 1.0,
}
PLAIN = {"temperature": 0.0, "top_p": 1.0, "max_tokens": 2000}


def default_sampling(role: str, guide_protocol: str = "finetuned") -> dict[str, Any]:
    if role == "guide" and guide_protocol == "finetuned":
        return dict(GUIDE_FINETUNED)
    return dict(PLAIN)


def resolve_sampling(
    role: str, spec: ModelSpec, overrides: Mapping[str, Any], guide_protocol: str = "finetuned"
) -> dict[str, Any]:
    """Defaults, then user overrides; reasoning models get no temperature/top_p/top_k and a token cap
    only when the user set one (§5.5)."""
    sampling = default_sampling(role, guide_protocol)
    unknown = sorted(set(overrides) - set(SAMPLING_KEYS))
    if unknown:
        raise SymbenchError(f"unknown sampling key(s) for {role}: {', '.join(unknown)}")
    reasoning = spec.backend == "openai" and (
        spec.option("reasoning") == "true"
        or (spec.option("reasoning", "auto") == "auto" and is_reasoning_name(spec.target))
    )
    if reasoning:
        sampling = {"max_tokens": None}
    for key, value in overrides.items():
        if value is not None:
            sampling[key] = value
    return dict(sorted(sampling.items()))


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value or None


class RoleResolver:
    """Builds one backend per distinct (spec, endpoint, key) and binds roles to them."""

    def __init__(
        self,
        specs: Mapping[str, str | None],
        base_urls: Mapping[str, str | None] | None = None,
        sampling: Mapping[str, Mapping[str, Any]] | None = None,
        guide_protocol: str = "finetuned",
        role_sources: Mapping[str, str] | None = None,
    ) -> None:
        self.specs = dict(specs)
        # a method may give a role another default source (symbolic_agent: the guide is the task's)
        self.sources = {**SOURCE_ROLE, **(role_sources or {})}
        self.base_urls = dict(base_urls or {})
        self.sampling = {k: dict(v) for k, v in (sampling or {}).items()}
        self.guide_protocol = guide_protocol
        self._backends: dict[tuple[str, str | None, str], Backend] = {}

    def spec_text(self, role: str) -> str:
        text = self.specs.get(role)
        if text:
            return text
        source = self.sources.get(role)
        if source:
            return self.spec_text(source)
        raise SymbenchError(f"this method needs a model for role {role!r}: pass --{role} SPEC")

    def base_url(self, role: str) -> str:
        explicit = self.base_urls.get(role) or _env(f"SYMBENCH_{role.upper()}_BASE_URL")
        if explicit:
            return explicit
        if self.specs.get(role):  # method-level sources apply only to roles given no model
            source = SOURCE_ROLE.get(role)
        else:
            source = self.sources.get(role)
        if source:
            return self.base_url(source)
        return _env("OPENAI_BASE_URL") or OPENAI_URL

    def api_key(self, role: str) -> str | None:
        key = _env(f"SYMBENCH_{role.upper()}_API_KEY")
        if key:
            return key
        source = SOURCE_ROLE.get(role) if self.specs.get(role) else self.sources.get(role)
        if source:
            return self.api_key(source)
        return _env("OPENAI_API_KEY")

    def bind(self, role: str) -> RoleBinding:
        text = self.spec_text(role)
        spec = parse_spec(text)
        url = self.base_url(role) if spec.backend == "openai" else None
        key = self.api_key(role) if spec.backend == "openai" else None
        cache_key = (spec.text, url, sha256_hex(key or ""))
        backend = self._backends.get(cache_key)
        if backend is None:
            backend = make_backend(spec, url, key)
            self._backends[cache_key] = backend
        sampling = resolve_sampling(role, spec, self.sampling.get(role, {}), self.guide_protocol)
        return RoleBinding(
            role=role,
            spec_text=spec.text,
            backend=backend,
            sampling=sampling,
            identity={},
            identity_hash="",
            source_role=SOURCE_ROLE.get(role) if self.specs.get(role) else self.sources.get(role),
        )

    @property
    def backends(self) -> list[Backend]:
        return list(self._backends.values())


async def start_bindings(bindings: dict[str, RoleBinding]) -> None:
    """Start every backend once (model checks, loading), then fix identities for keys and caches."""
    started: set[int] = set()
    for binding in bindings.values():
        if id(binding.backend) not in started:
            await binding.backend.start()
            started.add(id(binding.backend))
    for binding in bindings.values():
        binding.identity = binding.backend.identity
        binding.identity_hash = digest_of(binding.identity)
