"""`code_text_sum` (Table 1 "Code + Text + Sum.1"; Sum.2 with a fine-tuned `--summarizer`): the
text and the code baseline on the **same instance** (sub-samples with their standalone keys, so
earlier runs' responses are reused), then a summarizer compares both and answers."""

from __future__ import annotations

from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.methods.base import Method, user
from steering.methods.registry import register_method


def _raw_answer(trajectory: Trajectory) -> str:
    task = trajectory.conversations.get("task") or []
    return next((m["content"] for m in reversed(task) if m["role"] == "assistant"), "")


def _result(trajectory: Trajectory) -> str | None:
    """The executed code's output when the sub-answer's final source is code ("" on a timeout)."""
    final = trajectory.final or {}
    if final.get("source") != "code":
        return None
    return final.get("candidate") or ""


@register_method
class CodeTextSum(Method):
    name = "code_text_sum"
    description = "all_text_cot and all_code_cot on the same instance, then a summarizer answers"
    roles = ("task", "summarizer")
    sub_methods = ("all_text_cot", "all_code_cot")

    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        pack = ctx.pack
        text = await ctx.sub("all_text_cot")
        code = await ctx.sub("all_code_cot")
        msg = pack.prompt("summarizer") + pack.render("sum.question", question=instance.question)
        msg += pack.render("sum.text_agent", response=_raw_answer(text))
        if (result := _result(text)) is not None:
            msg += pack.render("sum.text_agent_exec", result=result)
        msg += pack.render("sum.code_agent", response=_raw_answer(code))
        if (result := _result(code)) is not None:
            msg += pack.render("sum.code_agent_exec", result=result)
        msg += pack.render("sum.closing")
        answer = await ctx.call("summarizer", "summarizer", [user(msg)], turn=0)
        ctx.trajectory.stop_reason = "final_only"
        await ctx.finalize(answer, turn=0)
        return ctx.trajectory
