"""DPO export (§9.2): preference pairs from branch runs.

For one prefix (source sample, k) the candidates are the source trajectory and its branches. A pair
takes two whose guide outputs at turn k differ after `norm` (§1.4), whose scores differ by more
than `min_margin`, with the higher score positive; the shared prefix must fit `max_tokens`.
Scores use each trajectory's own length (`branch.trajectory_score`).
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from steering.codesteer.decisions import norm
from steering.export.branch import trajectory_score
from steering.export.common import (
    DEFAULT_EXCLUDED,
    RunData,
    check_packs,
    count_tokens,
    excluded_hashes,
    guide_turns,
    load_run,
    read_jsonl,
    write_outputs,
)
from symbench.errors import SymbenchError

SCHEMA = "symbench.export-dpo/1"


@dataclasses.dataclass
class DPOOptions:
    runs: list[Path]
    out: Path = Path("codesteer_dpo.json")
    min_margin: float = 2.0
    max_tokens: int = 7000
    pairs_per_node: int = 1
    view: str = "finetuned"
    exclude_suites: tuple[str, ...] = DEFAULT_EXCLUDED
    allow_mixed_packs: bool = False
    dataset_name: str = "codesteer_dpo"


@dataclasses.dataclass
class Candidate:
    record: dict[str, Any]
    score: int
    output: str
    prefix: list[dict[str, str]]
    label: str


def _candidate(record: dict[str, Any], run: RunData, k: int, view: str, label: str) -> Candidate | None:
    for turn in guide_turns(record, run, view):
        if turn.turn == k and turn.decision["kind"] != "INVALID":
            return Candidate(record, trajectory_score(record), turn.output, turn.sent, label)
    return None


def _pairs(cands: list[Candidate], opts: DPOOptions) -> list[tuple[Candidate, Candidate]]:
    ranked = sorted(cands, key=lambda c: -c.score)
    out = []
    for hi, lo in itertools.combinations(ranked, 2):
        if len(out) >= opts.pairs_per_node:
            break
        if hi.score <= 0 or hi.score - lo.score <= opts.min_margin or norm(hi.output) == norm(lo.output):
            continue
        out.append((hi, lo))
    return out


def build_dpo(opts: DPOOptions) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    runs = [load_run(p) for p in opts.runs]
    for run in runs:
        if "branch" not in run.config:
            raise SymbenchError(f"{run.path}: not a branch run (make one with `symbench steer branch`)")
    pack_hashes = check_packs(runs, opts.allow_mixed_packs)
    excluded = excluded_hashes(opts.exclude_suites)
    counts: Counter[str] = Counter()
    items: list[dict[str, Any]] = []
    for run in runs:
        sources = {r["key"]: r for r in read_jsonl(run.path / "sources.jsonl")}
        nodes: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for rec in run.records:
            if rec.get("status") == "done" and rec.get("branch_of"):
                nodes[(rec["branch_of"]["source_key"], int(rec["branch_of"]["k"]))].append(rec)
        for (source_key, k), branches in sorted(nodes.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            counts["nodes"] += 1
            source = sources.get(source_key)
            if source is None:
                counts["missing_source"] += 1
                continue
            if source["instance"]["hash"] in excluded:
                counts["excluded_suite"] += 1
                continue
            cands = [_candidate(source, run, k, opts.view, "source")]
            cands += [_candidate(b, run, k, opts.view, f"branch{b['branch_of']['index']}") for b in branches]
            usable = [c for c in cands if c is not None]
            pairs = _pairs(usable, opts)
            if not pairs:
                counts["nodes_without_pair"] += 1
            for chosen, rejected in pairs:
                prefix = chosen.prefix
                if count_tokens(*(m["content"] for m in prefix)) > opts.max_tokens:
                    counts["dropped_over_tokens"] += 1
                    continue
                items.append(
                    {
                        "conversations": [
                            {"from": "human" if m["role"] == "user" else "gpt", "value": m["content"]}
                            for m in prefix
                        ],
                        "chosen": {"from": "gpt", "value": chosen.output},
                        "rejected": {"from": "gpt", "value": rejected.output},
                        "score_chosen": chosen.score,
                        "score_rejected": rejected.score,
                        "meta": {
                            "source_key": source_key,
                            "k": k,
                            "task": source["instance"]["task"],
                            "instance_hash": source["instance"]["hash"],
                            "chosen": chosen.label,
                            "rejected": rejected.label,
                        },
                    }
                )
    counts["pairs"] = len(items)
    manifest = {
        "schema": SCHEMA,
        "created_at": time.time(),
        "format": "dpo",
        "view": opts.view,
        "options": {
            "min_margin": opts.min_margin,
            "max_tokens": opts.max_tokens,
            "pairs_per_node": opts.pairs_per_node,
            "exclude_suites": list(opts.exclude_suites),
        },
        "sources": [
            {"run": str(r.path), "branch": r.config.get("branch"), "pack_hash": r.pack.hash} for r in runs
        ],
        "pack_hashes": pack_hashes,
        "counts": dict(sorted(counts.items())),
    }
    return items, manifest


def export_dpo(opts: DPOOptions) -> dict[str, Any]:
    items, manifest = build_dpo(opts)
    info = {
        opts.dataset_name: {
            "file_name": opts.out.name,
            "formatting": "sharegpt",
            "ranking": True,
            "columns": {"messages": "conversations", "chosen": "chosen", "rejected": "rejected"},
        }
    }
    write_outputs(opts.out, items, info, manifest)
    return manifest
