"""Load, validate, hash and render prompt packs (§3.1-3.2).

No prompt wording lives in Python code: methods read `pack.prompt(...)` (sent byte for byte) and
`pack.render(...)` (glue templates with `{slot}` fields, rendered in one pass).
"""

from __future__ import annotations

import copy
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from symbench.canonical import digest_of
from symbench.errors import SymbenchError

SCHEMA = "symbench.prompt-pack/1"
DEFAULT_PACK = "symbench-default-1"

PROMPT_KEYS = (
    "choice",
    "decision",
    "decision_to_code",
    "decision_complex_code",
    "decision_code_first",
    "code_cot",
    "text_cot",
    "checker",
    "autogen",
    "summarizer",
    "paraphrase",
    "code_interpreter",
    "few_shot_intro",
)
PROMPT_LISTS = {"code_first_escalation": 2}

_S = frozenset
GLUE_SLOTS: dict[str, frozenset[str]] = {
    "choice_joiner": _S(),
    "task_joiner": _S(),
    "paraphrase_joiner": _S(),
    "decision_head": _S({"decision", "question"}),
    "guide_reask": _S(),
    "feedback.response": _S({"response"}),
    "feedback.check": _S({"check"}),
    "feedback.complexity": _S({"complexity"}),
    "feedback.closing": _S(),
    "exec_suffix": _S({"stdout", "stderr"}),
    "exec_too_long": _S(),
    "timeout_note": _S({"timeout_s", "command"}),
    "truncation_marker": _S({"omitted_tokens"}),
    "low_complexity_note": _S(),
    "task_exec_feedback": _S({"stdout", "stderr", "status"}),
    "checker_request": _S({"checker", "question", "response"}),
    "checker_ok": _S({"stdout"}),
    "checker_fix": _S({"stdout", "stderr"}),
    "checker_fail": _S({"stdout", "stderr"}),
    "checker_need_code": _S(),
    "checker_no_code": _S(),
    "checker_too_long": _S(),
    "symbolic_v2.search": _S({"loops", "max_depth", "calls"}),
    "symbolic_v2.solver": _S({"libs"}),
    "symbolic_v2.recursion": _S({"functions", "kind"}),
    "symbolic_v2.dynamic_eval": _S({"calls"}),
    "symbolic_v2.numeric": _S({"binops", "libs"}),
    "symbolic_v2.hardcoded": _S(),
    "symbolic_v2.score": _S({"score"}),
    "symbolic_v2.parse_error": _S({"error", "line"}),
    "symbolic_compat.parse_error": _S({"error"}),
    "symbolic_compat.bullet": _S({"reason"}),
    "symbolic_compat.score_line": _S({"score"}),
    **{
        f"symbolic_compat.{k}": _S()
        for k in (
            "reason_loop",
            "reason_itertools",
            "reason_eval",
            "reason_format",
            "reason_binop",
            "head_search",
            "head_symbolic",
            "head_numeric",
            "joiner",
        )
    },
    "sum.question": _S({"question"}),
    "sum.text_agent": _S({"response"}),
    "sum.text_agent_exec": _S({"result"}),
    "sum.code_agent": _S({"response"}),
    "sum.code_agent_exec": _S({"result"}),
    "sum.closing": _S(),
    "tool_result": _S({"stdout", "stderr", "status"}),
    "few_shot_example": _S({"index", "example"}),
    "few_shot_next": _S({"report"}),
    "elided_turn": _S({"turn"}),
    "turn_summary": _S({"turn", "mode", "exec_status", "first_line", "check_status", "score"}),
}
CONTROL_KINDS = ("CODE", "TEXT", "RETURN_ANSWER", "TERMINATE")
TOP_KEYS = {"schema", "name", "base", "description", "origin", "few_shot", "extra", "prompts", "glue"}
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_SLOT = re.compile(r"[a-z_][a-z0-9_]*")


def template_slots(template: str) -> tuple[set[str], list[str]]:
    """Slots a template uses and the problems found (bad slot names, unbalanced braces)."""
    slots: set[str] = set()
    problems = []
    for m in _FIELD.finditer(template):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group(1) is None:
            problems.append(f"unbalanced brace at offset {m.start()}")
        elif not _SLOT.fullmatch(m.group(1)):
            problems.append(f"bad slot {{{m.group(1)}}}")
        else:
            slots.add(m.group(1))
    return slots, problems


def render_template(template: str, values: dict[str, Any]) -> str:
    """One pass: `{name}` -> str(value), `{{`/`}}` -> braces; values are never re-scanned."""

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = m.group(1)
        if name is None or name not in values:
            raise KeyError(f"template slot {token!r} has no value")
        return str(values[name])

    return _FIELD.sub(sub, template)


