"""Yes/No answers, shared by web_of_lies and navigate."""

from __future__ import annotations

from symbench.checkers.answer import unwrap_string
from symbench.instance import Verdict

MAX_CONTENT_CHARS = 1000


def parse_yes_no(content: str) -> str | None:
    """`Yes`/`No` after stripping whitespace, brackets, quotes, a leading `-` and a trailing `.`."""
    if not isinstance(content, str) or len(content) > MAX_CONTENT_CHARS:
        return None
    text = content.strip()
    for _ in range(4):
        before = text
        text = unwrap_string(text)
        if text.startswith("-"):
            text = text[1:].strip()
        if text.endswith("."):
            text = text[:-1].strip()
        if text == before:
            break
    low = text.casefold()
    if low == "yes":
        return "Yes"
    if low == "no":
        return "No"
    return None


def check_yes_no(gold: str, content: str) -> Verdict:
    answer = parse_yes_no(content)
    if answer is None:
        return Verdict.wrong("unparseable")
    if answer != gold:
        return Verdict.wrong("wrong_value", parsed=answer)
    return Verdict.right(parsed=answer)
