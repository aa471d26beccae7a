"""Yes/No answers (web_of_lies; navigate uses the same rule)."""

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


def statement_value(kind: str, claim: str, values: list[bool]) -> bool:
    """Whether a statement is true, given the truth values of the people it is about."""
    if kind == "single":
        return values[0] if claim == "truth" else not values[0]
    if kind == "both":
        return all(values) if claim == "truth" else not any(values)
    if kind == "at_least_one":
        return any(values) if claim == "truth" else not all(values)
    raise ValueError(f"unknown statement kind {kind!r}")


def evaluate(people: list[str], base_truthful: bool, statements: list[dict]) -> dict[str, bool]:
    """Everyone's status, in construction order: a speaker is truthful iff the statement is true."""
    truthful = {people[0]: bool(base_truthful)}
    for st in statements:
        truthful[st["speaker"]] = statement_value(st["kind"], st["claim"], [truthful[p] for p in st["about"]])
    return truthful
