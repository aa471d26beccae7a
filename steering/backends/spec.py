"""The model-spec grammar `BACKEND:TARGET[?key=value&...]` (§5.1) and its aliases.

Parsing is strict: an unknown backend or option is an error at start-up, never a silent default.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qsl, quote, unquote

from symbench.errors import SymbenchError

BACKENDS = ("openai", "hf", "vllm", "replay", "scripted")

COMMON_OPTIONS = {"kind", "template", "tokenizer", "context", "reasoning", "max_connections", "timeout_s"}
LOCAL_OPTIONS = {"dtype", "device_map", "tp", "gpu_mem", "max_model_len", "trust_remote_code", "threads"}
OPTIONS = {
    "openai": COMMON_OPTIONS,
    "hf": COMMON_OPTIONS | LOCAL_OPTIONS,
    "vllm": COMMON_OPTIONS | LOCAL_OPTIONS,
    "replay": COMMON_OPTIONS,
    "scripted": COMMON_OPTIONS,
}
KINDS = ("generic", "codesteer-v1")

ALIASES = {
    "codesteer-v1": "vllm:yongchao98/CodeSteer-v1?kind=codesteer-v1&template=llama3_raw&context=8192",
}


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """A parsed model spec; `text` is the spec as the user wrote it (after alias expansion)."""

    backend: str
    target: str
    options: tuple[tuple[str, str], ...] = ()

    @property
    def opts(self) -> dict[str, str]:
        return dict(self.options)

    def option(self, key: str, default: str | None = None) -> str | None:
        return self.opts.get(key, default)

    @property
    def kind(self) -> str:
        return self.opts.get("kind", "generic")

    @property
    def name(self) -> str:
        """The model name: the request name for `openai`, the path or hub id otherwise."""
        return self.target

    @property
    def text(self) -> str:
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in self.options)
        return f"{self.backend}:{self.target}" + (f"?{query}" if query else "")

    def with_options(self, **extra: str) -> ModelSpec:
        merged = dict(self.options)
        merged.update(extra)
        return ModelSpec(self.backend, self.target, tuple(sorted(merged.items())))


def parse_spec(text: str) -> ModelSpec:
    """Parse a spec or alias; raise SymbenchError with the reason on anything malformed."""
    if not isinstance(text, str) or not text.strip():
        raise SymbenchError("empty model spec")
    text = ALIASES.get(text.strip(), text.strip())
    backend, sep, rest = text.partition(":")
    if not sep:
        raise SymbenchError(
            f"model spec {text!r} has no backend; write BACKEND:TARGET with BACKEND one of {', '.join(BACKENDS)}"
        )
    if backend not in BACKENDS:
        raise SymbenchError(f"unknown backend {backend!r} in {text!r}; known: {', '.join(BACKENDS)}")
    target, _, query = rest.partition("?")
    target = unquote(target)
    if not target:
        raise SymbenchError(f"model spec {text!r} has no target after '{backend}:'")
    options: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, strict_parsing=False) if query else []:
        if key not in OPTIONS[backend]:
            known = ", ".join(sorted(OPTIONS[backend]))
            raise SymbenchError(f"unknown option {key!r} for backend {backend} (known: {known})")
        if key in options:
            raise SymbenchError(f"option {key!r} given twice in {text!r}")
        options[key] = value
    if query and not options:
        raise SymbenchError(f"cannot parse the options of {text!r}")
    if options.get("kind", "generic") not in KINDS:
        raise SymbenchError(f"option kind must be one of {', '.join(KINDS)}")
    if options.get("reasoning", "auto") not in ("auto", "true", "false"):
        raise SymbenchError("option reasoning must be auto, true or false")
    for key in ("max_connections", "context", "tp", "threads", "max_model_len"):
        if key in options and not options[key].isdigit():
            raise SymbenchError(f"option {key} must be a positive integer, got {options[key]!r}")
    if "timeout_s" in options:
        try:
            float(options["timeout_s"])
        except ValueError:
            raise SymbenchError(f"option timeout_s must be a number, got {options['timeout_s']!r}") from None
    return ModelSpec(backend, target, tuple(sorted(options.items())))
