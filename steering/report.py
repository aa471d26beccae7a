"""Tables for one or more runs (§8.6): provenance, per-task and group tables, the paper's row marked
"reported", with rich on the terminal and the same tables as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from steering.scoring.aggregate import compute, load_run
from steering.scoring.avenorm import GROUPS, ReferenceSet, paper_table

# §4.3: the paper column a method reproduces ("≈" where it only approximates it).
PAPER_COLUMN = {
    "only_question": "GPT-4o Only Question",
    "symbolic_agent": "GPT-4o Symbolic Agent",
    "all_text_cot": "GPT-4o All Text + CoT",
    "all_code_cot": "GPT-4o All Code + CoT",
    "autogen_concat": "GPT-4o AutoGen Conca.",
    "code_text_sum": "GPT-4o Code + Text + Sum.1",
    "code_text_choice": "GPT-4o Code/Text Choice",
    "code_interpreter": "GPT-4o Code Interpreter",
    "codesteer": "GPT-4o + CodeSteer",
}
APPROX = {"code_text_choice", "code_interpreter"}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _num(value: float | None, fmt: str = "{:.1f}") -> str:
    return "-" if value is None else fmt.format(value)


class RunView:
    def __init__(self, run_dir: Path, reference: ReferenceSet | None, prices: dict[str, Any] | None) -> None:
        self.run_dir = run_dir
        self.config, records = load_run(run_dir)
        self.results = compute(self.config, records, reference, prices)
        self.method = (self.config.get("method") or {}).get("name", "?")
        task_model = (self.config.get("models") or {}).get("task") or {}
        self.label = f"{self.method} / {(task_model.get('identity') or {}).get('name', '?')}"

    def warnings(self) -> list[str]:
        out = []
        c, r = self.config, self.results
        if c.get("guide_prompt_mismatch"):
            out.append("guide prompt mismatch: the published guide weights with a non-original pack")
        if c.get("guide_prompt_partial"):
            out.append("imported original pack is partial or modified")
        if (c.get("sandbox") or {}).get("isolation") == "weak":
            out.append("sandbox isolation is weak (plain)")
        if r["tokens"].get("estimated_share"):
            out.append(f"{100 * r['tokens']['estimated_share']:.0f}% of TaskLLM tokens are estimates")
        if r["runtime"].get("cache_hit_share"):
            out.append(
                f"{100 * r['runtime']['cache_hit_share']:.0f}% of calls were cache hits (runtimes affected)"
            )
        if any(g.get("partial") for g in r["groups"].values()):
            out.append("partial coverage: group values are over the tasks present only")
        if (c.get("method") or {}).get("approximate"):
            out.append("≈ this method approximates its paper column")
        return out

    def header(self) -> list[tuple[str, str]]:
        c = self.config
        models = ", ".join(f"{role}={m.get('spec')}" for role, m in (c.get("models") or {}).items())
        pack = c.get("prompt_pack") or {}
        sandbox = c.get("sandbox") or {}
        return [
            ("run", self.run_dir.name),
            ("models", models),
            ("prompt pack", f"{pack.get('name')} ({str(pack.get('hash'))[:12]})"),
            ("sandbox", f"{sandbox.get('kind')} ({sandbox.get('isolation')}, warm={sandbox.get('warm')})"),
            (
                "suite",
                f"{(c.get('suite') or {}).get('name')} {str((c.get('suite') or {}).get('fingerprint'))[:12]}",
            ),
            ("samples", str(self.results["n_samples"])),
            ("reference", (self.results.get("reference_set") or {}).get("name", "-")),
        ]


def task_rows(views: list[RunView]) -> tuple[list[str], list[list[str]]]:
    columns = ["task"]
    for v in views:
        prefix = v.label if len(views) > 1 else ""
        columns += [
            f"{prefix} n".strip(),
            f"{prefix} errors".strip(),
            f"{prefix} rate % (95% CI)".strip(),
            f"{prefix} lenient (original OR rule)".strip(),
            f"{prefix} parse fail".strip(),
            f"{prefix} TaskLLM tokens".strip(),
            f"{prefix} runtime s".strip(),
        ]
    tasks = sorted({t for v in views for t in v.results["per_task"]})
    rows = []
    for task in tasks:
        row = [task]
        for v in views:
            d = v.results["per_task"].get(task)
            if d is None:
                row += ["-"] * 7
                continue
            lo, hi = d["interval"]
            approx = "~" if d["interval_approximate"] else ""
            row += [
                str(d["n"]),
                str(d["n_error"]),
                f"{_pct(d['rate'])} ({approx}{_pct(lo)}-{_pct(hi)})",
                _pct(d["lenient_rate"]),
                str(d["n_parse_fail"]),
                _num(d["tokens"]["task_headline"], "{:.0f}"),
                _num(d["runtime"]["mean_s"], "{:.2f}"),
            ]
        rows.append(row)
    return columns, rows


def _group_means(v: RunView, g: str) -> tuple[float | None, float | None, float | None]:
    """TaskLLM tokens, guide tokens and runtime per sample, averaged over the group's tasks."""
    tasks = [d for d in v.results["per_task"].values() if g == "total" or d["group"] == g]

    def avg(values: list[float | None]) -> float | None:
        present = [x for x in values if x is not None]
        return sum(present) / len(present) if present else None

    return (
        avg([d["tokens"]["task_headline"] for d in tasks]),
        avg([d["tokens"]["guide"] for d in tasks]),
        avg([d["runtime"]["mean_s"] for d in tasks]),
    )


