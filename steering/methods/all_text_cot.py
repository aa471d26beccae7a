"""`all_text_cot`: the text chain-of-thought prompt before the question (Table 1 "All Text + CoT")."""

from __future__ import annotations

from steering.methods.registry import register_method
from steering.methods.single_call import SingleCallMethod


@register_method
class AllTextCoT(SingleCallMethod):
    name = "all_text_cot"
    description = "prompts.text_cot + question, one call"
    prompt_key = "text_cot"
    executes_code = False  # an answer with code is still finalised (§1.9), lazily
