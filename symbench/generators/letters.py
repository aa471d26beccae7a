"""Words (from the bundled list, or synthetic letter strings) with a letter at known positions.

The bundled list `letters_words.txt` was written for symbench by its developers (common and long
English words, lower-case a-z only) and is distributed with the package under the project's licence;
nothing is downloaded. Its sha256 is pinned in the task module, so changing it forces a version bump.
"""

from __future__ import annotations

import functools
import hashlib
import random
import string
from importlib import resources

from symbench.errors import GenerationError

ALPHABET = string.ascii_lowercase
WORDLIST_FILE = "letters_words.txt"
MAX_REDRAWS = 200  # source=wordlist: redraws of (letter, count) before giving up


@functools.cache
def _wordlist_bytes() -> bytes:
    return resources.files("symbench.generators").joinpath(WORDLIST_FILE).read_bytes()


@functools.cache
def wordlist() -> tuple[str, ...]:
    words = _wordlist_bytes().decode("utf-8").split()
    return tuple(sorted({w for w in words if w and all(c in ALPHABET for c in w)}))


@functools.cache
def wordset() -> frozenset[str]:
    return frozenset(wordlist())


def wordlist_sha256() -> str:
    return hashlib.sha256(_wordlist_bytes()).hexdigest()


@functools.cache
def candidates(len_min: int, len_max: int, letter: str, count: int) -> tuple[str, ...]:
    """Listed words of a length in range holding `letter` exactly `count` times, in list order."""
    return tuple(w for w in wordlist() if len_min <= len(w) <= len_max and w.count(letter) == count)


def positions_of(word: str, letter: str) -> list[int]:
    return [i + 1 for i, c in enumerate(word) if c == letter]


def synthetic_word(length: int, letter: str, count: int, rng: random.Random) -> str:
    """`count` copies of `letter` at uniform distinct positions, the rest from the other 25 letters."""
    others = ALPHABET.replace(letter, "")
    chars = [rng.choice(others) for _ in range(length)]
    for pos in rng.sample(range(length), count):
        chars[pos] = letter
    return "".join(chars)


def generate(
    len_min: int, len_max: int, count_min: int, count_max: int, letters: str, source: str, rng: random.Random
) -> dict:
    for _ in range(MAX_REDRAWS):
        count = rng.randint(count_min, count_max)
        letter = rng.choice(letters)
        word, origin = None, "synthetic"
        if source in ("wordlist", "mixed"):
            pool = candidates(len_min, len_max, letter, count)
            if pool:
                word, origin = rng.choice(pool), "wordlist"
            elif source == "wordlist":
                continue  # no listed word fits this draw: draw again
        if word is None:
            word = synthetic_word(rng.randint(len_min, len_max), letter, count, rng)
        positions = positions_of(word, letter)
        assert len(positions) == count
        return {"word": word, "letter": letter, "count": count, "positions": positions, "source": origin}
    raise GenerationError(
        f"no listed word of length {len_min}-{len_max} fits the drawn letter/count after {MAX_REDRAWS} draws"
    )
