"""`all_code_cot`: the code prompt before the question; its code runs only at finalisation
(Table 1 "All Code + CoT")."""

from __future__ import annotations

from steering.methods.registry import register_method
from steering.methods.single_call import SingleCallMethod


@register_method
class AllCodeCoT(SingleCallMethod):
    name = "all_code_cot"
    description = "prompts.code_cot + question, one call; the code runs in finalize"
    prompt_key = "code_cot"
