"""Model backends behind one interface: a backend turns one chat request into one response."""

from __future__ import annotations

from steering.backends.base import Backend, BackendError, ChatRequest, ChatResponse
from steering.backends.spec import ModelSpec, parse_spec

__all__ = ["Backend", "BackendError", "ChatRequest", "ChatResponse", "ModelSpec", "parse_spec"]
