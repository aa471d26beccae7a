"""What a Context needs from the runner: role bindings, the call path, the sandbox, the pack, and
a way to run sub-methods as standalone samples would."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from steering.codesteer.context import Context, Trajectory
from steering.prompts.pack import PromptPack
from steering.runner.caller import ModelCaller, RoleBinding
from steering.sandbox.api import Sandbox


@dataclasses.dataclass
class Services:
    roles: dict[str, RoleBinding]
    caller: ModelCaller
    sandbox: Sandbox
    pack: PromptPack
    key_for: Callable[[str, str, dict[str, Any], int], tuple[str, str, tuple[str, ...]]]
    # key_for(instance_hash, method, overrides, repeat) -> (sample_key, config_hash, roles)

    async def run_sub(
        self, parent: Context, method_name: str, overrides: dict[str, Any]
    ) -> tuple[Trajectory, dict[str, Any]]:
        from steering.methods.registry import get_method, resolve_config
        from steering.runner.records import trajectory_json

        method = get_method(method_name)
        config = resolve_config(method, overrides)
        key, config_hash, roles = self.key_for(parent.instance.hash, method_name, overrides, parent.repeat)
        child = Context(
            instance=parent.instance,
            method=method_name,
            config=config,
            pack=self.pack,
            services=self,
            sample_key=key,
            roles=roles,
            repeat=parent.repeat,
        )
        child.symbolic_hook = parent.symbolic_hook
        child.self_check_hook = parent.self_check_hook
        trajectory = await method.solve(parent.instance, child)
        record = {
            "key": key,
            "method": {"name": method_name, "config_hash": config_hash},
            **trajectory_json(trajectory),
        }
        return trajectory, record
