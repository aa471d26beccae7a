"""logical_deduction: deduce a strict linear order from clues; which object is at position k? (BBH, seen)."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers.choice import LETTERS, check_choice, wrong_choices
from symbench.errors import DataFormatError
from symbench.generators import logical_deduction as gen
from symbench.importers import bbh
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

BBH_STEMS = {
    "logical_deduction_three_objects": 1,
    "logical_deduction_five_objects": 3,
    "logical_deduction_seven_objects": 5,
}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ANSWER_SENTENCE = (
    "Answer with the letter of the correct option inside triple angle brackets, for example <<<(B)>>>. "
    "Only the last <<<...>>> block in your reply is graded."
)


@dataclasses.dataclass(frozen=True)
class LogicalDeductionParams(Params):
    n_objects: int = knob(lo=3, hi=9, help="objects to order")
    clue_mix: str = knob(
        help="preset (direct, bbh, relational, indirect) or five weights abs,rel,adj,dist,neg"
    )
    ask_unstated: bool = knob(help="never ask about a position or object that a clue states outright")
    min_clues: int = knob(lo=1, hi=40, help="fewest clues after pruning")
    themes: tuple[str, ...] = knob(choices=gen.THEMES, help="themes to draw from")

    def check(self) -> str | None:
        try:
            mix_weights(self.clue_mix)
        except ValueError as exc:
            return str(exc)
        return None


def mix_weights(mix: str) -> tuple[float, ...]:
    """A preset name or five comma-separated non-negative weights (abs, rel, adj, dist, neg)."""
    if mix in gen.MIXES:
        return gen.MIXES[mix]
    try:
        weights = tuple(float(w) for w in mix.replace(";", ",").split(","))
    except ValueError:
        raise ValueError(
            f"clue_mix {mix!r} is neither a preset ({', '.join(gen.MIXES)}) nor five weights"
        ) from None
    if len(weights) != 5 or any(not 0 <= w <= 1e6 for w in weights) or sum(weights) <= 0:
        raise ValueError(f"clue_mix {mix!r}: need five non-negative weights, not all zero")
    return weights


LADDER_ROWS = {
    1: (3, "direct", False, 1),
    2: (4, "direct", False, 2),
    3: (5, "bbh", False, 3),
    4: (6, "bbh", False, 4),
    5: (7, "bbh", False, 5),
    6: (7, "relational", True, 5),
    7: (8, "relational", True, 6),
    8: (8, "indirect", True, 6),
    9: (9, "indirect", True, 7),
    10: (9, "indirect", True, 8),
}

# ------------------------------------------------------------------------------------------ wording
NAMED = {"golf", "runners", "students"}  # objects are people's names (no article)
NOUNS = {
    "golf": ("golfer", "golfers"),
    "runners": ("runner", "runners"),
    "students": ("student", "students"),
    "vehicles": ("vehicle", "vehicles"),
    "birds": ("bird", "birds"),
    "books": ("book", "books"),
    "fruits": ("fruit", "fruits"),
}


def _subject(theme: str, obj: str, start: bool = False) -> str:
    if theme in NAMED:
        return obj
    return f"{'The' if start else 'the'} {obj}"


def _be(theme: str) -> str:
    return "are" if theme == "fruits" else "is"


def position_phrase(theme: str, k: int, from_end: bool) -> str:
    """The predicate saying an object is k-th from the start (or from the end) of the theme's axis."""
    o = ORDINALS[k - 1]
    if theme == "golf":
        return ("finished last" if k == 1 else f"finished {o}-to-last") if from_end else f"finished {o}"
    if theme == "runners":
        return ("came in last" if k == 1 else f"came in {o}-to-last") if from_end else f"came in {o}"
    if theme == "vehicles":
        word = "newest" if from_end else "oldest"
        return f"is the {word}" if k == 1 else f"is the {o}-{word}"
    if theme in ("birds", "books"):
        side = "right" if from_end else "left"
        return f"is the {side}most" if k == 1 else f"is the {o} from the {side}"
    if theme == "fruits":
        word = "most expensive" if from_end else "cheapest"
        return f"are the {word}" if k == 1 else f"are the {o}-{word}"
    end = "back" if from_end else "front"
    return f"is at the {end} of the line" if k == 1 else f"is {o} from the {end} of the line"


