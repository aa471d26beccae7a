"""web_of_lies: the truth-teller chain evaluator; answers are Yes/No (see `yes_no`)."""

from __future__ import annotations

from symbench.checkers.yes_no import check_yes_no, parse_yes_no

__all__ = ["check_yes_no", "evaluate", "parse_yes_no", "statement_value"]


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
