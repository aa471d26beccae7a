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


# ---------------------------------------------------------------------------- export (§9)
def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "runs", nargs="+", type=Path, metavar="RUN_DIR", help="run (sft) or branch run (dpo) directories"
    )
    parser.add_argument("--format", required=True, choices=("sft", "dpo"))
    parser.add_argument(
        "-o", "--out", type=Path, metavar="FILE", help="data file (default codesteer_<format>.json)"
    )
    parser.add_argument(
        "--min-score", type=float, default=1.0, help="sft: keep samples scoring at least this"
    )
    parser.add_argument(
        "--double-last", type=int, default=0, metavar="K", help="sft: repeat the last K items"
    )
    parser.add_argument(
        "--max-tokens", type=int, default=7000, help="drop items (sft) or pairs (dpo) above this"
    )
    parser.add_argument("--min-margin", type=float, default=2.0, help="dpo: score margin a pair must exceed")
    parser.add_argument("--pairs-per-node", type=int, default=1, help="dpo: pairs per prefix")
    parser.add_argument("--view", choices=("finetuned", "as-sent"), default="finetuned")
    parser.add_argument(
        "--exclude-suite",
        nargs="+",
        default=["symbench-v1", "symbench-v1-mini"],
        metavar="NAME",
        help="suites (or instance files) whose instances never enter training data; 'none' for none",
    )
    parser.add_argument("--allow-mixed-packs", action="store_true")


def _run_export(args: argparse.Namespace) -> int:
    if args.format == "sft":
        from steering.export.sft import SFTOptions, export_sft

        out = args.out or Path("codesteer_sft.json")
        manifest = export_sft(
            SFTOptions(
                runs=args.runs,
                out=out,
                min_score=args.min_score,
                double_last=args.double_last,
                max_tokens=args.max_tokens,
                view=args.view,
                exclude_suites=tuple(args.exclude_suite),
                allow_mixed_packs=args.allow_mixed_packs,
            )
        )
    else:
        from steering.export.dpo import DPOOptions, export_dpo

        out = args.out or Path("codesteer_dpo.json")
        manifest = export_dpo(
            DPOOptions(
                runs=args.runs,
                out=out,
                min_margin=args.min_margin,
                max_tokens=args.max_tokens,
                pairs_per_node=args.pairs_per_node,
                view=args.view,
                exclude_suites=tuple(args.exclude_suite),
                allow_mixed_packs=args.allow_mixed_packs,
            )
        )
    counts = ", ".join(f"{k} {v}" for k, v in manifest["counts"].items())
    print(f"wrote {out} ({counts})")
    return 0


def _configure_branch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", type=Path, metavar="RUN_DIR", help="a run of codesteer, symbolic_agent or code_first_agent"
    )
    parser.add_argument("--guide", required=True, metavar="SPEC", help="the guide that samples the branches")
    parser.add_argument("--guide-base-url", metavar="URL")
    parser.add_argument("--base-url", metavar="URL", help="task model endpoint (default: the source run's)")
    parser.add_argument("--n", type=int, default=4, help="branches per prefix (default 4)")
    parser.add_argument(
        "--k", default="all", metavar="all|LIST", help="prefixes to branch at, e.g. 0,1 (default all)"
    )
    parser.add_argument("--only-failed", action="store_true", help="branch only from failed source samples")
    parser.add_argument("--guide-temperature", type=float, default=1.0)
    parser.add_argument("--out", type=Path, metavar="BRANCH_RUN_DIR")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--sandbox", default="auto", choices=("auto", "plain", "unshare", "bwrap"))


def _run_branch(args: argparse.Namespace) -> int:
    from steering.export.branch import BranchOptions, run_branch

    ks = None
    if args.k != "all":
        try:
            ks = [int(x) for x in args.k.split(",") if x.strip()]
        except ValueError:
            raise SymbenchError(
                f"--k must be 'all' or a comma-separated list of integers, got {args.k!r}"
            ) from None
    out, done, errors = run_branch(
        BranchOptions(
            source=args.source,
            guide=args.guide,
            n=args.n,
            ks=ks,
            only_failed=args.only_failed,
            guide_temperature=args.guide_temperature,
            out=args.out,
            base_urls={"guide": args.guide_base_url, "task": args.base_url},
            concurrency=args.concurrency,
            sandbox=args.sandbox,
            argv=["symbench", "steer", "branch", *sys.argv[1:]],
        )
    )
    print(f"branch run: {out} ({done} branches done, {errors} errors this session)")
    return 0


# ---------------------------------------------------------------------------- dispatch
SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "import-prompts",
        "build the codesteer-original prompt pack from a local checkout of the original (nothing is executed)",
        _configure_import_prompts,
        _run_import_prompts,
    ),
    Subcommand(
        "export",
        "write SFT items from guide turns (--format sft) or DPO pairs from branch runs (--format dpo)",
        _configure_export,
        _run_export,
    ),
    Subcommand(
        "branch",
        "resample guide turns of a run's samples with a guide and continue each branch (DPO data)",
        _configure_branch,
        _run_branch,
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
