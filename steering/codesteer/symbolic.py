"""The Symbolic Checker (steering.md §2.1): a static, deterministic analysis of one python block.

`v2` reads every feature from the AST (never regular expressions over source text) and never runs
the code. `compat` reproduces the original checker's observable behaviour, faults included, for
paper-comparison runs only. Wording of the summaries comes from the prompt pack's templates.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

SEARCH_CALLS = frozenset(
    {
        "itertools.permutations",
        "itertools.combinations",
        "itertools.combinations_with_replacement",
        "itertools.product",
        "heapq.heappush",
        "heapq.heappop",
    }
)
MEMO_DECORATORS = frozenset({"functools.lru_cache", "functools.cache"})
SOLVER_ROOTS = ("sympy", "z3", "ortools", "pulp", "constraint", "cvxpy", "scipy.optimize", "pysat")
NUMERIC_LIBS = ("math", "fractions", "decimal", "numpy", "statistics")
NETWORKX_CONSTRUCTORS = frozenset({"Graph", "DiGraph", "MultiGraph", "MultiDiGraph"})
DYNAMIC_BUILTINS = frozenset({"eval", "exec", "compile"})

Render = Callable[[str, Mapping[str, Any]], str]


@dataclasses.dataclass
class Features:
    loops: int = 0
    comprehension_loops: int = 0
    max_loop_depth: int = 0
    branches: int = 0
    handlers: int = 0
    binops: int = 0
    search_use: bool = False
    search_calls: list[str] = dataclasses.field(default_factory=list)
    solver_use: bool = False
    solver_libs: list[str] = dataclasses.field(default_factory=list)
    recursion: bool = False
    recursive_functions: list[str] = dataclasses.field(default_factory=list)
    backtracking: bool = False
    dynamic_eval: bool = False
    dynamic_calls: list[str] = dataclasses.field(default_factory=list)
    numeric_libs: list[str] = dataclasses.field(default_factory=list)
    hardcoded_output_suspected: bool = False


@dataclasses.dataclass
class SymbolicReport:
    parse_ok: bool
    error: str | None
    features: dict[str, Any]
    score: float
    strong: bool
    low_complexity: bool
    summary: str
    mode: str

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# ------------------------------------------------------------------------------------ name resolution
def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class _Imports:
    """Every alias of every import anywhere in the tree, so calls resolve to dotted names."""

    def __init__(self, tree: ast.AST) -> None:
        self.aliases: dict[str, str] = {}
        self.modules: set[str] = set()
        self.star: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.modules.add(alias.name)
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        self.aliases.setdefault(root, root)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                self.modules.add(node.module)
                for alias in node.names:
                    if alias.name == "*":
                        self.star.add(node.module)
                    else:
                        full = f"{node.module}.{alias.name}"
                        self.modules.add(full)
                        self.aliases[alias.asname or alias.name] = full

    def resolve(self, func: ast.AST) -> str | None:
        dotted = _dotted(func)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head in self.aliases:
            base = self.aliases[head]
            return f"{base}.{rest}" if rest else base
        return None


def _under(name: str, root: str) -> bool:
    return name == root or name.startswith(root + ".")


# ------------------------------------------------------------------------------------ v2 analysis
class _DepthVisitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.depth = 0
        self.max_depth = 0

    def _enter(self, body: Callable[[], None]) -> None:
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        body()
        self.depth -= 1

    def _loop(self, node: ast.AST) -> None:
        self._enter(lambda: self.generic_visit(node))

    visit_For = visit_AsyncFor = visit_While = _loop

    def _comprehension(self, node: ast.AST) -> None:
        generators = node.generators  # type: ignore[attr-defined]
        start = self.depth
        for gen in generators:
            self.visit(gen.iter)
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self.visit(gen.target)
            for cond in gen.ifs:
                self.visit(cond)
        for field in ("elt", "key", "value"):
            child = getattr(node, field, None)
            if child is not None:
                self.visit(child)
        self.depth = start

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension


def _count_branches(tree: ast.AST) -> int:
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            count += 1
            if node.orelse and not (len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If)):
                count += 1
        elif isinstance(node, ast.IfExp) or type(node).__name__ == "match_case":
            count += 1
    return count


def _functions(tree: ast.AST) -> tuple[dict[str, ast.AST], dict[str, set[str]]]:
    """Functions defined in the block and the call graph among them (methods via self./cls.)."""
    defs: dict[str, ast.AST] = {}
    graph: dict[str, set[str]] = {}

    def visit(node: ast.AST, class_methods: set[str] | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                methods = {
                    c.name for c in child.body if isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef))
                }
                visit(child, methods)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defs.setdefault(child.name, child)
                calls = graph.setdefault(child.name, set())
                for sub in ast.walk(child):
                    if isinstance(sub, ast.Call):
                        if isinstance(sub.func, ast.Name):
                            calls.add(sub.func.id)
                        elif (
                            class_methods
                            and isinstance(sub.func, ast.Attribute)
                            and isinstance(sub.func.value, ast.Name)
                            and sub.func.value.id in ("self", "cls")
                            and sub.func.attr in class_methods
                        ):
                            calls.add(sub.func.attr)
                visit(child, class_methods)
            else:
                visit(child, class_methods)

    visit(tree, None)
    return defs, {name: {c for c in calls if c in defs} for name, calls in graph.items()}


def _recursive(graph: dict[str, set[str]]) -> list[str]:
    import networkx as nx

    g = nx.DiGraph()
    for name, callees in graph.items():
        g.add_node(name)
        g.add_edges_from((name, callee) for callee in callees)
    found: set[str] = set()
    for component in nx.strongly_connected_components(g):
        if len(component) > 1:
            found |= component
        else:
            (only,) = tuple(component)
            if g.has_edge(only, only):
                found.add(only)
    return sorted(found)


def _literalish(node: ast.AST, literal_names: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_literalish(e, literal_names) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is None or _literalish(k, literal_names) for k in node.keys) and all(
            _literalish(v, literal_names) for v in node.values
        )
    if isinstance(node, ast.UnaryOp):
        return _literalish(node.operand, literal_names)
    if isinstance(node, ast.BinOp):
        return _literalish(node.left, literal_names) and _literalish(node.right, literal_names)
    if isinstance(node, ast.JoinedStr):
        return all(
            _literalish(v.value, literal_names) if isinstance(v, ast.FormattedValue) else True
            for v in node.values
        )
    if isinstance(node, ast.Name):
        return node.id in literal_names
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
    ):
        return all(_literalish(a, literal_names) for a in node.args) and all(
            _literalish(k.value, literal_names) for k in node.keywords
        )
    return False


def _literal_names(tree: ast.AST) -> set[str]:
    """Names whose every assignment is a literal or arithmetic on literals (iterated to a fixpoint)."""
    assigned: dict[str, list[ast.AST | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
                else:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            assigned.setdefault(sub.id, []).append(None)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
            value = node.value if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.AugAssign):
                value = ast.BinOp(ast.Name(node.target.id), node.op, node.value)
            assigned.setdefault(node.target.id, []).append(value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension, ast.With, ast.NamedExpr)):
            targets = [node.target] if hasattr(node, "target") else [i.optional_vars for i in node.items]
            for target in targets:
                for sub in ast.walk(target) if target is not None else ():
                    if isinstance(sub, ast.Name):
                        assigned.setdefault(sub.id, []).append(None)
        elif isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
        ):
            names = [node.name] if hasattr(node, "name") else [a.asname or a.name for a in node.names]
            for name in names:
                assigned.setdefault(name.split(".")[0], []).append(None)
        elif isinstance(node, ast.arguments):
            for arg in [*node.posonlyargs, *node.args, *node.kwonlyargs, node.vararg, node.kwarg]:
                if arg is not None:
                    assigned.setdefault(arg.arg, []).append(None)
    literal: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, values in assigned.items():
            if name not in literal and all(v is not None and _literalish(v, literal) for v in values):
                literal.add(name)
                changed = True
    return literal


def analyze_features(tree: ast.AST) -> Features:
    f = Features()
    imports = _Imports(tree)
    depth = _DepthVisitor()
    depth.visit(tree)
    f.max_loop_depth = depth.max_depth
    has_while = False
    search: set[str] = set()
    solver: set[str] = set()
    dynamic: set[str] = set()
    shadowed = {
        n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            shadowed |= {t.id for t in targets if isinstance(t, ast.Name)}
    shadowed |= {a for a in imports.aliases if a in DYNAMIC_BUILTINS}
    star_itertools = "itertools" in imports.star
    deque_used = False
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            f.loops += 1
            has_while |= isinstance(node, ast.While)
        elif isinstance(node, ast.comprehension):
            f.comprehension_loops += 1
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            f.handlers += 1
        elif isinstance(node, ast.ExceptHandler):
            f.handlers += 1
        elif isinstance(node, (ast.BinOp, ast.AugAssign)):
            f.binops += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                resolved = imports.resolve(target)
                if resolved in MEMO_DECORATORS:
                    search.add(resolved)
        elif isinstance(node, ast.Call):
            resolved = imports.resolve(node.func)
            if resolved is None and isinstance(node.func, ast.Name):
                if node.func.id in DYNAMIC_BUILTINS and node.func.id not in shadowed:
                    dynamic.add(node.func.id)
                if star_itertools and f"itertools.{node.func.id}" in SEARCH_CALLS:
                    search.add(f"itertools.{node.func.id}")
                continue
            if resolved is None:
                continue
            if resolved in SEARCH_CALLS:
                search.add(resolved)
            if resolved == "collections.deque":
                deque_used = True
            if _under(resolved, "networkx") and resolved.split(".")[-1] not in NETWORKX_CONSTRUCTORS:
                search.add(resolved)
            for root in SOLVER_ROOTS:
                if _under(resolved, root):
                    solver.add(root)
    for module in imports.modules:
        if module in SEARCH_CALLS:
            search.add(module)
        for root in SOLVER_ROOTS:
            if _under(module, root):
                solver.add(root)
        for lib in NUMERIC_LIBS:
            if _under(module, lib):
                f.numeric_libs.append(lib)
    if deque_used and has_while:
        search.add("collections.deque")
    f.numeric_libs = sorted(set(f.numeric_libs))
    f.search_calls = sorted(search)
    f.search_use = bool(search)
    f.solver_libs = sorted(solver)
    f.solver_use = bool(solver)
    f.dynamic_calls = sorted(dynamic)
    f.dynamic_eval = bool(dynamic)
    f.branches = _count_branches(tree)
    defs, graph = _functions(tree)
    f.recursive_functions = _recursive(graph)
    f.recursion = bool(f.recursive_functions)
    f.backtracking = any(
        any(isinstance(n, (ast.For, ast.AsyncFor, ast.While)) for n in ast.walk(defs[name]))
        for name in f.recursive_functions
    )
    if not (f.loops or f.comprehension_loops or f.recursion or f.search_use or f.solver_use):
        literal = _literal_names(tree)
        prints = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        f.hardcoded_output_suspected = bool(prints) and all(
            _literalish(arg, literal) for call in prints for arg in call.args
        )
    return f


def score_of(f: Features) -> float:
    return (
        f.loops
        + f.comprehension_loops
        + f.branches
        + f.handlers
        + 0.25 * f.binops
        + 2.0 * f.search_use
        + 2.0 * f.solver_use
        + 2.0 * f.recursion
        + 1.0 * f.dynamic_eval
    )


def analyze(
    code: str, templates: Mapping[str, str], render: Render, threshold: float = 2.0
) -> SymbolicReport:
    """v2 analysis; `templates` are the pack's `glue.symbolic_v2.*` strings, keyed by their last part."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 0
        message = getattr(exc, "msg", None) or str(exc)
        summary = render(templates["parse_error"], {"error": message, "line": line})
        return SymbolicReport(
            False, f"{type(exc).__name__}: {message} (line {line})", {}, 0.0, False, False, summary, "v2"
        )
    f = analyze_features(tree)
    score = score_of(f)
    strong = f.search_use or f.solver_use or f.recursion or f.max_loop_depth >= 2
    low = f.hardcoded_output_suspected or (score < threshold and not strong)
    lines = []
    if f.loops or f.comprehension_loops or f.search_use:
        calls = ", ".join(f.search_calls) or "no search library"
        lines.append(
            render(
                templates["search"],
                {"loops": f.loops + f.comprehension_loops, "max_depth": f.max_loop_depth, "calls": calls},
            )
        )
    if f.solver_use:
        lines.append(render(templates["solver"], {"libs": ", ".join(f.solver_libs)}))
    if f.recursion:
        lines.append(
            render(
                templates["recursion"],
                {
                    "functions": ", ".join(f"{name}()" for name in f.recursive_functions),
                    "kind": "backtracking" if f.backtracking else "recursion",
                },
            )
        )
    if f.dynamic_eval:
        lines.append(render(templates["dynamic_eval"], {"calls": ", ".join(f.dynamic_calls)}))
    if f.binops or f.numeric_libs:
        lines.append(
            render(templates["numeric"], {"binops": f.binops, "libs": ", ".join(f.numeric_libs) or "none"})
        )
    if f.hardcoded_output_suspected:
        lines.append(render(templates["hardcoded"], {}))
    lines.append(render(templates["score"], {"score": f"{score:.1f}"}))
    return SymbolicReport(True, None, dataclasses.asdict(f), score, strong, low, "\n".join(lines), "v2")


