"""Method registry: built-in methods, `@register_method`, and the entry-point group
`symbench.methods` for third-party ones; config overrides are checked against the defaults."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

from steering.methods.base import CHOICES, Method
from symbench.errors import SymbenchError

BUILTIN_MODULES = (
    "only_question",
    "all_text_cot",
    "all_code_cot",
    "autogen_concat",
    "few_shot",
    "code_interpreter",
    "codesteer",
    "code_text_choice",
    "symbolic_agent",
    "code_text_sum",
    "code_first_rule",
    "code_first_agent",
)
_METHODS: dict[str, type[Method]] = {}
_loaded = False


def register_method(cls: type[Method]) -> type[Method]:
    name = getattr(cls, "name", None)
    if not name:
        raise SymbenchError(f"method class {cls.__name__} has no name")
    if name in _METHODS and _METHODS[name] is not cls:
        raise SymbenchError(f"method {name!r} is registered twice")
    _METHODS[name] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN_MODULES:
        importlib.import_module(f"steering.methods.{module}")
    for ep in entry_points(group="symbench.methods"):
        try:
            obj = ep.load()
        except Exception as exc:  # noqa: BLE001
            raise SymbenchError(f"cannot load method plugin {ep.name!r}: {exc}") from None
        if isinstance(obj, type) and issubclass(obj, Method):
            if obj.name in _METHODS and _METHODS[obj.name] is not obj:
                raise SymbenchError(f"method {obj.name!r} is registered twice")
            _METHODS[obj.name] = obj


def method_names() -> list[str]:
    _load()
    return sorted(_METHODS)


def get_method(name: str) -> Method:
    _load()
    if name not in _METHODS:
        raise SymbenchError(f"unknown method {name!r}; known: {', '.join(sorted(_METHODS))}")
    return _METHODS[name]()


def _coerce(key: str, value: Any, default: Any) -> Any:
    if not isinstance(value, str) or isinstance(default, str) or default is None:
        return value
    try:
        if isinstance(default, bool):
            if value.lower() in ("true", "1", "yes", "on"):
                return True
            if value.lower() in ("false", "0", "no", "off"):
                return False
            raise ValueError
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except ValueError:
        raise SymbenchError(
            f"method config {key}: cannot read {value!r} as {type(default).__name__}"
        ) from None
    return value


def resolve_config(method: Method, overrides: dict[str, Any]) -> dict[str, Any]:
    """Defaults updated by overrides; unknown keys and bad choices are errors."""
    config = method.all_defaults()
    unknown = sorted(set(overrides) - set(config))
    if unknown:
        raise SymbenchError(
            f"unknown config key(s) for method {method.name}: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(config))})"
        )
    for key, value in overrides.items():
        config[key] = _coerce(key, value, config[key])
    for key, allowed in CHOICES.items():
        if key in config and config[key] not in allowed:
            raise SymbenchError(f"method config {key} must be one of {', '.join(allowed)}")
    if float(config["exec_timeout_s"]) <= 0:
        raise SymbenchError("method config exec_timeout_s must be positive")
    return config