def group_rows(views: list[RunView]) -> tuple[list[str], list[list[str]]]:
    columns = [
        "run",
        "group",
        "tasks",
        "mean %",
        "Ave. Norm.",
        "TaskLLM tokens",
        "guide tokens",
        "runtime s",
        "cost $",
    ]
    rows = []
    table = paper_table()
    for v in views:
        r = v.results
        for g in GROUPS:
            d = r["groups"][g]
            if not d.get("n_tasks"):
                continue
            partial = " (partial)" if d.get("partial") else ""
            tokens, guide, runtime = _group_means(v, g)
            rows.append(
                [
                    v.label,
                    g + partial,
                    str(d.get("n_tasks", 0)),
                    _num(d.get("mean")),
                    _num(d.get("ave_norm")),
                    _num(tokens, "{:.0f}"),
                    _num(guide, "{:.0f}"),
                    _num(runtime, "{:.2f}"),
                    _num((r.get("cost") or {}).get("per_sample_usd"), "{:.4f}"),
                ]
            )
        column = PAPER_COLUMN.get(v.method)
        paper = next((m for m in table["methods"] if m["name"] == column), None)
        if paper:
            mark = "≈ " if v.method in APPROX else ""
            for g in GROUPS:
                n_tasks = len(table[g]) if g != "total" else len(table["seen"]) + len(table["unseen"])
                rows.append(
                    [
                        f"{mark}paper: {column} (reported, not re-verified)",
                        g,
                        str(n_tasks),
                        "-",
                        _num(paper["reported_ave_norm"][g]),
                        _num(paper.get("reported_avg_tokens"), "{:.0f}"),
                        "-",
                        _num(paper.get("reported_avg_runtime_s"), "{:.1f}"),
                        "-",
                    ]
                )
    return columns, rows


def to_markdown(views: list[RunView]) -> str:
    out = ["# symbench report", ""]
    for v in views:
        out += [f"## {v.label}", ""]
        out += [f"- **{k}**: {val}" for k, val in v.header()]
        out += [f"- **warning**: {w}" for w in v.warnings()]
        out.append("")
    for title, (columns, rows) in (("Per task", task_rows(views)), ("Groups", group_rows(views))):
        out += [f"## {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        out.append("")
    return "\n".join(out)


def print_report(
    run_dirs: list[Path],
    reference: ReferenceSet | None = None,
    prices: dict[str, Any] | None = None,
    markdown: Path | None = None,
) -> list[RunView]:
    from rich.console import Console
    from rich.table import Table

    views = [RunView(Path(d), reference, prices) for d in run_dirs]
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    for v in views:
        head = Table(show_header=False, box=None, title=v.label)
        for key, value in v.header():
            head.add_row(key, value)
        for w in v.warnings():
            head.add_row("[yellow]warning[/yellow]", w)
        console.print(head)
    for title, (columns, rows) in (("per task", task_rows(views)), ("groups", group_rows(views))):
        table = Table(title=title)
        for col in columns:
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    if markdown:
        Path(markdown).write_text(to_markdown(views), encoding="utf-8")
    return views
