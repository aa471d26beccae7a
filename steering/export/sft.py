"""SFT export (§9.1): one alpaca-with-history item per guide turn of successful samples.

`instruction` is the guide's user message of turn t as sent (after §5.6), `output` is
`G.assistant[t]`, `history` the earlier pairs as sent in that call. Evaluation-suite instances are
excluded by instance hash; turns that ended INVALID or used a fallback are skipped.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from pathlib import Path
from typing import Any

from steering.export.common import (
    DEFAULT_EXCLUDED,
    GUIDE_METHODS,
    check_packs,
    count_tokens,
    excluded_hashes,
    guide_turns,
    load_run,
    write_outputs,
)

SCHEMA = "symbench.export-sft/1"


@dataclasses.dataclass
class SFTOptions:
    runs: list[Path]
    out: Path = Path("codesteer_sft.json")
    min_score: float = 1.0
    double_last: int = 0
    max_tokens: int = 7000
    view: str = "finetuned"
    exclude_suites: tuple[str, ...] = DEFAULT_EXCLUDED
    allow_mixed_packs: bool = False
    dataset_name: str = "codesteer_sft"


def build_sft(opts: SFTOptions) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(items, manifest) from the runs; nothing is written."""
    runs = [load_run(p) for p in opts.runs]
    pack_hashes = check_packs(runs, opts.allow_mixed_packs)
    excluded = excluded_hashes(opts.exclude_suites)
    counts: Counter[str] = Counter()
    items: list[dict[str, Any]] = []
    sources = []
    for run in runs:
        used = 0
        if run.method not in GUIDE_METHODS:
            counts["runs_not_guide_method"] += 1
            sources.append(
                {"run": str(run.path), "method": run.method, "used": 0, "pack_hash": run.pack.hash}
            )
            continue
        for record in run.records:
            counts["samples_seen"] += 1
            if record.get("status") != "done":
                counts["skipped_error"] += 1
                continue
            if record["instance"]["hash"] in excluded:
                counts["excluded_suite"] += 1
                continue
            if float((record.get("verdict") or {}).get("score") or 0.0) < opts.min_score:
                counts["below_min_score"] += 1
                continue
            trajectory = []
            for turn in guide_turns(record, run, opts.view):
                if turn.decision["kind"] == "INVALID" or turn.decision.get("fallback"):
                    counts["skipped_invalid_or_fallback"] += 1
                    continue
                sent = turn.sent
                item = {
                    "instruction": sent[-1]["content"],
                    "output": turn.output,
                    "history": [
                        [sent[i]["content"], sent[i + 1]["content"]] for i in range(0, len(sent) - 1, 2)
                    ],
                }
                if (
                    count_tokens(
                        item["instruction"], item["output"], *(x for h in item["history"] for x in h)
                    )
                    > opts.max_tokens
                ):
                    counts["dropped_over_tokens"] += 1
                    continue
                trajectory.append(item)
            if opts.double_last > 0:
                trajectory += trajectory[-opts.double_last :]
            items += trajectory
            used += 1
            counts["samples_used"] += 1
        sources.append({"run": str(run.path), "method": run.method, "used": used, "pack_hash": run.pack.hash})
    counts["items"] = len(items)
    manifest = {
        "schema": SCHEMA,
        "created_at": time.time(),
        "format": "sft",
        "view": opts.view,
        "options": {
            "min_score": opts.min_score,
            "double_last": opts.double_last,
            "max_tokens": opts.max_tokens,
            "exclude_suites": list(opts.exclude_suites),
        },
        "sources": sources,
        "pack_hashes": pack_hashes,
        "counts": dict(sorted(counts.items())),
    }
    return items, manifest


def export_sft(opts: SFTOptions) -> dict[str, Any]:
    items, manifest = build_sft(opts)
    info = {
        opts.dataset_name: {
            "file_name": opts.out.name,
            "columns": {"prompt": "instruction", "response": "output", "history": "history"},
        }
    }
    write_outputs(opts.out, items, info, manifest)
    return manifest
