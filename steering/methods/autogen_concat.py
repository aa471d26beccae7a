"""`autogen_concat`: the AutoGen-style instruction as a user message before the question
(Table 1 "AutoGen Conca."); shell blocks are never run (§1.8)."""

from __future__ import annotations

from steering.methods.registry import register_method
from steering.methods.single_call import SingleCallMethod


@register_method
class AutogenConcat(SingleCallMethod):
    name = "autogen_concat"
    description = "prompts.autogen + question as one user message, one call"
    prompt_key = "autogen"
