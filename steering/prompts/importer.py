"""Import the original CodeSteer prompts into a prompt pack without executing anything (§3.4).

The published guide weights were trained on the original's exact strings, so an imported pack must
reproduce them byte for byte. The user's own checkout is read as bytes, decoded and parsed with
`ast`; nothing in it is imported, `exec`ed or run. symbench ships none of the original text: only
the byte lengths and sha256 prefixes that recognise it (the reference check).
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from steering.prompts.pack import (
    DEFAULT_PACK,
    GLUE_SLOTS,
    SCHEMA,
    PromptPack,
    load_pack,
    render_template,
    template_slots,
    validate,
)
from symbench.errors import SymbenchError

ORIGINAL_REPO = "yongchao98/CodeSteer-v1.0"
ORIGINAL_COMMIT = "2a7750d85c569cdaacd0f7cf6da40c6cc2a9d058"
PACK_NAME = "codesteer-original"
ORIGINAL = "original"
FALLBACK = DEFAULT_PACK

GENERATION = "generation_models.py"
CODESTEER = "benchmark/run_Logic_Game_CodeSteer_test.py"
BASELINES = "benchmark/run_Logic_Game_baseline_methods.py"
SYMBOLIC = "symbolic_code_check.py"


@dataclass(frozen=True)
class Reference:
    """One rule-3 constant: where it goes and how the original's text is recognised."""

    name: str
    key: str
    bytes: int
    prefix: str


REFERENCE: tuple[Reference, ...] = (
    Reference("code_text_choice_prompt", "prompts.choice", 586, "abfef572e0243e2e"),
    Reference("decision_prompt", "prompts.decision", 1848, "bc879acde1c24f30"),
    Reference("decision_prompt_text2code", "prompts.decision_to_code", 1365, "c1391abae3023f1e"),
    Reference("decision_prompt_complex_code", "prompts.decision_complex_code", 1264, "fbae8277925d0dec"),
    Reference("with_COT_code_output_prompt", "prompts.code_cot", 728, "8bb3fcfab0ec8521"),
    Reference("text_output_prompt", "prompts.text_cot", 255, "5faa2a8f48de1901"),
    Reference("Code_checker_prompt", "prompts.checker", 463, "e58821247d51653d"),
    Reference("AutoGen_prompt", "prompts.autogen", 2166, "8aed497980ef9617"),
    Reference("combined_agent_prompt", "prompts.summarizer", 1052, "8a68a83d6effc092"),
    Reference(
        "multi_turn_planning_prompt_with_code", "extra.multi_turn_planning_with_code", 634, "9117145ea9e0db72"
    ),
    Reference(
        "multi_turn_planning_prompt_without_code",
        "extra.multi_turn_planning_without_code",
        375,
        "0e15db3686184de4",
    ),
)
RULE3_NAMES = frozenset(ref.name for ref in REFERENCE)

MARK_OPEN, MARK_CLOSE = "\u27e6", "\u27e7"
LEAD_MARKER = f"{MARK_OPEN}extended{MARK_CLOSE}"


class KeyFailure(Exception):
    """A key (or all keys of one anchor) could not be imported; those keys fall back (rule 7)."""


class EvalError(Exception):
    """The independent evaluator met something other than constants, f-strings, names and `+`."""


# ---------------------------------------------------------------------------- reading (rule 1)
@dataclass(frozen=True)
class SourceFile:
    rel: str
    sha256: str
    tree: ast.Module


def parse_file(path: Path, rel: str) -> SourceFile:
    """Bytes -> UTF-8 (BOM dropped) -> `ast.parse`: the file is never imported or run."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFailure(f"{rel}: cannot read ({exc.strerror or exc})") from None
    try:
        tree = ast.parse(data.decode("utf-8-sig"), filename=rel)
    except UnicodeDecodeError as exc:
        raise KeyFailure(f"{rel}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except (SyntaxError, ValueError) as exc:
        raise KeyFailure(f"{rel}: does not parse ({exc})") from None
    return SourceFile(rel, hashlib.sha256(data).hexdigest(), tree)


# ---------------------------------------------------------------------------- independent evaluator (rule 6)
def evaluate(node: ast.expr, bindings: Mapping[str, str]) -> str:
    """Run-time value of a string expression, from constants, f-strings, bound names and `+` only."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left, bindings) + evaluate(node.right, bindings)
    if isinstance(node, ast.Name):
        return _lookup(node.id, bindings, "name")
    if isinstance(node, ast.JoinedStr):
        return "".join(_evaluate_part(part, bindings) for part in node.values)
    raise EvalError(f"unsupported expression `{ast.unparse(node)}`")


def _evaluate_part(part: ast.expr, bindings: Mapping[str, str]) -> str:
    if isinstance(part, ast.Constant):
        return str(part.value)
    assert isinstance(part, ast.FormattedValue)
    text = ast.unparse(part.value)
    if part.conversion != -1 or part.format_spec is not None:
        raise EvalError(f"replacement field {{{text}}} has a conversion or format spec")
    return _lookup(text, bindings, "replacement field")


def _lookup(text: str, bindings: Mapping[str, str], what: str) -> str:
    if text not in bindings:
        raise EvalError(f"{what} {{{text}}}" if what != "name" else f"name `{text}`")
    return bindings[text]