def _flatten(glue: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in glue.items():
        path = f"{prefix}{key}"
        if key == "control_synonyms" and not prefix:
            out[path] = value
        elif isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "control_synonyms":
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


class PromptPack:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.name: str = data["name"]
        self.glue_flat = _flatten(data["glue"])
        self.hash = digest_of({k: data[k] for k in ("schema", "prompts", "glue", "few_shot", "extra")})

    @property
    def origin(self) -> dict[str, Any]:
        return self.data.get("origin") or {}

    def prompt(self, key: str) -> Any:
        """A literal prompt (string or list), byte for byte."""
        return self.data["prompts"][key]

    @property
    def few_shot(self) -> list[str]:
        return list(self.data["few_shot"])

    def glue(self, key: str) -> Any:
        return self.glue_flat[key]

    def render(self, key: str, **values: Any) -> str:
        return render_template(self.glue_flat[key], values)

    @property
    def control_synonyms(self) -> dict[str, str]:
        return dict(self.glue_flat.get("control_synonyms") or {})

    def to_json(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)


def validate(data: dict[str, Any]) -> list[str]:
    """Every problem of a resolved pack at once (§3.1)."""
    problems = []
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(f"unknown top-level key {key!r}")
    if data.get("schema") != SCHEMA:
        problems.append(f"schema must be {SCHEMA!r}")
    if not isinstance(data.get("name"), str) or not data.get("name"):
        problems.append("name must be a non-empty string")
    prompts = data.get("prompts")
    if not isinstance(prompts, dict):
        problems.append("prompts must be an object")
        prompts = {}
    for key in PROMPT_KEYS:
        if not isinstance(prompts.get(key), str):
            problems.append(f"prompts.{key} must be a string")
    for key, n in PROMPT_LISTS.items():
        value = prompts.get(key)
        if not (isinstance(value, list) and len(value) == n and all(isinstance(v, str) for v in value)):
            problems.append(f"prompts.{key} must be a list of {n} strings")
    for key in sorted(set(prompts) - set(PROMPT_KEYS) - set(PROMPT_LISTS)):
        problems.append(f"unknown key prompts.{key}")
    few = data.get("few_shot")
    if not (isinstance(few, list) and len(few) == 5 and all(isinstance(v, str) for v in few)):
        problems.append("few_shot must be a list of 5 strings")
    extra = data.get("extra", {})
    if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
        problems.append("extra must map names to strings")
    glue = data.get("glue")
    if not isinstance(glue, dict):
        return problems + ["glue must be an object"]
    flat = _flatten(glue)
    synonyms = flat.pop("control_synonyms", None)
    if not isinstance(synonyms, dict) or any(v not in CONTROL_KINDS for v in synonyms.values()):
        problems.append(f"glue.control_synonyms must map phrases to one of {', '.join(CONTROL_KINDS)}")
    for key, allowed in GLUE_SLOTS.items():
        value = flat.get(key)
        if not isinstance(value, str):
            problems.append(f"glue.{key} must be a string")
            continue
        used, bad = template_slots(value)
        problems += [f"glue.{key}: {p}" for p in bad]
        for slot in sorted(used - allowed):
            problems.append(f"glue.{key}: slot {{{slot}}} is not allowed here (allowed: {sorted(allowed)})")
    for key in sorted(set(flat) - set(GLUE_SLOTS)):
        problems.append(f"unknown key glue.{key}")
    return problems


def _shipped(name: str) -> Path | None:
    path = resources.files("steering.prompts").joinpath("packs", f"{name}.json")
    return Path(str(path)) if path.is_file() else None


def shipped_packs() -> list[str]:
    folder = resources.files("steering.prompts").joinpath("packs")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def _find(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix == ".json" and path.is_file():
        return path
    shipped = _shipped(name_or_path)
    if shipped:
        return shipped
    pack_dir = os.environ.get("SYMBENCH_PACK_DIR")
    if pack_dir and (Path(pack_dir) / f"{name_or_path}.json").is_file():
        return Path(pack_dir) / f"{name_or_path}.json"
    raise SymbenchError(f"prompt pack {name_or_path!r} not found (shipped: {', '.join(shipped_packs())})")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SymbenchError(f"prompt pack {path}: cannot read ({exc})") from None
    if not isinstance(data, dict):
        raise SymbenchError(f"prompt pack {path}: not a JSON object")
    return data


def load_pack(name_or_path: str = DEFAULT_PACK, _seen: tuple[str, ...] = ()) -> PromptPack:
    path = _find(name_or_path)
    data = _read(path)
    base = data.get("base")
    if base:
        if base in _seen:
            raise SymbenchError(f"prompt pack {path}: base chain loops through {base!r}")
        resolved = _merge(load_pack(base, (*_seen, name_or_path)).data, data)
        resolved["base"] = base
        data = resolved
    data.setdefault("extra", {})
    problems = validate(data)
    if problems:
        raise SymbenchError(f"prompt pack {path} is invalid: " + "; ".join(problems))
    return PromptPack(data)
