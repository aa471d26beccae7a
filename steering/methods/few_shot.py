"""`few_shot` (Table 9 "Few-Shot"): five worked examples, then attempts with the execution report
of each answer's code, until the model replies `Return Answer` (or TERMINATE) or `max_turns`."""

from __future__ import annotations

from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.codesteer.decisions import RETURN_ANSWER, TERMINATE, recognise
from steering.methods.base import Method, assistant, user
from steering.methods.registry import register_method


@register_method
class FewShot(Method):
    name = "few_shot"
    description = "five worked examples; the model sees its code's output and stops with Return Answer"
    defaults = {"max_turns": 5}

    def first_message(self, instance: InstanceView, ctx: Context) -> str:
        pack = ctx.pack
        examples = "".join(
            pack.render("few_shot_example", index=i, example=ex) for i, ex in enumerate(pack.few_shot, 1)
        )
        return (
            pack.prompt("few_shot_intro")
            + pack.render("task_joiner")
            + examples
            + pack.render("task_joiner")
            + instance.question
        )

    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        messages = [user(self.first_message(instance, ctx))]
        max_turns = int(ctx.config["max_turns"])
        previous: str | None = None
        turn = 0
        final_answer = ""
        while True:
            answer = await ctx.call("task", "task", messages, turn=turn)
            messages.append(assistant(answer))
            block = ctx.block_of(answer)
            if block is None and previous is not None:
                kind = recognise(answer, turn, ctx.pack.control_synonyms, rules=(1, 2, 3)).kind
                if kind in (RETURN_ANSWER, TERMINATE):
                    ctx.trajectory.stop_reason = "return_answer" if kind == RETURN_ANSWER else "terminate"
                    final_answer = previous
                    break
            final_answer = answer
            if turn >= max_turns:
                ctx.trajectory.stop_reason = "turn_cap"
                break
            report = ""
            if block is not None:
                report = ctx.exec_suffix(await ctx.execute(block.code, purpose="tool", turn=turn))
            messages.append(user(ctx.pack.render("few_shot_next", report=report)))
            previous = answer
            turn += 1
        await ctx.finalize(final_answer, turn=turn)
        return ctx.trajectory
