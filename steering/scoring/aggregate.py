"""`results.json` (§8), always recomputed from `samples.jsonl`, never from counters, so resumed and
interrupted runs aggregate exactly like uninterrupted ones."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from steering.runner.resume import iter_records, write_json_atomic
from steering.scoring.avenorm import GROUPS, ReferenceSet, ave_norm, group_tasks
from steering.scoring.intervals import bootstrap_group_mean, wilson
from steering.scoring.prices import call_cost, price_for
from symbench.errors import SymbenchError

RESULTS_SCHEMA = "symbench.results/1"
PARSE_FAIL = ("no_answer_block", "unparseable")
TOKEN_FIELDS = ("task_headline", "guide", "checker", "paraphraser", "summarizer", "taskllm_identity")


def load_run(run_dir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    config_path = run_dir / "config.json"
    if not config_path.is_file():
        raise SymbenchError(f"{run_dir} is not a run directory (no config.json)")
    config = json.loads(config_path.read_text())
    return config, iter_records(run_dir / "samples.jsonl")


def final_records(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per key: its `done` record, else its last error record (§7.4)."""
    chosen: dict[str, dict[str, Any]] = {}
    for record in records:
        key = record["key"]
        if record["status"] == "done" or chosen.get(key, {}).get("status") != "done":
            chosen[key] = record
    return chosen


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _all_calls(record: dict[str, Any]) -> list[dict[str, Any]]:
    calls = list(record.get("calls") or [])
    for sub in record.get("sub") or []:
        calls += _all_calls(sub)
    return calls


