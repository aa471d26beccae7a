"""Responses looked up by request hash in an earlier run's records (§5.1); a miss is `replay_miss`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from steering.backends.base import Backend, BackendError, ChatRequest, ChatResponse
from steering.backends.spec import ModelSpec
from steering.backends.usage import Usage
from symbench.errors import SymbenchError


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.endswith("\n"):
                break  # a torn last line
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def _calls(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from record.get("calls") or ()
    for sub in record.get("sub") or ():
        yield from _calls(sub)


class ReplayBackend(Backend):
    default_max_connections = 1024

    def __init__(self, spec: ModelSpec) -> None:
        super().__init__(spec)
        self.run_dir = Path(spec.target)
        samples = self.run_dir / "samples.jsonl"
        if not samples.is_file():
            raise SymbenchError(f"replay: {samples} not found")
        self.table: dict[str, list[dict[str, Any]]] = {}
        for record in _records(samples):
            for call in _calls(record):
                if call.get("response") is not None and call.get("request_sha256"):
                    self.table.setdefault(call["request_sha256"], []).append(call)
        try:
            self.run_id = json.loads((self.run_dir / "config.json").read_text())["run_id"]
        except (OSError, ValueError, KeyError):
            self.run_id = self.run_dir.name

    @property
    def identity(self) -> dict[str, Any]:
        return {"backend": "replay", "name": self.run_id, "kind": self.spec.kind, "template_sha256": None}

    async def complete(self, request: ChatRequest) -> ChatResponse:
        found = self.table.get(request.sha256)
        if not found:
            raise BackendError(f"no recorded response for request {request.sha256[:12]}", type="replay_miss")
        call = next((c for c in found if c.get("seed") == request.seed), found[0])
        usage = Usage.from_json(call.get("usage") or {})
        return ChatResponse(
            call["response"],
            usage,
            call.get("finish_reason"),
            call.get("served_model"),
            reasoning=call.get("reasoning"),
        )
