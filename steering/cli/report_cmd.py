"""`symbench report RUN_DIR... [--markdown FILE] [--json] [--reference ...] [--prices FILE]`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from symbench.errors import SymbenchError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise SymbenchError(f"report: {message}")


def main(argv: list[str]) -> int:
    p = _Parser(prog="symbench report", description="Tables for one or more runs (side by side).")
    p.add_argument("run_dirs", nargs="+")
    p.add_argument("--markdown", help="also write the tables as Markdown to FILE")
    p.add_argument("--json", action="store_true", help="print the recomputed results as JSON")
    p.add_argument("--reference", action="append", help="FILE | RUN_DIR | none | paper (repeatable)")
    p.add_argument("--prices", help="price table (JSON/YAML): model-name glob -> $ per 1M tokens")
    args = p.parse_args(argv)
    from steering.report import RunView, print_report
    from steering.scoring.avenorm import load_references
    from steering.scoring.prices import load_prices

    reference = load_references(args.reference)
    prices = load_prices(args.prices) if args.prices else None
    dirs = [Path(d) for d in args.run_dirs]
    if args.json:
        print(json.dumps([RunView(d, reference, prices).results for d in dirs], indent=1))
        return 0
    print_report(dirs, reference, prices, Path(args.markdown) if args.markdown else None)
    return 0