def compute(
    config: dict[str, Any],
    records: list[dict[str, Any]],
    reference: ReferenceSet | None = None,
    prices: dict[str, dict[str, float]] | None = None,
) -> dict[str, Any]:
    reference = reference or ReferenceSet.paper()
    chosen = final_records(records)
    by_task: dict[str, list[dict[str, Any]]] = defaultdict(list)
    task_group: dict[str, str] = {}
    for record in chosen.values():
        task = record["instance"]["task"]
        by_task[task].append(record)
        task_group[task] = record["instance"].get("group") or "unknown"
    scheduled = dict((config.get("schedule") or {}).get("per_task") or {})
    for task in scheduled:
        by_task.setdefault(task, [])
    per_task: dict[str, Any] = {}
    scores_by_task: dict[str, list[float]] = {}
    errors = Counter()
    for task, recs in sorted(by_task.items()):
        n = max(int(scheduled.get(task, 0)), len(recs))
        scores = [
            float((r.get("verdict") or {}).get("score") or 0.0) if r["status"] == "done" else 0.0
            for r in recs
        ]
        scores += [0.0] * (n - len(recs))  # scheduled but never recorded: a reported failure
        scores_by_task[task] = scores
        done = [r for r in recs if r["status"] == "done"]
        for r in recs:
            if r["status"] == "error":
                errors[(r.get("error") or {}).get("type", "unknown")] += 1
        lenient = [1.0 if (r.get("verdict") or {}).get("lenient_correct") else 0.0 for r in done]
        correct = sum(1 for r in done if (r.get("verdict") or {}).get("correct"))
        metrics: dict[str, list[float]] = defaultdict(list)
        for r in done:
            for k, v in ((r.get("verdict") or {}).get("metrics") or {}).items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    metrics[k].append(float(v))
                elif isinstance(v, bool):
                    metrics[k].append(1.0 if v else 0.0)
        walls = [r["timing"]["wall_s"] for r in recs if r.get("timing")]
        partial_credit = any(0.0 < s < 1.0 for s in scores)
        lo, hi = wilson(sum(scores), n)
        per_task[task] = {
            "group": task_group.get(task, "unknown"),
            "n": n,
            "n_recorded": len(recs),
            "n_missing": n - len(recs),
            "n_error": sum(1 for r in recs if r["status"] == "error"),
            "n_parse_fail": sum(1 for r in done if (r.get("verdict") or {}).get("reason") in PARSE_FAIL),
            "n_correct": correct,
            "rate": sum(scores) / n if n else 0.0,
            "interval": [lo, hi],
            "interval_approximate": partial_credit,
            "lenient_rate": (sum(lenient) / n) if n else 0.0,
            "metrics": {k: _mean(v) for k, v in sorted(metrics.items())},
            "tokens": {
                f: _mean([float(r["tokens"][f]) for r in recs if r.get("tokens")]) for f in TOKEN_FIELDS
            },
            "tokens_estimated": any((r.get("tokens") or {}).get("estimated") for r in recs),
            "runtime": {"mean_s": _mean(walls), "median_s": statistics.median(walls) if walls else None},
        }
    paper_groups = group_tasks()
    groups: dict[str, Any] = {}
    rates = {t: v["rate"] * 100 for t, v in per_task.items()}
    for g in GROUPS:
        expected = paper_groups[g]
        present = [t for t in per_task if (per_task[t]["group"] == g or g == "total")]
        if not present:
            groups[g] = {"mean": None, "ave_norm": None, "partial": True, "tasks_missing": expected}
            continue
        missing = [t for t in expected if t not in per_task]
        ci = bootstrap_group_mean([scores_by_task[t] for t in present])
        norm = ave_norm(rates, present, reference)
        groups[g] = {
            "mean": 100 * sum(per_task[t]["rate"] for t in present) / len(present),
            "interval": [100 * ci[0], 100 * ci[1]] if ci else None,
            "ave_norm": norm["value"],
            "ave_norm_zero_normaliser": norm["zero_normaliser"],
            "n_tasks": len(present),
            "partial": bool(missing),
            "tasks_missing": missing,
        }
    all_recs = list(chosen.values())
    token_totals = {
        f: _mean([float(r["tokens"][f]) for r in all_recs if r.get("tokens")]) for f in TOKEN_FIELDS
    }
    est = sum(int((r.get("tokens") or {}).get("estimated_tokens", 0)) for r in all_recs)
    total_tokens = sum(int((r.get("tokens") or {}).get("task_headline", 0)) for r in all_recs)
    walls = [r["timing"]["wall_s"] for r in all_recs if r.get("timing")]
    sessions = config.get("sessions") or []
    run_wall = sum(
        (s.get("ended_at") or s.get("started_at") or 0) - (s.get("started_at") or 0) for s in sessions
    )
    calls = [c for r in all_recs for c in _all_calls(r)]
    n_cached = sum(1 for c in calls if c.get("cached"))
    cost = None
    if prices is not None:
        total = 0.0
        unpriced = set()
        models = config.get("models") or {}
        for c in calls:
            name = ((models.get(c.get("role")) or {}).get("identity") or {}).get("name") or ""
            price = price_for(name, prices)
            if price is None or not c.get("usage"):
                unpriced.add(name)
                continue
            total += call_cost(c["usage"], price)
        cost = {
            "total_usd": None if unpriced and not total else total,
            "per_sample_usd": total / len(all_recs) if all_recs and total else None,
            "unpriced_models": sorted(unpriced),
        }
    return {
        "schema": RESULTS_SCHEMA,
        "run_id": config.get("run_id"),
        "computed_at": time.time(),
        "reference_set": reference.describe(),
        "per_task": per_task,
        "groups": groups,
        "tokens": {**token_totals, "estimated_share": (est / total_tokens) if total_tokens else 0.0},
        "runtime": {
            "mean_sample_s": _mean(walls),
            "median_sample_s": statistics.median(walls) if walls else None,
            "run_wall_s": run_wall,
            "cache_hit_share": (n_cached / len(calls)) if calls else 0.0,
            "n_calls": len(calls),
        },
        "cost": cost,
        "errors": {"n": sum(errors.values()), "by_type": dict(errors)},
        "n_samples": sum(v["n"] for v in per_task.values()),
    }


def write_results(
    run_dir: Path, reference: ReferenceSet | None = None, prices: dict[str, dict[str, float]] | None = None
) -> dict[str, Any]:
    config, records = load_run(run_dir)
    results = compute(config, records, reference, prices)
    write_json_atomic(run_dir / "results.json", results)
    return results
