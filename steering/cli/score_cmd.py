"""`symbench score RUN_DIR...`: recompute `results.json` from `samples.jsonl` (§8)."""

from __future__ import annotations

import argparse
from pathlib import Path

from symbench.errors import SymbenchError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise SymbenchError(f"score: {message}")


def main(argv: list[str]) -> int:
    p = _Parser(prog="symbench score", description="Recompute results.json from samples.jsonl.")
    p.add_argument("run_dirs", nargs="+")
    p.add_argument("--reference", action="append", help="FILE | RUN_DIR | none | paper (repeatable)")
    args = p.parse_args(argv)
    from steering.scoring.aggregate import write_results
    from steering.scoring.avenorm import load_references

    reference = load_references(args.reference)
    for run_dir in args.run_dirs:
        results = write_results(Path(run_dir), reference)
        total = results["groups"]["total"]
        print(
            f"{run_dir}: {results['n_samples']} samples, total mean {total.get('mean')}, "
            f"Ave. Norm. {total.get('ave_norm')}"
        )
    return 0
