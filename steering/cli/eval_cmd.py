"""`symbench eval`: run a method over a selection with one or more models (§4, §5.2, §7).

With no model flags it runs the embedded default (SmolLM2-135M-Instruct on the CPU) on a small
default selection, so the command works end to end on a machine with no key and no GPU.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from symbench.errors import SymbenchError

ROLES = ("task", "guide", "checker", "summarizer", "paraphraser")
MODEL_FLAG = {
    "task": "model",
    "guide": "guide",
    "checker": "checker",
    "summarizer": "summarizer",
    "paraphraser": "paraphraser",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, exit 2, never a traceback
        raise SymbenchError(f"eval: {message}")


def _kv_list(values: list[str] | None, what: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values or []:
        for pair in item.split(","):
            if not pair.strip():
                continue
            if "=" not in pair:
                raise SymbenchError(f"{what} expects key=value, got {pair!r}")
            key, value = pair.split("=", 1)
            out[key.strip()] = _number(value.strip())
    return out


def _number(value: str) -> Any:
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    if value.lower() in ("none", "null"):
        return None
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symbench eval", description="Evaluate a method on symbench instances.")
    p.add_argument(
        "--method", default=None, help="method name (see `symbench methods`); default all_code_cot"
    )
    p.add_argument("--method-config", action="append", metavar="K=V", help="override a method config key")
    p.add_argument("--method-config-file", help="JSON file of method config overrides")
    for role in ROLES:
        flag = MODEL_FLAG[role]
        p.add_argument(
            f"--{flag}",
            dest=f"spec_{role}",
            metavar="SPEC",
            help=f"model spec for role {role} (BACKEND:TARGET[?k=v])",
        )
        names = ["--base-url"] if role == "task" else [f"--{role}-base-url", f"--base-url-{role}"]
        if role == "task":
            names += ["--task-base-url", "--base-url-task"]
        p.add_argument(
            *names, dest=f"url_{role}", metavar="URL", help=f"OpenAI-compatible base URL for {role}"
        )
        for key, typ in (("temperature", float), ("top-p", float), ("top-k", int), ("max-tokens", int)):
            p.add_argument(
                f"--{role}-{key}", dest=f"s_{role}_{key.replace('-', '_')}", type=typ, help=argparse.SUPPRESS
            )
        p.add_argument(
            f"--{role}-sampling",
            dest=f"sampling_{role}",
            action="append",
            metavar="K=V,...",
            help=argparse.SUPPRESS,
        )
    p.add_argument(
        "--temperature", dest="s_task_temperature", type=float, help="task temperature (default 0)"
    )
    p.add_argument("--top-p", dest="s_task_top_p", type=float, help="task top_p (default 1)")
    p.add_argument(
        "--max-tokens", dest="s_task_max_tokens", type=int, help="task max new tokens (default 2000)"
    )
    g = p.add_argument_group("selection")
    g.add_argument("--suite", help="symbench-v1 or symbench-v1-mini")
    g.add_argument("--tasks", nargs="+", help="with --suite: only these tasks")
    g.add_argument("--task", "-t", action="append", help="task name (repeatable)")
    g.add_argument("--complexity", "-c", type=int)
    g.add_argument("-n", type=int, default=1, help="instances per task (default 1)")
    g.add_argument("--seed", "-s", type=int, default=0)
    g.add_argument("--param", "-p", action="append", metavar="K=V")
    g.add_argument("--limit", type=int, help="only the first N instances")
    g.add_argument("--repeats", type=int, default=1)
    r = p.add_argument_group("runner")
    r.add_argument("--concurrency", type=int, default=32, help="samples in flight (default 32)")
    r.add_argument("--output-dir", default="runs")
    r.add_argument("--resume", choices=("auto", "new"), default="auto")
    r.add_argument(
        "--new", dest="resume", action="store_const", const="new", help="start a fresh run directory"
    )
    r.add_argument("--cache", help="response cache file (default OUTPUT_DIR/cache.sqlite)")
    r.add_argument("--cache-mode", choices=("rw", "ro", "wo", "off"), default="rw")
    r.add_argument("--no-cache", dest="cache_mode", action="store_const", const="off")
    r.add_argument("--sandbox", default="auto", choices=("auto", "plain", "unshare", "bwrap"))
    r.add_argument("--sandbox-concurrency", type=int)
    r.add_argument(
        "--cold-sandbox", action="store_true", help="no warm worker pool: a fresh interpreter per run"
    )
    r.add_argument("--require-isolation", action="store_true")
    r.add_argument("--sandbox-python", help="interpreter for model code (e.g. a venv with solver packages)")
    r.add_argument("--mem-limit", type=int, default=2 << 30, help="bytes of address space per execution")
    r.add_argument("--max-retries", type=int, default=8)
    r.add_argument("--request-timeout", type=float)
    r.add_argument("--fail-fast", action="store_true")
    r.add_argument("--max-error-rate", type=float)
    r.add_argument("--max-sample-attempts", type=int, default=3)
    r.add_argument("--repair", action="store_true")
    r.add_argument("--prompt-pack", default="symbench-default-1")
    r.add_argument("--no-progress", action="store_true")
    r.add_argument("--allow-debug", action="store_true", help="do not make the harness non-dumpable")
    r.add_argument("--json", action="store_true", help="print results.json instead of tables")
    return p


def options_from_args(args: argparse.Namespace, argv: list[str]):
    from steering import local_default
    from steering.runner.scheduler import EvalOptions
    from steering.runner.selection import Selection

    specs = {role: getattr(args, f"spec_{role}") for role in ROLES}
    default_model = specs["task"] is None
    method = args.method or local_default.DEFAULT_METHOD
    sampling: dict[str, dict[str, Any]] = {}
    for role in ROLES:
        values = _kv_list(getattr(args, f"sampling_{role}"), f"--{role}-sampling")
        for key in ("temperature", "top_p", "top_k", "max_tokens"):
            v = getattr(args, f"s_{role}_{key}", None)
            if v is not None:
                values[key] = v
        if values:
            sampling[role] = values
    tasks = args.task
    complexity, n = args.complexity, args.n
    if default_model:
        specs["task"] = local_default.default_spec()
        if not args.suite and not tasks:
            tasks, complexity, n = (
                [local_default.DEFAULT_TASK],
                local_default.DEFAULT_COMPLEXITY,
                local_default.DEFAULT_N,
            )
        sampling.setdefault("task", {}).setdefault("max_tokens", local_default.DEFAULT_MAX_TOKENS)
        print(
            f"symbench: no --model given: running the embedded default {local_default.MODEL_NAME} on the CPU "
            "(it scores near zero; pass --model openai:NAME --base-url URL for a real model)",
            flush=True,
        )
    overrides: dict[str, Any] = {}
    if args.method_config_file:
        try:
            overrides.update(json.loads(Path(args.method_config_file).read_text()))
        except (OSError, ValueError) as exc:
            raise SymbenchError(f"--method-config-file: {exc}") from None
    overrides.update(_kv_list(args.method_config, "--method-config"))
    if args.repeats < 1 or args.concurrency < 1:
        raise SymbenchError("--repeats and --concurrency must be at least 1")
    selection = Selection(
        suite=args.suite,
        tasks=args.tasks if args.suite else tasks,
        complexity=complexity,
        n=n,
        seed=args.seed,
        params=args.param,
        limit=args.limit,
    )
    return EvalOptions(
        method=method,
        models=specs,
        selection=selection,
        method_config=overrides,
        base_urls={role: getattr(args, f"url_{role}") for role in ROLES},
        sampling=sampling,
        repeats=args.repeats,
        concurrency=args.concurrency,
        output_dir=Path(args.output_dir),
        resume=args.resume,
        cache_path=Path(args.cache) if args.cache else None,
        cache_mode=args.cache_mode,
        sandbox=args.sandbox,
        sandbox_concurrency=args.sandbox_concurrency,
        warm_sandbox=not args.cold_sandbox,
        require_isolation=args.require_isolation,
        sandbox_python=args.sandbox_python,
        mem_limit=args.mem_limit,
        max_retries=args.max_retries,
        request_timeout_s=args.request_timeout,
        fail_fast=args.fail_fast,
        max_error_rate=args.max_error_rate,
        max_sample_attempts=args.max_sample_attempts,
        prompt_pack=args.prompt_pack,
        progress=not args.no_progress,
        repair=args.repair,
        allow_debug=args.allow_debug,
        argv=["symbench", "eval", *argv],
    )


def main(argv: list[str]) -> int:
    from steering.runner.scheduler import run_eval

    args = build_parser().parse_args(argv)
    opts = options_from_args(args, argv)
    result = run_eval(opts)
    if args.json:
        print(json.dumps(result.results, indent=1))
    else:
        from steering.report import print_report

        print_report([result.run_dir])
        print(
            f"run directory: {result.run_dir}  ({result.n_done} done, {result.n_error} errors this session)"
        )
    if result.aborted:
        print(f"symbench: run aborted: {result.aborted}", file=sys.stderr)
        return 1
    return 0
