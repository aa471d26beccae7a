"""A small OpenAI-compatible HTTP server on loopback, scripted, for tests and benchmarks only.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length) for the official client: `GET /v1/models`
and `POST /v1/chat/completions`. Rules pick a reply, a latency, an injected status (429/500/...),
a hang (client timeout) or a malformed body; every request body is kept for assertions.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import threading
import time
from typing import Any


@dataclasses.dataclass
class Rule:
    match: str | None = None  # regex on the last user message
    reply: str = "ok"
    status: int = 200
    times: int | None = None  # apply this many times, then fall through (None: always)
    retry_after: str | None = None
    retry_after_ms: str | None = None
    delay_s: float = 0.0
    hang: bool = False  # never answer (the client times out)
    malformed: bool = False
    usage: bool = True
    finish_reason: str = "stop"
    used: int = 0

    def applies(self, text: str) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        return self.match is None or re.search(self.match, text, re.DOTALL) is not None


class OpenAIServer:
    """Serve on 127.0.0.1 in a background thread (`with OpenAIServer(...) as srv: srv.url`)."""

    def __init__(
        self,
        models: tuple[str, ...] = ("test-model",),
        rules: list[Rule] | None = None,
        latency_s: float = 0.0,
        keep_requests: bool = True,
        root: str | None = "test/root",
    ) -> None:
        self.models = models
        self.rules = rules or []
        self.latency_s = latency_s
        self.keep_requests = keep_requests
        self.root = root
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.n_requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> OpenAIServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=1024)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            self._server.close()
            pending = [t for t in asyncio.all_tasks(self._loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._loop.close()

        self._thread = threading.Thread(target=run, name="openai-test-server", daemon=True)
        self._thread.start()
        ready.wait(10)

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    async def serve_forever(self, port: int = 0) -> None:
        """Run in the current loop (used by the benchmark's server process)."""
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", port, backlog=4096)
        self.port = self._server.sockets[0].getsockname()[1]
        async with self._server:
            await self._server.serve_forever()

    # ------------------------------------------------------------------ HTTP
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                status, extra, payload = await self._route(method, path, headers, body)
                if status == 0:  # hang: hold the connection until the client gives up
                    await reader.read()
                    return
                out = [
                    f"HTTP/1.1 {status} X",
                    "Content-Type: application/json",
                    f"Content-Length: {len(payload)}",
                    "Connection: keep-alive",
                ]
                out += [f"{k}: {v}" for k, v in extra.items()]
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + payload)
                await writer.drain()
        except (
            asyncio.IncompleteReadError,
            ConnectionError,
            asyncio.LimitOverrunError,
            asyncio.CancelledError,
        ):
            pass
        finally:
            writer.close()

    async def _route(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if method == "GET" and path.rstrip("/").endswith("/models"):
            data = [{"id": m, "object": "model", "owned_by": "test", "root": self.root} for m in self.models]
            return 200, {}, json.dumps({"object": "list", "data": data}).encode()
        if method != "POST" or not path.rstrip("/").endswith("/chat/completions"):
            return 404, {}, b'{"error": {"message": "not found"}}'
        request = json.loads(body)
        with self._lock:
            self.n_requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.keep_requests:
                self.requests.append(request)
                self.headers.append({k: v for k, v in headers.items() if k == "authorization"})
        try:
            return await self._complete(request)
        finally:
            with self._lock:
                self.in_flight -= 1

    async def _complete(self, request: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        messages = request.get("messages") or []
        last = next((m.get("content") or "" for m in reversed(messages) if m.get("role") == "user"), "")
        rule = next((r for r in self.rules if r.applies(last)), None) or Rule()
        rule.used += 1
        delay = self.latency_s + rule.delay_s
        if delay:
            await asyncio.sleep(delay)
        if request.get("model") not in self.models:
            return (
                404,
                {},
                json.dumps({"error": {"message": f"model {request.get('model')} not found"}}).encode(),
            )
        if rule.hang:
            return 0, {}, b""
        if rule.status != 200:
            extra = {}
            if rule.retry_after is not None:
                extra["Retry-After"] = rule.retry_after
            if rule.retry_after_ms is not None:
                extra["retry-after-ms"] = rule.retry_after_ms
            return rule.status, extra, json.dumps({"error": {"message": f"injected {rule.status}"}}).encode()
        if rule.malformed:
            return 200, {}, b'{"choices": "nope"'
        n_in = sum(len(str(m.get("content") or "").split()) for m in messages)
        data: dict[str, Any] = {
            "id": f"cmpl-{self.n_requests}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": rule.finish_reason,
                    "message": {"role": "assistant", "content": rule.reply},
                }
            ],
        }
        if rule.usage:
            data["usage"] = {
                "prompt_tokens": n_in + 7,
                "completion_tokens": len(rule.reply.split()) + 1,
                "total_tokens": n_in + 8 + len(rule.reply.split()),
            }
        return 200, {}, json.dumps(data).encode()


def main(argv: list[str] | None = None) -> int:
    """`python -m steering.testing.openai_server --latency 0.5`: serve until killed; print the URL."""
    import argparse

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--latency", type=float, default=0.0)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--model", default="test-model")
    p.add_argument("--reply", default="<<<A,B,C,D>>>")
    args = p.parse_args(argv)
    server = OpenAIServer(
        models=(args.model,), rules=[Rule(reply=args.reply)], latency_s=args.latency, keep_requests=False
    )

    async def run() -> None:
        task = asyncio.create_task(server.serve_forever(args.port))
        while not server.port:
            await asyncio.sleep(0.01)
        print(server.url, flush=True)
        await task

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
