"""Card-game deduction: the rules of the four games (used by the generator too) and the rule-based check
of an opponent sequence: right length, cards of the deck, each card once, every round's result."""

from __future__ import annotations

from symbench.checkers.answer import split_tokens
from symbench.instance import Verdict

ELEMENT_NAMES = {"A": "Wood", "B": "Fire", "C": "Earth", "D": "Metal", "E": "Water"}
ELEMENT_GENERATES = {"A": "B", "B": "C", "C": "D", "D": "E", "E": "A"}
ELEMENT_OVERCOMES = {"A": "C", "C": "E", "E": "B", "B": "D", "D": "A"}
STICK_NAMES = {"A": "Stick", "B": "Tiger", "C": "Chicken", "D": "Worm"}
STICK_BEATS = {"A": "B", "B": "C", "C": "D", "D": "A"}
ANIMAL_NAMES = {
    "A": "Elephant",
    "B": "Lion",
    "C": "Tiger",
    "D": "Leopard",
    "E": "Wolf",
    "F": "Dog",
    "G": "Cat",
    "H": "Mouse",
}
GAMES = ("elements", "stick", "animal", "ranked")


def deck(game: str, num_pieces: int = 0) -> list[str]:
    if game == "elements":
        return list(ELEMENT_NAMES)
    if game == "stick":
        return list(STICK_NAMES)
    if game == "animal":
        return list(ANIMAL_NAMES)
    if game == "ranked":
        return [chr(ord("A") + i) for i in range(num_pieces)]
    raise ValueError(f"unknown game {game!r}")


def piece_names(game: str) -> dict[str, str]:
    return {"elements": ELEMENT_NAMES, "stick": STICK_NAMES, "animal": ANIMAL_NAMES}.get(game, {}).copy()


def outcome(game: str, pieces: list[str], mine: str, theirs: str) -> str:
    """`win`, `loss` or `draw` for the player who played `mine` against `theirs` (symmetric rules)."""
    if mine == theirs:
        return "draw"
    if game == "elements":
        if ELEMENT_GENERATES[mine] == theirs or ELEMENT_OVERCOMES[theirs] == mine:
            return "loss"
        return "win"  # theirs generates mine, or mine overcomes theirs: the only other relations
    if game == "stick":
        if STICK_BEATS[mine] == theirs:
            return "win"
        if STICK_BEATS[theirs] == mine:
            return "loss"
        return "draw"  # opposite cards
    # animal and ranked: pieces are listed from the highest rank down; the lowest beats the highest
    top, bottom = pieces[0], pieces[-1]
    if mine == bottom and theirs == top:
        return "win"
    if mine == top and theirs == bottom:
        return "loss"
    return "win" if pieces.index(mine) < pieces.index(theirs) else "loss"


def parse_sequence(content: str, rounds: int) -> tuple[list[str] | None, str]:
    """Upper-cased card letters; a single token of exactly `rounds` letters is split into letters."""
    tokens = [t.upper() for t in split_tokens(content)]
    if not tokens:
        return None, "unparseable"
    if len(tokens) == 1 and len(tokens[0]) == rounds and tokens[0].isascii() and tokens[0].isalpha():
        tokens = list(tokens[0])
    if any(len(t) != 1 or not ("A" <= t <= "Z") for t in tokens):
        return None, "invalid_symbol"
    if len(tokens) != rounds:
        return None, "wrong_shape"
    return tokens, ""


def violations(puzzle: dict, seq: list[str]) -> list[str]:
    """The rules an opponent sequence breaks; empty when it is consistent with every round."""
    pieces = puzzle["pieces"]
    out = []
    if any(card not in pieces for card in seq):
        out.append("a card is not in the deck")
        return out
    if len(set(seq)) != len(seq):
        out.append("a card is played twice")
    for k, (mine, theirs, result) in enumerate(zip(puzzle["player_cards"], seq, puzzle["results"])):
        if outcome(puzzle["game"], pieces, mine, theirs) != result:
            out.append(f"round {k + 1} would not be a {result}")
    return out


def check(puzzle: dict, content: str) -> Verdict:
    seq, reason = parse_sequence(content, len(puzzle["results"]))
    if seq is None:
        return Verdict.wrong(reason)
    if any(card not in puzzle["pieces"] for card in seq):
        return Verdict.wrong("invalid_symbol", parsed=seq)
    broken = violations(puzzle, seq)
    if broken:
        return Verdict.wrong("rule_violation", parsed=seq, metrics={"violations": broken})
    return Verdict.right(parsed=seq)
