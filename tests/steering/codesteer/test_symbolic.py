"""§2.1: the Symbolic Checker on hand-written code samples, v2 and compat."""

from __future__ import annotations

import textwrap

import pytest

from steering.codesteer.symbolic import analyze, analyze_compat

V2 = {
    "search": "SEARCH: {loops} loops (max nesting {max_depth}); {calls}",
    "solver": "SOLVER: {libs}",
    "recursion": "RECURSION: {functions} ({kind})",
    "dynamic_eval": "DYNAMIC: {calls}",
    "numeric": "NUMERIC: {binops} arithmetic operations; libraries: {libs}",
    "hardcoded": "HARD-CODED: the printed values look written in by hand",
    "score": "Complexity score: {score}",
    "parse_error": "Syntax error: {error} (line {line})",
}
COMPAT = {
    "parse_error": "cannot parse: {error}",
    "bullet": "- {reason}",
    "score_line": "score={score}",
    "reason_loop": "a loop",
    "reason_itertools": "itertools",
    "reason_eval": "eval",
    "reason_format": "formatting",
    "reason_binop": "arithmetic",
    "head_search": "[search]",
    "head_symbolic": "[symbolic]",
    "head_numeric": "[numeric]",
    "joiner": "\n",
}


def render(template, values):
    return template.format(**values)


def run(code, **kw):
    return analyze(textwrap.dedent(code), V2, render, **kw)


def test_permutation_search_is_strong():
    r = run(
        """
        import itertools as it
        best = None
        for p in it.permutations(range(5)):
            if p[0] < p[1]:
                best = p
        print(best)
        """
    )
    f = r.features
    assert f["loops"] == 1 and f["search_use"] and f["search_calls"] == ["itertools.permutations"]
    assert r.strong and not r.low_complexity
    assert r.summary.splitlines()[0] == "SEARCH: 1 loops (max nesting 1); itertools.permutations"
    assert r.score == 1 + 1 + 2.0  # loop + branch + search


def test_from_import_alias_resolves():
    r = run("from itertools import product as P\nprint(list(P([1,2], repeat=2)))")
    assert r.features["search_use"] and r.features["comprehension_loops"] == 0


def test_star_import_with_call():
    assert run("from itertools import *\nprint(list(permutations('ab')))").features["search_use"]
    assert not run("import itertools\nprint(1)").features["search_use"]


def test_recursion_and_backtracking():
    r = run(
        """
        def solve(i, acc):
            if i == 3:
                return [acc]
            out = []
            for v in range(2):
                out += solve(i + 1, acc + [v])
            return out
        print(len(solve(0, [])))
        """
    )
    assert r.features["recursive_functions"] == ["solve"] and r.features["backtracking"]
    assert "RECURSION: solve() (backtracking)" in r.summary


def test_mutual_recursion_and_methods():
    r = run(
        """
        def even(n): return True if n == 0 else odd(n - 1)
        def odd(n): return False if n == 0 else even(n - 1)
        class W:
            def walk(self, n):
                return 0 if n == 0 else self.walk(n - 1)
        print(even(4))
        """
    )
    assert r.features["recursive_functions"] == ["even", "odd", "walk"]
    assert not r.features["backtracking"]


def test_format_is_not_a_loop_or_symbolic():
    # The original counted "format" and f-strings as symbolic and matched "for" inside words.
    code = 'x = 3\ny = 4\nprint(f"formatted {x}")\nprint("information".format())\n'
    r = run(code)
    assert r.features["loops"] == 0 and not r.features["dynamic_eval"]
    assert r.features["hardcoded_output_suspected"] and r.low_complexity
    compat = analyze_compat(code, COMPAT, render)
    assert "[symbolic]" in compat.summary and "- formatting" in compat.summary
    assert compat.score >= 3  # "for" inside "formatted", "format", "information"


def test_hardcoded_output():
    r = run("a = 12\nb = a * 2\nprint(b)\nprint([1, 2, 3])")
    assert r.features["hardcoded_output_suspected"] and r.low_complexity
    r = run("import sys\nn = int(sys.argv[0] or 3)\nprint(n)")
    assert not r.features["hardcoded_output_suspected"]


def test_solver_and_numeric_and_eval():
    r = run(
        "from sympy import symbols, solve\nx = symbols('x')\nprint(solve(x**2 - 4, x))\nprint(eval('1+1'))"
    )
    f = r.features
    assert f["solver_use"] and f["solver_libs"] == ["sympy"] and f["dynamic_calls"] == ["eval"]
    assert r.strong
    r = run("def eval(s):\n    return 0\nprint(eval('1'))")
    assert not r.features["dynamic_eval"]


def test_nested_comprehension_depth_is_strong():
    r = run("print(sum(1 for a in range(3) for b in range(3) if a != b))")
    assert r.features["comprehension_loops"] == 2 and r.features["max_loop_depth"] == 2 and r.strong


def test_branches_and_handlers():
    r = run(
        """
        x = 1
        if x: pass
        elif x > 2: pass
        else: pass
        y = 1 if x else 2
        try:
            pass
        except ValueError:
            pass
        except Exception:
            pass
        """
    )
    assert r.features["branches"] == 2 + 1 + 1  # if, elif, else, IfExp
    assert r.features["handlers"] == 3


def test_deque_counts_only_with_while():
    assert run("from collections import deque\nq = deque([1])\nwhile q:\n    q.pop()").features["search_use"]
    assert not run("from collections import deque\nq = deque([1])\nprint(q)").features["search_use"]


def test_parse_error():
    r = run("def broken(:\n  pass")
    assert not r.parse_ok and r.score == 0 and not r.low_complexity
    assert r.summary.startswith("Syntax error:") and "line 1" in r.summary


@pytest.mark.parametrize("threshold, low", [(2.0, True), (1.0, False)])
def test_threshold(threshold, low):
    r = run("import sys\nn = int(sys.argv[0])\nif n: print(n + 1)", threshold=threshold)
    assert r.low_complexity is low


def test_compat_quirks():
    code = "from itertools import permutations\nimport itertools\nfor p in permutations([1]):\n    print(p)\n"
    r = analyze_compat(code, COMPAT, render)
    # `from itertools import permutations`: first alias is "permutations", so only `import itertools` counts.
    assert r.summary.splitlines() == ["[search]", "- itertools", "- a loop", "score=1.0"]
    assert r.low_complexity  # score <= 2
