"""Letter-card Mahjong: random hands and rounds (the original's biased card choice, without its
non-letter cards), and the judgement of the final round (Peng 1, Chi 2, Pass 0)."""

from __future__ import annotations

import random
import string
from collections import Counter
from typing import Any

from symbench.errors import GenerationError

LETTERS = string.ascii_uppercase
DECK = [c for c in LETTERS for _ in range(2)]
BALANCE_ATTEMPTS = 2000
PASS, PENG, CHI = 0, 1, 2


def is_letter(card: str) -> bool:
    return len(card) == 1 and card in LETTERS


def judge(hand: str | list[str], new: str, allow_chi: bool) -> int:
    """Peng if the hand (before adding) holds two or more copies of `new`; otherwise Chi, when allowed,
    if two hand letters form a run of three consecutive letters with `new` (no wrap-around, `new` in any
    place of the run); otherwise Pass."""
    counts = Counter(hand)
    if counts[new] >= 2:
        return PENG
    if allow_chi and is_letter(new):
        k = LETTERS.index(new)
        for a, b in ((k - 2, k - 1), (k - 1, k + 1), (k + 1, k + 2)):
            if 0 <= a and b < len(LETTERS) and counts[LETTERS[a]] and counts[LETTERS[b]]:
                return CHI
    return PASS


def play(initial: str, rounds: list[dict[str, Any]]) -> list[str]:
    """The hand just before the last round's card is added (each earlier round adds, then removes)."""
    hand = list(initial)
    for rnd in rounds[:-1]:
        hand.append(rnd["add"])
        if rnd["remove"] in hand:
            hand.remove(rnd["remove"])
    return hand


def build_puzzle(initial: str, rounds: list[dict[str, Any]], allow_chi: bool) -> dict[str, Any]:
    rounds = [{"add": r["add"], "remove": r["remove"]} for r in rounds]
    rounds[-1]["remove"] = None
    before = play(initial, rounds)
    return {
        "initial_hand": initial,
        "rounds": rounds,
        "allow_chi": allow_chi,
        "hand_before_final": "".join(before),
        "gold": judge(before, rounds[-1]["add"], allow_chi),
    }


def _new_card(hand: list[str], allow_chi: bool, bias: bool, rng: random.Random) -> str:
    """Uniform letter; with `bias`, the original's nudges towards Peng (and Chi when it exists)."""
    uniform = rng.choice(LETTERS)
    if not bias:
        return uniform
    counts = Counter(hand)
    if counts[rng.choice(hand)] >= 2:
        return rng.choice(sorted(c for c, k in counts.items() if k >= 2))
    if allow_chi and len(hand) >= 2:
        ordered = sorted(hand)
        i = rng.randrange(len(ordered) - 1)
        a, b = ordered[i], ordered[i + 1]
        if LETTERS.index(b) - LETTERS.index(a) == 1 and b != LETTERS[-1]:
            return LETTERS[LETTERS.index(b) + 1]
    return uniform


def generate_once(
    num_rounds: int, allow_chi: bool, bias: bool, hand_size: int, rng: random.Random
) -> dict[str, Any]:
    hand = rng.sample(DECK, hand_size)
    initial = "".join(hand)
    rounds: list[dict[str, Any]] = []
    for k in range(num_rounds):
        new = _new_card(hand, allow_chi, bias, rng)
        if k == num_rounds - 1:
            rounds.append({"add": new, "remove": None})
            break
        removed = rng.choice(hand)  # a card of the hand before the new card is added
        rounds.append({"add": new, "remove": removed})
        hand.remove(removed)
        hand.append(new)
    return build_puzzle(initial, rounds, allow_chi)


def generate(
    num_rounds: int,
    allow_chi: bool,
    bias: bool,
    hand_size: int,
    rng: random.Random,
    balance: int | None = None,
) -> dict[str, Any]:
    """One puzzle; `balance` (tests only) redraws until the answer equals the requested value."""
    if balance is None:
        return generate_once(num_rounds, allow_chi, bias, hand_size, rng)
    for _ in range(BALANCE_ATTEMPTS):
        puzzle = generate_once(num_rounds, allow_chi, bias, hand_size, rng)
        if puzzle["gold"] == balance:
            return puzzle
    raise GenerationError(f"mahjong_pattern: no puzzle with answer {balance} in {BALANCE_ATTEMPTS} attempts")
