"""`code_first_agent` (Table 9 "Code-First-Agent"): the API-protocol loop starting with the code
prompt, guided by the code-first decision prompt (code with rising sophistication, then text);
the guide defaults to the TaskLLM's model."""

from __future__ import annotations

from steering.codesteer.loop import LOOP_DEFAULTS
from steering.methods.codesteer import GuideMethod
from steering.methods.registry import register_method


@register_method
class CodeFirstAgent(GuideMethod):
    name = "code_first_agent"
    description = "code first, then an API guide (default: the TaskLLM) with the code-first policy"
    defaults = {
        **LOOP_DEFAULTS,
        "guide_protocol": "api",
        "decision_variant": "code_first",
        "first_choice": "code",
    }
    role_sources = {"guide": "task"}
