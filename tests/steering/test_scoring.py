"""Scoring (§8): the paper's 39 Ave. Norm. values, Wilson intervals, errors as zeros, partial groups."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from steering.scoring.aggregate import compute
from steering.scoring.avenorm import GROUPS, ReferenceSet, ave_norm, group_tasks, paper_table
from steering.scoring.intervals import bootstrap_group_mean, wilson
from steering.scoring.prices import call_cost, price_for


def test_packaged_copy_carries_the_citation_and_37_tasks():
    table = paper_table()
    assert "CodeSteer" in table["source"] and "2502.04350" in table["source"]
    assert len(table["seen"]) == 28 and len(table["unseen"]) == 9 and len(table["methods"]) == 13
    assert resources.files("steering.scoring").joinpath("paper_table1.json").is_file()


@pytest.mark.parametrize("index", range(13))
def test_ave_norm_reproduces_all_39_reported_values(index):
    table = paper_table()
    method = table["methods"][index]
    reference = ReferenceSet.paper()
    for group, tasks in group_tasks(table).items():
        value = ave_norm(method["scores"], tasks, reference)["value"]
        assert round(value, 1) == method["reported_ave_norm"][group], (method["name"], group)


def test_a_method_beating_every_reference_scores_one_on_that_task():
    ref = ReferenceSet("r", {"a": {"t1": 50.0, "t2": 0.0}})
    out = ave_norm({"t1": 80.0, "t2": 0.0, "t3": 10.0}, ["t1", "t2", "t3", "t4"], ref)
    assert out["value"] == 100.0 and out["zero_normaliser"] == ["t2"] and out["tasks_missing"] == ["t4"]


def test_wilson_matches_known_values():
    lo, hi = wilson(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == pytest.approx(1.0)
    assert wilson(0, 10)[1] == pytest.approx(0.2775, abs=1e-4) and wilson(0, 0) == (0.0, 0.0)


def test_bootstrap_is_seeded_and_brackets_the_mean():
    data = [[1, 0, 1, 1], [0, 0, 1, 0]]
    a = bootstrap_group_mean(data, resamples=500)
    assert a == bootstrap_group_mean(data, resamples=500)
    assert a[0] <= 0.5 <= a[1]


def _record(key, task, group, status, score=0.0, reason="wrong_value", tokens=10):
    verdict = (
        {
            "score": score,
            "correct": score == 1.0,
            "reason": reason,
            "lenient_correct": score == 1.0,
            "metrics": {"binary": score == 1.0},
        }
        if status == "done"
        else None
    )
    return {
        "key": key,
        "status": status,
        "instance": {"task": task, "group": group},
        "verdict": verdict,
        "error": None if status == "done" else {"type": "http_500"},
        "calls": [],
        "tokens": {
            "task_headline": tokens,
            "guide": 0,
            "checker": 0,
            "paraphraser": 0,
            "summarizer": 0,
            "taskllm_identity": tokens,
            "estimated": False,
            "estimated_tokens": 0,
        },
        "timing": {"wall_s": 1.0},
    }


def test_aggregate_counts_errors_and_missing_samples_as_failures():
    config = {"run_id": "r", "schedule": {"per_task": {"game24": 4, "letters": 2}}, "sessions": []}
    records = [
        _record("a", "game24", "seen", "error"),
        _record("a", "game24", "seen", "done", 1.0),  # a later done record replaces the error
        _record("b", "game24", "seen", "done", 0.0, "no_answer_block"),
        _record("c", "game24", "seen", "error"),
        _record("d", "letters", "unseen", "done", 1.0),
    ]
    out = compute(config, records)
    g24 = out["per_task"]["game24"]
    assert g24["n"] == 4 and g24["n_missing"] == 1 and g24["n_error"] == 1 and g24["n_parse_fail"] == 1
    assert g24["rate"] == 0.25 and g24["metrics"]["binary"] == 0.5
    assert out["per_task"]["letters"]["rate"] == 0.5
    assert out["groups"]["total"]["mean"] == pytest.approx(37.5)
    assert out["groups"]["seen"]["partial"] and "path_plan" in out["groups"]["seen"]["tasks_missing"]
    assert out["errors"]["by_type"] == {"http_500": 1}
    assert set(out["groups"]) == set(GROUPS)
    json.dumps(out)


def test_prices_glob_and_cached_input():
    prices = {"gpt-4o*": {"input": 2.5, "output": 10.0, "cached_input": 1.25}}
    price = price_for("gpt-4o-2024-08-06", prices)
    assert call_cost({"input": 1000, "output": 100, "cached_input": 400}, price) == pytest.approx(
        (600 * 2.5 + 400 * 1.25 + 100 * 10.0) / 1e6
    )
    assert price_for("llama", prices) is None
