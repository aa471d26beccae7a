"""Plugging the two checkers into `ctx.observe` (§1.3 observe: extract, symbolic, execute, self-check)
and recording one check entry per observed answer (§7.2 `checks`).

`symbolic_check: off` and `self_check: off` remove a checker entirely (the paper's ablations).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from steering.codesteer.feedback import response_view
from steering.codesteer.self_check import run_self_check
from steering.codesteer.symbolic import analyze, analyze_compat
from steering.prompts.pack import render_template

if TYPE_CHECKING:
    from steering.codesteer.context import Context, Observation

V2_KEYS = ("search", "solver", "recursion", "dynamic_eval", "numeric", "hardcoded", "score", "parse_error")
COMPAT_KEYS = (
    "parse_error",
    "bullet",
    "score_line",
    "reason_loop",
    "reason_itertools",
    "reason_eval",
    "reason_format",
    "reason_binop",
    "head_search",
    "head_symbolic",
    "head_numeric",
    "joiner",
)


def _render(template: str, values: Mapping[str, Any]) -> str:
    return render_template(template, dict(values))


def compat_phrases(ctx: Context) -> str:
    """Whether compat's fixed phrases are the original's (imported) or the project's own."""
    sources = ctx.pack.origin.get("glue_sources") or {}
    imported = all(sources.get(f"glue.symbolic_compat.{k}") == "original" for k in COMPAT_KEYS)
    return "original" if imported else "symbench-default"


def symbolic_report(ctx: Context, code: str) -> dict[str, Any]:
    """The §2.1 report of one block in the configured mode (`v2` or `compat`)."""
    mode = str(ctx.config.get("symbolic_check", "v2"))
    if mode == "compat":
        templates = {k: ctx.pack.glue(f"symbolic_compat.{k}") for k in COMPAT_KEYS}
        report = analyze_compat(code, templates, _render).to_json()
        report["symbolic_compat_phrases"] = compat_phrases(ctx)
        return report
    templates = {k: ctx.pack.glue(f"symbolic_v2.{k}") for k in V2_KEYS}
    threshold = float(ctx.config.get("low_complexity_threshold", 2.0))
    return analyze(code, templates, _render, threshold).to_json()


async def _symbolic_hook(ctx: Context, obs: Observation, turn: int) -> None:
    if obs.block is not None:
        obs.symbolic = symbolic_report(ctx, obs.block.code)


async def _self_check_hook(ctx: Context, obs: Observation, turn: int) -> None:
    if obs.block is None and not ctx.config.get("checker_on_text_turns", True):
        return
    obs.check = await run_self_check(ctx, ctx.instance.question, response_view(ctx, obs), turn)


def install_checkers(ctx: Context) -> None:
    """Set the context's observe hooks from the method config."""
    on = ctx.config.get("symbolic_check", "v2") != "off"
    ctx.symbolic_hook = _symbolic_hook if on else None
    ctx.self_check_hook = _self_check_hook if ctx.config.get("self_check", "on") == "on" else None


async def observe(ctx: Context, answer: str, turn: int) -> Observation:
    """`ctx.observe` plus the §7.2 check entry of this answer (turn = the answer's index)."""
    obs = await ctx.observe(answer, turn)
    entry: dict[str, Any] = {
        "turn": turn,
        "status": None,
        "text": None,
        "symbolic": obs.symbolic,
        "blocks": obs.counts,
    }
    if obs.check is not None:
        entry.update(status=obs.check["status"], text=obs.check["text"])
        entry["checker"] = {"conv": obs.check["conv"], "attempts": obs.check["attempts"]}
    ctx.trajectory.checks.append(entry)
    return obs
