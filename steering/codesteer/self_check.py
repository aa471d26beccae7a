"""The Self-answer Checker (§2.2): a model writes a program that tests the latest answer; the
sandbox runs it; its output goes to the guide.

A failing checking program gets a repair turn that shows the model its own output and errors (the
original regenerated blindly at temperature 0, which normally reproduced the same failure). Success
is the exit status, not an empty stderr. The checker's code runs only through `ctx.execute`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from steering.codesteer.code_blocks import select_block
from steering.codesteer.decisions import norm
from steering.methods.base import assistant, user
from steering.sandbox.api import ExecResult

if TYPE_CHECKING:
    from steering.codesteer.context import Context

STATUSES = ("correct", "incorrect", "no_code", "error", "timeout")


def classify(stdout: str) -> str:
    """`correct` when the last non-empty line normalises to `correct`, else `incorrect`."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    return "correct" if lines and norm(lines[-1]) == "correct" else "incorrect"


def _stdout_view(ctx: Context, text: str, budget: int) -> str:
    return ctx.display(text, budget)


def _stderr_view(ctx: Context, result: ExecResult) -> str:
    """The last lines of stderr (up to 500 tokens), then the timeout note on a timeout."""
    stderr = result.stderr
    limit = 500
    if ctx.count_tokens(stderr) > limit:
        kept: list[str] = []
        for line in reversed(stderr.splitlines()):
            if ctx.count_tokens("\n".join([line, *kept])) > limit:
                break
            kept.insert(0, line)
        omitted = ctx.count_tokens(stderr) - ctx.count_tokens("\n".join(kept))
        stderr = ctx.pack.render("truncation_marker", omitted_tokens=omitted) + "\n".join(kept)
    if result.timed_out:
        timeout = float(ctx.config.get("exec_timeout_s", 30))
        shown = int(timeout) if timeout == int(timeout) else timeout
        stderr += ctx.pack.render("timeout_note", timeout_s=shown, command="['python3', 'main.py']")
    return stderr


async def run_self_check(ctx: Context, question: str, response: str, turn: int) -> dict[str, Any]:
    """One fresh checker conversation for one answer; returns `{status, text, attempts, conv}`."""
    pack = ctx.pack
    index = len(ctx.trajectory.conversations.get("checker", []))
    conv_name = f"checker.{index}"
    budget = int(ctx.config.get("checker_display_tokens", 2000))
    notice = ctx.config.get("exec_display", "truncate") == "notice"
    max_calls = max(1, int(ctx.config.get("checker_max_calls", 3)))
    request = pack.render(
        "checker_request", checker=pack.prompt("checker"), question=question, response=response
    )
    conv = [user(request)]
    outcome: dict[str, Any] = {"conv": conv_name, "attempts": 0}
    for attempt in range(1, max_calls + 1):
        reply = await ctx.call("checker", conv_name, conv, turn=turn, attempt=attempt - 1)
        outcome["attempts"] = attempt
        block = select_block(reply, str(ctx.config.get("code_block", "first")))
        if block is None:
            if attempt < max_calls:
                conv = [*conv, assistant(reply), user(pack.render("checker_need_code"))]
                continue
            return {**outcome, "status": "no_code", "text": pack.render("checker_no_code")}
        result = await ctx.execute(block.code, purpose="checker", turn=turn)
        if not result.timed_out and result.exit_code == 0:
            if notice and ctx.count_tokens(result.stdout) > budget:
                text = pack.render("checker_too_long")
            else:
                text = pack.render("checker_ok", stdout=_stdout_view(ctx, result.stdout, budget))
            return {**outcome, "status": classify(result.stdout), "text": text}
        stdout, stderr = _stdout_view(ctx, result.stdout, budget), _stderr_view(ctx, result)
        if attempt < max_calls:
            conv = [*conv, assistant(reply), user(pack.render("checker_fix", stdout=stdout, stderr=stderr))]
            continue
        status = "timeout" if result.timed_out else "error"
        return {
            **outcome,
            "status": status,
            "text": pack.render("checker_fail", stdout=stdout, stderr=stderr),
        }
    raise AssertionError("unreachable: the loop always returns on its last attempt")
