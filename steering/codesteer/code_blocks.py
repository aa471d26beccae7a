"""Finding python blocks in an answer by CommonMark fence rules (§1.8); never by guessing."""

from __future__ import annotations

import ast
import dataclasses
import re
import textwrap

PYTHON_TAGS = frozenset({"python", "py", "python3", "py3", "ipython"})
_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


@dataclasses.dataclass(frozen=True)
class Block:
    language: str
    code: str
    unclosed: bool = False

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON_TAGS


def _language(info: str) -> str:
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return word.casefold().lstrip("{.").rstrip("}")


def fenced_blocks(text: str) -> list[Block]:
    """All fenced blocks, in order; a fence left open runs to the end and is flagged `unclosed`."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
            i += 1
            continue
        fence = m.group(2)
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(lines[j])
            j += 1
        code = textwrap.dedent("\n".join(body))
        out.append(Block(_language(m.group(3)), code, unclosed=j >= len(lines)))
        i = j + 1
    return out


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True


def python_blocks(text: str, accept_unlabeled: bool = False) -> list[Block]:
    """The python blocks of an answer, in order (unlabeled ones only if asked and they parse)."""
    return [
        b
        for b in fenced_blocks(text)
        if b.is_python or (accept_unlabeled and b.language == "" and _parses(b.code))
    ]


def select_block(text: str, which: str = "first", accept_unlabeled: bool = False) -> Block | None:
    blocks = python_blocks(text, accept_unlabeled)
    if not blocks:
        return None
    return blocks[0] if which == "first" else blocks[-1]


def block_counts(text: str, accept_unlabeled: bool = False) -> dict[str, int]:
    blocks = fenced_blocks(text)
    n_py = len(python_blocks(text, accept_unlabeled))
    return {"python": n_py, "other": len(blocks) - n_py}