def _negated(theme: str, k: int) -> str:
    phrase = position_phrase(theme, k, False)
    if theme in ("golf", "runners"):
        verb, rest = phrase.split(" ", 1)
        return f"did not {'finish' if verb == 'finished' else 'come'} {rest}"
    be, rest = phrase.split(" ", 1)
    return f"{be} not {rest}"


_RELATIONS = {  # theme -> (before-phrase, after-phrase) for "X <before> Y" / "Y <after> X"
    "golf": ("finished above", "finished below"),
    "runners": ("finished ahead of", "finished behind"),
    "students": ("stands in front of", "stands behind"),
    "vehicles": ("is older than", "is newer than"),
    "birds": ("is to the left of", "is to the right of"),
    "books": ("is to the left of", "is to the right of"),
    "fruits": ("are cheaper than", "are more expensive than"),
}


def _immediately(phrase: str) -> str:
    verb, rest = phrase.split(" ", 1)
    return f"{verb} immediately {rest}"


def clue_sentence(theme: str, clue: dict, n: int) -> str:
    t = clue["type"]
    if t == "abs":
        return (
            f"{_subject(theme, clue['obj'], True)} {position_phrase(theme, clue['pos'], clue['from_end'])}."
        )
    if t == "neg":
        return f"{_subject(theme, clue['obj'], True)} {_negated(theme, clue['pos'])}."
    if t in ("rel", "adj"):
        before, after = _RELATIONS[theme]
        if t == "adj":
            before, after = _immediately(before), _immediately(after)
        if clue.get("reverse"):
            return f"{_subject(theme, clue['after'], True)} {after} {_subject(theme, clue['before'])}."
        return f"{_subject(theme, clue['before'], True)} {before} {_subject(theme, clue['after'])}."
    k = clue["between"]
    noun = NOUNS[theme][0] if k == 1 else NOUNS[theme][1]
    count = NUMBER_WORDS[k] if k < len(NUMBER_WORDS) else str(k)
    a, b = _subject(theme, clue["a"]), _subject(theme, clue["b"])
    if theme in ("golf", "runners"):
        return f"Exactly {count} {noun} finished between {a} and {b}."
    if theme == "students":
        return f"Exactly {count} {noun} {'stands' if k == 1 else 'stand'} between {a} and {b}."
    if theme == "vehicles":
        return f"Exactly {count} {noun} {'is' if k == 1 else 'are'} between {a} and {b} in age."
    if theme == "fruits":
        return f"Exactly {count} {noun} {'is' if k == 1 else 'are'} priced between {a} and {b}."
    return f"There {'is' if k == 1 else 'are'} exactly {count} {noun} between {a} and {b}."


def _listing(theme: str, objects: list[str]) -> str:
    if theme in NAMED or theme == "fruits":
        items = list(objects)
    else:
        items = [f"{'an' if o[0] in 'aeiou' else 'a'} {o}" for o in objects]
    return ", ".join(items[:-1]) + f", and {items[-1]}"


def theme_sentence(theme: str, objects: list[str]) -> str:
    n, listing = NUMBER_WORDS[len(objects)].capitalize(), _listing(theme, objects)
    return {
        "golf": f"{n} golfers played in a golf tournament: {listing}. No two of them tied, and first place is the best.",
        "runners": f"{n} runners ran a race: {listing}. No two of them finished at the same time.",
        "students": f"{n} students stand one behind another in a single line: {listing}.",
        "vehicles": f"A museum shows {n.lower()} vehicles: {listing}. No two of them are the same age.",
        "birds": f"{n} birds sit side by side in a row on a wire: {listing}.",
        "books": f"{n} books stand side by side in a row on a shelf: {listing}.",
        "fruits": f"A market stall sells {n.lower()} kinds of fruit: {listing}. No two of them cost the same.",
    }[theme]


