"""date_understanding: work out a date from a short story and pick it among six options (BBH, seen)."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from symbench.checkers.choice import LETTERS, check_choice, wrong_choices
from symbench.errors import DataFormatError
from symbench.generators import date_understanding as gen
from symbench.importers import bbh
from symbench.instance import Instance, Verdict
from symbench.params import Params, knob
from symbench.registry import register
from symbench.task import EXCLUDING_ERRATA, Generated, Imported, Task

BBH_STEM = "date_understanding"
MONTHS = tuple(calendar.month_name)[1:]
MONTH_ABBR = tuple(calendar.month_abbr)[1:]
WEEKDAYS = tuple(calendar.day_name)
_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first twenty-second twenty-third "
    "twenty-fourth twenty-fifth twenty-sixth twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
).split()
ANSWER_SENTENCE = (
    "Answer with the letter of the correct option inside triple angle brackets, for example <<<(A)>>>. "
    "Only the last <<<...>>> block in your reply is graded."
)
CLAMP_RULE = (
    "When moving by whole months or years, keep the day of the month; if that day does not exist in the "
    "month you arrive in, use the last day of that month instead (so one month after January 31 is the last "
    "day of February)."
)


@dataclasses.dataclass(frozen=True)
class DateParams(Params):
    story_hops: int = knob(lo=0, hi=12, help="relations between the anchor date and today")
    anchor_kinds: tuple[str, ...] = knob(choices=gen.ANCHOR_KINDS, help="how the first date is given")
    hop_units: tuple[str, ...] = knob(choices=gen.UNITS, help="units the story's relations use")
    max_days: int = knob(lo=2, hi=20000, help="largest day count in the story or the question")
    question_mode: str = knob(choices=gen.QUESTION_MODES, help="kind of offset the question asks for")
    distractors: str = knob(choices=gen.DISTRACTOR_MODES, help="how close the wrong options are")
    year_min: int = knob(lo=1100, hi=9800, help="earliest anchor year")
    year_max: int = knob(lo=1100, hi=9800, help="latest anchor year")
    allow_clamp: bool = knob(help="allow month-end clamping (the question then states the rule)")

    def check(self) -> str | None:
        if self.year_min > self.year_max:
            return "year_min must not exceed year_max"
        return None


ALL_KINDS = ("date", "named_day", "calendar", "uk_date", "weekday_rule")
LADDER_ROWS = {
    1: (0, ("date_numeric",), ("day",), 200, "simple", "far", 1900, 2030, False),
    2: (0, ("date", "named_day", "calendar", "uk_date"), ("day",), 200, "basic", "mixed", 1900, 2030, False),
    3: (1, ("date", "named_day"), ("day", "year"), 200, "basic", "mixed", 1900, 2030, False),
    4: (2, ("date", "named_day", "calendar"), ("day", "week", "month", "year"), 200, "basic", "mixed", 1900, 2030, False),
    5: (2, ALL_KINDS[:4], gen.UNITS, 60, "extended", "near", 1800, 2100, False),
    6: (3, ALL_KINDS, gen.UNITS, 120, "extended", "near", 1800, 2100, False),
    7: (3, ALL_KINDS, gen.UNITS, 400, "compound2", "near", 1700, 2300, True),
    8: (4, ALL_KINDS, gen.UNITS, 400, "compound2", "near", 1600, 2400, True),
    9: (5, ALL_KINDS, gen.UNITS, 1000, "compound3", "near", 1600, 2400, True),
    10: (6, ALL_KINDS, gen.UNITS, 5000, "compound3", "near", 1600, 2400, True),
}  # fmt: skip
KNOBS = (
    "story_hops", "anchor_kinds", "hop_units", "max_days", "question_mode", "distractors", "year_min",
    "year_max", "allow_clamp",
)  # fmt: skip


# ------------------------------------------------------------------------------------------ wording
def ordinal_word(k: int) -> str:
    return _WORDS[k - 1]


def ordinal_number(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


def format_date(d: dt.date, fmt: str) -> str:
    if fmt == "M/D/YYYY":
        return f"{d.month}/{d.day}/{d.year}"
    if fmt == "MM/DD/YYYY":
        return gen.mdy(d)
    if fmt == "Mon D, YYYY":
        return f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}"
    if fmt == "Month D, YYYY":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if fmt == "D Month YYYY":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"the {ordinal_number(d.day)} of {MONTHS[d.month - 1]}, {d.year}"


def anchor_text(anchor: dict) -> tuple[list[str], str]:
    """Sentences that must precede the anchor, and the noun phrase that names its date."""
    kind = anchor["kind"]
    if kind == "date":
        return [], format_date(dt.date.fromisoformat(anchor["date"]), anchor["format"])
    if kind == "named_day":
        return [], f"{anchor['name']} of {anchor['year']}"
    if kind == "uk_date":
        d = dt.date.fromisoformat(anchor["date"])
        return [], f"{d.day:02d}/{d.month:02d}/{d.year} (written the UK way, day first: DD/MM/YYYY)"
    if kind == "weekday_rule":
        ref = dt.date.fromisoformat(anchor["ref_date"])
        pre = [f"{format_date(ref, 'Month D, YYYY')} falls on a {WEEKDAYS[ref.weekday()]}."]
        period = f"{MONTHS[anchor['month'] - 1]} {anchor['year']}" if anchor["month"] else str(anchor["year"])
        return pre, f"the {ordinal_word(anchor['k'])} {WEEKDAYS[anchor['weekday']]} of {period}"
    rule, year = anchor["rule"], anchor["year"]
    if rule == "first_of_month":
        return [], f"the first day of {MONTHS[anchor['month'] - 1]} {year}"
    if rule == "last_of_month":
        return [], f"the last day of {MONTHS[anchor['month'] - 1]} {year}"
    if rule == "first_of_year":
        return [], f"the first day of {year}"
    if rule == "last_of_year":
        return [], f"the last day of {year}"
    if rule == "kth_day_of_mth_month":
        return (
            [],
            f"the {ordinal_word(anchor['k'])} day of the {ordinal_word(anchor['month'])} month of {year}",
        )
    q = anchor["quarter"]
    span = f"the quarter from {MONTHS[3 * q - 3]} to {MONTHS[3 * q - 1]}"
    edge = "first" if rule == "first_of_quarter" else "last"
    return [], f"the {edge} day of the {ordinal_word(q)} quarter of {year} ({span})"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _last_hop_sentence(hop: dict, ref: str, ref_day: str, person: str | None) -> str:
    n, unit, name = hop["amount"], hop["unit"], hop["phrasing"]
    units = _plural(n, unit)
    sentences = {
        "yesterday": f"Yesterday was {ref_day}.",
        "day_before_yesterday": f"The day before yesterday was {ref_day}.",
        "tomorrow": f"Tomorrow is {ref_day}.",
        "day_after_tomorrow": f"The day after tomorrow is {ref_day}.",
        "since": f"{units} {'has' if n == 1 else 'have'} passed since {ref}.",
        "until": f"{_cap(ref)} is {units} away from today.",
        "postponed": f"A meeting originally scheduled for {ref_day} was postponed by {units} and takes place today.",
        "advanced": f"A meeting originally scheduled for {ref_day} was moved {units} earlier and takes place today.",
        "after": f"Today is exactly {units} after {ref}.",
        "before": f"Today is exactly {units} before {ref}.",
        "hours_since": f"Exactly {n} hours ago, it was {ref_day}.",
        "hours_until": f"In exactly {n} hours, it will be {ref_day}.",
        "anniversary": f"Today is the {ordinal_number(n)} anniversary of {ref}.",
        "birthday": f"Today is {person}'s {ordinal_number(n)} birthday.",
        "monthly": (
            f"Starting on {ref_day}, {person} has visited the library on the same day of every month. Today is "
            f"{person}'s {ordinal_number(n + 1)} visit, counting the visit on {ref_day} as the first."
        ),
    }
    return _cap(sentences[name])


def story_sentences(puzzle: dict[str, Any]) -> list[str]:
    anchor, hops = puzzle["anchor"], puzzle["hops"]
    pre, phrase = anchor_text(anchor)
    if not hops:
        template = ("Today is {}.", "It is {} today.", "The date today is {}.")[puzzle.get("style", 0) % 3]
        return [*pre, template.format(phrase)]
    dates, _ = gen.event_dates(anchor, hops)
    today = dates[-1]

    def verb(d: dt.date) -> str:
        return "took place" if d < today else "takes place" if d == today else "will take place"

    out = list(pre)
    person = anchor.get("person")
    if anchor.get("event") is None:  # the single relation names the anchor date directly
        if hops[0]["phrasing"] == "birthday":
            out.append(f"{person} was born on {phrase}.")
        out.append(_last_hop_sentence(hops[0], phrase, phrase, person))
        return out
    out.append(f"The {anchor['event']} {verb(dates[0])} on {phrase}.")
    previous = anchor["event"]
    for i, hop in enumerate(hops[:-1]):
        side = "after" if hop["direction"] == "forward" else "before"
        out.append(
            f"The {hop['event']} {verb(dates[i + 1])} {_plural(hop['amount'], hop['unit'])} {side} the {previous}."
        )
        previous = hop["event"]
    out.append(_last_hop_sentence(hops[-1], f"the {previous}", f"the day of the {previous}", person))
    return out


_BASIC_PHRASES = {
    (0, "day", "forward"): "today",
    (1, "day", "forward"): "tomorrow",
    (1, "day", "backward"): "yesterday",
    (1, "week", "forward"): "one week from today",
    (1, "week", "backward"): "one week ago from today",
    (10, "day", "backward"): "10 days ago",
    (24, "hour", "forward"): "24 hours later",
    (1, "month", "backward"): "a month ago",
    (1, "year", "backward"): "one year ago from today",
}


def question_sentence(question: list[dict]) -> str:
    if question[0]["phrasing"] == "step":
        steps = [
            f"go {'forward' if s['direction'] == 'forward' else 'back'} {_plural(s['amount'], s['unit'])}"
            for s in question
        ]
        return f"Starting from today, {', then '.join(steps)}. What is the date you arrive at?"
    s = question[0]
    if s["phrasing"] == "basic":
        phrase = _BASIC_PHRASES[(s["amount"], s["unit"], s["direction"])]
    elif s["phrasing"] == "two_days":
        phrase = "the day after tomorrow" if s["direction"] == "forward" else "the day before yesterday"
    elif s["unit"] == "hour":
        phrase = f"{s['amount']} hours {'later' if s['direction'] == 'forward' else 'earlier'}"
    else:
        phrase = f"{_plural(s['amount'], s['unit'])} {'from today' if s['direction'] == 'forward' else 'ago'}"
    return f"What is the date {phrase}?"


def render_generated(puzzle: dict[str, Any]) -> str:
    story = " ".join(story_sentences(puzzle))
    rule = f" {CLAMP_RULE}" if puzzle["clamp_rule_stated"] else ""
    options = "\n".join(f"({LETTERS[i]}) {o}" for i, o in enumerate(puzzle["options"]))
    return (
        f"{story}\n\n{question_sentence(puzzle['question'])}{rule}\n\n"
        "Dates with slashes are month/day/year unless the story says otherwise. The answer is a date in "
        f"MM/DD/YYYY; exactly one of these options is correct:\n{options}\n\n{ANSWER_SENTENCE}"
    )


def answer_date_of(puzzle: dict[str, Any]) -> dt.date:
    """Recompute the answer from the anchor, the hops and the question (for checks and tests)."""
    dates, _ = gen.event_dates(puzzle["anchor"], puzzle["hops"])
    return gen.apply_all(dates[-1], puzzle["question"])[0]


@register
class DateUnderstanding(Task):
    name = "date_understanding"
    version = "1.0"
    group = "seen"
    category = "Reasoning"
    description = "Work out a date from a short story of relative dates and pick it among six options."
    params_cls = DateParams
    ladder = {
        lvl: {k: list(v) if isinstance(v, tuple) else v for k, v in zip(KNOBS, row)}
        for lvl, row in LADDER_ROWS.items()
    }
    v1_mix = {2: 50, 3: 43, 4: 7}
    override_examples = {
        "story_hops": "2",
        "anchor_kinds": "weekday_rule",
        "hop_units": "week,hour",
        "max_days": "30",
        "question_mode": "compound2",
        "distractors": "far",
        "year_min": "2000",
        "year_max": "2010",
        "allow_clamp": "true",
    }
    original_folders = (bbh.FOLDER,)

    def generate(self, params: DateParams, rng: random.Random) -> Generated:
        puzzle = gen.generate(
            params.story_hops,
            params.anchor_kinds,
            params.hop_units,
            params.max_days,
            params.question_mode,
            params.distractors,
            params.year_min,
            params.year_max,
            params.allow_clamp,
            rng,
        )
        return Generated(puzzle, puzzle["gold_letter"])

    def render(self, puzzle: dict[str, Any]) -> str:
        if puzzle.get("verbatim"):
            return bbh.verbatim_question(puzzle["verbatim"], ANSWER_SENTENCE)
        return render_generated(puzzle)

    def check(self, instance: Instance, content: str) -> Verdict:
        return check_choice(content, instance.puzzle["options"], instance.puzzle["gold_letter"])

    def corruptions(self, instance: Instance) -> list[str]:
        options, gold = instance.puzzle["options"], instance.puzzle["gold_letter"]
        return [
            *wrong_choices(options, gold),
            gen.mdy(dt.date.fromisoformat("1000-01-01")) if "01/01/1000" not in options else "12/31/9999",
        ]

    # ------------------------------------------------------------------ original data
    def import_original(
        self,
        path: Path,
        include_excluded: bool = False,
        render: str = "verbatim",
        gold_policy: str = "corrected",
        subset: str | None = None,
    ) -> Iterator[Imported]:
        """BBH `date_understanding.json` (C8a, verbatim only). The stories are not parsed in general;
        the documented errata are recognised by their story text and question phrase and re-solved."""
        bbh.check_options(render, gold_policy, subset, renders=("verbatim",))
        for key, index, text, target in bbh.iter_examples(Path(path), BBH_STEM, subset):
            options = parse_options(text, key)
            published = target.strip().strip("()")
            if published not in LETTERS[: len(options)]:
                raise DataFormatError(f"{key}: target {target!r} is not one of the options")
            errata, corrected = bbh_erratum(text, options, published)
            if gold_policy == "corrected" and not include_excluded and EXCLUDING_ERRATA.intersection(errata):
                continue
            gold = published if gold_policy == "published" or corrected is None else corrected
            yield Imported(
                puzzle={"verbatim": text, "options": options, "gold_letter": gold},
                answer=gold,
                complexity=3,
                key=key,
                errata=errata,
                original_answer=f"({published})",
                extra_meta={
                    "original_question": text,
                    "provenance": {"file": f"{BBH_STEM}.json", "index": index},
                },
            )


_OPTION = re.compile(r"^\(([A-Z])\)\s*(\d{2}/\d{2}/\d{4})\s*$")


def parse_options(text: str, where: str = "item") -> list[str]:
    if "Options:" not in text:
        raise DataFormatError(f"{where}: no Options section")
    options = []
    for line in text.split("Options:", 1)[1].strip().splitlines():
        m = _OPTION.match(line.strip())
        if not m or m.group(1) != LETTERS[len(options)]:
            raise DataFormatError(f"{where}: unexpected option line {line!r}")
        options.append(m.group(2))
    if len(options) < 2:
        raise DataFormatError(f"{where}: fewer than two options")
    return options


# Stories whose published golds disagree with the calendar (spec errata), with the true "today".
ERRATA_STORIES: tuple[tuple[re.Pattern, dt.date], ...] = (
    (re.compile(r"Jane is celebrating the last day of Jan 2012\."), dt.date(2012, 1, 31)),
    (re.compile(r"Jane and John married on Jan 2, 1958\. It is their 5-year anniversary today\."), dt.date(1963, 1, 2)),
    (re.compile(r"Today is the US Thanksgiving of 2001\."), dt.date(2001, 11, 22)),
    (re.compile(r"2015 is coming in 36 hours\."), dt.date(2014, 12, 30)),
)  # fmt: skip
_QUESTION = re.compile(r"What is the date (.+?) in MM/DD/YYYY\?")
_PHRASE_STEPS = {phrase: key for key, phrase in _BASIC_PHRASES.items()}


def bbh_erratum(text: str, options: list[str], published: str) -> tuple[list[str], str | None]:
    """Flags and the corrected letter (None if unchanged) for a BBH item, judged from its content."""
    today = next((d for pattern, d in ERRATA_STORIES if pattern.search(text)), None)
    if today is None:
        return [], None
    m = _QUESTION.search(text)
    if not m or m.group(1) not in _PHRASE_STEPS:
        raise DataFormatError(f"unexpected question phrase in {text[:80]!r}")
    amount, unit, direction = _PHRASE_STEPS[m.group(1)]
    answer = gen.mdy(gen.shift(today, amount, unit, direction)[0])
    matching = [LETTERS[i] for i, o in enumerate(options) if o == answer]
    if published in matching:
        return [], None
    if len(matching) == 1:
        return ["gold_corrected"], matching[0]
    return ["excluded_ill_posed"], None
