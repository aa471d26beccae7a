"""The method interface and the config keys every method shares (§4.1)."""

from __future__ import annotations

import abc
from typing import Any, ClassVar

from steering.codesteer.context import Context, InstanceView, Trajectory

COMMON_DEFAULTS: dict[str, Any] = {
    "exec_timeout_s": 30,
    "code_block": "first",
    "accept_unlabeled": False,
    "exec_display": "truncate",
    "exec_display_tokens": 2000,
    "checker_display_tokens": 2000,
}
CHOICES = {
    "code_block": ("first", "last"),
    "exec_display": ("truncate", "notice"),
    # guide-loop keys (§1.3), checked only for methods that have them
    "guide_protocol": ("finetuned", "api"),
    "self_check": ("on", "off"),
    "symbolic_check": ("v2", "compat", "off"),
    "first_turn_fallback": ("code", "text", "fail"),
    "guide_context_policy": ("truncate", "summarize", "none"),
    "decision_variant": ("default", "to_code", "complex_code", "code_first"),
    "first_choice": ("guide", "code", "text"),
}


class Method(abc.ABC):
    name: ClassVar[str]
    roles: ClassVar[tuple[str, ...]] = ("task",)
    defaults: ClassVar[dict[str, Any]] = {}
    description: ClassVar[str] = ""
    approximate: ClassVar[bool] = False  # marked ≈ against its paper column (§4.3)
    executes_code: ClassVar[bool] = True  # False: the runner never starts a sandbox for it

    @classmethod
    def all_defaults(cls) -> dict[str, Any]:
        return {**COMMON_DEFAULTS, **cls.defaults}

    def roles_for(self, config: dict[str, Any]) -> tuple[str, ...]:
        """Model roles a sample with this config calls (their identities enter the sample key)."""
        return self.roles

    @abc.abstractmethod
    async def solve(self, instance: InstanceView, ctx: Context) -> Trajectory:
        """Solve one instance through `ctx` only; the runner verifies the final answer."""


def user(content: str) -> dict[str, str]:
    return {"role": "user", "content": content}


def assistant(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}