def option_texts(theme: str, objects: list[str], ask_pos: int, from_end: bool) -> list[str]:
    n = len(objects)
    k = n + 1 - ask_pos if from_end else ask_pos
    return [f"{_subject(theme, o, True)} {position_phrase(theme, k, from_end)}" for o in objects]


def render_structured(puzzle: dict[str, Any]) -> str:
    theme, objects = puzzle["theme"], puzzle["objects"]
    n, plural = len(objects), NOUNS[theme][1]
    clues = " ".join(clue_sentence(theme, c, n) for c in puzzle["clues"])
    options = "\n".join(f"({LETTERS[i]}) {text}" for i, text in enumerate(puzzle["options"]))
    note = ""
    if any(c["type"] == "adj" for c in puzzle["clues"]):
        note = ' "Immediately" means that nothing else comes between the two.'
    return (
        f"The paragraph below describes {n} {plural} arranged in a fixed order, with no ties. Its statements "
        "are consistent with each other and together determine the order completely; the objects are first "
        f"listed in no particular order.{note}\n\n"
        f"{theme_sentence(theme, objects)} {clues}\n\n"
        f"Which of the following is true? Exactly one option is correct.\n{options}\n\n{ANSWER_SENTENCE}"
    )


@register
class LogicalDeduction(Task):
    name = "logical_deduction"
    version = "1.0"
    group = "seen"
    category = "Reasoning"
    description = "Deduce a unique linear order from clues and pick the object at a given position."
    params_cls = LogicalDeductionParams
    ladder = {
        lvl: {
            "n_objects": n,
            "clue_mix": mix,
            "ask_unstated": au,
            "min_clues": mc,
            "themes": list(gen.BBH_THEMES),
        }
        for lvl, (n, mix, au, mc) in LADDER_ROWS.items()
    }
    v1_mix = {5: 100}
    override_examples = {
        "n_objects": "6",
        "clue_mix": "0.3,0.3,0.2,0.1,0.1",
        "ask_unstated": "true",
        "min_clues": "2",
        "themes": "runners,students",
    }
    original_folders = (bbh.FOLDER,)

    def generate(self, params: LogicalDeductionParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.n_objects,
            mix_weights(params.clue_mix),
            params.ask_unstated,
            params.min_clues,
            params.themes,
            rng,
        )
        puzzle["options"] = option_texts(
            puzzle["theme"], puzzle["objects"], puzzle["ask_pos"], puzzle["ask_from_end"]
        )
        puzzle["gold_letter"] = LETTERS[puzzle["objects"].index(puzzle["order"][puzzle["ask_pos"] - 1])]
        return Generated(puzzle, puzzle["gold_letter"])

    def render(self, puzzle: dict[str, Any]) -> str:
        if puzzle.get("verbatim"):
            return bbh.verbatim_question(puzzle["verbatim"], ANSWER_SENTENCE)
        return render_structured(puzzle)

    def check(self, instance: Instance, content: str) -> Verdict:
        return check_choice(content, instance.puzzle["options"], instance.puzzle["gold_letter"])

    def corruptions(self, instance: Instance) -> list[str]:
        options, gold = instance.puzzle["options"], instance.puzzle["gold_letter"]
        return [*wrong_choices(options, gold), f"({LETTERS[len(options)]})"]

    # ------------------------------------------------------------------ original data
    def import_original(
        self,
        path: Path,
        include_excluded: bool = False,
        render: str = "verbatim",
        gold_policy: str = "corrected",
        subset: str | None = None,
    ) -> Iterator[Imported]:
        """BBH logical_deduction files (C8a): every item is parsed and solved, its solution checked
        for uniqueness and against the target; `render="symbench"` re-renders from the parse."""
        bbh.check_options(render, gold_policy, subset)
        path = Path(path)
        if path.is_file():
            stems = [path.stem] if path.stem in BBH_STEMS else []
        else:
            stems = [stem for stem in BBH_STEMS if _has_file(path, stem)]
        if not stems:
            raise DataFormatError(f"{path}: no BIG-Bench-Hard logical_deduction file here")
        for stem in stems:
            for key, index, text, target in bbh.iter_examples(path, stem, subset):
                item = self._import_one(stem, key, index, text, target, render, gold_policy)
                if (
                    gold_policy == "corrected"
                    and not include_excluded
                    and EXCLUDING_ERRATA.intersection(item.errata)
                ):
                    continue
                yield item

    def _import_one(
        self, stem: str, key: str, index: int, text: str, target: str, render: str, gold_policy: str
    ) -> Imported:
        puzzle, option_clues = parse_bbh(text, key)
        published = target.strip().strip("()")
        letters = LETTERS[: len(puzzle["options"])]
        if published not in letters:
            raise DataFormatError(f"{key}: target {target!r} is not one of the options")
        solutions = gen.solve(puzzle["objects"], puzzle["clues"], 2)
        errata: list[str] = []
        gold = published
        if len(solutions) != 1:
            errata.append("excluded_ill_posed")
        else:
            order = solutions[0]
            puzzle["order"] = order
            true = [
                letters[i]
                for i, c in enumerate(option_clues)
                if order.index(c["obj"]) + 1 == gen.abs_position(c, len(order))
            ]
            if len(true) != 1:
                errata.append("excluded_ill_posed")
            elif true[0] != published:
                errata.append("gold_corrected")
                gold = true[0]
        if "order" not in puzzle:
            puzzle["order"] = []
        if gold_policy == "published":
            gold = published
        puzzle["gold_letter"] = gold
        if render == "verbatim":
            puzzle["verbatim"] = text
        else:
            puzzle["options"] = option_texts(
                puzzle["theme"], puzzle["objects"], puzzle["ask_pos"], puzzle["ask_from_end"]
            )
        return Imported(
            puzzle=puzzle,
            answer=gold,
            complexity=BBH_STEMS[stem],
            key=key,
            errata=errata,
            original_answer=f"({published})",
            extra_meta={"original_question": text, "provenance": {"file": f"{stem}.json", "index": index}},
        )


