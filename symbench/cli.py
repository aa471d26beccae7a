"""`symbench` command line: list, generate, show, verify, import-original.

Further command groups (eval, report, guide, steer, leaderboard) are registered by other packages
under the entry-point group `symbench.commands` and imported only when called, so the benchmark's
own commands never pay for the harness, openai or torch.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

from symbench.errors import SymbenchError

BUILTIN = ("list", "generate", "show", "verify", "import-original")


def _plugin_commands() -> dict:
    return {ep.name: ep for ep in entry_points(group="symbench.commands")}


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


# ---------------------------------------------------------------------------- list
def cmd_list(args: argparse.Namespace) -> int:
    from symbench.registry import all_tasks

    tasks = all_tasks()
    if args.json:
        print(json.dumps([t.info() for t in tasks], indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"symbench tasks ({len(tasks)})")
    for col in ("task", "aliases", "group", "category", "version", "ladder knobs (--param)"):
        table.add_column(col)
    for t in tasks:
        table.add_row(
            t.name,
            ", ".join(t.aliases) or "-",
            t.group,
            t.category,
            t.version,
            ", ".join(t.params_cls.knob_names()),
        )
    Console().print(table)
    return 0


# ---------------------------------------------------------------------------- generate
def cmd_generate(args: argparse.Namespace) -> int:
    from symbench.jsonl import write_lines
    from symbench.params import parse_overrides

    started = time.perf_counter()
    if args.suite:
        if args.task or args.complexity is not None or args.param:
            raise SymbenchError("--suite cannot be combined with --task, --complexity or --param")
        from symbench.suites import fingerprint, iter_suite, suite_items

        total = len(suite_items(args.suite, args.tasks))
        hashes: list[str] = []

        def lines():
            with _progress(total, f"generating {args.suite}") as advance:
                for inst in iter_suite(args.suite, args.tasks, progress=advance):
                    hashes.append(inst.hash)
                    yield inst.to_line()

        write_lines(lines(), args.output)
        elapsed = time.perf_counter() - started
        print(
            f"suite {args.suite}: {len(hashes)} instances, fingerprint {fingerprint(hashes)} ({elapsed:.1f} s)",
            file=sys.stderr,
        )
        return 0
    if not args.task or args.complexity is None:
        raise SymbenchError("generate needs --task and --complexity (or --suite NAME)")
    if args.n < 1:
        raise SymbenchError("-n must be at least 1")
    from symbench.generation import generate_instances
    from symbench.registry import get_task

    task = get_task(args.task)
    overrides = parse_overrides(args.param or [])
    task.params(args.complexity, overrides)  # validate before writing anything

    def lines():
        with _progress(args.n if args.n >= 50 else 0, f"generating {task.name}") as advance:
            for inst in generate_instances(task, args.complexity, args.n, args.seed, overrides):
                advance(1)
                yield inst.to_line()

    write_lines(lines(), args.output)
    return 0


class _progress:
    """A rich progress bar on stderr, shown only for large jobs on a terminal."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.bar = total, label, None

    def __enter__(self):
        if self.total and sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=_stderr_console(),
                transient=True,
            )
            self.bar.start()
            self.task_id = self.bar.add_task(self.label, total=self.total)
            return lambda n: self.bar.advance(self.task_id, n)
        return lambda n: None

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


# ---------------------------------------------------------------------------- show
def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.panel import Panel

    from symbench.jsonl import read_instances

    instances = read_instances(args.file)
    if args.index is not None:
        if not 0 <= args.index < len(instances):
            raise SymbenchError(
                f"--index {args.index} is out of range: the file has {len(instances)} instances (0-based)"
            )
        instances = [instances[args.index]]
    elif args.id:
        instances = [i for i in instances if i.id == args.id]
        if not instances:
            raise SymbenchError(f"no instance with id {args.id!r} in {args.file}")
    console = Console()
    for inst in instances:
        title = f"{inst.id}  (task {inst.task} v{inst.task_version}, complexity {inst.complexity})"
        console.print(Panel(inst.question, title=title, title_align="left", highlight=False))
        console.print(
            Panel(inst.answer, title="gold answer", title_align="left", style="green", highlight=False)
        )
        if inst.meta.get("errata"):
            console.print(f"[yellow]errata:[/yellow] {', '.join(inst.meta['errata'])}")
    return 0


# ---------------------------------------------------------------------------- verify
def cmd_verify(args: argparse.Namespace) -> int:
    from symbench.jsonl import read_answers, read_instances
    from symbench.verification import verify_gold, verify_responses

    instances = read_instances(args.instances)
    if args.gold == bool(args.answers):
        raise SymbenchError("verify needs exactly one of --answers FILE or --gold")
    if args.gold:
        report = verify_gold(instances)
    else:
        answers = read_answers(args.answers)
        known = {inst.id for inst in instances}
        unknown = [i for i in answers if i not in known]
        if unknown:
            raise SymbenchError(
                f"{args.answers}: {len(unknown)} answer id(s) not in {args.instances}, e.g. {unknown[0]!r}"
            )
        report = verify_responses(instances, answers)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="gold self-test" if args.gold else "accuracy per task")
        for col in ("task", "n", "correct", "accuracy", "score"):
            table.add_column(col, justify="right" if col != "task" else "left")
        for name, tally in sorted(report.per_task.items()):
            table.add_row(
                name,
                str(tally.n),
                str(tally.correct),
                f"{100 * tally.correct / tally.n:.1f}%",
                f"{tally.score / tally.n:.3f}",
            )
        console = Console()
        console.print(table)
        for failure in report.failures[:20] if args.gold else []:
            console.print(f"[red]gold rejected[/red] {failure['id']}: {failure['reason']}")
    if args.gold and not report.all_correct:
        return 1
    return 0