def marker(slot: str) -> str:
    return f"{MARK_OPEN}{slot}{MARK_CLOSE}"


# ---------------------------------------------------------------------------- templates (rule 4)
@dataclass(frozen=True)
class Slot:
    name: str


Piece = str | Slot


@dataclass(frozen=True)
class Expression:
    """A template's source: the whole expression, its template operands and a dropped leading name."""

    node: ast.expr
    ops: tuple[ast.expr, ...]
    lead: str | None = None
    augmented: bool = False

    @classmethod
    def of(cls, node: ast.expr) -> Expression:
        return cls(node, tuple(operands(node)))


def operands(node: ast.expr) -> list[ast.expr]:
    """The operands of a `+` chain, in order, however it is parenthesised."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return operands(node.left) + operands(node.right)
    return [node]


def escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def is_literal(node: ast.expr) -> bool:
    """A string constant or an f-string without replacement fields."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, ast.JoinedStr) and all(isinstance(p, ast.Constant) for p in node.values)


def field_texts(node: ast.expr) -> set[str]:
    """Source text of every replacement field and name operand of an expression."""
    out: set[str] = set()
    for op in operands(node):
        if isinstance(op, ast.Name):
            out.add(op.id)
        elif isinstance(op, ast.JoinedStr):
            out.update(ast.unparse(p.value) for p in op.values if isinstance(p, ast.FormattedValue))
    return out


def pieces(ops: Iterable[ast.expr], slots: Mapping[str, str], literals: Mapping[str, str]) -> list[Piece]:
    """Literal text and slots of the operands, adjacent literals merged."""
    out: list[Piece] = []
    for op in ops:
        for piece in _operand_pieces(op, slots, literals):
            if isinstance(piece, str) and out and isinstance(out[-1], str):
                out[-1] += piece
            else:
                out.append(piece)
    return out


def _operand_pieces(op: ast.expr, slots: Mapping[str, str], literals: Mapping[str, str]) -> list[Piece]:
    if isinstance(op, ast.Constant) and isinstance(op.value, str):
        return [op.value]
    if isinstance(op, ast.Name):
        return [_resolve(op.id, slots, literals)]
    if isinstance(op, ast.JoinedStr):
        return [p.value if isinstance(p, ast.Constant) else _field(p, slots, literals) for p in op.values]
    raise KeyFailure(f"unsupported operand `{ast.unparse(op)}`")


def _field(part: ast.expr, slots: Mapping[str, str], literals: Mapping[str, str]) -> Piece:
    assert isinstance(part, ast.FormattedValue)
    text = ast.unparse(part.value)
    if part.conversion != -1:
        raise KeyFailure(f"replacement field {{{text}!{chr(part.conversion)}}} has a conversion")
    if part.format_spec is not None:
        raise KeyFailure(f"replacement field {{{text}}} has a format spec")
    return _resolve(text, slots, literals)


def _resolve(text: str, slots: Mapping[str, str], literals: Mapping[str, str]) -> Piece:
    if text in slots:
        return Slot(slots[text])
    if text in literals:
        return literals[text]
    raise KeyFailure(f"unmapped expression `{text}`")


def template_of(parts: Iterable[Piece]) -> str:
    return "".join(f"{{{p.name}}}" if isinstance(p, Slot) else escape(p) for p in parts)


def build(source: Expression, slots: Mapping[str, str], literals: Mapping[str, str] | None = None) -> str:
    """Convert an expression into a template and prove it against the independent evaluator."""
    literals = literals or {}
    template = template_of(pieces(source.ops, slots, literals))
    self_check(template, source, slots, literals)
    return template


def self_check(
    template: str, source: Expression, slots: Mapping[str, str], literals: Mapping[str, str]
) -> None:
    """Rule 6: the rendered template must equal the source expression under the same marker bindings."""
    bindings = {text: marker(slot) for text, slot in slots.items()} | dict(literals)
    if source.lead:
        bindings[source.lead] = LEAD_MARKER
    try:
        actual = (LEAD_MARKER if source.augmented else "") + evaluate(source.node, bindings)
    except EvalError as exc:
        raise KeyFailure(f"self-check cannot evaluate the source: {exc}") from None
    try:
        rendered = render_template(template, {slot: marker(slot) for slot in slots.values()})
    except KeyError as exc:
        raise KeyFailure(f"self-check cannot render the template: {exc.args[0]}") from None
    if actual != (LEAD_MARKER if source.lead else "") + rendered:
        raise KeyFailure("self-check failed: the template does not reproduce its source expression")


# ---------------------------------------------------------------------------- AST navigation
Binding = ast.Assign | ast.AugAssign | ast.AnnAssign
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def local_nodes(roots: Iterable[ast.AST]) -> list[ast.AST]:
    """Every node under `roots` outside nested functions and classes, in source order."""
    out: list[ast.AST] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, _NESTED))
    return sorted(out, key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))


