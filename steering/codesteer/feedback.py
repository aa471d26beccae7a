"""The feedback body the guide reads after each answer (§1.6), kept as parts.

The body is built from three parts (response view, check text, complexity text) rather than one
string, so that the guide context policy (§5.6) can shorten an older turn and re-render it from the
same parts without re-parsing text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from steering.prompts.pack import PromptPack

if TYPE_CHECKING:
    from steering.codesteer.context import Context, Observation

Counter = Callable[[str], int]
Marker = Callable[[int], str]


@dataclasses.dataclass
class BodyParts:
    """One feedback body: `check`/`complexity` are None when their section is omitted."""

    response: str
    check: str | None = None
    complexity: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def render_body(pack: PromptPack, parts: BodyParts) -> str:
    """`feedback.response` + [`feedback.check`] + [`feedback.complexity`] + `feedback.closing`."""
    out = pack.render("feedback.response", response=parts.response)
    if parts.check is not None:
        out += pack.render("feedback.check", check=parts.check)
    if parts.complexity is not None:
        out += pack.render("feedback.complexity", complexity=parts.complexity)
    return out + pack.render("feedback.closing")


def clip(text: str, budget: int, count: Counter, marker: Marker) -> str:
    """Keep the first 70 % and the last 30 % of a token budget, with the marker where text was cut.

    Cuts are made by character share of the token count, then tightened until the kept text fits,
    so the result never exceeds the budget by more than the marker itself."""
    n = count(text)
    if n <= budget or not text:
        return text
    share = max(0.0, budget / n)
    while True:
        head = int(len(text) * share * 0.7)
        tail = int(len(text) * share * 0.3)
        kept_head, kept_tail = text[:head], (text[-tail:] if tail else "")
        kept = count(kept_head) + count(kept_tail)
        if kept <= budget or share < 1e-4:
            return kept_head + marker(n - kept) + kept_tail
        share *= 0.9


def response_view(ctx: Context, obs: Observation) -> str:
    """The raw answer plus the displayed execution output (`exec_suffix` or `exec_too_long`)."""
    return obs.answer + ctx.exec_suffix(obs.exec)


def complexity_text(ctx: Context, report: dict[str, Any]) -> str:
    """The Symbolic Checker's summary, with the low-complexity note when it flags one."""
    text = str(report.get("summary") or "")
    if report.get("parse_ok") and report.get("low_complexity"):
        text += ctx.pack.render("low_complexity_note")
    return text


def body_parts(ctx: Context, obs: Observation) -> BodyParts:
    """Parts of the body for one observed answer, following the config's checker switches."""
    check = None
    if ctx.config.get("self_check", "on") == "on" and obs.check is not None:
        check = str(obs.check.get("text") or "")
    complexity = None
    if obs.block is not None and obs.symbolic is not None and ctx.config.get("symbolic_check") != "off":
        complexity = complexity_text(ctx, obs.symbolic)
    return BodyParts(response_view(ctx, obs), check, complexity)


def exec_status(obs: Observation) -> str | None:
    """`ok`, `error` or `timeout` for an executed block; None when nothing ran."""
    if obs.exec is None:
        return None
    if obs.exec.timed_out:
        return "timeout"
    return "ok" if obs.exec.status == "ok" else "error"


def turn_facts(obs: Observation, turn: int) -> dict[str, Any]:
    """What `glue.turn_summary` shows for a turn, taken from its record, never from a model."""
    first_line = ""
    if obs.exec is not None:
        first_line = next((ln.strip() for ln in obs.exec.stdout.splitlines() if ln.strip()), "")[:200]
    score = obs.symbolic.get("score") if obs.symbolic else None
    return {
        "turn": turn,
        "mode": "code" if obs.block is not None else "text",
        "exec_status": exec_status(obs) or "none",
        "first_line": first_line,
        "check_status": (obs.check or {}).get("status") or "none",
        "score": "none" if score is None else f"{float(score):.1f}",
    }
