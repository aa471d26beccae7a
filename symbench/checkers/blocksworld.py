"""Blocksworld answers: a list of `Move X from S to D` lines, executed on a fixed number of stacks.

The checker replays the moves with the stack rules and compares the final state with the goal; any
valid plan that reaches the goal is accepted, whatever its length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from symbench.instance import Verdict

MAX_MOVE_LINES = 10_000

_PREFIX = re.compile(r"^\s*(?:\d+\s*[.)]|step\s*\d+\s*:)\s*", re.IGNORECASE)
_MOVE_WORD = re.compile(r"^move\b", re.IGNORECASE)
_STACK = r"(?:stack\s*)?(\d+)"
_MOVE = re.compile(
    r"^move\s+([A-Za-z0-9_]+)\s+from\s+" + _STACK + r"\s+to\s+" + _STACK + r"\s*\.?\s*$", re.IGNORECASE
)


def _stack_number(text: str) -> int:
    """Stack numbers too long to be real are mapped to 0, which the simulator rejects as unknown."""
    return int(text) if len(text) <= 9 else 0


def parse_moves(content: str) -> tuple[list[tuple[str, int, int]] | None, str]:
    """Move lines in order, or (None, reason) when a move line is malformed or there are too many."""
    moves: list[tuple[str, int, int]] = []
    for raw in content.splitlines():
        if not raw.strip():
            continue
        line = _PREFIX.sub("", raw, count=1).strip()
        if not _MOVE_WORD.match(line):
            continue
        if len(moves) >= MAX_MOVE_LINES:
            return None, "wrong_shape"
        m = _MOVE.match(line)
        if not m:
            return None, "unparseable"
        moves.append((m.group(1).upper(), _stack_number(m.group(2)), _stack_number(m.group(3))))
    return moves, "correct"


def simulate(
    initial: Sequence[Sequence[str]], moves: Sequence[tuple[str, int, int]]
) -> tuple[list[list[str]] | None, int]:
    """Apply the moves; returns (final stacks, -1) or (None, index of the first illegal move)."""
    stacks = [list(s) for s in initial]
    n = len(stacks)
    for k, (block, src, dst) in enumerate(moves):
        if not (1 <= src <= n and 1 <= dst <= n) or src == dst:
            return None, k
        source = stacks[src - 1]
        if not source or source[-1] != block:
            return None, k
        stacks[dst - 1].append(source.pop())
    return stacks, -1


def is_goal(stacks: Sequence[Sequence[str]], goal: Sequence[Sequence[str]]) -> bool:
    """Goal stacks exactly as listed, every further stack empty."""
    for i, stack in enumerate(stacks):
        want = goal[i] if i < len(goal) else []
        if list(stack) != list(want):
            return False
    return True


def check(puzzle: dict[str, Any], content: str) -> Verdict:
    moves, reason = parse_moves(content)
    if moves is None:
        return Verdict.wrong(reason)
    parsed = {"moves": len(moves)}
    blocks = set(puzzle["blocks"])
    for k, (block, _, _) in enumerate(moves):
        if block not in blocks:
            return Verdict.wrong("invalid_symbol", parsed={**parsed, "bad_move": k + 1})
    final, bad = simulate(puzzle["initial"], moves)
    if final is None:
        return Verdict.wrong("rule_violation", parsed={**parsed, "bad_move": bad + 1})
    if not is_goal(final, puzzle["goal"]):
        return Verdict.wrong("wrong_value", parsed={**parsed, "final": final})
    return Verdict.right(parsed=parsed)
