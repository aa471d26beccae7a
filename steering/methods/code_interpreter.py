"""`code_interpreter`: the open multi-turn tool loop (Table 1 "Code Interpreter", ≈: the paper used
a provider-hosted tool). Each python block is executed and its output sent back; a reply without
code is the final answer; after `max_tool_turns` executions the last answer is finalised."""

from __future__ import annotations

from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.methods.base import Method, assistant, user
from steering.methods.registry import register_method


@register_method
class CodeInterpreter(Method):
    name = "code_interpreter"
    description = "python blocks run and their output is returned, until a reply without code"
    defaults = {"max_tool_turns": 5}
    approximate = True

    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        pack = ctx.pack
        messages = [user(pack.prompt("code_interpreter") + pack.render("task_joiner") + instance.question)]
        max_turns = int(ctx.config["max_tool_turns"])
        turn = 0
        while True:
            answer = await ctx.call("task", "task", messages, turn=turn)
            messages.append(assistant(answer))
            block = ctx.block_of(answer)
            if block is None:
                ctx.trajectory.stop_reason = "final_only"
                break
            if turn >= max_turns:
                ctx.trajectory.stop_reason = "turn_cap"
                break
            result = await ctx.execute(block.code, purpose="tool", turn=turn)
            stdout, stderr = ctx.exec_display(result)
            status = "timeout" if result.timed_out else ("ok" if result.status == "ok" else "error")
            messages.append(user(pack.render("tool_result", stdout=stdout, stderr=stderr, status=status)))
            turn += 1
        await ctx.finalize(answer, turn=turn)
        return ctx.trajectory
