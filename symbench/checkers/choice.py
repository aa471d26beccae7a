"""Multiple-choice answers (convention C9), shared by date_understanding and logical_deduction.

A block content names one option either by its letter (`B`, `(B)`, `B)`, `B.`, `B: text`, `(B) text`,
where any attached text must agree with option B) or by the text of exactly one option. Dates of the
form `M/D/YYYY` are compared as dates, so zero padding does not matter. Nothing here raises.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from symbench.instance import Verdict

LETTERS = string.ascii_uppercase
MAX_CONTENT_CHARS = 5000  # an option text is short; anything longer cannot name one

_WS = re.compile(r"\s+")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_WRAPPERS = (
    re.compile(r"^\$\$(.*)\$\$$", re.DOTALL),
    re.compile(r"^\$(.*)\$$", re.DOTALL),
    re.compile(r"^\*\*(.*)\*\*$", re.DOTALL),
    re.compile(r'^"(.*)"$', re.DOTALL),
    re.compile(r"^'(.*)'$", re.DOTALL),
    re.compile(r"^`(.*)`$", re.DOTALL),
    re.compile(r"^\\(?:text|textbf|mathrm|boxed)\{(.*)\}$", re.DOTALL),
)
_PAREN_LETTER = re.compile(r"^\(\s*([A-Za-z])\s*\)(.*)$", re.DOTALL)
_BARE_LETTER = re.compile(r"^([A-Za-z])(?:$|[.:)](.*)$|\s(.*)$)", re.DOTALL)


def normalise(content: str) -> str:
    """C9 step 1: strip wrappers (`$`, `**`, quotes, `\\text{}`), one trailing period, extra spaces."""
    text = content.strip()
    for _ in range(8):  # wrappers may nest, e.g. `$\\text{B}$`; a few rounds are plenty
        before = text
        if text.endswith("."):
            text = text[:-1].rstrip()
        for pattern in _WRAPPERS:
            m = pattern.match(text)
            if m:
                text = m.group(1).strip()
        if text == before:
            break
    if text.endswith("."):
        text = text[:-1].rstrip()
    return _WS.sub(" ", text)


def _canonical_text(text: str) -> str | tuple[int, int, int]:
    """C9 step 4: case-folded, whitespace-collapsed, no trailing period; `M/D/YYYY` becomes a date."""
    t = _WS.sub(" ", text.strip())
    if t.endswith("."):
        t = t[:-1].rstrip()
    m = _DATE.match(t)
    if m:
        return (int(m.group(3)), int(m.group(1)), int(m.group(2)))
    return t.casefold()


def texts_match(a: str, b: str) -> bool:
    """Whether two option texts are the same answer (dates compared as dates)."""
    return _canonical_text(a) == _canonical_text(b)


def choose(content: str, options: Sequence[str]) -> tuple[str | None, str]:
    """The option letter the content names, or None with the failure reason (C9 steps 1-4)."""
    if not isinstance(content, str) or len(content) > MAX_CONTENT_CHARS:
        return None, "unparseable"
    text = normalise(content)
    if not text:
        return None, "unparseable"
    letters = LETTERS[: len(options)]
    # A content that is exactly one option's text is that option, even if it starts like a letter form
    # ("A bus is the oldest"); option texts never start with "(X)", so C9's letter forms are unaffected.
    exact = [letters[i] for i, opt in enumerate(options) if texts_match(text, opt)]
    if len(exact) == 1:
        return exact[0], "correct"
    m = _PAREN_LETTER.match(text)
    if m:
        letter, rest = m.group(1), m.group(2)
    else:
        m = _BARE_LETTER.match(text)
        letter, rest = (
            (m.group(1), m.group(2) if m.group(2) is not None else m.group(3)) if m else (None, None)
        )
    if letter is not None:
        letter = letter.upper()
        if letter not in letters:
            return None, "unparseable"
        rest = (rest or "").strip().lstrip(":-\u2013\u2014").strip()
        if rest and not texts_match(rest, options[letters.index(letter)]):
            return None, "rule_violation"
        return letter, "correct"
    return None, "unparseable"


def check_choice(content: str, options: Sequence[str], gold_letter: str) -> Verdict:
    """C9 step 5: score 1 iff the named option is the gold one."""
    letter, reason = choose(content, options)
    if letter is None:
        return Verdict.wrong(reason)
    if letter != gold_letter:
        return Verdict.wrong("wrong_value", parsed=letter)
    return Verdict.right(parsed=letter)


def wrong_choices(options: Sequence[str], gold_letter: str) -> list[str]:
    """Answers certainly wrong for a multiple-choice instance: the next letter, that option's text, the
    gold letter followed by another option's text, and a hedge between two letters."""
    letters = LETTERS[: len(options)]
    other = letters[(letters.index(gold_letter) + 1) % len(letters)]
    other_text = options[letters.index(other)]
    return [f"({other})", other_text, f"({gold_letter}) {other_text}", f"({gold_letter}) or ({other})"]
