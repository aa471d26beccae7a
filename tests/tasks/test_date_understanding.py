"""date_understanding: calendar arithmetic, stories, options, C9 answers, BBH importer and errata."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from symbench.errors import DataFormatError
from symbench.generation import imported_instance, make_instance
from symbench.generators import date_understanding as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.date_understanding import anchor_text, answer_date_of, bbh_erratum, story_sentences

TASK = get_task("date_understanding")
D = dt.date


def step(amount, unit, direction="forward"):
    return {"amount": amount, "unit": unit, "direction": direction, "phrasing": "step"}


def test_leap_year_week():
    assert gen.apply_all(D(2024, 2, 28), [step(1, "week")])[0] == D(2024, 3, 6)


def test_month_and_year_clamping_agree_with_bbh():
    assert gen.shift(D(2008, 3, 31), 1, "month", "backward") == (D(2008, 2, 29), True)
    assert gen.shift(D(2016, 2, 29), 1, "year", "backward") == (D(2015, 2, 28), True)
    assert gen.shift(D(2008, 3, 15), 1, "month", "backward") == (D(2008, 2, 15), False)


def test_century_rule():
    assert gen.shift(D(1900, 2, 28), 1, "day", "forward")[0] == D(1900, 3, 1)
    assert gen.shift(D(2000, 2, 28), 1, "day", "forward")[0] == D(2000, 2, 29)
    assert gen.shift(D(2000, 3, 1), 24, "hour", "backward")[0] == D(2000, 2, 29)


def test_compound_question_with_clamp():
    answer, clamped = gen.apply_all(D(2023, 1, 31), [step(1, "month"), step(1, "day")])
    assert answer == D(2023, 3, 1) and clamped


def _choice_instance(text: str, options: list[str], gold: str) -> Instance:
    puzzle = {"verbatim": text, "options": options, "gold_letter": gold}
    return Instance(
        "t", TASK.name, TASK.version, 3, {}, None, None, puzzle, TASK.render(puzzle), gold, "", {}
    )


ITEM0 = _choice_instance(
    "Today is Christmas Eve of 1937. What is the date tomorrow in MM/DD/YYYY?",
    ["12/11/1937", "12/25/1937", "12/25/1847", "12/24/1937", "12/18/1937", "01/04/1938"],
    "B",
)


@pytest.mark.parametrize(
    "ok", ["(B)", "B", "12/25/1937", "(B) 12/25/1937", "(B) 12/25/1937.", "b)", "12/25/1937 "]
)
def test_answer_forms_accepted(ok):
    assert TASK.verify(ITEM0, f"<<<{ok}>>>").score == 1


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("(B) 12/24/1937", "rule_violation"), ("(B) or (C)", "rule_violation"), ("1937-12-25", "unparseable"),
     ("Dec 25, 1937", "unparseable"), ("(D)", "wrong_value"), ("12/24/1937", "wrong_value")],
)  # fmt: skip
def test_answer_forms_rejected(bad, reason):
    verdict = TASK.verify(ITEM0, f"<<<{bad}>>>")
    assert verdict.score == 0 and verdict.reason == reason


def test_zero_padding_is_ignored():
    assert TASK.verify(ITEM0, "<<<(B) 12/25/1937>>>").score == 1
    inst = _choice_instance("x", ["01/05/2004", "01/06/2004", "02/05/2004", "05/01/2004", "01/04/2004"], "A")
    assert TASK.verify(inst, "<<<1/5/2004>>>").score == 1
    assert TASK.verify(inst, "<<<(F)>>>").reason == "unparseable"  # five options: no F


def test_anchor_kinds_resolve():
    assert gen.anchor_date({"kind": "named_day", "name": "Christmas Eve", "year": 1937}) == D(1937, 12, 24)
    assert gen.anchor_date({"kind": "calendar", "rule": "last_of_month", "year": 2000, "month": 2}) == D(
        2000, 2, 29
    )
    assert gen.anchor_date({"kind": "calendar", "rule": "last_of_quarter", "year": 2010, "quarter": 3}) == D(
        2010, 9, 30
    )
    assert gen.anchor_date(
        {"kind": "calendar", "rule": "kth_day_of_mth_month", "year": 1966, "month": 3, "k": 2}
    ) == D(1966, 3, 2)
    # the first Monday of 2019 (1 January 2019 was a Tuesday), and US Thanksgiving 2001
    rule = {
        "kind": "weekday_rule",
        "k": 1,
        "weekday": 0,
        "month": None,
        "year": 2019,
        "ref_date": "2019-01-01",
    }
    assert gen.anchor_date(rule) == D(2019, 1, 7)
    assert anchor_text(rule) == (["January 1, 2019 falls on a Tuesday."], "the first Monday of 2019")
    assert gen.kth_weekday(2001, 11, 3, 4) == D(2001, 11, 22)
    uk = {"kind": "uk_date", "date": "1987-01-02"}
    assert "02/01/1987" in anchor_text(uk)[1] and "day first" in anchor_text(uk)[1]


def test_story_rendering_of_a_chain():
    puzzle = {
        "anchor": {"kind": "date", "date": "2020-03-20", "format": "Mon D, YYYY", "event": "book fair"},
        "hops": [
            {
                "event": "jazz concert",
                "amount": 2,
                "unit": "week",
                "direction": "forward",
                "phrasing": "relative",
            },
            {"event": "today", "amount": 176, "unit": "day", "direction": "forward", "phrasing": "since"},
        ],
        "question": [{"amount": 1, "unit": "week", "direction": "backward", "phrasing": "basic"}],
    }
    assert story_sentences(puzzle) == [
        "The book fair took place on Mar 20, 2020.",
        "The jazz concert took place 2 weeks after the book fair.",
        "176 days have passed since the jazz concert.",
    ]
    assert answer_date_of(puzzle) == D(2020, 3, 20) + dt.timedelta(days=14 + 176 - 7)


@pytest.mark.parametrize("level", range(1, 11))
def test_generator_guarantees(level):
    params = TASK.params(level)
    for seed in range(25):
        inst = make_instance(TASK, level, seed, 0)
        p = inst.puzzle
        options = p["options"]
        assert len(options) == 6 and len(set(options)) == 6
        answer = answer_date_of(p)
        assert answer.isoformat() == p["answer_date"]
        assert [o for o in options if o == gen.mdy(answer)] == [options["ABCDEF".index(inst.answer)]]
        assert len(p["hops"]) == params.story_hops
        _, clamped_story = gen.event_dates(p["anchor"], p["hops"])
        today = gen.event_dates(p["anchor"], p["hops"])[0][-1]
        assert today.isoformat() == p["today"]
        clamped = clamped_story or gen.apply_all(today, p["question"])[1]
        assert clamped == p["clamp_rule_stated"]
        if not params.allow_clamp:
            assert not clamped
        if clamped:
            assert "last day of that month" in inst.question
        assert all(1000 <= int(o[-4:]) <= 9999 for o in options)
        if p["anchor"]["kind"] == "uk_date":
            d = D.fromisoformat(p["anchor"]["date"])
            assert d.day <= 12 and d.day != d.month
        kind = "date_numeric" if p["anchor"]["kind"] == "date" and level == 1 else p["anchor"]["kind"]
        assert kind in params.anchor_kinds


def test_gold_letter_is_spread():
    letters = {make_instance(TASK, 3, 0, i).answer for i in range(60)}
    assert letters == set("ABCDEF")


def test_clamping_levels_state_the_rule():
    seen = False
    for i in range(60):
        inst = make_instance(TASK, 8, 1, i)
        if inst.puzzle["clamp_rule_stated"]:
            seen = True
            assert "use the last day of that month" in inst.question
    assert seen


def test_erratum_detection_by_content():
    jan = "Jane is celebrating the last day of Jan 2012. What is the date one week from today in MM/DD/YYYY?"
    options = ["02/13/2012", "01/31/2012", "03/07/2012", "02/06/2012", "02/05/2012", "02/07/2012"]
    assert bbh_erratum(jan, options, "D") == (["gold_corrected"], "F")
    tomorrow = "Jane is celebrating the last day of Jan 2012. What is the date tomorrow in MM/DD/YYYY?"
    assert bbh_erratum(tomorrow, ["02/01/2012", "02/02/2012"], "A") == ([], None)
    thanks = (
        "In the US, Thanksgiving is on the fourth Thursday of November. Today is the US Thanksgiving of 2001. "
        "What is the date tomorrow in MM/DD/YYYY?"
    )
    assert bbh_erratum(thanks, ["11/23/2002", "11/24/2002"], "A") == (["excluded_ill_posed"], None)
    coming = "2015 is coming in 36 hours. What is the date tomorrow in MM/DD/YYYY?"
    assert bbh_erratum(coming, ["12/30/2014", "12/31/2014"], "A") == (["gold_corrected"], "B")


def test_errata_import_policies(tmp_path):
    jan = (
        "Jane is celebrating the last day of Jan 2012. What is the date one week from today in MM/DD/YYYY?\n"
        "Options:\n(A) 02/13/2012\n(B) 01/31/2012\n(C) 03/07/2012\n(D) 02/06/2012\n(E) 02/05/2012\n(F) 02/07/2012"
    )
    thanks = (
        "In the US, Thanksgiving is on the fourth Thursday of November. Today is the US Thanksgiving of 2001. "
        "What is the date one week from today in MM/DD/YYYY?\nOptions:\n(A) 11/29/2002\n(B) 11/15/2002\n"
        "(C) 11/30/2002\n(D) 12/27/2002\n(E) 12/11/2002\n(F) 11/29/2078"
    )
    file = tmp_path / "date_understanding.json"
    file.write_text(
        json.dumps(
            {"canary": "x", "examples": [{"input": jan, "target": "(D)"}, {"input": thanks, "target": "(A)"}]}
        )
    )
    default = list(TASK.import_original(file))
    assert [(i.answer, i.errata) for i in default] == [("F", ["gold_corrected"])]
    published = list(TASK.import_original(tmp_path, gold_policy="published"))
    assert [(i.answer, i.errata) for i in published] == [
        ("D", ["gold_corrected"]),
        ("A", ["excluded_ill_posed"]),
    ]
    assert len(list(TASK.import_original(tmp_path, include_excluded=True))) == 2
    with pytest.raises(DataFormatError):
        list(TASK.import_original(tmp_path, subset="legacy"))  # defined on the complete 250-item file
    with pytest.raises(DataFormatError):
        list(TASK.import_original(tmp_path, render="symbench"))


def test_importer(original_dir):
    items = list(TASK.import_original(original_dir, include_excluded=True))
    examples = json.loads((original_dir / "BIG-Bench-Hard" / "bbh" / "date_understanding.json").read_text())[
        "examples"
    ]
    assert len(items) == len(examples)
    for item, ex in zip(items, examples):
        inst = imported_instance(TASK, item)
        assert inst.question.startswith(ex["input"]) and "last" in inst.question
        assert item.original_answer == ex["target"]
        text = ex["input"]
        if "It is their 5-year anniversary today" in text and "1958" in text:
            expected = "gold_corrected" if "01/09/1963" in text else "excluded_ill_posed"
            assert item.errata == [expected]
        elif "US Thanksgiving of 2001" in text:
            assert item.errata == ["excluded_ill_posed"]
        elif "2015 is coming in 36 hours" in text:
            assert item.errata in (["gold_corrected"], ["excluded_ill_posed"], [])
        elif "the last day of Jan 2012" in text and "one week from today" in text:
            assert item.errata == ["gold_corrected"] and item.answer == "F"
        else:
            assert item.errata == [] and f"({item.answer})" == ex["target"]
        if "gold_corrected" in item.errata:
            assert f"({item.answer})" != ex["target"]
    # The subset's "2015 is coming in 36 hours ... one week ago from today" item: 12/23/2014 is option B.
    coming = [i for i in items if "2015 is coming in 36 hours" in i.puzzle["verbatim"]]
    assert all(i.answer == "B" for i in coming if "one week ago from today" in i.puzzle["verbatim"])
    default = list(TASK.import_original(original_dir))
    assert not any("US Thanksgiving of 2001" in i.puzzle["verbatim"] for i in default)
