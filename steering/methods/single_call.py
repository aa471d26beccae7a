"""Shared shape of the one-call baselines: one TaskLLM message, one answer, §1.9 finalisation."""

from __future__ import annotations

from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.methods.base import Method, user


class SingleCallMethod(Method):
    prompt_key: str | None = None  # None: the bare question

    def first_message(self, instance: InstanceView, ctx: Context) -> str:
        if self.prompt_key is None:
            return instance.question
        return ctx.pack.prompt(self.prompt_key) + ctx.pack.render("task_joiner") + instance.question

    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        messages = [user(self.first_message(instance, ctx))]
        answer = await ctx.call("task", "task", messages, turn=0)
        ctx.trajectory.stop_reason = "final_only"
        await ctx.finalize(answer, turn=0)
        return ctx.trajectory
