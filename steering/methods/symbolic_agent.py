"""`symbolic_agent` (Table 1 "Symbolic Agent", Table 10 cols. 6-8): the CodeSteer loop with an
ordinary model as guide under the API protocol (decision head + question every turn), the turn-0
instruction paraphrased; guide and paraphraser default to the TaskLLM's model (the paper used
GPT-4o for both roles)."""

from __future__ import annotations

from steering.codesteer.loop import LOOP_DEFAULTS
from steering.methods.codesteer import GuideMethod
from steering.methods.registry import register_method


@register_method
class SymbolicAgent(GuideMethod):
    name = "symbolic_agent"
    description = "an API guide (default: the TaskLLM) steers with the decision prompt; both checkers"
    defaults = {**LOOP_DEFAULTS, "guide_protocol": "api", "paraphrase_first": True}
    role_sources = {"guide": "task"}
