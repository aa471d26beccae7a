"""Card-game deduction puzzles: random rounds of two players' distinct cards, and a counter of the
opponent sequences consistent with the announced results."""

from __future__ import annotations

import random

from symbench.checkers.constrained_linear_arrangement import deck, outcome, piece_names

SOLUTION_CAP = 100


def pick_game(mix: list[tuple[str, int]], rng: random.Random) -> str:
    """Draw a game with integer weights (one `randrange`, so the stream is platform independent)."""
    total = sum(w for _, w in mix)
    x = rng.randrange(total)
    for game, weight in mix:
        if x < weight:
            return game
        x -= weight
    raise AssertionError("unreachable")


def solutions(
    game: str, pieces: list[str], player_cards: list[str], results: list[str], cap: int = SOLUTION_CAP
) -> tuple[int, list[str] | None]:
    """Opponent sequences of distinct cards giving every stated result, counted up to `cap` (backtracking
    round by round), and the first one found."""
    options = [
        [o for o in pieces if outcome(game, pieces, p, o) == res] for p, res in zip(player_cards, results)
    ]
    count = 0
    first: list[str] | None = None
    chosen: list[str] = []
    used: set[str] = set()

    def search(k: int) -> None:
        nonlocal count, first
        if count >= cap:
            return
        if k == len(options):
            count += 1
            if first is None:
                first = list(chosen)
            return
        for card in options[k]:
            if card in used:
                continue
            used.add(card)
            chosen.append(card)
            search(k + 1)
            chosen.pop()
            used.discard(card)
            if count >= cap:
                return

    search(0)
    return count, first


def generate(game: str, rounds: int, num_pieces: int, rng: random.Random) -> dict:
    """Faithful draw: your cards and the opponent's cards are independent samples without repetition."""
    pieces = deck(game, num_pieces)
    player = rng.sample(pieces, rounds)
    opponent = rng.sample(pieces, rounds)
    results = [outcome(game, pieces, p, o) for p, o in zip(player, opponent)]
    count, _ = solutions(game, pieces, player, results)
    return {
        "game": game,
        "pieces": pieces,
        "piece_names": piece_names(game),
        "player_cards": player,
        "results": results,
        "gold": opponent,
        "num_solutions": count,
    }
