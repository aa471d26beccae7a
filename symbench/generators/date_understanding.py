"""Date stories: an anchor date, a chain of relative hops to today, a question offset, six options.

Calendar: the proleptic Gregorian calendar of `datetime.date`. Day, week and 24-hour offsets are exact
day counts; month and year offsets keep the day of the month and clamp it to the target month's last
day when it does not exist there (31 March - 1 month = 28/29 February), as BBH's golds do.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Sequence

from symbench.errors import GenerationError

MAX_ATTEMPTS = 500
UNITS = ("day", "week", "month", "year", "hour")
ANCHOR_KINDS = ("date_numeric", "date", "named_day", "calendar", "uk_date", "weekday_rule")
QUESTION_MODES = ("simple", "basic", "extended", "compound2", "compound3")
DISTRACTOR_MODES = ("far", "mixed", "near")
DATE_FORMATS = (
    "M/D/YYYY",
    "MM/DD/YYYY",
    "Mon D, YYYY",
    "Month D, YYYY",
    "D Month YYYY",
    "the Dth of Month, YYYY",
)
NAMED_DAYS = {
    "New Year's Day": (1, 1),
    "Valentine's Day": (2, 14),
    "US Independence Day": (7, 4),
    "Halloween": (10, 31),
    "Christmas Eve": (12, 24),
    "Christmas Day": (12, 25),
    "New Year's Eve": (12, 31),
}
CALENDAR_RULES = (
    "first_of_month",
    "last_of_month",
    "first_of_year",
    "last_of_year",
    "kth_day_of_mth_month",
    "first_of_quarter",
    "last_of_quarter",
)
EVENTS = (
    "book fair", "science fair", "charity gala", "chess tournament", "town parade", "jazz concert",
    "museum reopening", "county fair", "product launch", "board meeting", "school play", "city marathon",
    "art exhibition", "food festival", "piano recital", "film premiere", "harvest festival", "robotics contest",
)  # fmt: skip
PEOPLE = (
    "Omar",
    "Lena",
    "Priya",
    "Tomas",
    "Sofia",
    "Kenji",
    "Marta",
    "Ade",
    "Ingrid",
    "Rafael",
    "Mei",
    "Yusuf",
)
# (amount, unit, direction) of BBH's nine question offsets
BASIC_QUESTIONS = (
    (0, "day", "forward"),
    (1, "day", "forward"),
    (1, "day", "backward"),
    (1, "week", "forward"),
    (1, "week", "backward"),
    (10, "day", "backward"),
    (24, "hour", "forward"),
    (1, "month", "backward"),
    (1, "year", "backward"),
)
SIMPLE_QUESTIONS = BASIC_QUESTIONS[:3]
# last-hop phrasings by unit: (name, allowed direction or None for both, fixed amount or None)
LAST_HOP_PHRASINGS = {
    "day": (
        ("yesterday", "forward", 1),
        ("day_before_yesterday", "forward", 2),
        ("tomorrow", "backward", 1),
        ("day_after_tomorrow", "backward", 2),
        ("since", "forward", None),
        ("until", "backward", None),
        ("postponed", "forward", None),
        ("advanced", "backward", None),
        ("after", "forward", None),
        ("before", "backward", None),
    ),
    "week": (("since", "forward", None), ("until", "backward", None), ("after", "forward", None), ("before", "backward", None)),
    "month": (("after", "forward", None), ("before", "backward", None), ("monthly", "forward", None)),
    "year": (("anniversary", "forward", None), ("birthday", "forward", None), ("after", "forward", None), ("before", "backward", None)),
    "hour": (("hours_since", "forward", None), ("hours_until", "backward", None)),
}  # fmt: skip
EMBEDDABLE = {
    "yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow", "since", "until", "postponed",
    "advanced", "after", "before", "hours_since", "hours_until", "birthday",
}  # fmt: skip
MAX_AMOUNT = {"week": 8, "month": 12, "year": 60}
QUESTION_MAX = {"week": 8, "month": 12, "year": 10}


# ---------------------------------------------------------------------------------------------- calendar
def add_months(d: dt.date, n: int) -> tuple[dt.date, bool]:
    """`d` moved by `n` months, the day clamped to the month's end; and whether it was clamped."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(d.day, last)), d.day > last


