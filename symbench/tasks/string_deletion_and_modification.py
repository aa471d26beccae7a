"""string_deletion_and_modification: rewrite a string with the first applicable rule until none applies
(LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import string_deletion_and_modification as checker
from symbench.errors import DataFormatError
from symbench.generators import string_deletion_and_modification as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task

MAX_OPS = gen.MAX_STEPS


@dataclasses.dataclass(frozen=True)
class StringEditParams(Params):
    length: tuple[int, int] = knob(lo=1, hi=200, help="length of the input string (range)")
    num_rules: int = knob(lo=1, hi=len(gen.RULES), help="number of rules drawn from the pool of 20")
    ops: tuple[int, int] = knob(lo=0, hi=MAX_OPS, help="accepted number of applied steps (range)")


LADDER = {
    1: ((6, 10), 4, (1, 3)),
    2: ((8, 14), 5, (2, 3)),
    3: ((10, 20), 6, (4, 5)),
    4: ((10, 20), 6, (6, MAX_OPS)),
    5: ((15, 25), 8, (10, MAX_OPS)),
    6: ((20, 30), 8, (15, MAX_OPS)),
    7: ((20, 35), 10, (20, MAX_OPS)),
    8: ((25, 40), 12, (25, MAX_OPS)),
    9: ((30, 50), 14, (30, MAX_OPS)),
    10: ((40, 60), 16, (40, MAX_OPS)),
}


def build_puzzle(rules: list[int], string: str, trace: list[dict]) -> dict[str, Any]:
    return {"rules": rules, "string": string, "trace": trace, "gold": gen.final_string(string, trace)}


@register
class StringDeletionAndModification(Task):
    name = "string_deletion_and_modification"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = (
        "Apply the first applicable rewrite rule again and again until none applies; give the result."
    )
    params_cls = StringEditParams
    ladder = {lvl: {"length": ln, "num_rules": k, "ops": ops} for lvl, (ln, k, ops) in LADDER.items()}
    v1_mix = {3: 70, 4: 30}
    override_examples = {"length": "12-16", "num_rules": "7", "ops": "2-4"}
    original_folders = ("string_deletion_and_modification",)

    def generate(self, params: StringEditParams, rng: random.Random) -> Generated:
        rules, string, trace = gen.generate(params.length, params.num_rules, params.ops, rng)
        puzzle = build_puzzle(rules, string, trace)
        return Generated(puzzle, puzzle["gold"])

    def render(self, puzzle: dict[str, Any]) -> str:
        rules = "\n".join(f"{i + 1}. {gen.RULE_TEXT[rid]}" for i, rid in enumerate(puzzle["rules"]))
        example = "bcab" if puzzle["gold"] != "bcab" else "acbc"  # never the answer itself
        return (
            "You are given a string and a numbered list of rules. Each rule has a condition on the current "
            "string and an edit.\n\n"
            f"{rules}\n\n"
            "Procedure. At each step, go through the rules from rule 1 downwards and find the first rule "
            "whose condition holds for the current string; apply that rule only, exactly once. Then start "
            "again from rule 1 with the new string. Stop when no rule's condition holds; the string at "
            "that moment is the final string. Positions are counted from 0 at the left; the 'leftmost "
            "occurrence' of a substring is the one that starts at the smallest index. The letter 'z' may "
            "appear in the string after an edit; it is an ordinary character.\n\n"
            f"The input string is: {puzzle['string']}\n\n"
            "What is the final string? Write it inside triple angle brackets in lower case, with no "
            f"spaces; quotes around it are allowed but not required, for example <<<{example}>>> (this example "
            "only shows the format). Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold, start = instance.puzzle["gold"], instance.puzzle["string"]
        out = [gold + "a", gold[:-1] if len(gold) > 1 else gold + "b", gold.upper() + "A"]
        if start != gold:
            out.append(start)
        if len(gold) > 1:
            out.append(f"{gold[0]} {gold[1:]}")
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            sentences = [str(s).strip() for s in solution["selected_rules"]]
            string = str(solution["initial_string"])
            stored = str(solution["final_string"])
        except (KeyError, TypeError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        unknown = [s for s in sentences if s not in gen.ORIGINAL_SENTENCES]
        if unknown:
            raise DataFormatError(f"{folder}/{sample_id}: unknown rule sentence {unknown[0]!r}")
        rules = [gen.ORIGINAL_SENTENCES[s] for s in sentences]
        errata = ["question_rerendered"]
        try:
            trace = gen.run(rules, string)
        except gen.NonTerminating:
            trace = []
            errata.append("excluded_ill_posed")
        puzzle = build_puzzle(rules, string, trace)
        if "excluded_ill_posed" not in errata and puzzle["gold"] != stored:
            errata.append("gold_corrected")
        states = [string] + [step["state"] for step in trace]
        return Imported(
            puzzle=puzzle,
            answer=puzzle["gold"],
            complexity=3 if len(trace) <= 5 else 4,
            key=f"{folder}/{sample_id}",
            errata=errata,
            original_answer=stored,
            extra_meta={
                "original_question": question,
                "original_states_match": states == solution.get("intermediate_states"),
            },
        )