def find_function(tree: ast.Module, name: str, rel: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """The module-level function `name` (the last definition, as at run time)."""
    defs = [s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name]
    if not defs:
        raise KeyFailure(f"{rel}: function {name}() not found")
    return defs[-1]


def binds(stmt: ast.AST, name: str) -> bool:
    """`name = ...`, `name: T = ...` or `name += ...`."""
    if isinstance(stmt, ast.Assign):
        return len(stmt.targets) == 1 and _is_name(stmt.targets[0], name)
    if isinstance(stmt, ast.AugAssign):
        return isinstance(stmt.op, ast.Add) and _is_name(stmt.target, name)
    return isinstance(stmt, ast.AnnAssign) and stmt.value is not None and _is_name(stmt.target, name)


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def bindings_in(roots: Iterable[ast.AST], name: str) -> list[Binding]:
    return [n for n in local_nodes(roots) if binds(n, name)]  # type: ignore[misc]


def extends(stmt: Binding, name: str) -> bool:
    """`name += ...` or `name = name + ...`."""
    if isinstance(stmt, ast.AugAssign):
        return True
    ops = operands(stmt.value) if stmt.value is not None else []
    return len(ops) > 1 and _is_name(ops[0], name)


def binding_source(stmt: Binding, target: str, slots: Mapping[str, str]) -> Expression:
    """The template operands of a binding: the extended variable or a leading rule-3 constant is dropped."""
    assert stmt.value is not None
    ops = operands(stmt.value)
    if isinstance(stmt, ast.AugAssign):
        return Expression(stmt.value, tuple(ops), target, augmented=True)
    first = ops[0]
    if len(ops) > 1 and isinstance(first, ast.Name):
        if first.id == target or (first.id in RULE3_NAMES and first.id not in slots):
            return Expression(stmt.value, tuple(ops[1:]), first.id)
    return Expression(stmt.value, tuple(ops))


def blocks(func: ast.AST) -> Iterator[list[ast.stmt]]:
    """Every statement list of a function body (branches, loops, handlers), outside nested defs."""
    for node in local_nodes([func]):
        if node is not func and isinstance(node, _NESTED):
            continue
        for attr in ("body", "orelse", "finalbody"):
            value = getattr(node, attr, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                yield value


def single(candidates: Iterable[str], what: str) -> str:
    """Exactly one distinct candidate, else the key fails (missing or ambiguous)."""
    found = sorted(set(candidates))
    if not found:
        raise KeyFailure(f"no {what} found")
    if len(found) > 1:
        raise KeyFailure(f"{len(found)} different {what} found")
    return found[0]


def attempt(fn: Callable[[], str]) -> str | KeyFailure:
    try:
        return fn()
    except KeyFailure as exc:
        return exc


Outcomes = dict[str, str | KeyFailure]


# ---------------------------------------------------------------------------- generation_models.py
def _paraphrase(func: ast.FunctionDef) -> Outcomes:
    """The literal bound to `prompt` and how it is joined to the statement parameter."""

    def prompt() -> str:
        values = []
        for stmt in bindings_in(func.body, "prompt"):
            if isinstance(stmt, ast.AugAssign):
                raise KeyFailure("`prompt` is extended with +=, not bound to one literal")
            try:
                values.append(evaluate(stmt.value, {}))  # type: ignore[arg-type]
            except EvalError as exc:
                raise KeyFailure(f"the value bound to `prompt` is not a string constant: {exc}") from None
        return single(values, "literal bound to `prompt`")

    def joiner_() -> str:
        if not func.args.args:
            raise KeyFailure(f"{func.name}() has no statement parameter")
        return joiner(func, "prompt", func.args.args[0].arg)

    return {"prompts.paraphrase": attempt(prompt), "glue.paraphrase_joiner": attempt(joiner_)}


def joiner(func: ast.AST, left: str, right: str) -> str:
    """The literal text between `left` and `right` in the function's `+` chains (`""` if none)."""
    found = []
    chains = [n for n in local_nodes([func]) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)]
    inner = {id(c) for n in chains for c in (n.left, n.right)}
    for chain in (c for c in chains if id(c) not in inner):
        ops = operands(chain)
        for i in (i for i, op in enumerate(ops) if _is_name(op, left)):
            j = i + 1
            while j < len(ops) and is_literal(ops[j]):
                j += 1
            if j < len(ops) and _is_name(ops[j], right):
                found.append(_checked_joiner(ops[i : j + 1], left, right))
    return single(found, f"concatenation of `{left}` with `{right}`")


def _checked_joiner(ops: list[ast.expr], left: str, right: str) -> str:
    template = template_of(pieces(ops[1:-1], {}, {}))
    bindings = {left: marker(left), right: marker(right)}
    actual = "".join(evaluate(op, bindings) for op in ops)
    if actual != marker(left) + render_template(template, {}) + marker(right):
        raise KeyFailure("self-check failed for a joiner")
    return template


CHECKER_SLOTS = {"Code_checker_prompt": "checker", "question": "question", "response": "response"}
CHECKER_RETURN_KEYS = (
    "glue.checker_ok",
    "glue.checker_fail",
    "glue.checker_too_long",
    "glue.checker_no_code",
)
OUTPUT_SLOTS = {"output": "stdout", "errors": "stderr"}


def _checker_request(func: ast.FunctionDef) -> Outcomes:
    def request() -> str:
        stmts = bindings_in(func.body, "Input_prompt")
        return single(
            (build(binding_source(s, "Input_prompt", CHECKER_SLOTS), CHECKER_SLOTS) for s in stmts),
            "f-string bound to `Input_prompt`",
        )

    return {"glue.checker_request": attempt(request)}


def _checker_returns(func: ast.FunctionDef) -> Outcomes:
    """Returned strings, told apart by their fields; the no-code one uses the literal bound just before."""
    found: dict[str, list[str]] = {key: [] for key in CHECKER_RETURN_KEYS}
    failed: dict[str, KeyFailure] = {}
    for block in blocks(func):
        for i, stmt in enumerate(block):
            if not (isinstance(stmt, ast.Return) and stmt.value is not None and _stringish(stmt.value)):
                continue
            fields = field_texts(stmt.value)
            literals = _preceding_literals(block[:i], fields)
            key, slots = _classify_return(fields, literals)
            if key:
                try:
                    found[key].append(build(Expression.of(stmt.value), slots, literals))
                except KeyFailure as exc:
                    failed[key] = exc
    return {
        key: failed.get(key) or attempt(lambda key=key: single(found[key], f"return for {key}"))
        for key in CHECKER_RETURN_KEYS
    }


def _stringish(node: ast.expr) -> bool:
    """A returned string built from literals and fields (a bare name or a call is not glue)."""
    ops = operands(node)
    return not isinstance(node, ast.Name) and all(
        is_literal(op) or isinstance(op, (ast.JoinedStr, ast.Name)) for op in ops
    )


def _preceding_literals(before: list[ast.stmt], fields: set[str]) -> dict[str, str]:
    """Fields whose nearest earlier binding in the same block is a string constant."""
    out = {}
    for name in fields:
        stmt = next((s for s in reversed(before) if binds(s, name)), None)
        if isinstance(stmt, ast.Assign):
            try:
                out[name] = evaluate(stmt.value, {})
            except EvalError:
                continue
    return out


def _classify_return(fields: set[str], literals: Mapping[str, str]) -> tuple[str | None, dict[str, str]]:
    if fields and fields == set(literals):
        return "glue.checker_no_code", {}
    if fields == {"output"}:
        return "glue.checker_ok", {"output": "stdout"}
    if fields == {"output", "errors"}:
        return "glue.checker_fail", dict(OUTPUT_SLOTS)
    if not fields:
        return "glue.checker_too_long", {}
    return None, {}


# ---------------------------------------------------------------------------- run_Logic_Game_CodeSteer_test.py
EXEC_KEYS = ("glue.exec_suffix", "glue.exec_too_long")
FEEDBACK_KEYS = (
    "glue.feedback.response",
    "glue.feedback.check",
    "glue.feedback.complexity",
    "glue.feedback.closing",
)
FEEDBACK_SLOTS = {"response": "response", "check_result": "check", "code_complexity_summary": "complexity"}


def _extensions(
    roots: Iterable[ast.AST], name: str, slots: Mapping[str, str]
) -> list[tuple[set[str], Expression]]:
    """(fields, source) of every `name += ...` / `name = name + ...` under `roots`."""
    out = []
    for stmt in bindings_in(roots, name):
        if extends(stmt, name):
            source = binding_source(stmt, name, slots)
            out.append((set().union(*(field_texts(op) for op in source.ops)), source))
    return out


def _exec_glue(func: ast.FunctionDef) -> Outcomes:
    """The strings appended to `response`: with output and errors, and the too-long notice."""
    found = _extensions(func.body, "response", OUTPUT_SLOTS)

    def pick(fields: set[str], what: str) -> str:
        return single((build(s, OUTPUT_SLOTS) for f, s in found if f == fields), what)

    return {
        "glue.exec_suffix": attempt(
            lambda: pick({"output", "errors"}, "output/errors suffix appended to `response`")
        ),
        "glue.exec_too_long": attempt(lambda: pick(set(), "field-less notice appended to `response`")),
    }


def _timeout_note(func: ast.FunctionDef) -> Outcomes:
    def note() -> str:
        found = []
        for handler in local_nodes([func]):
            if not (isinstance(handler, ast.ExceptHandler) and handler.type is not None and handler.name):
                continue
            if ast.unparse(handler.type).split(".")[-1] != "TimeoutExpired":
                continue
            slots = {f"{handler.name}.cmd": "command", f"{handler.name}.timeout": "timeout_s"}
            found += [build(s, slots) for _, s in _extensions(handler.body, "errors", slots)]
        return single(found, "string added to `errors` in a TimeoutExpired handler")

    return {"glue.timeout_note": attempt(note)}


def _low_complexity_note(func: ast.FunctionDef) -> Outcomes:
    def note() -> str:
        found = [build(s, {}) for _, s in _extensions(func.body, "code_complexity_summary", {})]
        return single(found, "literal added to `code_complexity_summary`")

    return {"glue.low_complexity_note": attempt(note)}


def _decision_head(func: ast.FunctionDef) -> Outcomes:
    slots = {"decision_prompt": "decision", "question": "question"}

    def head() -> str:
        stmts = bindings_in(func.body, "CodeSteer_input_prompt_head")
        found = [build(binding_source(s, "CodeSteer_input_prompt_head", slots), slots) for s in stmts]
        return single(found, "f-string bound to `CodeSteer_input_prompt_head`")

    return {"glue.decision_head": attempt(head)}


def _joiners(func: ast.FunctionDef) -> Outcomes:
    return {
        "glue.choice_joiner": attempt(lambda: joiner(func, "code_text_choice_prompt", "question")),
        "glue.task_joiner": attempt(lambda: joiner(func, "starting_prompt_choice", "question")),
    }


def _feedback(func: ast.FunctionDef) -> Outcomes:
    try:
        sections = feedback_sections(func)
    except KeyFailure as exc:
        return dict.fromkeys(FEEDBACK_KEYS, exc)
    return dict(sections)


def feedback_sections(func: ast.FunctionDef) -> dict[str, str]:
    """Rule 5: split the with-complexity expression into the four sections, then prove both variants."""
    stmts = bindings_in(func.body, "CodeSteer_input_prompt")
    with_c = [s.value for s in stmts if "code_complexity_summary" in field_texts(s.value)]  # type: ignore[arg-type]
    without = [s.value for s in stmts if "code_complexity_summary" not in field_texts(s.value)]  # type: ignore[arg-type]
    if len(with_c) != 1 or len(without) != 1:
        raise KeyFailure(
            f"expected one binding of `CodeSteer_input_prompt` with and one without the complexity field, "
            f"found {len(with_c)} and {len(without)}"
        )
    ops = operands(with_c[0])
    closing_ops = ops[-1:] if len(ops) > 1 and is_literal(ops[-1]) else []
    body = pieces(ops[: len(ops) - len(closing_ops)], FEEDBACK_SLOTS, {})
    sections = split_sections(body)
    sections["glue.feedback.closing"] = template_of(pieces(closing_ops, {}, {}))
    _check_feedback(sections, with_c[0], without[0])
    return sections


def split_sections(body: list[Piece]) -> dict[str, str]:
    """Each literal between two fields is cut after its last blank line; the head closes the previous section."""
    slots = [p for p in body if isinstance(p, Slot)]
    if sorted(s.name for s in slots) != ["check", "complexity", "response"]:
        raise KeyFailure(
            f"the feedback fields are {[s.name for s in slots]}, expected response, check, complexity"
        )
    lits: list[str] = [""]
    for piece in body:
        if isinstance(piece, Slot):
            lits.append("")
        else:
            lits[-1] += piece
    heads, rests = [lits[0]], [lits[0]]
    for lit in lits[1:-1]:
        cut = lit.rfind("\n\n")
        if cut < 0:
            raise KeyFailure(f"no blank line to cut the feedback literal {lit!r} at")
        heads.append(lit[: cut + 2])
        rests.append(lit[cut + 2 :])
    heads.append(lits[-1])
    return {
        f"glue.feedback.{slot.name}": escape(rests[k]) + f"{{{slot.name}}}" + escape(heads[k + 1])
        for k, slot in enumerate(slots)
    }


def _check_feedback(sections: Mapping[str, str], with_c: ast.expr, without: ast.expr) -> None:
    markers = {slot: marker(slot) for slot in FEEDBACK_SLOTS.values()}
    bindings = {text: marker(slot) for text, slot in FEEDBACK_SLOTS.items()}

    def rendered(*names: str) -> str:
        return "".join(render_template(sections[f"glue.feedback.{n}"], markers) for n in names)

    try:
        ok = evaluate(with_c, bindings) == rendered("response", "check", "complexity", "closing")
        ok = ok and evaluate(without, bindings) == rendered("response", "check", "closing")
    except (EvalError, KeyError) as exc:
        raise KeyFailure(f"self-check cannot evaluate the feedback expressions: {exc}") from None
    if not ok:
        raise KeyFailure("self-check failed: the feedback sections do not reproduce both original variants")


# ---------------------------------------------------------------------------- run_Logic_Game_baseline_methods.py
SUM_KEYS = (
    "glue.sum.question",
    "glue.sum.text_agent",
    "glue.sum.text_agent_exec",
    "glue.sum.code_agent",
    "glue.sum.code_agent_exec",
    "glue.sum.closing",
)
SUM_SLOTS = {
    "question": "question",
    "response_all_text": "response",
    "response_all_code": "response",
    "extracted_all_text": "result",
    "extracted_all_code": "result",
}


def _summarizer(func: ast.FunctionDef) -> Outcomes:
    """The six bindings of `input_prompt` in the block that starts from `combined_agent_prompt`."""
    branch = summarizer_branch(func)
    stmts = bindings_in(branch, "input_prompt")
    if len(stmts) != len(SUM_KEYS):
        raise KeyFailure(
            f"{len(stmts)} bindings of `input_prompt` in the summarizer branch, expected {len(SUM_KEYS)}"
        )
    return {
        key: attempt(lambda s=stmt: build(binding_source(s, "input_prompt", SUM_SLOTS), SUM_SLOTS))
        for key, stmt in zip(SUM_KEYS, stmts)
    }


def summarizer_branch(func: ast.FunctionDef) -> list[ast.stmt]:
    for block in blocks(func):
        for stmt in block:
            if binds(stmt, "input_prompt") and "combined_agent_prompt" in field_texts(stmt.value):  # type: ignore[attr-defined]
                return block
    raise KeyFailure("no binding of `input_prompt` built from `combined_agent_prompt`")


# ---------------------------------------------------------------------------- symbolic_code_check.py
REASON_KEYS = tuple(
    f"glue.symbolic_compat.reason_{k}" for k in ("loop", "itertools", "eval", "format", "binop")
)
HEAD_KEYS = tuple(f"glue.symbolic_compat.head_{k}" for k in ("search", "symbolic", "numeric"))
COMPAT_APPROACH_KEYS = ("glue.symbolic_compat.parse_error", *REASON_KEYS)
COMPAT_EXPLAIN_KEYS = (
    *HEAD_KEYS,
    "glue.symbolic_compat.bullet",
    "glue.symbolic_compat.score_line",
    "glue.symbolic_compat.joiner",
)


def _append_args(func: ast.FunctionDef) -> list[ast.expr]:
    """The single argument of every `x.append(...)` call, in source order."""
    return [
        n.args[0]
        for n in local_nodes(func.body)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "append"
        and len(n.args) == 1
        and not n.keywords
    ]


def _literal_sequence(nodes: list[ast.expr], keys: tuple[str, ...], what: str) -> Outcomes:
    literals = [n for n in nodes if is_literal(n)]
    if len(literals) != len(keys):
        raise KeyFailure(f"{len(literals)} {what}, expected {len(keys)}")
    return {key: attempt(lambda n=node: build(Expression.of(n), {})) for key, node in zip(keys, literals)}


def _compat_approach(func: ast.FunctionDef) -> Outcomes:
    def parse_error() -> str:
        found = []
        for handler in local_nodes([func]):
            if isinstance(handler, ast.ExceptHandler) and handler.name:
                slots = {f"str({handler.name})": "error"}
                strings = [
                    n for n in local_nodes(handler.body) if isinstance(n, ast.JoinedStr) and field_texts(n)
                ]
                found += [build(Expression.of(n), slots) for n in strings]
        return single(found, "f-string with a field in an exception handler")

    out: Outcomes = {"glue.symbolic_compat.parse_error": attempt(parse_error)}
    try:
        out.update(_literal_sequence(_append_args(func), REASON_KEYS, "literal reasons appended"))
    except KeyFailure as exc:
        out.update(dict.fromkeys(REASON_KEYS, exc))
    return out


def _compat_explain(func: ast.FunctionDef) -> Outcomes:
    args = _append_args(func)
    out: Outcomes = {}
    try:
        out.update(_literal_sequence(args, HEAD_KEYS, "literal headings appended"))
    except KeyFailure as exc:
        out.update(dict.fromkeys(HEAD_KEYS, exc))
    score_slots = {"results['complexity_score']": "score"}
    scores = [n for n in args if not is_literal(n)]
    out["glue.symbolic_compat.score_line"] = attempt(
        lambda: single((build(Expression.of(n), score_slots) for n in scores), "appended score f-string")
    )
    out["glue.symbolic_compat.bullet"] = attempt(lambda: _bullet(func))
    out["glue.symbolic_compat.joiner"] = attempt(lambda: _join_separator(func))
    return out


def _bullet(func: ast.FunctionDef) -> str:
    found = []
    for comp in local_nodes(func.body):
        if isinstance(comp, (ast.ListComp, ast.GeneratorExp)) and isinstance(comp.elt, ast.JoinedStr):
            slots = {ast.unparse(comp.generators[0].target): "reason"}
            found.append(build(Expression.of(comp.elt), slots))
    return single(found, "bullet f-string in a comprehension")


def _join_separator(func: ast.FunctionDef) -> str:
    found = [
        build(Expression.of(n.func.value), {})
        for n in local_nodes(func.body)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "join"
        and is_literal(n.func.value)
    ]
    return single(found, "string `.join` separator")


# ---------------------------------------------------------------------------- anchors
@dataclass(frozen=True)
class Anchor:
    """Where a group of keys comes from: a sibling file, a function in it, and its extractor."""

    file: str
    function: str
    keys: tuple[str, ...]
    extract: Callable[[Any], Outcomes]


ANCHORS: tuple[Anchor, ...] = (
    Anchor(GENERATION, "paraphrase_with_GPT4", ("prompts.paraphrase", "glue.paraphrase_joiner"), _paraphrase),
    Anchor(GENERATION, "LLM_answer_code_checker", ("glue.checker_request",), _checker_request),
    Anchor(GENERATION, "LLM_answer_code_checker", CHECKER_RETURN_KEYS, _checker_returns),
    Anchor(CODESTEER, "run_logic_game", EXEC_KEYS, _exec_glue),
    Anchor(CODESTEER, "run_logic_game", ("glue.timeout_note",), _timeout_note),
    Anchor(CODESTEER, "run_logic_game", ("glue.low_complexity_note",), _low_complexity_note),
    Anchor(CODESTEER, "run_logic_game", ("glue.decision_head",), _decision_head),
    Anchor(CODESTEER, "run_logic_game", FEEDBACK_KEYS, _feedback),
    Anchor(CODESTEER, "run_logic_game", ("glue.choice_joiner", "glue.task_joiner"), _joiners),
    Anchor(BASELINES, "run_logic_game_baselines", SUM_KEYS, _summarizer),
    Anchor(SYMBOLIC, "analyze_computational_approach", COMPAT_APPROACH_KEYS, _compat_approach),
    Anchor(SYMBOLIC, "analyze_code_and_explain", COMPAT_EXPLAIN_KEYS, _compat_explain),
)
ORIGINAL_KEYS: tuple[str, ...] = tuple(r.key for r in REFERENCE) + tuple(k for a in ANCHORS for k in a.keys)


@dataclass(frozen=True)
class KeyResult:
    """One pack key: its value when imported, where it came from, or why it fell back."""

    source: str
    note: str
    value: Any = None


def run_anchor(anchor: Anchor, files: Mapping[str, SourceFile | KeyFailure]) -> dict[str, KeyResult]:
    """Import one anchor's keys; any failure sends the affected keys to the fallback."""
    where = f"{anchor.file}: {anchor.function}()"
    source = files[anchor.file]
    try:
        if isinstance(source, KeyFailure):
            raise source
        func = find_function(source.tree, anchor.function, anchor.file)
    except KeyFailure as exc:  # the file or the function is missing: the reason names it
        return {key: KeyResult(FALLBACK, str(exc)) for key in anchor.keys}
    try:
        outcomes = anchor.extract(func)
    except KeyFailure as exc:
        outcomes = dict.fromkeys(anchor.keys, exc)
    results = {}
    for key in anchor.keys:
        outcome = outcomes[key]
        if isinstance(outcome, str):
            outcome = _slot_check(key, outcome)
        if isinstance(outcome, KeyFailure):
            results[key] = KeyResult(FALLBACK, f"{where}: {outcome}")
        else:
            results[key] = KeyResult(ORIGINAL, where, outcome)
    return results


def _slot_check(key: str, value: str) -> str | KeyFailure:
    """A glue template may use only its key's slots (§3.2); prompts are literal and never checked."""
    if not key.startswith("glue."):
        return value
    used, problems = template_slots(value)
    extra = sorted(used - GLUE_SLOTS[key[len("glue.") :]])
    if problems or extra:
        return KeyFailure("; ".join(problems + [f"slot {{{s}}} is not allowed for this key" for s in extra]))
    return value


# ---------------------------------------------------------------------------- prompt.py constants (rule 2)
@dataclass(frozen=True)
class ReferenceCheck:
    ref: Reference
    bytes: int
    sha256: str

    @property
    def matches(self) -> bool:
        return self.bytes == self.ref.bytes and self.sha256.startswith(self.ref.prefix)


def module_bindings(tree: ast.Module) -> dict[str, list[ast.stmt]]:
    """Every module-level statement that binds each name, in order."""
    out: dict[str, list[ast.stmt]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets = [t for target in stmt.targets for t in _target_names(target)]
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            targets = _target_names(stmt.target)
        else:
            continue
        for name in targets:
            out.setdefault(name, []).append(stmt)
    return out


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for elt in target.elts for n in _target_names(elt)]
    return []


def read_constants(source: SourceFile) -> tuple[dict[str, str], list[str]]:
    """The rule-3 constants' exact run-time values; problems raise, duplicates warn (last wins)."""
    table = module_bindings(source.tree)
    values, problems, warnings = {}, [], []
    for ref in REFERENCE:
        stmts = table.get(ref.name)
        if not stmts:
            problems.append(f"`{ref.name}` is not assigned at module level")
            continue
        if len(stmts) > 1:
            lines = ", ".join(str(s.lineno) for s in stmts)
            warnings.append(
                f"{source.rel}: `{ref.name}` is assigned {len(stmts)} times (lines {lines}); the last is used"
            )
        try:
            values[ref.name] = _constant_value(stmts[-1], ref.name)
        except EvalError as exc:
            problems.append(f"`{ref.name}` (line {stmts[-1].lineno}) is not a string constant: {exc}")
    if problems:
        raise SymbenchError(f"{source.rel}: " + "; ".join(problems))
    return values, warnings


def _constant_value(stmt: ast.stmt, name: str) -> str:
    if isinstance(stmt, ast.AugAssign):
        raise EvalError("augmented assignment")
    if not binds(stmt, name):
        raise EvalError("not a single-name assignment")
    return evaluate(stmt.value, {})  # type: ignore[attr-defined]


def reference_checks(values: Mapping[str, str]) -> list[ReferenceCheck]:
    out = []
    for ref in REFERENCE:
        data = values[ref.name].encode("utf-8")
        out.append(ReferenceCheck(ref, len(data), hashlib.sha256(data).hexdigest()))
    return out


# ---------------------------------------------------------------------------- assembly (rules 7-8)
@dataclass
class ImportReport:
    pack: dict[str, Any]
    pack_hash: str
    keys: dict[str, KeyResult]
    references: list[ReferenceCheck]
    warnings: list[str]

    @property
    def complete(self) -> bool:
        return bool(self.pack["origin"]["complete"])

    @property
    def reference_match(self) -> str:
        return str(self.pack["origin"]["reference_match"])

    @property
    def missing(self) -> list[str]:
        """Keys with an original counterpart that fell back."""
        return [k for k in ORIGINAL_KEYS if self.keys[k].source != ORIGINAL]


def import_prompts(prompt_path: Path, repo_root: Path | None = None) -> ImportReport:
    """Build the `codesteer-original` pack from a checkout; reads and parses, never runs."""
    prompt_path = Path(prompt_path)
    root = Path(repo_root) if repo_root is not None else prompt_path.parent
    if not prompt_path.is_file():
        raise SymbenchError(f"{prompt_path}: no such file")
    if not root.is_dir():
        raise SymbenchError(f"--repo-root {root}: no such directory")
    try:
        prompt = parse_file(prompt_path, _relative(prompt_path, root))
    except KeyFailure as exc:
        raise SymbenchError(str(exc)) from None
    values, warnings = read_constants(prompt)
    results = {r.key: KeyResult(ORIGINAL, f"{prompt.rel}: {r.name}", values[r.name]) for r in REFERENCE}
    files = _parse_siblings(root)
    for anchor in ANCHORS:
        results.update(run_anchor(anchor, files))
    checks = reference_checks(values)
    hashes = {prompt.rel: prompt.sha256} | {
        rel: f.sha256 for rel, f in files.items() if isinstance(f, SourceFile)
    }
    pack, keys = assemble(results, checks, hashes)
    return ImportReport(pack, PromptPack(pack).hash, keys, checks, warnings)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _parse_siblings(root: Path) -> dict[str, SourceFile | KeyFailure]:
    out: dict[str, SourceFile | KeyFailure] = {}
    for rel in dict.fromkeys(a.file for a in ANCHORS):
        path = root / rel
        try:
            out[rel] = (
                parse_file(path, rel) if path.is_file() else KeyFailure(f"{rel} not found under {root}")
            )
        except KeyFailure as exc:
            out[rel] = exc
    return out


def assemble(
    results: Mapping[str, KeyResult], checks: list[ReferenceCheck], hashes: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, KeyResult]]:
    """The default pack with every imported key replaced, its provenance, validated with pack.py."""
    default = load_pack(DEFAULT_PACK).to_json()
    pack: dict[str, Any] = {
        "schema": SCHEMA,
        "name": PACK_NAME,
        "base": None,
        "description": f"Imported from a local checkout of {ORIGINAL_REPO}; keys without an original "
        f"counterpart come from {DEFAULT_PACK}.",
        "origin": {},
        "few_shot": default["few_shot"],
        "extra": {},
        "prompts": default["prompts"],
        "glue": default["glue"],
    }
    for key, result in results.items():
        if result.source == ORIGINAL:
            _set(pack, key, result.value)
    keys = {path: _key_result(path, results) for path in key_paths(pack)}
    pack["origin"] = _origin(checks, hashes, keys)
    problems = validate(pack)
    if problems:
        raise SymbenchError("the imported pack is invalid: " + "; ".join(problems))
    return pack, keys


