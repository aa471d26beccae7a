"""Turning a guide's raw output into a structured decision (steering.md §1.4).

Plain substring tests are never used: guidance that merely mentions "return answer" inside a
sentence stays guidance. Control words are matched exactly after `norm`.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections.abc import Mapping


class Kind(str, enum.Enum):
    GUIDE = "GUIDE"
    CODE = "CODE"
    TEXT = "TEXT"
    RETURN_ANSWER = "RETURN_ANSWER"
    TERMINATE = "TERMINATE"
    INVALID = "INVALID"


CONTROL_VOCABULARY: dict[str, Kind] = {
    "code": Kind.CODE,
    "text": Kind.TEXT,
    "return answer": Kind.RETURN_ANSWER,
    "terminate": Kind.TERMINATE,
}
STOP_KINDS = frozenset({Kind.RETURN_ANSWER, Kind.TERMINATE})
CODE, TEXT, GUIDE = Kind.CODE, Kind.TEXT, Kind.GUIDE
RETURN_ANSWER, TERMINATE, INVALID = Kind.RETURN_ANSWER, Kind.TERMINATE, Kind.INVALID
ALL_RULES = (1, 2, 3, 4)


@dataclasses.dataclass(frozen=True)
class Decision:
    kind: Kind
    payload: str
    rule: int  # 1 delimited, 2 whole, 3 edge line, 4 free guidance
    rationale: str = ""

    def to_json(self) -> dict:
        return {
            "kind": self.kind.value,
            "payload": self.payload,
            "rule": self.rule,
            "rationale": self.rationale,
        }


_EDGE_CHARS = set("*_`\"'.!:;,<>[](){}#")
_COLLAPSE = re.compile(r"[\s_\-]+")
_GROUP = re.compile(r"<<<(.*?)>>>", re.DOTALL)
_FENCE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n(.*)\n\1\s*$", re.DOTALL)


def norm(text: str) -> str:
    """NFKC, casefold, strip whitespace and markup characters at both ends, collapse separators."""
    s = unicodedata.normalize("NFKC", text).casefold()
    start, end = 0, len(s)
    while start < end and (s[start].isspace() or s[start] in _EDGE_CHARS):
        start += 1
    while end > start and (s[end - 1].isspace() or s[end - 1] in _EDGE_CHARS):
        end -= 1
    return _COLLAPSE.sub(" ", s[start:end])


def _control(text: str, vocabulary: Mapping[str, Kind]) -> Kind | None:
    return vocabulary.get(norm(text))


def _unwrap(text: str) -> str:
    """Remove one wrapping pair of quotes or one wrapping code fence, and a lone cut-off `<<<`."""
    s = text.strip()
    if s.startswith("<<<") and ">>>" not in s:
        s = s[3:].strip()
    fence = _FENCE.match(s)
    if fence:
        return fence.group(2).strip()
    for quote in ('"', "'", "“"):
        closing = "”" if quote == "“" else quote
        if len(s) >= 2 and s.startswith(quote) and s.endswith(closing):
            return s[1:-1].strip()
    return s


def recognise(
    output: str,
    turn: int,
    synonyms: Mapping[str, str] | None = None,
    rules: tuple[int, ...] = ALL_RULES,
    *,
    protocol: str = "finetuned",
) -> Decision:
    """Classify one guide output; INVALID for empty payloads and for stops (or, under the API
    protocol, anything but a code/text tag) at turn 0. `rules` selects which of rules 1-4 apply
    (few_shot recognises its control reply by rules 1-3 only); when none applies the output is
    GUIDE with rule 0."""
    vocabulary = dict(CONTROL_VOCABULARY)
    for phrase, kind in (synonyms or {}).items():
        vocabulary[norm(phrase)] = Kind(kind)
    decision = _classify(output if isinstance(output, str) else "", vocabulary, rules)
    if not decision.payload.strip():
        return dataclasses.replace(decision, kind=Kind.INVALID)
    if turn == 0:
        allowed = {Kind.CODE, Kind.TEXT} if protocol == "api" else {Kind.CODE, Kind.TEXT, Kind.GUIDE}
        if decision.kind not in allowed:
            return dataclasses.replace(decision, kind=Kind.INVALID)
    return decision


def _classify(o: str, vocabulary: Mapping[str, Kind], rules: tuple[int, ...]) -> Decision:
    groups = list(_GROUP.finditer(o))
    if groups and 1 in rules:
        last = groups[-1]
        payload = last.group(1).strip()
        rationale = (o[: last.start()] + o[last.end() :]).strip()
        kind = _control(payload, vocabulary) or Kind.GUIDE
        return Decision(kind, payload, 1, rationale)
    whole = _control(o, vocabulary) if 2 in rules else None
    if whole is not None:
        return Decision(whole, o.strip(), 2)
    lines = [line for line in o.splitlines() if line.strip()]
    if lines and 3 in rules:  # the last non-empty line, failing that the first
        for pick in (len(lines) - 1, 0):
            kind = _control(lines[pick], vocabulary)
            if kind is not None:
                rest = "\n".join(line for i, line in enumerate(lines) if i != pick).strip()
                return Decision(kind, lines[pick].strip(), 3, rest)
    if 4 in rules:
        return Decision(Kind.GUIDE, _unwrap(o), 4)
    return Decision(Kind.GUIDE, o.strip(), 0)