# ------------------------------------------------------------------------------------ compat analysis
_COMPAT_PATTERNS = (re.compile(r"for|while"), re.compile(r"if|elif|else"), re.compile(r"try|except"))


def analyze_compat(code: str, templates: Mapping[str, str], render: Render) -> SymbolicReport:
    """The original checker's observable behaviour (for paper comparison only): substring and regex
    matches over raw source, comments and strings included, and `score <= 2` as low complexity."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError) as exc:
        summary = render(templates["parse_error"], {"error": str(exc)})
        return SymbolicReport(False, str(exc), {}, 0.0, False, False, summary, "compat")
    search: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While)):
            search.append(templates["reason_loop"])
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if "itertools" in node.names[0].name:  # the original looked at the first alias only
                search.append(templates["reason_itertools"])
    symbolic: list[str] = []
    if "eval(" in code or "exec(" in code:
        symbolic.append(templates["reason_eval"])
    if "format" in code or 'f"' in code or "f'" in code:
        symbolic.append(templates["reason_format"])
    binops = sum(isinstance(n, ast.BinOp) for n in ast.walk(tree))
    numeric = [templates["reason_binop"]] if binops else []
    score = sum(len(p.findall(code)) for p in _COMPAT_PATTERNS) + 0.25 * binops
    parts: list[str] = []
    for head, reasons in (("head_search", search), ("head_symbolic", symbolic), ("head_numeric", numeric)):
        if reasons:
            parts.append(templates[head])
            parts.extend(render(templates["bullet"], {"reason": r}) for r in reasons)
    parts.append(render(templates["score_line"], {"score": score}))
    features = {"search_reasons": len(search), "symbolic_reasons": len(symbolic), "binops": binops}
    return SymbolicReport(
        True, None, features, score, False, score <= 2, render(templates["joiner"], {}).join(parts), "compat"
    )
