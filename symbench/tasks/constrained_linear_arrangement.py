"""constrained_linear_arrangement: deduce the opponent's cards in a card game from your cards and the
results of each round (LogicGame, seen)."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers import constrained_linear_arrangement as checker
from symbench.errors import DataFormatError
from symbench.generators import constrained_linear_arrangement as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

_GAME_ITEM = re.compile(r"^([a-z]+)(?::(\d+))?$")
_DECK_SIZE = {"elements": 5, "stick": 4, "animal": 8}


def parse_game_mix(text: str) -> list[tuple[str, int]]:
    """`stick` or `elements:14,animal:16` (a weight defaults to 1) into (game, weight) pairs."""
    out = []
    for item in text.split(","):
        m = _GAME_ITEM.match(item.strip().lower())
        if not m or m.group(1) not in checker.GAMES:
            raise ValueError(
                f"{item.strip()!r} is not one of {', '.join(checker.GAMES)} (optionally :weight)"
            )
        weight = int(m.group(2)) if m.group(2) else 1
        if weight < 1:
            raise ValueError(f"the weight of {m.group(1)} must be at least 1")
        if any(g == m.group(1) for g, _ in out):
            raise ValueError(f"{m.group(1)} is listed twice")
        out.append((m.group(1), weight))
    return out


@dataclasses.dataclass(frozen=True)
class CardGameParams(Params):
    game: str = knob(
        help="a game (elements, stick, animal, ranked) or a weighted list, e.g. elements:14,animal:16"
    )
    num_rounds: int = knob(lo=1, hi=26, help="rounds played (at most the deck size)")
    num_pieces: int = knob(lo=3, hi=26, help="cards in the ranked deck (ranked game only)")

    def check(self) -> str | None:
        try:
            mix = parse_game_mix(self.game)
        except ValueError as exc:
            return f"parameter game={self.game!r}: {exc}"
        for name, _ in mix:
            size = self.num_pieces if name == "ranked" else _DECK_SIZE[name]
            if self.num_rounds > size:
                return f"num_rounds={self.num_rounds} exceeds the {size} cards of game {name}"
        return None


LADDER = {
    1: (2, "elements,stick,animal", 10),
    2: (3, "elements,animal", 10),
    3: (4, "stick", 10),
    4: (4, "elements:14,animal:16", 10),
    5: (5, "elements:14,animal:16", 10),
    6: (6, "animal", 10),
    7: (7, "animal", 10),
    8: (8, "animal", 10),
    9: (10, "ranked", 10),
    10: (12, "ranked", 12),
}
_ORIGINAL_GAME = {"elements": "elements", "stick_game": "stick", "animal": "animal"}


def format_answer(cards: list[str]) -> str:
    return ",".join(cards)


def _rules_text(puzzle: dict[str, Any]) -> str:
    game, pieces, names = puzzle["game"], puzzle["pieces"], puzzle["piece_names"]
    if game == "elements":
        gen_text = ", ".join(
            f"{names[a]} ({a}) generates {names[b]} ({b})" for a, b in checker.ELEMENT_GENERATES.items()
        )
        over_order = ["A", "C", "E", "B", "D"]
        over_text = ", ".join(
            f"{names[a]} ({a}) overcomes {names[checker.ELEMENT_OVERCOMES[a]]} ({checker.ELEMENT_OVERCOMES[a]})"
            for a in over_order
        )
        return (
            "The game is played with the five elements: "
            + ", ".join(f"{c} = {names[c]}" for c in pieces)
            + ".\n"
            f"Generation: {gen_text}.\n"
            f"Overcoming: {over_text}.\n"
            "Result of a round, the same for both players: if both cards are the same, the round is a "
            "draw. If a player's card generates the other player's card, that player loses (and the other "
            "wins). If a player's card overcomes the other player's card, that player wins (and the other "
            "loses). Any two different elements are linked by exactly one of these relations, so a draw "
            "happens only when both cards are the same."
        )
    if game == "stick":
        return (
            "The game is 'Stick, Tiger, Chicken, Worm' with four cards: "
            + ", ".join(f"{c} = {names[c]}" for c in pieces)
            + ".\n"
            "Stick beats Tiger, Tiger beats Chicken, Chicken beats Worm and Worm beats Stick. "
            "Result of a round, the same for both players: a player whose card beats the other card wins "
            "(and the other loses). If both cards are the same, or they are opposite cards that do not "
            "beat each other (Stick and Chicken, or Tiger and Worm), the round is a draw."
        )
    if game == "animal":
        ranked = ", ".join(f"{names[c]} ({c}, rank {len(pieces) - i})" for i, c in enumerate(pieces))
        return (
            f"The game is an animal battle with eight cards, from the strongest to the weakest: {ranked}.\n"
            "Result of a round, the same for both players: if both cards are the same, the round is a "
            "draw. If one card is the Mouse (H) and the other is the Elephant (A), the Mouse wins, "
            "whichever player holds it. Otherwise the card with the higher rank wins."
        )
    return (
        f"The game uses {len(pieces)} ranked cards, from the highest to the lowest: "
        + ", ".join(pieces)
        + ".\n"
        "Result of a round, the same for both players: if both cards are the same, the round is a draw. "
        f"If one card is the lowest card ({pieces[-1]}) and the other is the highest card ({pieces[0]}), "
        "the lowest card wins, whichever player holds it. Otherwise the higher card wins."
    )


def _format_example(puzzle: dict[str, Any]) -> str:
    """A sequence of the right shape that is not a consistent answer (so it reveals nothing)."""
    pieces, r = puzzle["pieces"], len(puzzle["results"])
    for shift in range(len(pieces)):
        candidate = (pieces[shift:] + pieces[:shift])[:r]
        if checker.violations(puzzle, candidate):
            return format_answer(candidate)
    return format_answer([pieces[0]] * r)  # a repeated card is never consistent


@register
class ConstrainedLinearArrangement(Task):
    name = "constrained_linear_arrangement"
    version = "1.0"
    group = "seen"
    category = "Planning"
    description = "Deduce the opponent's cards in a card game from your cards and each round's result."
    params_cls = CardGameParams
    ladder = {lvl: {"game": g, "num_rounds": r, "num_pieces": p} for lvl, (r, g, p) in LADDER.items()}
    v1_mix = {2: 12, 3: 28, 4: 30, 5: 30}
    override_examples = {"game": "stick", "num_rounds": "3", "num_pieces": "11"}
    original_folders = ("constrained_linear_arrangement",)

    def generate(self, params: CardGameParams, rng: random.Random) -> Generated:
        game = gen.pick_game(parse_game_mix(params.game), rng)
        puzzle = gen.generate(game, params.num_rounds, params.num_pieces, rng)
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        rounds = "\n".join(
            f"Round {k + 1}: you played {p}, result: {res} (for you)"
            for k, (p, res) in enumerate(zip(puzzle["player_cards"], puzzle["results"]))
        )
        r = len(puzzle["results"])
        return (
            "Two players, you and your opponent, each own one full set of the cards below (one card of "
            "each kind). In every round both players play one card at the same time. Each player uses "
            "each of their cards at most once, so the cards your opponent played in different rounds "
            "are all different (and so are yours).\n\n"
            f"{_rules_text(puzzle)}\n\n"
            f"These are the {r} rounds, with the card you played and the result for you:\n"
            f"{rounds}\n\n"
            "Deduce a card for your opponent in each round such that every round gives exactly the stated "
            "result and no opponent card is used twice. If several sequences fit, any one of them is "
            "accepted.\n\n"
            "Give the opponent's card letters in round order, separated by commas, inside triple angle "
            f"brackets, for example <<<{_format_example(puzzle)}>>> (this only shows the format). "
            "Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        return checker.check(instance.puzzle, content)

    def corruptions(self, instance: Instance) -> list[str]:
        p = instance.puzzle
        gold, pieces = list(p["gold"]), p["pieces"]
        out = [format_answer(gold[:-1]) if len(gold) > 1 else format_answer(gold * 2)]
        wrong = next(
            o
            for o in pieces
            if checker.outcome(p["game"], pieces, p["player_cards"][0], o) != p["results"][0]
        )
        out.append(format_answer([wrong] + gold[1:]))
        if len(gold) > 1:
            out.append(format_answer([gold[1]] + gold[1:]))  # a card played twice
        if p["piece_names"]:
            out.append(", ".join(p["piece_names"][c] for c in gold))
        return out

    # ------------------------------------------------------------------ original data
    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        return self._import(folder, sample_id, question, solution, relabel=False)

    def import_original(
        self, path: Path, include_excluded: bool = False, relabel: bool = False
    ) -> Iterator[Imported]:
        """`relabel=True` recomputes the results of the elements samples whose stored labels contradict
        the symmetric rules (otherwise those samples are flagged and left out by default)."""
        from symbench.importers.common import iter_samples

        for folder, sample_id, question, solution in iter_samples(path, self.original_folders):
            item = self._import(folder, sample_id, question, solution, relabel=relabel)
            if not include_excluded and EXCLUDING_ERRATA.intersection(item.errata):
                continue
            yield item

    def _import(self, folder: str, sample_id: str, question: str, solution: Any, relabel: bool) -> Imported:
        where = f"{folder}/{sample_id}"
        try:
            game = _ORIGINAL_GAME[solution["game_type"]]
            player = [str(c).strip().upper() for c in solution["player_moves"]]
            stored = [str(c).strip().upper() for c in solution["solution"]]
            labels = [str(r).strip().lower() for r in solution["results"]]
        except (KeyError, TypeError) as exc:
            raise DataFormatError(f"{where}: unexpected solution.json ({exc})") from None
        pieces = checker.deck(game)
        rounds = len(player)
        if not (len(stored) == len(labels) == rounds) or any(c not in pieces for c in player + stored):
            raise DataFormatError(f"{where}: rounds, cards or results do not fit the {game} game")
        implied = [checker.outcome(game, pieces, p, o) for p, o in zip(player, stored)]
        contradicted = [k + 1 for k in range(rounds) if implied[k] != labels[k]]
        errata: list[str] = []
        extra: dict[str, Any] = {"original_question": question}
        results = labels
        if contradicted:
            extra["contradicting_rounds"] = contradicted
            if relabel:
                results = implied
                extra["relabelled"] = True
                errata.append("question_rerendered")
            else:
                errata.append("labels_contradict_rules")
        elif game != "elements":
            errata.append("question_rerendered")  # wrong stick rule text / irrelevant animal rule dropped
        count, first = gen.solutions(game, pieces, player, results)
        puzzle = {
            "game": game,
            "pieces": pieces,
            "piece_names": checker.piece_names(game),
            "player_cards": player,
            "results": results,
            "gold": stored,
            "num_solutions": count,
        }
        if not contradicted or relabel:
            if checker.violations(puzzle, stored):
                if first is None:
                    errata.append("excluded_unsolvable")
                else:
                    errata.append("gold_corrected")
                    puzzle["gold"] = first
        level = 3 if game == "stick" else {3: 2, 4: 4, 5: 5}.get(rounds)
        params = None
        if level is None:
            level = 5
            params = CardGameParams(game=game, num_rounds=rounds, num_pieces=10)
        return Imported(
            puzzle=puzzle,
            answer=format_answer(puzzle["gold"]),
            complexity=level,
            key=where,
            errata=errata,
            params=params,
            original_answer=format_answer(stored),
            extra_meta=extra,
        )
