"""Turning a guide's text into a structured decision (§1.4): never a substring test on the whole.

Also used by `few_shot`, whose control reply (`Return Answer`) is recognised by rules 1-3.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

CODE, TEXT, GUIDE, RETURN_ANSWER, TERMINATE, INVALID = (
    "CODE",
    "TEXT",
    "GUIDE",
    "RETURN_ANSWER",
    "TERMINATE",
    "INVALID",
)
VOCABULARY = {"code": CODE, "text": TEXT, "return answer": RETURN_ANSWER, "terminate": TERMINATE}
_EDGE = "*_`\"'.!:;,<>[](){}#"
_GROUP = re.compile(r"<<<(.*?)>>>", re.DOTALL)
_SPACES = re.compile(r"[\s_\-]+")


@dataclasses.dataclass
class Decision:
    kind: str
    payload: str
    rule: int
    rationale: str = ""

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    prev = None
    while prev != s:
        prev = s
        s = s.strip().strip(_EDGE)
    return _SPACES.sub(" ", s).strip()


def _control(text: str, synonyms: dict[str, str]) -> str | None:
    key = norm(text)
    return VOCABULARY.get(key) or synonyms.get(key)


def _unwrap(o: str) -> str:
    s = o.strip()
    if s.startswith("<<<") and ">>>" not in s:
        s = s[3:].strip()
    fence = re.fullmatch(r"(`{3,}|~{3,})[^\n]*\n(.*)\n\1\s*", s, re.DOTALL)
    if fence:
        return fence.group(2).strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1].strip()
    return s


def recognise(
    output: str, turn: int, synonyms: dict[str, str] | None = None, rules: tuple[int, ...] = (1, 2, 3, 4)
) -> Decision:
    synonyms = synonyms or {}
    decision = _recognise(output or "", synonyms, rules)
    if not decision.payload.strip():
        return Decision(INVALID, "", decision.rule, decision.rationale)
    if turn == 0 and decision.kind in (RETURN_ANSWER, TERMINATE):
        return Decision(INVALID, decision.payload, decision.rule, decision.rationale)
    return decision


def _recognise(o: str, synonyms: dict[str, str], rules: tuple[int, ...]) -> Decision:
    groups = list(_GROUP.finditer(o))
    if groups and 1 in rules:
        last = groups[-1]
        payload = last.group(1).strip()
        rationale = (o[: last.start()] + o[last.end() :]).strip()
        return Decision(_control(payload, synonyms) or GUIDE, payload, 1, rationale)
    if 2 in rules:
        kind = _control(o, synonyms)
        if kind:
            return Decision(kind, o.strip(), 2)
    if 3 in rules:
        lines = [ln for ln in o.splitlines() if ln.strip()]
        for index in (len(lines) - 1, 0) if lines else ():
            kind = _control(lines[index], synonyms)
            if kind:
                rest = lines[:index] + lines[index + 1 :]
                return Decision(kind, lines[index].strip(), 3, "\n".join(rest).strip())
    if 4 in rules:
        return Decision(GUIDE, _unwrap(o), 4)
    return Decision(GUIDE, o.strip(), 0)