def shift(d: dt.date, amount: int, unit: str, direction: str) -> tuple[dt.date, bool]:
    """Apply one offset; returns the date and whether month-end clamping was needed."""
    sign = 1 if direction == "forward" else -1
    if unit == "day":
        return d + dt.timedelta(days=sign * amount), False
    if unit == "week":
        return d + dt.timedelta(days=7 * sign * amount), False
    if unit == "hour":
        if amount % 24:
            raise ValueError("hour offsets must be multiples of 24")
        return d + dt.timedelta(days=sign * amount // 24), False
    if unit == "month":
        return add_months(d, sign * amount)
    if unit == "year":
        return add_months(d, 12 * sign * amount)
    raise ValueError(f"unknown unit {unit!r}")


def apply_all(d: dt.date, steps: Sequence[dict]) -> tuple[dt.date, bool]:
    clamped = False
    for s in steps:
        d, c = shift(d, s["amount"], s["unit"], s["direction"])
        clamped |= c
    return d, clamped


def kth_weekday(year: int, month: int | None, weekday: int, k: int) -> dt.date:
    """The k-th given weekday (0 = Monday) of a month, or of the year when `month` is None."""
    first = dt.date(year, month or 1, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (k - 1))


def calendar_date(anchor: dict) -> dt.date:
    rule, year = anchor["rule"], anchor["year"]
    if rule == "first_of_month":
        return dt.date(year, anchor["month"], 1)
    if rule == "last_of_month":
        return dt.date(year, anchor["month"], calendar.monthrange(year, anchor["month"])[1])
    if rule == "first_of_year":
        return dt.date(year, 1, 1)
    if rule == "last_of_year":
        return dt.date(year, 12, 31)
    if rule == "kth_day_of_mth_month":
        return dt.date(year, anchor["month"], anchor["k"])
    first_month = 3 * (anchor["quarter"] - 1) + 1
    if rule == "first_of_quarter":
        return dt.date(year, first_month, 1)
    if rule == "last_of_quarter":
        return dt.date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
    raise ValueError(f"unknown calendar rule {rule!r}")


def anchor_date(anchor: dict) -> dt.date:
    kind = anchor["kind"]
    if kind in ("date", "uk_date"):
        return dt.date.fromisoformat(anchor["date"])
    if kind == "named_day":
        month, day = NAMED_DAYS[anchor["name"]]
        return dt.date(anchor["year"], month, day)
    if kind == "calendar":
        return calendar_date(anchor)
    if kind == "weekday_rule":
        return kth_weekday(anchor["year"], anchor["month"], anchor["weekday"], anchor["k"])
    raise ValueError(f"unknown anchor kind {kind!r}")


def event_dates(anchor: dict, hops: Sequence[dict]) -> tuple[list[dt.date], bool]:
    """Dates of the anchor event and of every hop's event (the last one is today)."""
    d = anchor_date(anchor)
    dates, clamped = [d], False
    for hop in hops:
        d, c = shift(d, hop["amount"], hop["unit"], hop["direction"])
        dates.append(d)
        clamped |= c
    return dates, clamped


def mdy(d: dt.date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year:04d}"


# ---------------------------------------------------------------------------------------------- drawing
def _uniform_date(rng: random.Random, year_min: int, year_max: int) -> dt.date:
    start, end = dt.date(year_min, 1, 1), dt.date(year_max, 12, 31)
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def draw_anchor(kind: str, rng: random.Random, year_min: int, year_max: int) -> dict:
    if kind in ("date", "date_numeric"):
        fmt = "MM/DD/YYYY" if kind == "date_numeric" else rng.choice(DATE_FORMATS)
        return {"kind": "date", "date": _uniform_date(rng, year_min, year_max).isoformat(), "format": fmt}
    year = rng.randint(year_min, year_max)
    if kind == "named_day":
        return {"kind": "named_day", "name": rng.choice(sorted(NAMED_DAYS)), "year": year}
    if kind == "calendar":
        rule = rng.choice(CALENDAR_RULES)
        out: dict = {"kind": "calendar", "rule": rule, "year": year}
        if rule in ("first_of_month", "last_of_month"):
            out["month"] = rng.randint(1, 12)
        elif rule == "kth_day_of_mth_month":
            out["month"], out["k"] = rng.randint(1, 12), rng.randint(1, 28)
        elif rule in ("first_of_quarter", "last_of_quarter"):
            out["quarter"] = rng.randint(1, 4)
        return out
    if kind == "uk_date":
        month = rng.randint(1, 12)
        day = rng.choice([d for d in range(1, 13) if d != month])
        return {"kind": "uk_date", "date": dt.date(year, month, day).isoformat()}
    if kind == "weekday_rule":
        month = rng.choice([None, *range(1, 13)])
        weekday, k = rng.randrange(7), rng.randint(1, 4)
        first = dt.date(year, month or 1, 1)
        span = calendar.monthrange(year, month)[1] if month else (366 if calendar.isleap(year) else 365)
        ref = first if rng.random() < 0.5 else first + dt.timedelta(days=rng.randrange(span))
        return {
            "kind": "weekday_rule",
            "k": k,
            "weekday": weekday,
            "month": month,
            "year": year,
            "ref_date": ref.isoformat(),
        }
    raise ValueError(f"unknown anchor kind {kind!r}")


def _amount(unit: str, max_days: int, rng: random.Random) -> int:
    if unit == "day":
        return rng.randint(1, max_days)
    if unit == "hour":
        return rng.choice((24, 48, 72))
    return rng.randint(1, MAX_AMOUNT[unit])


def draw_hops(n: int, units: Sequence[str], max_days: int, rng: random.Random) -> list[dict]:
    events = rng.sample(EVENTS, n)
    hops = []
    for i in range(n):
        unit = rng.choice(list(units))
        last = i == n - 1
        if last:
            name, direction, fixed = rng.choice(LAST_HOP_PHRASINGS[unit])
            if name == "birthday" and n != 1:
                name = "anniversary"
            if name in ("yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow"):
                amount = fixed
            elif unit == "day" and rng.random() < 0.3 and max_days >= 2:
                # BBH-like one- or two-day relations are common: favour them a little
                name = rng.choice(("yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow"))
                direction = "forward" if name in ("yesterday", "day_before_yesterday") else "backward"
                amount = 1 if name in ("yesterday", "tomorrow") else 2
            else:
                amount = fixed if fixed is not None else _amount(unit, max_days, rng)
            event = "today"
        else:
            name = "relative"
            direction = rng.choice(("forward", "backward"))
            amount = _amount(unit, max_days, rng)
            event = events[i + 1] if i + 1 < n else "today"
        hops.append(
            {"event": event, "amount": amount, "unit": unit, "direction": direction, "phrasing": name}
        )
    return hops


def _question_step(mode: str, max_days: int, unit: str | None, rng: random.Random) -> dict:
    unit = unit or rng.choice(UNITS)
    direction = rng.choice(("forward", "backward"))
    if unit == "day":
        amount = rng.randint(1, max_days)
    elif unit == "hour":
        amount = rng.choice((48, 72))
    else:
        amount = rng.randint(1, QUESTION_MAX[unit])
    return {
        "amount": amount,
        "unit": unit,
        "direction": direction,
        "phrasing": "step" if mode.startswith("compound") else "offset",
    }


def draw_question(mode: str, max_days: int, rng: random.Random) -> list[dict]:
    if mode in ("simple", "basic"):
        amount, unit, direction = rng.choice(SIMPLE_QUESTIONS if mode == "simple" else BASIC_QUESTIONS)
        return [{"amount": amount, "unit": unit, "direction": direction, "phrasing": "basic"}]
    if mode == "extended":
        if rng.random() < 0.15:
            direction = rng.choice(("forward", "backward"))
            return [{"amount": 2, "unit": "day", "direction": direction, "phrasing": "two_days"}]
        return [_question_step(mode, max_days, None, rng)]
    count = 2 if mode == "compound2" else 3
    units = rng.sample(UNITS, count)
    return [_question_step(mode, max_days, u, rng) for u in units]


# ---------------------------------------------------------------------------------------------- options
def _valid(d: dt.date) -> bool:
    return 1000 <= d.year <= 9999


def _safe(fn, *args) -> dt.date | None:
    try:
        d = fn(*args)
    except (OverflowError, ValueError):
        return None
    return d if d is not None and _valid(d) else None


def near_candidates(
    answer: dt.date, today: dt.date, anchor: dict, hops: list[dict], question: list[dict], rng: random.Random
) -> list[tuple[str, dt.date]]:
    out: list[tuple[str, dt.date]] = []

    def add(kind: str, fn, *args) -> None:
        d = _safe(fn, *args)
        if d is not None:
            out.append((kind, d))

    add("plus_day", lambda: answer + dt.timedelta(days=1))
    add("minus_day", lambda: answer - dt.timedelta(days=1))
    add("plus_week", lambda: answer + dt.timedelta(days=7))
    add("minus_week", lambda: answer - dt.timedelta(days=7))
    flipped = [dict(s, direction="backward" if s["direction"] == "forward" else "forward") for s in question]
    add("wrong_direction", lambda: apply_all(today, flipped)[0])
    add("today", lambda: today)
    if hops:
        skip = rng.randrange(len(hops))
        add(
            "skip_hop",
            lambda: apply_all(event_dates(anchor, hops[:skip] + hops[skip + 1 :])[0][-1], question)[0],
        )
    add("plus_month", lambda: add_months(answer, 1)[0])
    add("minus_month", lambda: add_months(answer, -1)[0])
    add("plus_year", lambda: add_months(answer, 12)[0])
    add("minus_year", lambda: add_months(answer, -12)[0])
    if answer.day <= 12 and answer.day != answer.month:
        add("swap", lambda: dt.date(answer.year, answer.day, answer.month))
    return out


def far_candidate(answer: dt.date, rng: random.Random) -> tuple[str, dt.date | None]:
    kind = rng.choice(("far_year", "within_3_years", "within_60_days"))
    if kind == "far_year":
        years = rng.randint(20, 80) * rng.choice((1, -1))
        return kind, _safe(lambda: add_months(answer, 12 * years)[0])
    days = rng.randint(-1096, 1096) if kind == "within_3_years" else rng.randint(-60, 60)
    return kind, _safe(lambda: answer + dt.timedelta(days=days))


def build_options(
    answer: dt.date,
    today: dt.date,
    anchor: dict,
    hops: list[dict],
    question: list[dict],
    mode: str,
    rng: random.Random,
) -> tuple[list[str], str, list[str]] | None:
    n_near = {"far": 0, "mixed": 2, "near": 5}[mode]
    picked: list[tuple[str, dt.date]] = []
    seen = {answer}
    near = [(k, d) for k, d in near_candidates(answer, today, anchor, hops, question, rng) if d not in seen]
    rng.shuffle(near)
    for kind, d in near:
        if len(picked) >= n_near:
            break
        if d not in seen:
            picked.append((kind, d))
            seen.add(d)
    for _ in range(200):
        if len(picked) >= 5:
            break
        if len(picked) < n_near:  # too few distinct near dates: top up with nearby dates
            kind, d = "within_60_days", _safe(lambda: answer + dt.timedelta(days=rng.randint(-60, 60)))
        else:
            kind, d = far_candidate(answer, rng)
        if d is not None and d not in seen:
            picked.append((kind, d))
            seen.add(d)
    if len(picked) < 5:
        return None
    rng.shuffle(picked)
    gold_index = rng.randrange(6)
    picked.insert(gold_index, ("answer", answer))
    return [mdy(d) for _, d in picked], "ABCDEF"[gold_index], [k for k, _ in picked]


# ---------------------------------------------------------------------------------------------- puzzle
def generate(
    story_hops: int,
    anchor_kinds: Sequence[str],
    hop_units: Sequence[str],
    max_days: int,
    question_mode: str,
    distractors: str,
    year_min: int,
    year_max: int,
    allow_clamp: bool,
    rng: random.Random,
) -> dict:
    for _ in range(MAX_ATTEMPTS):
        anchor = draw_anchor(rng.choice(list(anchor_kinds)), rng, year_min, year_max)
        hops = draw_hops(story_hops, hop_units, max_days, rng)
        question = draw_question(question_mode, max_days, rng)
        try:
            dates, clamped_story = event_dates(anchor, hops)
            today = dates[-1]
            answer, clamped_question = apply_all(today, question)
        except (OverflowError, ValueError):
            continue
        if not (_valid(today) and _valid(answer) and all(_valid(d) for d in dates)):
            continue
        clamped = clamped_story or clamped_question
        if clamped and not allow_clamp:
            continue
        if hops and hops[-1]["phrasing"] == "monthly" and dates[-2].day > 28:
            continue  # "the same day of every month" must exist in every month
        embed = bool(hops) and hops[0]["phrasing"] in EMBEDDABLE and story_hops == 1 and rng.random() < 0.6
        if hops and hops[0]["phrasing"] == "birthday":
            embed = True
        anchor["event"] = (
            None
            if (embed or not hops)
            else rng.choice([e for e in EVENTS if e not in {h["event"] for h in hops}])
        )
        if hops and hops[-1]["phrasing"] in ("birthday", "monthly"):
            anchor["person"] = rng.choice(PEOPLE)
        built = build_options(answer, today, anchor, hops, question, distractors, rng)
        if built is None:
            continue
        options, gold_letter, kinds = built
        return {
            "anchor": anchor,
            "hops": hops,
            "today": today.isoformat(),
            "question": question,
            "answer_date": answer.isoformat(),
            "options": options,
            "gold_letter": gold_letter,
            "distractor_kinds": kinds,
            "clamp_rule_stated": clamped,
            "style": rng.randrange(3),
        }
    raise GenerationError(f"no consistent date story found in {MAX_ATTEMPTS} attempts")
