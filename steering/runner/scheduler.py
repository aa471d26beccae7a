"""`run_eval`: one run of one method over a selection (§7), resumable at sample level.

Samples run as asyncio tasks in a sliding window of `concurrency`; each finished sample (done or
error) becomes one fsynced line of `samples.jsonl`; `results.json` is recomputed from that file.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from steering.backends.retry import RetryPolicy
from steering.codesteer.context import Context, InstanceView, SampleError
from steering.methods.base import Method
from steering.methods.registry import get_method, resolve_config
from steering.prompts.pack import DEFAULT_PACK, PromptPack, load_pack
from steering.runner.cache import ResponseCache
from steering.runner.caller import ModelCaller, RoleBinding
from steering.runner.progress import RunProgress
from steering.runner.provenance import CONFIG_SCHEMA, environment, new_session
from steering.runner.records import (
    RECORD_SCHEMA,
    RecordWriter,
    timing_summary,
    token_summary,
    trajectory_json,
)
from steering.runner.resume import RunLock, read_state, write_json_atomic
from steering.runner.roles import RoleResolver, start_bindings
from steering.runner.selection import Selection, selection_fingerprint
from steering.runner.services import Services
from steering.sandbox.api import Limits, Sandbox
from steering.sandbox.factory import make_sandbox
from steering.sandbox.hardening import make_non_dumpable
from symbench.canonical import digest_of
from symbench.errors import SymbenchError
from symbench.instance import Instance, Verdict
from symbench.registry import get_task


@dataclasses.dataclass
class EvalOptions:
    method: str
    models: dict[str, str | None]
    selection: Selection
    method_config: dict[str, Any] = dataclasses.field(default_factory=dict)
    base_urls: dict[str, str | None] = dataclasses.field(default_factory=dict)
    sampling: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    repeats: int = 1
    concurrency: int = 32
    output_dir: Path = Path("runs")
    resume: str = "auto"
    cache_path: Path | None = None
    cache_mode: str = "rw"
    sandbox: str = "auto"
    sandbox_concurrency: int | None = None
    warm_sandbox: bool = True
    require_isolation: bool = False
    sandbox_python: str | None = None
    mem_limit: int = 2 << 30
    max_retries: int = 8
    request_timeout_s: float | None = None
    fail_fast: bool = False
    max_error_rate: float | None = None
    max_sample_attempts: int = 3
    prompt_pack: str = DEFAULT_PACK
    progress: bool = True
    repair: bool = False
    allow_debug: bool = False
    argv: list[str] = dataclasses.field(default_factory=list)
    sandbox_obj: Sandbox | None = None  # tests and benchmarks may pass a ready sandbox


@dataclasses.dataclass
class RunResult:
    run_dir: Path
    n_scheduled: int
    n_done: int
    n_error: int
    results: dict[str, Any]
    aborted: str | None = None


def model_slug(spec_text: str) -> str:
    target = spec_text.split(":", 1)[-1].split("?", 1)[0].rstrip("/")
    name = target.rsplit("/", 1)[-1] or target
    return re.sub(r"[^A-Za-z0-9._-]", "-", name)[:40] or "model"


def find_run_dir(output_dir: Path, shortid: str, run_config_hash: str) -> Path | None:
    """The newest run directory with this shortid and the same run_config_hash."""
    best: tuple[float, Path] | None = None
    if not output_dir.is_dir():
        return None
    for path in output_dir.glob(f"*-{shortid}*"):
        try:
            config = json.loads((path / "config.json").read_text())
        except (OSError, ValueError):
            continue
        if config.get("run_config_hash") == run_config_hash:
            created = float(config.get("created_at") or 0)
            if best is None or created > best[0]:
                best = (created, path)
    return best[1] if best else None


def _new_run_dir(output_dir: Path, method: str, slug: str, shortid: str, run_config_hash: str) -> Path:
    """Create the directory with its first config.json in one rename, so a run directory never
    exists without the config that lets `--resume auto` find it again."""
    base = f"{time.strftime('%Y%m%d')}-{method}-{slug}-{shortid}"
    path = output_dir / base
    n = 2
    while path.exists():
        path = output_dir / f"{base}-{n}"
        n += 1
    tmp = output_dir / f".{path.name}.{os.getpid()}.tmp"
    tmp.mkdir(parents=True)
    config = {
        "schema": CONFIG_SCHEMA,
        "run_id": path.name,
        "created_at": time.time(),
        "run_config_hash": run_config_hash,
        "sessions": [],
    }
    write_json_atomic(tmp / "config.json", config)
    os.replace(tmp, path)
    return path


class LazySandbox(Sandbox):
    """Starts the real sandbox (probe, warm pool) on the first execution, so methods that never
    run code never pay for it."""

    def __init__(self, factory: Callable[[], Sandbox], kind: str) -> None:
        self._factory = factory
        self._inner: Sandbox | None = None
        self._lock = threading.Lock()
        self.kind = kind
        self.isolation = "unknown"

    def get(self) -> Sandbox:
        with self._lock:
            if self._inner is None:
                self._inner = self._factory()
                self.kind, self.isolation = self._inner.kind, self._inner.isolation
                if self.isolation == "weak":
                    print(
                        "symbench: warning: sandbox 'plain' is weak isolation (same user, network, "
                        "filesystem); install bubblewrap for a contained sandbox",
                        flush=True,
                    )
            return self._inner

    def run(self, code: str, timeout_s: float = 30.0, *, purpose: str = "final", stdin: bytes = b""):
        return self.get().run(code, timeout_s, purpose=purpose, stdin=stdin)

    @property
    def started(self) -> bool:
        return self._inner is not None

    def describe(self) -> dict[str, Any]:
        if self._inner is None:
            return {"kind": self.kind, "started": False}
        return {**self._inner.describe(), "started": True, "probe": getattr(self._inner, "probe", None)}

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


class Run:
    """The state of one run while it executes."""

    def __init__(self, opts: EvalOptions) -> None:
        self.opts = opts
        self.method: Method = get_method(opts.method)
        self.config = resolve_config(self.method, opts.method_config)
        self.pack: PromptPack = load_pack(opts.prompt_pack)
        protocol = str(self.config.get("guide_protocol", "finetuned"))
        self.resolver = RoleResolver(
            opts.models, opts.base_urls, opts.sampling, protocol, getattr(self.method, "role_sources", None)
        )
        roles = set(self.method.roles_for(self.config))
        for sub in getattr(self.method, "sub_methods", ()):
            sub_method = get_method(sub)
            roles |= set(sub_method.roles_for(resolve_config(sub_method, {})))
        self.bindings: dict[str, RoleBinding] = {r: self.resolver.bind(r) for r in sorted(roles)}
        if opts.request_timeout_s:
            for b in self.bindings.values():
                if b.backend.spec.option("timeout_s") is None:
                    b.backend.spec = b.backend.spec.with_options(timeout_s=str(opts.request_timeout_s))

    # ------------------------------------------------------------------ keys
    def config_hash(self, method: str, config: dict[str, Any], roles: tuple[str, ...]) -> str:
        return digest_of(
            {
                "method": method,
                "config": config,
                "pack_hash": self.pack.hash,
                "sampling": {r: self.bindings[r].sampling for r in roles},
            }
        )

    def sample_key(
        self, instance_hash: str, method: str, config_hash: str, roles: tuple[str, ...], repeat: int
    ) -> str:
        return digest_of(
            {
                "instance_hash": instance_hash,
                "method": method,
                "method_config_hash": config_hash,
                "models": {r: self.bindings[r].identity_hash for r in roles},
                "repeat": repeat,
            }
        )

    def key_for(
        self, instance_hash: str, method_name: str, overrides: dict[str, Any], repeat: int
    ) -> tuple[str, str, tuple[str, ...]]:
        method = get_method(method_name)
        config = resolve_config(method, overrides)
        roles = tuple(method.roles_for(config))
        missing = [r for r in roles if r not in self.bindings]
        if missing:
            raise RuntimeError(f"sub-method {method_name} needs roles {missing}; declare it in sub_methods")
        config_hash = self.config_hash(method_name, config, roles)
        return self.sample_key(instance_hash, method_name, config_hash, roles, repeat), config_hash, roles


def _verdict(instance: Instance, final: dict[str, Any] | None) -> dict[str, Any]:
    task = get_task(instance.task)
    if final is None:
        verdict = Verdict(0.0, False, None, None, "no_final_answer")
    elif final.get("candidate") is None:
        verdict = Verdict(0.0, False, None, None, "final code timed out")
    else:
        verdict = task.verify(instance, final["candidate"])
    out = verdict.to_json()
    out["lenient_correct"] = bool(verdict.correct)
    if getattr(task, "original_or_rule", False) and final is not None and not verdict.correct:
        out["lenient_correct"] = bool(task.verify(instance, final.get("text") or "").correct)
    try:
        json.dumps(out["parsed"])
    except (TypeError, ValueError):
        out["parsed"] = repr(out["parsed"])[:2000]
    return out


def _group(instance: Instance) -> str:
    try:
        return get_task(instance.task).group
    except SymbenchError:
        return "unknown"


async def _run(opts: EvalOptions) -> RunResult:
    if not opts.allow_debug:
        make_non_dumpable()
    run = Run(opts)
    await start_bindings(run.bindings)
    instances = opts.selection.instances()
    fingerprint = selection_fingerprint(instances)
    roles = tuple(run.method.roles_for(run.config))
    config_hash = run.config_hash(run.method.name, run.config, roles)
    selection_json = opts.selection.to_json()
    run_config_hash = digest_of(
        {
            "suite_fingerprint": fingerprint,
            "selection": selection_json,
            "method_config_hash": config_hash,
            "models": {r: b.identity_hash for r, b in run.bindings.items()},
        }
    )
    shortid = run_config_hash[:8]
    output_dir = Path(opts.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    run_dir = find_run_dir(output_dir, shortid, run_config_hash) if opts.resume == "auto" else None
    if run_dir is None:
        run_dir = _new_run_dir(
            output_dir,
            run.method.name,
            model_slug(run.bindings["task"].spec_text if "task" in run.bindings else "model"),
            shortid,
            run_config_hash,
        )
    with RunLock(run_dir):
        return await _run_locked(
            opts, run, instances, fingerprint, roles, config_hash, selection_json, run_config_hash, run_dir
        )


async def _run_locked(
    opts: EvalOptions,
    run: Run,
    instances: list[Instance],
    fingerprint: str,
    roles: tuple[str, ...],
    config_hash: str,
    selection_json: dict[str, Any],
    run_config_hash: str,
    run_dir: Path,
) -> RunResult:
    samples_path = run_dir / "samples.jsonl"
    state = read_state(samples_path, repair=opts.repair)
    config_path = run_dir / "config.json"
    schedule_counts = Counter()
    for inst in instances:
        schedule_counts[inst.task] += opts.repeats
    cache = None
    if opts.cache_mode != "off":
        cache = ResponseCache(opts.cache_path or (Path(opts.output_dir) / "cache.sqlite"), opts.cache_mode)
    caller = ModelCaller(cache, RetryPolicy(max_retries=opts.max_retries))
    sandbox = opts.sandbox_obj
    own_sandbox = sandbox is None
    if sandbox is None:

        def factory() -> Sandbox:
            sb = make_sandbox(
                opts.sandbox,
                warm=opts.warm_sandbox,
                concurrency=opts.sandbox_concurrency,
                limits=Limits(mem_bytes=opts.mem_limit),
                mask_paths=[str(Path(opts.output_dir).resolve())],
                require_isolation=opts.require_isolation,
                python=opts.sandbox_python,
            )
            if opts.warm_sandbox:
                sb.prewarm(1)
            return sb

        sandbox = LazySandbox(factory, opts.sandbox)
        if run.method.executes_code:  # start it beside the first model calls
            threading.Thread(target=sandbox.get, daemon=True).start()
    session = new_session(opts.argv)
    if config_path.exists():
        config = json.loads(config_path.read_text())
        if config.get("run_config_hash") != run_config_hash:
            raise SymbenchError(f"{run_dir}: its run_config_hash differs; start a new run with --resume new")
    else:
        config = {
            "schema": CONFIG_SCHEMA,
            "run_id": run_dir.name,
            "created_at": time.time(),
            "run_config_hash": run_config_hash,
            "sessions": [],
        }
    tasks_info: dict[str, dict[str, Any]] = {}
    for inst in instances:
        info = tasks_info.setdefault(inst.task, {"version": inst.task_version, "n": 0, "complexities": []})
        info["n"] += 1
        if inst.complexity not in info["complexities"]:
            info["complexities"].append(inst.complexity)
    probe = getattr(sandbox, "probe", None)
    from steering.codesteer.guide_prompts import guide_prompt_flags

    mismatch, partial, prompt_warnings = guide_prompt_flags(run.pack, run.bindings)
    for warning in prompt_warnings:
        print(f"symbench: warning: {warning}", file=sys.stderr, flush=True)
    config.update(
        {
            **environment(),
            "suite": {
                "name": opts.selection.suite or "custom",
                "fingerprint": fingerprint,
                "n_instances": len(instances),
                "tasks": tasks_info,
            },
            "selection": {**selection_json, "repeats": opts.repeats},
            "schedule": {"n_samples": len(instances) * opts.repeats, "per_task": dict(schedule_counts)},
            "method": {
                "name": run.method.name,
                "config": run.config,
                "config_hash": config_hash,
                "approximate": run.method.approximate,
            },
            "models": {
                r: {
                    "spec": b.spec_text,
                    "identity": b.identity,
                    "identity_hash": b.identity_hash,
                    "sampling": b.sampling,
                    "reasoning": getattr(b.backend, "reasoning", False),
                    "tokenizer": None,
                    "source_role": b.source_role,
                    "models_check": getattr(b.backend, "models_check", None),
                }
                for r, b in run.bindings.items()
            },
            "task_identity_hash": run.bindings["task"].identity_hash if "task" in run.bindings else None,
            "prompt_pack": {"name": run.pack.name, "hash": run.pack.hash, "origin": run.pack.origin},
            "guide_prompt_mismatch": mismatch,
            "guide_prompt_partial": partial,
            "sandbox": {**sandbox.describe(), "probe": probe},
            "runner": {
                "concurrency": opts.concurrency,
                "endpoint_limits": {
                    b.backend.endpoint_key: b.backend.max_connections for b in run.bindings.values()
                },
                "max_retries": opts.max_retries,
                "request_timeout_s": opts.request_timeout_s,
                "max_sample_attempts": opts.max_sample_attempts,
                "cache": cache.describe() if cache else {"path": None, "mode": "off"},
            },
        }
    )
    config["sessions"].append(session)
    session_index = len(config["sessions"]) - 1
    write_json_atomic(config_path, config)
    write_json_atomic(run_dir / "prompt_pack.json", run.pack.to_json())

    services = Services(run.bindings, caller, sandbox, run.pack, run.key_for)
    schedule = []
    for inst in instances:
        for repeat in range(opts.repeats):
            key = run.sample_key(inst.hash, run.method.name, config_hash, roles, repeat)
            if key in state.done or state.attempts[key] >= opts.max_sample_attempts:
                continue
            schedule.append((inst, repeat, key))

    writer = RecordWriter(samples_path)
    writer.start()
    counts = {"done": 0, "error": 0}
    abort: dict[str, str | None] = {"reason": None}
    queue: asyncio.Queue[tuple[Instance, int, str]] = asyncio.Queue()
    for item in schedule:
        queue.put_nowait(item)
    task_identity = config["task_identity_hash"]

    async def one(inst: Instance, repeat: int, key: str) -> dict[str, Any]:
        view = InstanceView(
            inst.id, inst.hash, inst.task, inst.task_version, inst.complexity, _group(inst), inst.question
        )
        ctx = Context(
            instance=view,
            method=run.method.name,
            config=run.config,
            pack=run.pack,
            services=services,
            sample_key=key,
            roles=roles,
            repeat=repeat,
        )
        started = time.time()
        status, error, verdict = "done", None, None
        try:
            await run.method.solve(view, ctx)
            verdict = _verdict(inst, ctx.trajectory.final)
        except SampleError as exc:
            status, error = "error", exc.to_json()
        except Exception as exc:  # noqa: BLE001 - a harness fault ends only this sample
            status, error = (
                "error",
                {
                    "stage": "harness",
                    "type": type(exc).__name__,
                    "message": str(exc)[:2000],
                    "retryable": True,
                },
            )
        ended = time.time()
        record: dict[str, Any] = {
            "schema": RECORD_SCHEMA,
            "key": key,
            "run_id": run_dir.name,
            "session": session_index,
            "repeat": repeat,
            "status": status,
            "error": error,
            "instance": {
                "id": inst.id,
                "hash": inst.hash,
                "task": inst.task,
                "task_version": inst.task_version,
                "complexity": inst.complexity,
                "group": view.group,
            },
            "method": {"name": run.method.name, "config_hash": config_hash},
            "models": {r: run.bindings[r].identity_hash for r in roles},
            **trajectory_json(ctx.trajectory),
            "verdict": verdict,
            "branch_of": None,
        }
        record["tokens"] = token_summary(record, task_identity)
        record["timing"] = timing_summary(record, started, ended)
        return record

    async def worker(progress: RunProgress) -> None:
        while abort["reason"] is None:
            try:
                inst, repeat, key = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            record = await one(inst, repeat, key)
            await writer.write(record)
            counts[record["status"]] += 1
            limiter = next(iter(caller.limiters.values()), None)
            window = f"window {limiter.in_flight}/{limiter.limit}" if limiter else ""
            progress.advance(record["status"] == "error", record["tokens"]["task_headline"], window)
            finished = counts["done"] + counts["error"]
            if record["status"] == "error" and opts.fail_fast:
                abort["reason"] = (
                    f"--fail-fast: {record['error']['type']}: {record['error']['message'][:200]}"
                )
            elif (
                opts.max_error_rate is not None
                and finished >= 20
                and counts["error"] / finished > opts.max_error_rate
            ):
                abort["reason"] = f"error rate {counts['error']}/{finished} above --max-error-rate"

    try:
        description = f"{run.method.name} {run_dir.name}"
        with RunProgress(len(schedule), description, opts.progress) as progress:
            n_workers = max(1, min(opts.concurrency, len(schedule)))
            await asyncio.gather(*(worker(progress) for _ in range(n_workers)))
    finally:
        await writer.close()
        session["ended_at"] = time.time()
        session["n_done"], session["n_error"] = counts["done"], counts["error"]
        config["sessions"][session_index] = session
        config["runner"]["cache_hits"] = cache.hits if cache else 0
        config["served_models"] = {r: sorted(v) for r, v in caller.served.items()}
        write_json_atomic(config_path, config)
        if cache is not None:
            cache.close()
        described = sandbox.describe()
        if not isinstance(sandbox, LazySandbox):
            described["probe"] = getattr(sandbox, "probe", None)
        config["sandbox"] = described
        write_json_atomic(config_path, config)
        if own_sandbox:
            await asyncio.to_thread(sandbox.close)
        for backend in run.resolver.backends:
            await backend.aclose()

    from steering.scoring.aggregate import write_results

    results = write_results(run_dir)
    return RunResult(run_dir, len(schedule), counts["done"], counts["error"], results, abort["reason"])


def run_eval(opts: EvalOptions) -> RunResult:
    return asyncio.run(_run(opts))
