"""The task plugin contract: metadata, ladder, generation, rendering, verification, import."""

from __future__ import annotations

import dataclasses
import random
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from symbench.checkers.answer import extract_last_block
from symbench.errors import ParamError, SymbenchError
from symbench.instance import Instance, Verdict
from symbench.params import Params

LEVELS = range(1, 11)
GROUPS = ("seen", "unseen")
CATEGORIES = ("Planning", "Execution", "Reasoning")


@dataclasses.dataclass
class Generated:
    """What a generator returns: the structured puzzle (with its gold fields) and the canonical answer."""

    puzzle: dict[str, Any]
    answer: str


@dataclasses.dataclass
class Imported:
    """One item read from the original data, ready to become an instance."""

    puzzle: dict[str, Any]
    answer: str
    complexity: int | None
    key: str  # original location, e.g. "standard_sudoku/sample_3"
    errata: list[str] = dataclasses.field(default_factory=list)
    params: Params | None = None  # defaults to the ladder's params for `complexity`
    original_answer: str | None = (
        None  # the stored answer as an answer-block content, for compatibility tests
    )
    extra_meta: dict[str, Any] = dataclasses.field(default_factory=dict)


EXCLUDING_ERRATA = frozenset(
    {"excluded_unsolvable", "excluded_ill_posed", "labels_contradict_rules", "approximate_witness"}
)


class Task(ABC):
    """A SymBench task. Subclasses set the class attributes and implement the abstract methods."""

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    version: ClassVar[str]
    group: ClassVar[str]
    category: ClassVar[str]
    description: ClassVar[str] = ""
    params_cls: ClassVar[type[Params]]
    ladder: ClassVar[Mapping[int, Mapping[str, Any]]]
    v1_mix: ClassVar[Mapping[int, int]]
    # Sample examples of `--param` overrides (knob -> value) that differ from level 1..10 defaults
    # somewhere; the contract test uses them to check that overrides take effect.
    override_examples: ClassVar[Mapping[str, str]] = {}

    # ------------------------------------------------------------------ ladder
    def params(self, complexity: int, overrides: Mapping[str, str] | None = None) -> Params:
        if not isinstance(complexity, int) or complexity not in LEVELS:
            raise ParamError(f"complexity must be an integer from 1 to 10, got {complexity!r}")
        base = self.params_cls.from_json(self.ladder[complexity])
        return base.with_overrides(overrides or {})

    # ------------------------------------------------------------------ generation
    @abstractmethod
    def generate(self, params: Params, rng: random.Random) -> Generated:
        """Build one puzzle and its canonical gold from the per-instance generator only."""

    @abstractmethod
    def render(self, puzzle: Mapping[str, Any]) -> str:
        """The question text for a puzzle (C7)."""

    # ------------------------------------------------------------------ verification
    @abstractmethod
    def check(self, instance: Instance, content: str) -> Verdict:
        """Judge the content of the final answer block against the instance's structured fields."""

    def verify(self, instance: Instance, response: object) -> Verdict:
        """C1 + C4: extract the last block, judge it, and never raise whatever the response is."""
        try:
            content = extract_last_block(response)
            if content is None:
                return Verdict.wrong("no_answer_block")
            verdict = self.check(instance, content)
            verdict.extracted = content
            return verdict
        except Exception as exc:  # noqa: BLE001 - the C4 top-level guard
            return Verdict(
                0.0, False, None, None, "verifier_error", {"error": f"{type(exc).__name__}: {exc}"[:500]}
            )

    def corruptions(self, instance: Instance) -> list[str]:
        """Wrong answers (block contents) for this instance that must score 0; used by the contract test."""
        return []

    # ------------------------------------------------------------------ original data
    original_folders: ClassVar[tuple[str, ...]] = ()

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported | None:
        """Rebuild one original `sample_<i>` (C8); tasks with original data override this."""
        raise SymbenchError(f"task {self.name} has no importer for the original data")

    def import_original(self, path: Path, include_excluded: bool = False) -> Iterator[Imported]:
        """Yield the imported items under `path` (the `dataset_gather` folder or one task folder)."""
        from symbench.importers.common import iter_samples

        if not self.original_folders:
            raise SymbenchError(f"task {self.name} has no original data to import")
        for folder, sample_id, question, solution in iter_samples(path, self.original_folders):
            item = self.import_sample(folder, sample_id, question, solution)
            if item is None:
                continue
            if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                continue
            yield item

    # ------------------------------------------------------------------ description
    def info(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "version": self.version,
            "group": self.group,
            "category": self.category,
            "description": self.description,
            "knobs": self.params_cls.describe(),
            "v1_mix": {str(k): v for k, v in self.v1_mix.items()},
        }
