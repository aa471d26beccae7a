"""Typed, validated task parameters (the ladder knobs) and `--param key=value` overrides.

A task declares a frozen dataclass deriving from `Params`; each field is a knob declared with
`knob(...)`, which records its bounds or allowed choices. Supported field types:

- `int`, `float`, `bool`, `str`
- `tuple[int, int]`: an inclusive range, written `lo-hi` (or a single value `v` for `v-v`)
- `tuple[str, ...]` / `tuple[int, ...]`: comma-separated lists

Values are validated on construction, so a `Params` object that exists is always legal.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from symbench.errors import ParamError

_MISSING = dataclasses.MISSING


def knob(
    default: Any = _MISSING,
    *,
    lo: float | None = None,
    hi: float | None = None,
    choices: Sequence[Any] | None = None,
    help: str = "",
) -> Any:
    """Declare a ladder knob with its legal range; `default` is optional (ladders give every value)."""
    meta = {"lo": lo, "hi": hi, "choices": tuple(choices) if choices is not None else None, "help": help}
    if default is _MISSING:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def _kind(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation in (int, float, bool, str):
        return annotation.__name__
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] is str:
                return "str_list"
            if args[0] is int:
                return "int_list"
        if args == (int, int):
            return "int_range"
    raise TypeError(f"unsupported knob type {annotation!r}")


def _parse_bool(text: str) -> bool:
    low = text.strip().lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true/false, got {text!r}")


def _parse_int(text: str) -> int:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"expected an integer, got {text!r}") from None


_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:(?:-|,|\.\.)\s*(-?\d+)\s*)?$")


def _parse_range(text: str) -> tuple[int, int]:
    m = _RANGE.match(text)
    if not m:
        raise ValueError(f"expected a range lo-hi or a single integer, got {text!r}")
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) is not None else lo
    return (lo, hi)


def parse_value(kind: str, text: str) -> Any:
    """Parse one override value written on the command line."""
    if kind == "int":
        return _parse_int(text)
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"expected a number, got {text!r}") from None
    if kind == "bool":
        return _parse_bool(text)
    if kind == "str":
        return text.strip()
    if kind == "int_range":
        return _parse_range(text)
    if kind == "str_list":
        return tuple(p.strip() for p in text.split(",") if p.strip())
    if kind == "int_list":
        return tuple(_parse_int(p) for p in text.split(",") if p.strip())
    raise ValueError(f"unknown kind {kind}")


def _coerce(kind: str, value: Any) -> Any:
    """Accept JSON forms (lists for tuples) and Python forms alike."""
    if kind in ("int_range", "str_list", "int_list") and isinstance(value, list):
        return tuple(value)
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def format_value(kind: str, value: Any) -> str:
    if kind == "int_range":
        return f"{value[0]}-{value[1]}"
    if kind in ("str_list", "int_list"):
        return ",".join(str(v) for v in value)
    if kind == "bool":
        return "true" if value else "false"
    return str(value)


@dataclasses.dataclass(frozen=True)
class Params:
    """Base class of every task's knobs. Subclasses are frozen dataclasses of `knob()` fields."""

    _kinds: ClassVar[dict[str, str]]

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            kind = self.kinds()[f.name]
            value = _coerce(kind, getattr(self, f.name))
            object.__setattr__(self, f.name, value)
            self._validate_field(f, kind, value)
        problem = self.check()
        if problem:
            raise ParamError(f"{type(self).__qualname__}: {problem}")

    # -- introspection -----------------------------------------------------------------
    @classmethod
    def kinds(cls) -> dict[str, str]:
        cached = cls.__dict__.get("_kinds_cache")
        if cached is None:
            hints = typing.get_type_hints(cls)
            cached = {f.name: _kind(hints[f.name]) for f in dataclasses.fields(cls)}
            cls._kinds_cache = cached  # type: ignore[attr-defined]
        return cached

    @classmethod
    def knob_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """Knob name, kind, bounds and help, for `symbench list`."""
        out = []
        for f in dataclasses.fields(cls):
            m = f.metadata
            out.append(
                {
                    "name": f.name,
                    "kind": cls.kinds()[f.name],
                    "lo": m.get("lo"),
                    "hi": m.get("hi"),
                    "choices": list(m["choices"]) if m.get("choices") else None,
                    "help": m.get("help", ""),
                }
            )
        return out

    # -- validation ----------------------------------------------------------------------
    def check(self) -> str | None:
        """Cross-field rules of a task; return a message when violated."""
        return None

    def _validate_field(self, f: dataclasses.Field, kind: str, value: Any) -> None:
        name = f.name
        lo, hi, choices = f.metadata.get("lo"), f.metadata.get("hi"), f.metadata.get("choices")

        def fail(msg: str) -> None:
            raise ParamError(
                f"parameter {name}={format_value(kind, value) if _ok(kind, value) else value!r}: {msg}"
            )

        if not _ok(kind, value):
            raise ParamError(f"parameter {name}: expected {kind}, got {value!r}")
        numbers: list[float] = []
        if kind in ("int", "float"):
            numbers = [value]
        elif kind in ("int_range", "int_list"):
            numbers = list(value)
            if kind == "int_range" and value[0] > value[1]:
                fail("range low end is above its high end")
        if kind in ("str_list", "int_list") and not value:
            fail("the list is empty")
        for v in numbers:
            if lo is not None and v < lo:
                fail(f"below the minimum {lo}")
            if hi is not None and v > hi:
                fail(f"above the maximum {hi}")
        if choices:
            items = value if kind in ("str_list", "int_list") else (value,)
            for v in items:
                if v not in choices:
                    fail(f"{v!r} is not one of {', '.join(map(str, choices))}")

    # -- conversion -----------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            out[f.name] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Params:
        unknown = set(data) - set(cls.knob_names())
        if unknown:
            raise ParamError(
                f"unknown parameter(s) {', '.join(sorted(unknown))}; valid: {', '.join(cls.knob_names())}"
            )
        try:
            return cls(**dict(data))
        except TypeError as exc:
            raise ParamError(f"{cls.__qualname__}: {exc}") from None

    def with_overrides(self, overrides: Mapping[str, str]) -> Params:
        """Apply `key=value` strings from the command line, validating names and values."""
        if not overrides:
            return self
        kinds = self.kinds()
        changes: dict[str, Any] = {}
        for key, text in overrides.items():
            if key not in kinds:
                raise ParamError(
                    f"unknown parameter {key!r}; valid parameters: {', '.join(self.knob_names())}"
                )
            try:
                changes[key] = parse_value(kinds[key], text)
            except ValueError as exc:
                raise ParamError(f"parameter {key}: {exc}") from None
        return dataclasses.replace(self, **changes)


def _ok(kind: str, value: Any) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "int_range":
        return (
            isinstance(value, tuple)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        )
    if kind == "str_list":
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    if kind == "int_list":
        return isinstance(value, tuple) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    return False


def parse_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """`["k=v", ...]` from the command line into a dict; a malformed pair is a ParamError."""
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ParamError(f"--param expects key=value, got {pair!r}")
        key, value = pair.split("=", 1)
        key = key.strip()
        if not key:
            raise ParamError(f"--param expects key=value, got {pair!r}")
        out[key] = value
    return out
