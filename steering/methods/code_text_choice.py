"""`code_text_choice` (Table 1 "Code/Text Choice", ≈): turn 0 of the CodeSteer loop only: the
guide picks code or text (or writes the instruction), then one TaskLLM answer is finalised. With the
published multi-turn guide this is that guide's choice, not the paper's separately trained chooser."""

from __future__ import annotations

from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.codesteer.loop import LOOP_DEFAULTS, solve_codesteer
from steering.methods.codesteer import GuideMethod
from steering.methods.registry import register_method


@register_method
class CodeTextChoice(GuideMethod):
    name = "code_text_choice"
    description = "the guide's turn-0 code/text choice, then one TaskLLM answer"
    defaults = {**LOOP_DEFAULTS, "max_turns": 0, "self_check": "off"}
    approximate = True
    guide_driven = False

    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        trajectory = await solve_codesteer(instance, ctx)
        if trajectory.stop_reason == "turn_cap":  # no guidance turn was allowed: a single answer
            trajectory.stop_reason = "final_only"
        return trajectory
