"""Random light grids, buttons wired to cells, press sequences, and the XOR simulation."""

from __future__ import annotations

import random
import string

from symbench.errors import GenerationError

MAX_REDRAWS = 100
REDRAWS_PER_BUTTON_SET = 20


def simulate(initial: list[list[int]], buttons: dict[str, list[list[int]]], presses: list[str]) -> list[int]:
    """Each press toggles every cell wired to its button; returns the final grid row-major."""
    n = len(initial)
    flat = [v for row in initial for v in row]
    for letter in presses:
        for r, c in buttons[letter]:
            flat[(r - 1) * n + (c - 1)] ^= 1
    return flat


def _draw_buttons(
    size: int, num_buttons: int, cells: tuple[int, int], rng: random.Random
) -> dict[str, list[list[int]]]:
    out: dict[str, list[list[int]]] = {}
    for letter in string.ascii_uppercase[:num_buttons]:
        k = rng.randint(cells[0], cells[1])
        out[letter] = [[i // size + 1, i % size + 1] for i in rng.sample(range(size * size), k)]
    return out


def generate(
    size: int,
    num_buttons: int,
    num_presses: int,
    cells_per_button: tuple[int, int],
    require_change: bool,
    rng: random.Random,
) -> tuple[list[list[int]], dict[str, list[list[int]]], list[str], list[int]]:
    """(initial grid, buttons, presses, final grid); with `require_change` the final grid differs."""
    initial = [[rng.randint(0, 1) for _ in range(size)] for _ in range(size)]
    letters = string.ascii_uppercase[:num_buttons]
    buttons = _draw_buttons(size, num_buttons, cells_per_button, rng)
    presses = [rng.choice(letters) for _ in range(num_presses)]
    final = simulate(initial, buttons, presses)
    start = [v for row in initial for v in row]
    redraws = 0
    while require_change and final == start:
        redraws += 1
        if redraws > MAX_REDRAWS:
            raise GenerationError(f"light_puzzles: no changing press sequence after {MAX_REDRAWS} redraws")
        if redraws % REDRAWS_PER_BUTTON_SET == 0:
            buttons = _draw_buttons(size, num_buttons, cells_per_button, rng)
        presses = [rng.choice(letters) for _ in range(num_presses)]
        final = simulate(initial, buttons, presses)
    return initial, buttons, presses, final
