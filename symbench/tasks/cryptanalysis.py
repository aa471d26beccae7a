"""cryptanalysis: deduce a lock's unique password from guesses with feedback (LogicGame, unseen)."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from typing import Any

from symbench.checkers import cryptanalysis as checker
from symbench.errors import DataFormatError
from symbench.generators import cryptanalysis as gen
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import Generated, Imported, Task


@dataclasses.dataclass(frozen=True)
class CryptanalysisParams(Params):
    num_digits: int = knob(lo=1, hi=4, help="different digits at the start of the password")
    num_letters: int = knob(lo=1, hi=3, help="different capital letters after the digits")
    budget: tuple[int, int] = knob(lo=1, hi=60, help="range of the guess budget (most guesses shown)")


LADDER = {
    1: (2, 2, (4, 6)),
    2: (2, 2, (7, 9)),
    3: (2, 2, (10, 12)),
    4: (2, 2, (13, 15)),
    5: (2, 2, (16, 18)),
    6: (3, 2, (14, 18)),
    7: (3, 3, (16, 20)),
    8: (3, 3, (21, 26)),
    9: (4, 3, (22, 28)),
    10: (4, 3, (28, 34)),
}

_GUESS_LINE = re.compile(r"^\s*\d+\.\s*Guess:\s*([0-9A-Za-z]+)\s*,", re.MULTILINE)

_ONE_HINT = {
    "digits": {"low": "too small", "high": "too large", "between": "in between"},
    "letters": {"low": "too early", "high": "too late", "between": "in between"},
}
_MANY_HINT = {
    "digits": {"all_low": "all too small", "all_high": "all too large", "none": "no direction"},
    "letters": {"all_low": "all too early", "all_high": "all too late", "none": "no direction"},
}


def format_answer(password: str) -> str:
    return json.dumps(list(password))


def _describe(part: str, fb: dict[str, Any]) -> str:
    text = f"{fb['correct']} in place, {fb['misplaced']} misplaced, {fb['absent']} absent"
    hint = fb["hint"]
    if hint is None:
        return text
    table = _ONE_HINT if fb["absent"] == 1 else _MANY_HINT
    return f"{text} ({table[part][hint]})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def build_puzzle(num_digits: int, num_letters: int, gold: str, guess_texts: list[str], budget: int) -> dict:
    """A puzzle from its password and guesses; the feedback is recomputed from the password."""
    pd, pl = gen.split_guess(gold, num_digits)
    guesses = []
    for text in guess_texts:
        d, lt = gen.split_guess(text, num_digits)
        guesses.append({"guess": text, "digits": gen.feedback(pd, d), "letters": gen.feedback(pl, lt)})
    return {
        "num_digits": num_digits,
        "num_letters": num_letters,
        "budget": budget,
        "guesses": guesses,
        "gold": gold,
    }


@register
class Cryptanalysis(Task):
    name = "cryptanalysis"
    version = "1.0"
    group = "unseen"
    category = "Planning"
    description = "Deduce a lock's unique password (digits then letters) from guesses with feedback."
    params_cls = CryptanalysisParams
    ladder = {
        lvl: {"num_digits": d, "num_letters": lt, "budget": list(b)} for lvl, (d, lt, b) in LADDER.items()
    }
    v1_mix = {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    override_examples = {"num_digits": "3", "num_letters": "3", "budget": "8-10"}
    original_folders = ("cryptanalysis",)

    def generate(self, params: CryptanalysisParams, rng: random.Random) -> Generated:
        budget = rng.randint(*params.budget)
        puzzle = gen.generate(params.num_digits, params.num_letters, budget, rng)
        return Generated(puzzle, format_answer(puzzle["gold"]))

    def render(self, puzzle: dict[str, Any]) -> str:
        kd, kl = puzzle["num_digits"], puzzle["num_letters"]
        lines = "\n".join(
            f"{i}. Guess {g['guess']}. Digits: {_describe('digits', g['digits'])}. "
            f"Letters: {_describe('letters', g['letters'])}."
            for i, g in enumerate(puzzle["guesses"], 1)
        )
        example = json.dumps(list(puzzle["guesses"][0]["guess"]))
        return (
            f"A combination lock's password is {_plural(kd, 'digit')} (0-9) followed by "
            f"{_plural(kl, 'capital letter')} (A-Z). No digit occurs twice in the password and no letter "
            "occurs twice. Each guess below is a wrong password of the same shape, followed by its "
            "feedback. Exactly one password is consistent with all of the feedback; find it.\n\n"
            "The feedback treats the digit part and the letter part separately. For each part it says how "
            "many symbols of the guess are in place (they occur in the password at the same position), "
            "how many are misplaced (they occur in the password, but at another position), and how many "
            "are absent (they do not occur in the password at all). For the absent symbols it may add a "
            "direction:\n"
            "- With exactly one absent digit: 'too small' means it is smaller than every digit of the "
            "password; 'too large' means it is larger than every digit of the password; 'in between' means "
            "it is smaller than some password digit and larger than another (it lies between the smallest "
            "and the largest password digit).\n"
            "- With two or more absent digits: 'all too small' means every one of them is smaller than "
            "every digit of the password; 'all too large' means every one of them is larger than every "
            "digit of the password; 'no direction' means they are neither all too small nor all too large, "
            "and nothing more is said about them.\n"
            "- Letters work the same way in alphabetical order: 'too early' means earlier in the alphabet "
            "than every letter of the password, 'too late' means later than every letter of the password, "
            "'in between' means it lies between the earliest and the latest password letter; 'all too early', "
            "'all too late' and 'no direction' are used for two or more absent letters.\n\n"
            f"Guesses:\n{lines}\n\n"
            "Give the password's symbols in order (the digits first, then the letters) as a list inside "
            "triple angle brackets. For example, the first guess would be written "
            f"<<<{example}>>>. Only the last <<<...>>> block in your reply is graded."
        )

    def check(self, instance: Instance, content: str) -> Verdict:
        p = instance.puzzle
        return checker.check(p["gold"], p["num_digits"], p["num_letters"], content)

    def corruptions(self, instance: Instance) -> list[str]:
        gold = instance.puzzle["gold"]
        kd = instance.puzzle["num_digits"]
        swapped = gold[::-1] if len(gold) > 1 else gold
        other_letter = next(c for c in "ZYXWVU" if c not in gold)
        changed = gold[:-1] + other_letter
        repeated = gold[:kd] + gold[kd] * (len(gold) - kd)
        out = [format_answer(gold[:-1]), format_answer(changed), gold + gold[-1]]
        if swapped != gold:
            out.append(format_answer(swapped))
        if repeated != gold:
            out.append(format_answer(repeated))
        return out

    def import_sample(self, folder: str, sample_id: str, question: str, solution: Any) -> Imported:
        try:
            answer = [str(s).strip().upper() for s in solution["answer"]]
            number = int(sample_id.split("_", 1)[1])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected solution.json ({exc})") from None
        guesses = [g.upper() for g in _GUESS_LINE.findall(question)]
        gold = "".join(answer)
        shape_ok = (
            len(answer) == 4
            and all(s in gen.DIGITS for s in gold[:2])
            and all(s in gen.LETTERS for s in gold[2:])
            and len(set(gold[:2])) == 2
            and len(set(gold[2:])) == 2
        )
        guesses_ok = all(
            len(g) == 4 and all(c in gen.DIGITS for c in g[:2]) and all(c in gen.LETTERS for c in g[2:])
            for g in guesses
        )
        if not guesses or not shape_ok or not guesses_ok:
            raise DataFormatError(f"{folder}/{sample_id}: unexpected password or guess lines")
        puzzle = build_puzzle(2, 2, gold, guesses, len(guesses))
        errata = [] if gen.candidates(puzzle) == [gold] else ["excluded_ill_posed"]
        level = min(5, number // 20 + 1)
        return Imported(
            puzzle=puzzle,
            answer=format_answer(gold),
            complexity=level,
            key=f"{folder}/{sample_id}",
            errata=errata,
            original_answer=format_answer(gold),
            extra_meta={"original_question": question},
        )
