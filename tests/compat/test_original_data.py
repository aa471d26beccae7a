"""Compatibility with the original CodeSteer/SymBench data (skipped when the data is absent):
every imported sample's gold verifies, every sample not flagged as an erratum has its stored answer
accepted by our checker, and every flag is one of the documented kinds."""

from __future__ import annotations

import json

import pytest

from symbench.generation import imported_instance
from symbench.registry import all_tasks
from symbench.task import EXCLUDING_ERRATA

KNOWN_FLAGS = {
    "question_rerendered",
    "gold_corrected",
    "ambiguous_original_wording",
    "degenerate",
    "excluded_unsolvable",
    "excluded_ill_posed",
    "labels_contradict_rules",
    "approximate_witness",
    "duplicate_item",
    "question_program_mismatch",
    "implausible_gold",
    "multi_boxed",
    "gold_free_form",
    "no_boxed_answer",
}
GOLD_CHANGING = {"gold_corrected", "labels_contradict_rules"} | EXCLUDING_ERRATA


def _imports(task, original_dir):
    return [
        imported_instance(task, item) for item in task.import_original(original_dir, include_excluded=True)
    ]


@pytest.mark.parametrize("name", [t.name for t in all_tasks() if t.original_folders])
def test_original_samples(name, original_dir):
    from symbench.registry import get_task

    task = get_task(name)
    instances = _imports(task, original_dir)
    assert instances, f"no samples of {name} found under {original_dir}"
    for inst in instances:
        flags = set(inst.meta["errata"])
        assert flags <= KNOWN_FLAGS, (inst.id, flags)
        assert inst.recompute_hash() == inst.hash
        json.loads(inst.to_line())
        if flags & EXCLUDING_ERRATA:
            continue
        assert task.verify(inst, f"<<<{inst.answer}>>>").score == 1, inst.id
        original = inst.meta.get("original_answer")
        if original is not None and not flags & GOLD_CHANGING:
            verdict = task.verify(inst, f"<<<{original}>>>")
            assert verdict.score == 1, (inst.id, original, verdict)
    default = list(task.import_original(original_dir))
    assert all(not set(i.errata) & EXCLUDING_ERRATA for i in default), (
        "excluded items leak into default imports"
    )
