"""`only_question`: the bare question, one call (Table 1 "Only Question")."""

from __future__ import annotations

from steering.methods.registry import register_method
from steering.methods.single_call import SingleCallMethod


@register_method
class OnlyQuestion(SingleCallMethod):
    name = "only_question"
    description = "the question alone, one TaskLLM call"
    prompt_key = None
    executes_code = False  # an answer with code is still finalised (§1.9), lazily