def _key_result(path: str, results: Mapping[str, KeyResult]) -> KeyResult:
    if path in results:
        return results[path]
    return KeyResult(FALLBACK, "no original counterpart")


def _set(pack: dict[str, Any], key: str, value: Any) -> None:
    head, *rest = key.split(".")
    node = pack[head]
    for part in rest[:-1]:
        node = node[part]
    node[rest[-1]] = value


def key_paths(pack: Mapping[str, Any]) -> list[str]:
    """Every key of a pack as a dotted path (`glue.control_synonyms` is one key)."""
    paths = [f"prompts.{k}" for k in pack["prompts"]] + ["few_shot"] + [f"extra.{k}" for k in pack["extra"]]
    return paths + _glue_paths(pack["glue"], "glue.")


def _glue_paths(node: Mapping[str, Any], prefix: str) -> list[str]:
    out = []
    for key, value in node.items():
        if isinstance(value, dict) and not (prefix == "glue." and key == "control_synonyms"):
            out += _glue_paths(value, f"{prefix}{key}.")
        else:
            out.append(prefix + key)
    return out


def _origin(
    checks: list[ReferenceCheck], hashes: Mapping[str, str], keys: Mapping[str, KeyResult]
) -> dict[str, Any]:
    differing = [c.ref.name for c in checks if not c.matches]
    return {
        "kind": "codesteer-original",
        "commit_expected": ORIGINAL_COMMIT,
        "files": dict(sorted(hashes.items())),
        "constants": {c.ref.name: {"bytes": c.bytes, "sha256": c.sha256} for c in checks},
        "reference_match": "modified" if differing else "exact",
        "reference_mismatch": differing,
        "glue_sources": {path: result.source for path, result in keys.items()},
        "complete": all(keys[k].source == ORIGINAL for k in ORIGINAL_KEYS),
    }


def write_pack(report: ImportReport, out: Path) -> None:
    """Write the pack as UTF-8 JSON; strings survive byte for byte."""
    text = json.dumps(report.pack, indent=2, ensure_ascii=False) + "\n"
    try:
        Path(out).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise SymbenchError(f"cannot write {out}: {exc.strerror or exc}") from None
