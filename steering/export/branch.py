"""Branch resampling (§9.2): for each source sample and prefix k, keep guide turns and answers
0…k−1 with their observations, sample guide turn k `n` times with a new guide and continue each
branch to its end with it.

The prefix is replayed from the source record (its calls and executions, in order), so a branch
sees exactly what the source's guide saw up to turn k; everything after is new. Each branch is a
verified sample record with `branch_of {source_key, k, index}` and its own trajectory score.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import json
import time
from pathlib import Path
from typing import Any

from steering.backends.base import ChatRequest, ChatResponse
from steering.backends.usage import Usage
from steering.codesteer.context import Context, InstanceView, SampleError
from steering.export.common import GUIDE_METHODS, RunData, load_run
from steering.runner.caller import CallOutcome, ModelCaller, RoleBinding
from steering.runner.provenance import CONFIG_SCHEMA, environment, new_session
from steering.runner.records import (
    RECORD_SCHEMA,
    RecordWriter,
    timing_summary,
    token_summary,
    trajectory_json,
)
from steering.runner.resume import RunLock, read_state, write_json_atomic
from steering.runner.services import Services
from steering.sandbox.api import ExecResult, Sandbox
from symbench.canonical import digest_of
from symbench.errors import SymbenchError

CORRECT_REWARD = 15


def guide_turn_count(record: dict[str, Any]) -> int:
    """Guide turns of a trajectory: decisions that a guide call produced (prefix included)."""
    return sum(1 for d in record.get("decisions") or [] if d.get("raw") is not None)


def trajectory_score(record: dict[str, Any]) -> int:
    """`(15 if correct else 0) − turns`, each trajectory with its own length (the original applied
    the source's length to both sides of a pair)."""
    correct = bool((record.get("verdict") or {}).get("correct")) and record.get("status") == "done"
    return (CORRECT_REWARD if correct else 0) - guide_turn_count(record)


def branch_points(record: dict[str, Any], ks: list[int] | None) -> list[int]:
    """Prefixes k at which the source had a guide call (0 ≤ k < its guide turns)."""
    turns = sorted({int(d["turn"]) for d in record.get("decisions") or [] if d.get("raw") is not None})
    return [t for t in turns if ks is None or t in ks]


class PrefixCaller:
    """Serves the calls of turns < k from the source record, in order; later calls go to the model."""

    def __init__(self, inner: ModelCaller, record: dict[str, Any], k: int) -> None:
        self.inner = inner
        self.queues: dict[tuple[str, int], collections.deque[dict[str, Any]]] = collections.defaultdict(
            collections.deque
        )
        for call in record.get("calls") or []:
            if int(call["turn"]) < k and call.get("response") is not None:
                self.queues[(call["role"], int(call["turn"]))].append(call)

    @property
    def limiters(self) -> dict[str, Any]:
        return self.inner.limiters

    async def call(self, binding: RoleBinding, request: ChatRequest) -> CallOutcome:
        queue = self.queues.get((str(request.role), int(request.turn or 0)))
        if queue:
            c = queue.popleft()
            response = ChatResponse(
                c["response"],
                Usage.from_json(c.get("usage") or {}),
                c.get("finish_reason"),
                c.get("served_model"),
                reasoning=c.get("reasoning"),
            )
            return CallOutcome(response, 0.0, 0, [], True)
        return await self.inner.call(binding, request)


class PrefixSandbox(Sandbox):
    """Returns the source's recorded results for the prefix's executions (same purpose and code)."""

    def __init__(self, inner: Sandbox, record: dict[str, Any], k: int) -> None:
        self.inner = inner
        self.kind, self.isolation = inner.kind, inner.isolation
        self.queues: dict[tuple[str, str], collections.deque[dict[str, Any]]] = collections.defaultdict(
            collections.deque
        )
        for e in record.get("executions") or []:
            if int(e["turn"]) < k and e["purpose"] in ("observe", "checker"):
                self.queues[(e["purpose"], e["code_sha256"])].append(e)

    def run(
        self, code: str, timeout_s: float = 30.0, *, purpose: str = "final", stdin: bytes = b""
    ) -> ExecResult:
        return self.inner.run(code, timeout_s, purpose=purpose, stdin=stdin)

    async def arun(
        self, code: str, timeout_s: float = 30.0, *, purpose: str = "final", stdin: bytes = b""
    ) -> ExecResult:
        from steering.sandbox.api import code_sha256

        queue = self.queues.get((purpose, code_sha256(code)))
        if queue:
            e = queue.popleft()
            fields = {f.name for f in dataclasses.fields(ExecResult)}
            values = {k: v for k, v in e.items() if k in fields}
            values.setdefault("max_rss_kib", None)
            values.setdefault("stderr_bytes", len(e.get("stderr") or ""))
            values.setdefault("stderr_truncated", False)
            values.setdefault("cpu_s", None)
            return ExecResult(**values)
        return await self.inner.arun(code, timeout_s, purpose=purpose, stdin=stdin)

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()


@dataclasses.dataclass
class BranchOptions:
    source: Path
    guide: str
    n: int = 4
    ks: list[int] | None = None  # None: every prefix
    only_failed: bool = False
    guide_temperature: float = 1.0
    out: Path | None = None
    base_urls: dict[str, str | None] = dataclasses.field(default_factory=dict)
    concurrency: int = 8
    sandbox: str = "auto"
    sandbox_obj: Sandbox | None = None
    argv: list[str] = dataclasses.field(default_factory=list)


def _source_models(src: RunData, guide: str) -> tuple[dict[str, str | None], dict[str, dict[str, Any]]]:
    models: dict[str, str | None] = {}
    sampling: dict[str, dict[str, Any]] = {}
    for role, info in (src.config.get("models") or {}).items():
        if role == "guide":
            continue
        models[role] = info.get("spec")
        sampling[role] = dict(info.get("sampling") or {})
    models["guide"] = guide
    return models, sampling


def _instances(src: RunData) -> dict[str, Any]:
    from steering.runner.selection import Selection

    selection = {k: v for k, v in (src.config.get("selection") or {}).items() if k != "repeats"}
    return {inst.hash: inst for inst in Selection(**selection).instances()}


async def _branch(opts: BranchOptions) -> tuple[Path, int, int]:
    from steering.runner.roles import start_bindings
    from steering.runner.scheduler import EvalOptions, Run, _verdict
    from steering.runner.selection import Selection
    from steering.sandbox.factory import make_sandbox

    src = load_run(opts.source)
    if src.method not in GUIDE_METHODS:
        raise SymbenchError(f"{opts.source}: method {src.method} has no guide turns to branch from")
    if opts.n < 1:
        raise SymbenchError("--n must be at least 1")
    models, sampling = _source_models(src, opts.guide)
    sampling["guide"] = {"temperature": opts.guide_temperature}
    base_urls = dict(opts.base_urls)
    for role, info in (src.config.get("models") or {}).items():
        url = (info.get("identity") or {}).get("base_url")
        if role != "guide" and url and not base_urls.get(role):
            base_urls[role] = url
    run = Run(
        EvalOptions(
            method=src.method,
            models=models,
            selection=Selection(),
            method_config=src.method_config,
            base_urls=base_urls,
            sampling=sampling,
            prompt_pack=str(src.path / "prompt_pack.json"),
        )
    )
    await start_bindings(run.bindings)
    instances = _instances(src)
    guide_binding = run.bindings["guide"]
    sources = [
        r
        for r in src.records
        if r.get("status") == "done"
        and r["instance"]["hash"] in instances
        and not (opts.only_failed and (r.get("verdict") or {}).get("correct"))
    ]
    shortid = digest_of({"source": src.config.get("run_id"), "guide": guide_binding.identity_hash,
                         "sampling": guide_binding.sampling, "n": opts.n, "ks": opts.ks,
                         "only_failed": opts.only_failed})[:8]  # fmt: skip
    out = Path(opts.out or opts.source.parent / f"{opts.source.name}-branch-{shortid}")
    out.mkdir(parents=True, exist_ok=True)
    roles = tuple(run.method.roles_for(run.config))
    config_hash = run.config_hash(run.method.name, run.config, roles)
    with RunLock(out):
        state = read_state(out / "samples.jsonl")
        config_path = out / "config.json"
        config = json.loads(config_path.read_text()) if config_path.exists() else {
            "schema": CONFIG_SCHEMA, "run_id": out.name, "created_at": time.time(), "sessions": []}  # fmt: skip
        session = new_session(opts.argv)
        config.update(
            {
                **environment(),
                "method": {"name": run.method.name, "config": run.config, "config_hash": config_hash},
                "models": {
                    r: {
                        "spec": b.spec_text,
                        "identity": b.identity,
                        "identity_hash": b.identity_hash,
                        "sampling": b.sampling,
                    }
                    for r, b in run.bindings.items()
                },  # fmt: skip
                "prompt_pack": {"name": run.pack.name, "hash": run.pack.hash, "origin": run.pack.origin},
                "selection": src.config.get("selection"),
                "branch": {
                    "source_run": str(opts.source),
                    "source_run_id": src.config.get("run_id"),
                    "guide": guide_binding.spec_text,
                    "n": opts.n,
                    "k": opts.ks or "all",
                    "only_failed": opts.only_failed,
                    "guide_temperature": opts.guide_temperature,
                    "score": f"({CORRECT_REWARD} if correct else 0) - own guide turns",
                },
            }
        )
        config["sessions"].append(session)
        write_json_atomic(config_path, config)
        write_json_atomic(out / "prompt_pack.json", run.pack.to_json())
        (out / "sources.jsonl").write_text(
            "".join(
                json.dumps({**r, "score": trajectory_score(r)}, ensure_ascii=False) + "\n" for r in sources
            ),
            encoding="utf-8",
        )
        sandbox = opts.sandbox_obj or make_sandbox(opts.sandbox, warm=True)
        caller = ModelCaller(None)
        jobs = []
        for rec in sources:
            for k in branch_points(rec, opts.ks):
                for index in range(opts.n):
                    key = digest_of({"source_key": rec["key"], "k": k, "index": index,
                                     "guide": guide_binding.identity_hash, "sampling": guide_binding.sampling})  # fmt: skip
                    if key not in state.done:
                        jobs.append((rec, k, index, key))
        writer = RecordWriter(out / "samples.jsonl")
        writer.start()
        counts = collections.Counter()
        gate = asyncio.Semaphore(max(1, opts.concurrency))

        async def one(rec: dict[str, Any], k: int, index: int, key: str) -> None:
            async with gate:
                inst = instances[rec["instance"]["hash"]]
                meta = rec["instance"]
                view = InstanceView(inst.id, inst.hash, inst.task, inst.task_version, inst.complexity,
                                    meta.get("group", "unknown"), inst.question)  # fmt: skip
                services = Services(
                    run.bindings,
                    PrefixCaller(caller, rec, k),
                    PrefixSandbox(sandbox, rec, k),
                    run.pack,
                    run.key_for,
                )
                ctx = Context(instance=view, method=run.method.name, config=run.config, pack=run.pack,
                              services=services, sample_key=key, roles=roles, repeat=int(rec.get("repeat", 0)))  # fmt: skip
                started = time.time()
                status, error, verdict = "done", None, None
                try:
                    await run.method.solve(view, ctx)
                    verdict = _verdict(inst, ctx.trajectory.final)
                except SampleError as exc:
                    status, error = "error", exc.to_json()
                except Exception as exc:  # noqa: BLE001 - a harness fault ends only this branch
                    status = "error"
                    error = {"stage": "harness", "type": type(exc).__name__, "message": str(exc)[:2000],
                             "retryable": True}  # fmt: skip
                record: dict[str, Any] = {
                    "schema": RECORD_SCHEMA,
                    "key": key,
                    "run_id": out.name,
                    "session": len(config["sessions"]) - 1,
                    "repeat": int(rec.get("repeat", 0)),
                    "status": status,
                    "error": error,
                    "instance": meta,
                    "method": {"name": run.method.name, "config_hash": config_hash},
                    "models": {r: run.bindings[r].identity_hash for r in roles},
                    **trajectory_json(ctx.trajectory),
                    "verdict": verdict,
                    "branch_of": {"source_key": rec["key"], "k": k, "index": index},
                }
                record["tokens"] = token_summary(record, run.bindings["task"].identity_hash)
                record["timing"] = timing_summary(record, started, time.time())
                record["score"] = trajectory_score(record)
                await writer.write(record)
                counts[status] += 1

        try:
            await asyncio.gather(*(one(*job) for job in jobs))
        finally:
            await writer.close()
            session.update(ended_at=time.time(), n_done=counts["done"], n_error=counts["error"])
            config["sessions"][-1] = session
            write_json_atomic(config_path, config)
            if opts.sandbox_obj is None:
                await asyncio.to_thread(sandbox.close)
            for backend in run.resolver.backends:
                await backend.aclose()
    return out, counts["done"], counts["error"]


def run_branch(opts: BranchOptions) -> tuple[Path, int, int]:
    """(branch run directory, branches done, branches failed) for this session."""
    return asyncio.run(_branch(opts))