def _has_file(path: Path, stem: str) -> bool:
    try:
        bbh.find_file(path, stem)
    except DataFormatError:
        return False
    return True


# ------------------------------------------------------------------------------------------ BBH parsing
_THEME_NOUNS = {
    "golfers": "golf",
    "birds": "birds",
    "books": "books",
    "vehicles": "vehicles",
    "fruits": "fruits",
}
_ORD = "|".join(ORDINALS)
_PREDICATES: list[tuple[re.Pattern, str, bool | None]] = [
    # (pattern, kind, from_end); for relations the bool says whether the subject comes first
    (re.compile(r"^(?:finished above|is to the left of|is older than|are less expensive than|are cheaper than) (.+)$"), "rel", True),
    (re.compile(r"^(?:finished below|is to the right of|is newer than|are more expensive than) (.+)$"), "rel", False),
    (re.compile(r"^(?:is the leftmost|is the oldest|are the cheapest)$"), "first", False),
    (re.compile(r"^(?:finished last|is the rightmost|is the newest|are the most expensive)$"), "first", True),
    (re.compile(rf"^(?:finished ({_ORD})|is the ({_ORD}) from the left|is the ({_ORD})-oldest|are the ({_ORD})-cheapest)$"), "abs", False),
    (re.compile(rf"^(?:finished ({_ORD})-to-last|is the ({_ORD}) from the right|is the ({_ORD})-newest|are the ({_ORD})-most expensive)$"), "abs", True),
]  # fmt: skip


