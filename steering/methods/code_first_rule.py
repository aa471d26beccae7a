"""`code_first_rule` (Table 9 "Code-First-Rule"): a fixed schedule instead of a guide: code, two
escalations asking for stronger programs, then text; after each of the first three answers the
Self-answer Checker runs and, with `early_stop`, a `correct` verdict of the checker ends the sample."""

from __future__ import annotations

from typing import Any

from steering.codesteer.checks import install_checkers, observe
from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.codesteer.feedback import exec_status
from steering.methods.base import Method, assistant, user
from steering.methods.registry import register_method


@register_method
class CodeFirstRule(Method):
    name = "code_first_rule"
    description = "code, two escalations to stronger code, then text; stops when the self-check passes"
    roles = ("task", "checker")
    defaults = {
        "early_stop": True,
        "task_sees_execution": False,
        "self_check": "on",
        "symbolic_check": "v2",
        "low_complexity_threshold": 2.0,
        "checker_max_calls": 3,
        "checker_on_text_turns": True,
    }

    def roles_for(self, config: dict[str, Any]) -> tuple[str, ...]:
        return ("task", "checker") if config.get("self_check", "on") == "on" else ("task",)

    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        pack, cfg = ctx.pack, ctx.config
        install_checkers(ctx)
        escalation = pack.prompt("code_first_escalation")
        schedule = [escalation[0], escalation[1], pack.prompt("text_cot")]
        messages = [user(pack.prompt("code_cot") + pack.render("task_joiner") + instance.question)]
        answer = await ctx.call("task", "task", messages, turn=0)
        messages.append(assistant(answer))
        stop, last = "turn_cap", 0
        for turn, instruction in enumerate(schedule, start=1):
            obs = await observe(ctx, answer, turn - 1)
            if cfg.get("early_stop") and obs.check is not None and obs.check["status"] == "correct":
                stop = "return_answer"
                break
            if cfg.get("task_sees_execution") and obs.exec is not None:
                stdout, stderr = ctx.exec_display(obs.exec)
                feedback = pack.render(
                    "task_exec_feedback", stdout=stdout, stderr=stderr, status=exec_status(obs)
                )
                instruction = feedback + instruction
            messages.append(user(instruction))
            answer = await ctx.call("task", "task", messages, turn=turn)
            messages.append(assistant(answer))
            last = turn
        ctx.trajectory.stop_reason = stop
        await ctx.finalize(answer, turn=last)
        return ctx.trajectory
