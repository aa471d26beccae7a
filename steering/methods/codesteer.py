"""`codesteer` (Table 1 "GPT-4o + CodeSteer", Table 9 "CodeSteer", Table 10 col. 1): the guide
loop of §1.3 with both checkers; `--guide` is required (the fine-tuned CodeSteerLLM, or any model
under `guide_protocol: api`)."""

from __future__ import annotations

from typing import Any, ClassVar

from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.codesteer.loop import LOOP_DEFAULTS, loop_roles, solve_codesteer
from steering.methods.base import Method
from steering.methods.registry import register_method


class GuideMethod(Method):
    """Shared shape of the guide-driven methods: the §1.3 loop under a method's defaults."""

    roles = ("task", "guide", "checker", "paraphraser")
    defaults: ClassVar[dict[str, Any]] = dict(LOOP_DEFAULTS)
    role_sources: ClassVar[dict[str, str]] = {}  # e.g. {"guide": "task"}: default model of a role
    guide_driven: ClassVar[bool] = True  # its guide turns are §9 training data

    def roles_for(self, config: dict[str, Any]) -> tuple[str, ...]:
        return loop_roles(config)

    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        return await solve_codesteer(instance, ctx)


@register_method
class CodeSteer(GuideMethod):
    name = "codesteer"
    description = "CodeSteer: a guide steers the TaskLLM between code and text, with both checkers"
