"""`symbench steer`: steering-data commands (prompt import now; export and branch join SUBCOMMANDS).

Each subcommand is one `Subcommand` entry: a parser configurator and a runner. Bad input raises
`SymbenchError`, which becomes one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from steering.prompts.importer import ImportReport, import_prompts, write_pack
from symbench.errors import SymbenchError

PROG = "symbench steer"


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# ---------------------------------------------------------------------------- import-prompts
def _configure_import_prompts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "prompt", type=Path, metavar="PATH/prompt.py", help="prompt.py of a local original checkout"
    )
    parser.add_argument(
        "--repo-root",
        type=Path,
        metavar="DIR",
        help="root of the checkout holding the sibling files (default: the directory of prompt.py)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("codesteer-original.json"),
        metavar="FILE",
        help="where to write the pack (default: codesteer-original.json)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail unless every key with an original counterpart was imported",
    )


def _run_import_prompts(args: argparse.Namespace) -> int:
    if args.out.suffix != ".json":
        raise SymbenchError(f"--out {args.out}: a prompt pack file must end in .json")
    report = import_prompts(args.prompt, args.repo_root)
    for warning in report.warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    if args.strict and not report.complete:
        reasons = "; ".join(dict.fromkeys(report.keys[k].note for k in report.missing))
        raise SymbenchError(f"--strict: not imported: {', '.join(report.missing)} ({reasons})")
    write_pack(report, args.out)
    print("\n".join(describe_import(report, args.out)))
    return 0


def describe_import(report: ImportReport, out: Path) -> list[str]:
    """The summary printed after an import: hash, reference check, then every key's source."""
    lines = [f"wrote {out} (pack {report.pack['name']})", f"pack_hash: {report.pack_hash}"]
    lines += _reference_lines(report)
    lines += _source_lines(report)
    if report.reference_match != "exact" or not report.complete:
        lines.append("note: runs with this pack record guide_prompt_partial: true and warn (§3.4 rule 8)")
    return lines


def _reference_lines(report: ImportReport) -> list[str]:
    differ = [c for c in report.references if not c.matches]
    head = "exact" if not differ else f"modified ({len(differ)} of {len(report.references)} constants differ)"
    lines = [f"reference check against {report.pack['origin']['commit_expected'][:12]}: {head}"]
    width = max(len(c.ref.name) for c in report.references)
    for c in report.references:
        verdict = (
            "match" if c.matches else f"differs (expected {c.ref.bytes} bytes, sha256 {c.ref.prefix}...)"
        )
        lines.append(f"  {c.ref.name:<{width}}  {c.bytes:>5} bytes  sha256 {c.sha256[:16]}  {verdict}")
    return lines


def _source_lines(report: ImportReport) -> list[str]:
    counts: dict[str, int] = {}
    for result in report.keys.values():
        counts[result.source] = counts.get(result.source, 0) + 1
    summary = ", ".join(f"{n} {source}" for source, n in counts.items())
    lines = [f"sources ({summary}; complete: {'yes' if report.complete else 'no'}):"]
    width = max(len(k) for k in report.keys)
    for key, result in report.keys.items():
        lines.append(f"  {key:<{width}}  {result.source:<18}  {result.note}")
    return lines


# ---------------------------------------------------------------------------- dispatch
SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "import-prompts",
        "build the codesteer-original prompt pack from a local checkout of the original (nothing is executed)",
        _configure_import_prompts,
        _run_import_prompts,
    ),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Steering-data commands.")
    sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
    for command in SUBCOMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def main(argv: list[str]) -> int:
    """Entry point of the `steer` command group (registered under `symbench.commands`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_usage(sys.stderr)
        print(
            f"{PROG}: error: a subcommand is required ({', '.join(c.name for c in SUBCOMMANDS)})",
            file=sys.stderr,
        )
        return 2
    try:
        return int(args.run(args))
    except SymbenchError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
