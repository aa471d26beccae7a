"""web_of_lies: truth-tellers and liars; does the last person tell the truth? (BBH, seen)."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import web_of_lies as checker
from symbench.errors import DataFormatError
from symbench.generators import web_of_lies as gen
from symbench.importers import bbh
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

BBH_STEM = "web_of_lies"
ANSWER_SENTENCE = (
    "Answer Yes or No inside triple angle brackets, for example <<<Yes>>>. "
    "Only the last <<<...>>> block in your reply is graded."
)


@dataclasses.dataclass(frozen=True)
class WebOfLiesParams(Params):
    n_people: int = knob(lo=2, hi=len(gen.NAMES), help="people in the story")
    window: int = knob(lo=1, hi=50, help="a statement is about one of the previous `window` people")
    compound_prob: float = knob(lo=0.0, hi=1.0, help="chance of a two-person statement")
    shuffle: bool = knob(help="present the sentences in random order")
    min_depth: int = knob(lo=1, hi=100, help="shortest dependency chain from the base fact to the target")
    p_yes: float = knob(0.5, lo=0.0, hi=1.0, help="chance that the answer is Yes")

    def check(self) -> str | None:
        if self.min_depth > self.n_people - 1:
            return "min_depth must be below n_people"
        return None


LADDER_ROWS = {
    1: (3, 1, 0.0, False, 2),
    2: (4, 1, 0.0, False, 3),
    3: (5, 1, 0.0, False, 4),
    4: (7, 1, 0.0, False, 6),
    5: (10, 1, 0.0, False, 9),
    6: (12, 3, 0.0, False, 6),
    7: (15, 3, 0.0, True, 7),
    8: (20, 3, 0.25, True, 9),
    9: (25, 4, 0.25, True, 10),
    10: (30, 4, 0.5, True, 12),
}


def _status(truth: bool) -> str:
    return "tells the truth" if truth else "lies"


def _claim_text(st: dict) -> str:
    about, truth = st["about"], st["claim"] == "truth"
    if st["kind"] == "single":
        return f"{about[0]} {_status(truth)}"
    if st["kind"] == "both":
        return f"{about[0]} and {about[1]} both {'tell the truth' if truth else 'lie'}"
    return f"at least one of {about[0]} and {about[1]} {_status(truth)}"


def statement_sentence(st: dict) -> str:
    claim = _claim_text(st)
    style = st.get("style", 0)
    if style == 1:
        return f"{st['speaker']} claims that {claim}."
    if style == 2:
        return f"According to {st['speaker']}, {claim}."
    return f"{st['speaker']} says that {claim}."


def render_story(puzzle: dict[str, Any]) -> str:
    people = puzzle["people"]
    sentences = [f"{people[0]} {_status(puzzle['base_truthful'])}."]
    sentences += [statement_sentence(st) for st in puzzle["statements"]]
    return " ".join(sentences[k] for k in puzzle["sentence_order"])


@register
class WebOfLies(Task):
    name = "web_of_lies"
    version = "1.0"
    group = "seen"
    category = "Reasoning"
    description = "Decide whether a person tells the truth from a chain of truth-teller/liar statements."
    params_cls = WebOfLiesParams
    ladder = {
        lvl: {"n_people": n, "window": w, "compound_prob": c, "shuffle": s, "min_depth": d, "p_yes": 0.5}
        for lvl, (n, w, c, s, d) in LADDER_ROWS.items()
    }
    v1_mix = {3: 100}
    override_examples = {
        "n_people": "8",
        "window": "2",
        "compound_prob": "0.3",
        "shuffle": "true",
        "min_depth": "2",
        "p_yes": "1.0",
    }
    original_folders = (bbh.FOLDER,)

    def generate(self, params: WebOfLiesParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.n_people,
            params.window,
            params.compound_prob,
            params.shuffle,
            params.min_depth,
            params.p_yes,
            rng,
        )
        return Generated(puzzle, "Yes" if puzzle["truthful"][puzzle["target"]] else "No")

    def render(self, puzzle: dict[str, Any]) -> str:
        if puzzle.get("verbatim"):
            return bbh.verbatim_question(puzzle["verbatim"], ANSWER_SENTENCE)
        n = len(puzzle["people"])
        compound = any(st["kind"] == "at_least_one" for st in puzzle["statements"])
        note = ' ("At least one of X and Y" means one or both of them.)' if compound else ""
        return (
            f"Each of the {n} people below either always tells the truth or always lies; every statement "
            f"a truth-teller makes is true and every statement a liar makes is false.{note}\n\n"
            f"{render_story(puzzle)}\n\n"
            f"Question: Does {puzzle['target']} tell the truth?\n\n{ANSWER_SENTENCE}"
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check_yes_no(instance.answer, content)

    def corruptions(self, instance: Instance) -> list[str]:
        wrong = "No" if instance.answer == "Yes" else "Yes"
        return [wrong, wrong.lower() + ".", "Yes/No", "True" if instance.answer == "Yes" else "False"]

    # ------------------------------------------------------------------ original data
    def import_original(
        self,
        path: Path,
        include_excluded: bool = False,
        render: str = "verbatim",
        gold_policy: str = "corrected",
        subset: str | None = None,
    ) -> Iterator[Imported]:
        """BBH `web_of_lies.json` (C8a): every item is parsed and re-solved; `render="symbench"`
        re-renders the question from the parse."""
        bbh.check_options(render, gold_policy, subset)
        for key, index, text, target in bbh.iter_examples(Path(path), BBH_STEM, subset):
            puzzle = parse_bbh(text, key)
            computed = "Yes" if puzzle["truthful"][puzzle["target"]] else "No"
            published = target.strip().capitalize()
            if published not in ("Yes", "No"):
                raise DataFormatError(f"{key}: target {target!r} is not Yes or No")
            errata = [] if published == computed else ["gold_corrected"]
            if render == "verbatim":
                puzzle["verbatim"] = text
            answer = published if gold_policy == "published" else computed
            if gold_policy == "corrected" and not include_excluded and EXCLUDING_ERRATA.intersection(errata):
                continue
            yield Imported(
                puzzle=puzzle,
                answer=answer,
                complexity=3,
                key=key,
                errata=errata,
                original_answer=published,
                extra_meta={
                    "original_question": text,
                    "provenance": {"file": f"{BBH_STEM}.json", "index": index},
                },
            )


_NAME = r"([A-Z][A-Za-z'\-]*)"
_BASE = re.compile(rf"^{_NAME} (tells the truth|lies)$")
_SAYS = re.compile(rf"^{_NAME} says {_NAME} (tells the truth|lies)$")
_ASK = re.compile(rf"^Does {_NAME} tell the truth$")


def parse_bbh(text: str, where: str = "item") -> dict[str, Any]:
    """The structured puzzle of a BBH item: `A lies. B says A tells the truth. ... Does E tell the truth?`"""
    body = text.strip()
    if body.startswith("Question:"):
        body = body[len("Question:") :].strip()
    sentences = [s.strip() for s in re.split(r"(?<=[.?])\s+", body) if s.strip()]
    if len(sentences) < 3 or not sentences[-1].endswith("?"):
        raise DataFormatError(f"{where}: unexpected web_of_lies text {text[:80]!r}")
    m = _BASE.match(sentences[0].rstrip("."))
    ask = _ASK.match(sentences[-1].rstrip("?"))
    if not m or not ask:
        raise DataFormatError(f"{where}: cannot parse {text[:80]!r}")
    people = [m.group(1)]
    base_truthful = m.group(2) == "tells the truth"
    statements = []
    for sentence in sentences[1:-1]:
        s = _SAYS.match(sentence.rstrip("."))
        if not s or s.group(2) not in people or s.group(1) in people:
            raise DataFormatError(f"{where}: cannot parse the sentence {sentence!r}")
        people.append(s.group(1))
        claim = "truth" if s.group(3) == "tells the truth" else "lie"
        statements.append(
            {"speaker": s.group(1), "kind": "single", "about": [s.group(2)], "claim": claim, "style": 0}
        )
    target = ask.group(1)
    if target not in people:
        raise DataFormatError(f"{where}: the question asks about {target!r}, who is not in the story")
    truthful = checker.evaluate(people, base_truthful, statements)
    return {
        "people": people,
        "base_truthful": base_truthful,
        "statements": statements,
        "sentence_order": list(range(len(people))),
        "target": target,
        "truthful": truthful,
        "depth": gen.depths(people, statements)[target],
    }
