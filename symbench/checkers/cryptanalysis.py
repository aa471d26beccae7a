"""Parsing a password answer (digits then letters) and comparing it with the unique password."""

from __future__ import annotations

from symbench.checkers.answer import split_tokens
from symbench.instance import Verdict

_MAX_CONTENT = 2000  # a password is a handful of symbols; longer blocks are not worth splitting


def parse_password(content: str, num_digits: int, num_letters: int) -> tuple[list[str] | None, str]:
    """The answer's symbols, upper-cased, or None with the failure reason.

    Brackets and quotes are dropped and the rest split on commas, semicolons and whitespace; a single
    token of the full length (`82SF`) is split into characters, otherwise every token must be one
    character (so `8 2 SF` is rejected).
    """
    size = num_digits + num_letters
    if len(content) > _MAX_CONTENT:
        return None, "wrong_shape"
    tokens = split_tokens(content)
    if len(tokens) == 1 and len(tokens[0]) == size:
        symbols = list(tokens[0])
    elif tokens and all(len(t) == 1 for t in tokens):
        symbols = tokens
    else:
        return None, "unparseable"
    if len(symbols) != size:
        return None, "wrong_shape"
    symbols = [s.upper() if "a" <= s <= "z" else s for s in symbols]
    for i, s in enumerate(symbols):
        expected = "0123456789" if i < num_digits else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        if s not in expected:
            return None, "invalid_symbol"
    return symbols, ""


def check(gold: str, num_digits: int, num_letters: int, content: str) -> Verdict:
    symbols, reason = parse_password(content, num_digits, num_letters)
    if symbols is None:
        return Verdict.wrong(reason)
    if len(set(symbols)) != len(symbols):
        return Verdict.wrong("rule_violation", parsed=symbols)
    if "".join(symbols) != gold:
        return Verdict.wrong("wrong_value", parsed=symbols)
    return Verdict.right(parsed=symbols)
