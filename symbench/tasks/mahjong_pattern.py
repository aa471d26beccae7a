"""mahjong_pattern: judge the last round of a letter-card game, Peng/Chi/Pass (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from symbench.checkers import mahjong_pattern as checker
from symbench.errors import DataFormatError
from symbench.generators import mahjong_pattern as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class MahjongParams(Params):
    num_rounds: int = knob(lo=1, hi=200, help="rounds; the last one is judged")
    allow_chi: bool = knob(help="whether the Chi rule (three consecutive letters) exists")
    bias: bool = knob(help="nudge new cards towards Peng/Chi as the original generator did")
    hand_size: int = knob(13, lo=3, hi=52, help="cards in hand (drawn from two copies of A-Z)")


_LEVELS = {1: (1, False, False), 2: (2, False, True), 3: (3, True, True), 4: (4, True, True)}
_LEVELS.update({5: (5, True, True), 6: (8, True, True), 7: (12, True, True), 8: (16, True, True)})
_LEVELS.update({9: (24, True, True), 10: (32, True, True)})
LADDER = {
    lvl: {"num_rounds": n, "allow_chi": chi, "bias": bias, "hand_size": 13}
    for lvl, (n, chi, bias) in _LEVELS.items()
}


def _describe_round(k: int, rnd: dict[str, Any]) -> str:
    if rnd["remove"] is None:
        return f"Round {k}: add {rnd['add']}"
    return f"Round {k}: add {rnd['add']}, then remove {rnd['remove']}"


@register
class MahjongPattern(Task):
    name = "mahjong_pattern"
    version = "1.0"
    group = "seen"
    category = "Execution"
    description = "Play letter-card rounds and judge the last added card: Peng (1), Chi (2) or Pass (0)."
    params_cls = MahjongParams
    ladder = LADDER
    v1_mix = {1: 4, 2: 4, 3: 6, 4: 6, 5: 80}
    override_examples = {"num_rounds": "6", "allow_chi": "true", "bias": "true", "hand_size": "20"}
    original_folders = ("mahjong_pattern_dataset",)

    def generate(self, params: MahjongParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(params.num_rounds, params.allow_chi, params.bias, params.hand_size, rng)
        return Generated(puzzle, str(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        chi = puzzle["allow_chi"]
        size = len(puzzle["initial_hand"])
        rules = [
            "Peng (1): the hand, before the new card is added, already holds at least two cards equal to "
            "the new card.",
        ]
        if chi:
            rules.append(
                "Chi (2): only if it is not Peng, and the new card together with two cards already in the "
                "hand forms three consecutive letters of the alphabet; the new card may take any of the "
                "three places (for example a new N with L and M, with M and O, or with O and P in the "
                "hand). The alphabet does not wrap around: Y Z A is not consecutive."
            )
            rules.append("Pass (0): neither Peng nor Chi.")
        else:
            rules.append("Pass (0): not Peng. (There is no other result in this game.)")
        numbered = "\n".join(f"{i}. {r}" for i, r in enumerate(rules, 1))
        rounds = "\n".join(_describe_round(k, r) for k, r in enumerate(puzzle["rounds"], 1))
        if chi:
            answer = "x is 0 for Pass, 1 for Peng or 2 for Chi"
        else:
            answer = "x is 0 for Pass or 1 for Peng"
        return (
            f"A card game uses letter cards A-Z. You start with a hand of {size} cards. Each round, one new "
            "card is added to the hand and the round is judged; then one card is removed, so the hand has "
            f"{size} cards again. The judgement of a round uses the hand as it stands after all previous "
            "rounds and before this round's card is added; the removal that follows does not affect it. "
            "The removed card is always one of the cards that were in the hand before the new card came.\n\n"
            "A round is judged by these rules, in this order of precedence:\n"
            f"{numbered}\n\n"
            f"Initial hand: {puzzle['initial_hand']}\n\n"
            f"{rounds}\n\n"
            "What is the judgement of the final round? Answer in the format <<<x>>>, where "
            f"{answer}. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle["gold"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = instance.puzzle["gold"]
        others = [v for v in (0, 1, 2) if v != gold]
        return [str(others[0]), str(others[1]), "3", f"{gold} or {others[0]}", f"{gold}.5"]

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            initial = str(solution["initial_cards"])
            rounds = [{"add": str(r["add"]), "remove": str(r["remove"])} for r in solution["rounds"]]
            stored = int(solution["solution"])
            complexity = int(solution["complexity"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        if not rounds or not initial:
            raise DataFormatError(f"{folder}/{sample_id}: no rounds or no hand")
        allow_chi = complexity > 2
        puzzle = gen.build_puzzle(initial, rounds, allow_chi)
        gold = puzzle["gold"]
        # Cards shown in the question: the hand, every added card, every removal but the hidden last one.
        shown = initial + "".join(r["add"] for r in rounds) + "".join(r["remove"] for r in rounds[:-1])
        errata = []
        if not all(gen.is_letter(c) for c in shown):
            errata.append("excluded_ill_posed")  # a card outside the stated alphabet
            if stored == gen.PASS and gold == gen.CHI:
                errata.append("gold_corrected")  # a letter run was missed as well
        elif stored != gold:
            errata.append("gold_corrected")
        level = complexity if 1 <= complexity <= 10 and _LEVELS[complexity][0] == len(rounds) else None
        params = None
        if level is None:
            level = 5
            params = MahjongParams(
                num_rounds=len(rounds), allow_chi=allow_chi, bias=True, hand_size=len(initial)
            )
        return Imported(
            puzzle=puzzle,
            answer=str(gold),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            params=params,
            original_answer=str(stored),
            extra_meta={"original_question": question},
        )