def _match_object(text: str, objects: list[str]) -> tuple[str, str] | None:
    """(object, rest) when `text` starts with an object's name (longest name first, `the` optional)."""
    body = re.sub(r"^the ", "", text.strip(), flags=re.IGNORECASE)
    for obj in sorted(objects, key=len, reverse=True):
        if body.lower().startswith(obj.lower()) and (len(body) == len(obj) or body[len(obj)] == " "):
            return obj, body[len(obj) :].strip()
    return None


def _parse_statement(sentence: str, objects: list[str], where: str) -> dict:
    hit = _match_object(sentence, objects)
    if hit is None:
        raise DataFormatError(f"{where}: no object starts the statement {sentence!r}")
    subject, predicate = hit
    for pattern, kind, flag in _PREDICATES:
        m = pattern.match(predicate)
        if not m:
            continue
        if kind == "rel":
            other = _match_object(m.group(1), objects)
            if other is None or other[1]:
                raise DataFormatError(f"{where}: unknown object in {sentence!r}")
            before, after = (subject, other[0]) if flag else (other[0], subject)
            return {"type": "rel", "before": before, "after": after, "reverse": not flag}
        if kind == "first":
            return {"type": "abs", "obj": subject, "pos": 1, "from_end": bool(flag)}
        word = next(g for g in m.groups() if g)
        return {"type": "abs", "obj": subject, "pos": ORDINALS.index(word) + 1, "from_end": bool(flag)}
    raise DataFormatError(f"{where}: cannot parse the statement {sentence!r}")


def parse_bbh(text: str, where: str = "item") -> tuple[dict[str, Any], list[dict]]:
    """The structured puzzle of a BBH item and the option statements as `abs` clues."""
    if "Options:" not in text:
        raise DataFormatError(f"{where}: no Options section")
    body, opts = text.split("Options:", 1)
    sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", body.strip()) if s.strip()]
    theme_at = next((i for i, s in enumerate(sentences) if ":" in s), None)
    if theme_at is None:
        raise DataFormatError(f"{where}: no sentence lists the objects")
    head, listing = sentences[theme_at].rstrip(".").split(":", 1)
    noun = head.strip().split()[-1]
    if noun not in _THEME_NOUNS:
        raise DataFormatError(f"{where}: unknown theme in {sentences[theme_at]!r}")
    theme = _THEME_NOUNS[noun]
    objects = []
    for part in re.split(r",\s*", listing.strip()):
        part = re.sub(r"^(?:and\s+)?(?:an?\s+)?", "", part.strip())
        if part:
            objects.append(part)
    if len(objects) < 2 or len(set(objects)) != len(objects):
        raise DataFormatError(f"{where}: bad object list {listing!r}")
    clues = [_parse_statement(s.rstrip("."), objects, where) for s in sentences[theme_at + 1 :]]
    options, option_clues = [], []
    for line in opts.strip().splitlines():
        m = re.match(r"^\(([A-Z])\)\s*(.+)$", line.strip())
        if not m:
            continue
        if m.group(1) != LETTERS[len(options)]:
            raise DataFormatError(f"{where}: options out of order at {line!r}")
        options.append(m.group(2).strip())
        clue = _parse_statement(m.group(2).strip().rstrip("."), objects, where)
        if clue["type"] != "abs":
            raise DataFormatError(f"{where}: option {line!r} is not a position statement")
        option_clues.append(clue)
    if len(options) != len(objects):
        raise DataFormatError(f"{where}: {len(options)} options for {len(objects)} objects")
    n = len(objects)
    ask = {gen.abs_position(c, n) for c in option_clues}
    if len(ask) != 1:
        raise DataFormatError(f"{where}: the options ask about different positions")
    puzzle = {
        "theme": theme,
        "objects": objects,
        "order": [],
        "clues": clues,
        "ask_pos": ask.pop(),
        "ask_from_end": option_clues[0]["from_end"],
        "options": options,
    }
    return puzzle, option_clues
