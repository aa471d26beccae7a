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


STATE_BUDGET = 1_000_000


def solutions(
    game: str, pieces: list[str], player_cards: list[str], results: list[str], cap: int = SOLUTION_CAP
) -> tuple[int, list[str] | None]:
    """Opponent sequences of distinct cards giving every stated result, counted up to `cap`, and the
    first one found (in deck order, round by round).

    The count is a backtracking over the rounds, most constrained round first, memoised on the set of
    cards already used (capped sums stay exact: min(cap, sum of min(cap, x))). A state budget bounds the
    work on very large decks; past it the count is a lower bound (never reached at the ladder's sizes)."""
    index = {card: i for i, card in enumerate(pieces)}
    options = [
        [index[o] for o in pieces if outcome(game, pieces, p, o) == res]
        for p, res in zip(player_cards, results)
    ]
    order = sorted(range(len(options)), key=lambda k: (len(options[k]), k))
    memo: dict[tuple[int, int], int] = {}

    def count(depth: int, used: int) -> int:
        if depth == len(order):
            return 1
        key = (depth, used)
        if key in memo:
            return memo[key]
        if len(memo) >= STATE_BUDGET:
            return 0
        total = 0
        for card in options[order[depth]]:
            if not used >> card & 1:
                total += count(depth + 1, used | 1 << card)
                if total >= cap:
                    total = cap
                    break
        memo[key] = total
        return total

    def first_solution() -> list[int]:
        """Follow the memo: at each depth take the first card that still leads to a solution."""
        chosen = [0] * len(options)
        used = 0
        for depth, k in enumerate(order):
            card = next(c for c in options[k] if not used >> c & 1 and count(depth + 1, used | 1 << c))
            chosen[k] = card
            used |= 1 << card
        return chosen

    total = count(0, 0)
    first = first_solution() if total else None
    return total, [pieces[i] for i in first] if first is not None else None


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