# ---------------------------------------------------------------------------- import-original
_FIXED_IMPORT_ARGS = {"self", "path", "include_excluded"}


def _import_options(task, pairs: Sequence[str]) -> dict:
    """`--option key=value` pairs checked against the task importer's own keyword arguments."""
    import inspect

    from symbench.params import parse_overrides

    signature = inspect.signature(task.import_original)
    accepted = {name: p for name, p in signature.parameters.items() if name not in _FIXED_IMPORT_ARGS}
    options: dict = {}
    for key, text in parse_overrides(pairs).items():
        if key not in accepted:
            valid = ", ".join(sorted(accepted)) or "none"
            raise SymbenchError(f"task {task.name} has no import option {key!r}; valid options: {valid}")
        default = accepted[key].default
        if isinstance(default, bool):
            low = text.strip().lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise SymbenchError(f"import option {key} expects true or false, got {text!r}")
            options[key] = low in ("true", "1", "yes")
        else:
            options[key] = text
    return options


def cmd_import_original(args: argparse.Namespace) -> int:
    import inspect

    from symbench.generation import imported_instance
    from symbench.jsonl import write_lines
    from symbench.registry import get_task

    task = get_task(args.task)
    options = _import_options(task, args.option or [])
    path = Path(args.path) if args.path else None
    if (
        path is None
        and inspect.signature(task.import_original).parameters["path"].default is inspect.Parameter.empty
    ):
        raise SymbenchError(f"import-original needs the PATH of the original data for task {task.name}")
    counts: dict[str, int] = {}
    n = 0

    def lines():
        nonlocal n
        for item in task.import_original(path, include_excluded=args.include_excluded, **options):
            for flag in item.errata:
                counts[flag] = counts.get(flag, 0) + 1
            n += 1
            yield imported_instance(task, item).to_line()

    write_lines(lines(), args.output)
    flags = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "none"
    print(f"imported {n} {task.name} instances; errata flags: {flags}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------- parser
def build_parser(plugins: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symbench",
        description="SymBench: seeded, verifiable symbolic-reasoning tasks for LLMs.",
        epilog=("further commands: " + ", ".join(plugins)) if plugins else None,
    )
    from symbench import __version__

    parser.add_argument("--version", action="version", version=f"symbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", help="list the tasks")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("generate", help="generate seeded instances (JSONL)")
    p.add_argument("--task", "-t", help="task name or alias")
    p.add_argument("--complexity", "-c", type=int, help="ladder level 1..10")
    p.add_argument("-n", type=int, default=1, help="number of instances (default 1)")
    p.add_argument("--seed", "-s", type=int, default=0, help="seed (default 0)")
    p.add_argument("--param", "-p", action="append", metavar="KEY=VALUE", help="override a ladder knob")
    p.add_argument("--suite", help="generate a named suite (symbench-v1, symbench-v1-mini)")
    p.add_argument("--tasks", nargs="+", help="with --suite: only these tasks")
    p.add_argument("--output", "-o", help="output file (default: stdout)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("show", help="pretty-print instances")
    p.add_argument("file")
    p.add_argument("--index", "-i", type=int, help="0-based position in the file")
    p.add_argument("--id", help="instance id")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("verify", help="score answers, or self-test the golds")
    p.add_argument("instances")
    p.add_argument("--answers", "-a", help="JSONL of {id, response}")
    p.add_argument("--gold", action="store_true", help="check every instance's own gold answer")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("import-original", help="import the original CodeSteer/SymBench data")
    p.add_argument("path", nargs="?", help="the original dataset_gather folder, or one task's folder in it")
    p.add_argument("--task", "-t", required=True)
    p.add_argument("--include-excluded", action="store_true", help="also keep items flagged excluded_*")
    p.add_argument(
        "--option",
        action="append",
        metavar="KEY=VALUE",
        help="a task-specific import option (e.g. relabel=true, gold_policy=published, subset=legacy)",
    )
    p.add_argument("--output", "-o", help="output file (default: stdout)")
    p.set_defaults(func=cmd_import_original)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        plugins = _plugin_commands()
        if argv and argv[0] in plugins and argv[0] not in BUILTIN:
            command = plugins[argv[0]].load()
            return int(command(argv[1:]) or 0)
        parser = build_parser(sorted(plugins))
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return args.func(args)
    except SymbenchError as exc:
        print(f"symbench: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
