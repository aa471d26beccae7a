"""Multi-step arithmetic word problems with large numbers (gsm_hard).

A story template is a sentence pattern with typed slots, a program over the slots (the solution
steps), groups of slots that may be made large together, and the answer's kind. Chain templates
string together one-sentence stages acting on a running amount, so any number of steps can be
reached. The program is executed in exact rationals and every intermediate is checked for sense
(no negative or fractional counts, money in whole cents), so the gold follows from the text as
written. All texts are the developers' own.
"""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction
from typing import Any

from symbench.errors import GenerationError

MAX_ATTEMPTS = 2000
NAMES = (
    "Amara", "Bilal", "Carmen", "Dario", "Esme", "Felix", "Gita", "Hector", "Isla", "Jonas", "Kira", "Luca",
    "Maya", "Nikolai", "Olga", "Pablo", "Rhea", "Soren", "Tamsin", "Umar", "Vera", "Wes", "Yusuf", "Zoe",
)  # fmt: skip
POOLS = {
    "goods": ("notebooks", "mugs", "pencils", "candles", "scarves", "lamps", "puzzles", "towels"),
    "produce": ("apples", "oranges", "pears", "lemons", "peaches", "plums"),
    "parts": ("bolts", "gears", "springs", "valves", "widgets", "hinges"),
    "stock": ("jars of honey", "bags of rice", "tins of paint", "rolls of tape", "packs of seeds"),
    "job": ("tutor", "cashier", "lifeguard", "dog walker", "barista", "gardener"),
    "vehicle": ("train", "bus", "ferry", "truck", "delivery van"),
    "treat": ("cookies", "muffins", "pancakes", "scones"),
    "prize": ("bicycle", "guitar", "tablet", "telescope", "camera"),
    "thing": ("a new coat", "books", "a concert ticket", "groceries", "a birthday present"),
}
FRACTIONS = {
    "1/2": "half",
    "1/3": "a third",
    "1/4": "a quarter",
    "1/5": "a fifth",
    "2/3": "two thirds",
    "3/4": "three quarters",
}
PERCENTS = (5, 10, 15, 20, 25, 30, 40, 50, 60, 75)
OPS = ("add", "sub", "mul", "div", "pct", "floor_div", "mod")
NUMERIC = ("count", "money", "rate", "percent", "fraction", "duration", "choice")
FAMILIES = (
    "shopping", "wages", "travel", "recipes", "production", "sharing", "percentages", "savings",
    "inventory", "conversion", "sports", "comparisons", "averages", "chains",
)  # fmt: skip


def S(
    kind: str,
    lo: Any = None,
    hi: Any = None,
    step: int = 1,
    pool: str = "",
    choices: tuple = (),
    dollars: bool = False,
) -> dict:
    """A slot declaration: its kind and its small range (money: whole dollars, or cents when `step` > 1;
    a `choice` of dollar amounts sets `dollars`)."""
    return {
        "kind": kind,
        "lo": lo,
        "hi": hi,
        "step": step,
        "pool": pool,
        "choices": choices,
        "dollars": dollars,
    }


def P(var: str, op: str, args: list[str], kind: str = "count") -> dict:
    """A program step: `var = op(args)`; `kind` is what the value counts (count, money, measure)."""
    return {"var": var, "op": op, "args": args, "kind": kind}


# ============================================================================ story templates
STORIES: list[dict[str, Any]] = [
    {
        "id": "shop_change",
        "family": "shopping",
        "text": "{name} buys {n} {items} at {price} each and pays with {bills} {bill} bills. How much change does {name} get back, in dollars?",
        "slots": {
            "name": S("name"),
            "items": S("noun", pool="goods"),
            "n": S("count", 2, 12),
            "price": S("money", 125, 975, 25),
            "bills": S("count", 2, 9),
            "bill": S("choice", choices=(20, 50, 100), dollars=True),
        },
        "program": [
            P("cost", "mul", ["n", "price"], "money"),
            P("paid", "mul", ["bills", "bill"], "money"),
            P("change", "sub", ["paid", "cost"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["n", "bills"], ["price", "bills"]],
    },
    {
        "id": "shop_total",
        "family": "shopping",
        "text": "At a market {name} buys {a} {items} for {p1} each and {b} {items2} for {p2} each. How many dollars does {name} spend altogether?",
        "slots": {
            "name": S("name"),
            "items": S("noun", pool="produce"),
            "items2": S("noun", pool="goods"),
            "a": S("count", 2, 15),
            "b": S("count", 2, 9),
            "p1": S("money", 50, 300, 25),
            "p2": S("money", 200, 1200, 50),
        },
        "program": [
            P("c1", "mul", ["a", "p1"], "money"),
            P("c2", "mul", ["b", "p2"], "money"),
            P("total", "add", ["c1", "c2"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["a"], ["b"], ["p2"]],
    },
    {
        "id": "bulk_discount",
        "family": "percentages",
        "text": "A shop sells {items} for {price} each. {name} buys {n} of them, gets {pct}% off the whole purchase, and then pays a {fee} delivery fee. How much does {name} pay in total, in dollars?",
        "slots": {
            "name": S("name"),
            "items": S("noun", pool="goods"),
            "price": S("money", 4, 40),
            "n": S("count", 2, 20),
            "pct": S("percent"),
            "fee": S("money", 3, 15),
        },
        "program": [
            P("cost", "mul", ["n", "price"], "money"),
            P("off", "pct", ["cost", "pct"], "money"),
            P("after", "sub", ["cost", "off"], "money"),
            P("total", "add", ["after", "fee"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["n"], ["price"], ["fee"]],
    },
    {
        "id": "wages_overtime",
        "family": "wages",
        "text": "{name} earns {rate} per hour for the first {base} hours worked in a week and {mult} times that rate for every hour beyond {base}. Last week {name} worked {hours} hours. How many dollars did {name} earn last week?",
        "slots": {
            "name": S("name"),
            "rate": S("money", 10, 30),
            "base": S("choice", choices=(35, 38, 40)),
            "mult": S("choice", choices=(2, 3)),
            "hours": S("count", 41, 60),
        },
        "program": [
            P("regular", "mul", ["rate", "base"], "money"),
            P("extra", "sub", ["hours", "base"]),
            P("orate", "mul", ["rate", "mult"], "money"),
            P("over", "mul", ["extra", "orate"], "money"),
            P("total", "add", ["regular", "over"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["rate"], ["hours"]],
    },
    {
        "id": "two_jobs",
        "family": "wages",
        "text": "{name} is paid {r1} per hour as a {job1} and {r2} per hour as a {job2}. Each week {name} works {h1} hours as a {job1} and {h2} hours as a {job2}, for {weeks} weeks a year. How many dollars does {name} earn in a year?",
        "slots": {
            "name": S("name"),
            "job1": S("noun", pool="job"),
            "job2": S("noun", pool="job"),
            "r1": S("money", 12, 30),
            "r2": S("money", 12, 40),
            "h1": S("count", 5, 30),
            "h2": S("count", 3, 15),
            "weeks": S("count", 40, 52),
        },
        "program": [
            P("a", "mul", ["r1", "h1"], "money"),
            P("b", "mul", ["r2", "h2"], "money"),
            P("week", "add", ["a", "b"], "money"),
            P("year", "mul", ["week", "weeks"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["r1"], ["r2"], ["h2"]],
    },
    {
        "id": "travel_distance",
        "family": "travel",
        "text": "A {vehicle} travels at {v1} miles per hour for {t1} hours and then at {v2} miles per hour for {t2} hours. How many miles does it travel in all?",
        "slots": {
            "vehicle": S("noun", pool="vehicle"),
            "v1": S("rate", 20, 80),
            "t1": S("duration", 2, 9),
            "v2": S("rate", 20, 80),
            "t2": S("duration", 2, 9),
        },
        "program": [
            P("d1", "mul", ["v1", "t1"]),
            P("d2", "mul", ["v2", "t2"]),
            P("total", "add", ["d1", "d2"]),
        ],
        "answer_kind": "count",
        "inflate": [["v1"], ["t2"]],
    },
    {
        "id": "fuel_cost",
        "family": "travel",
        "text": "{name} drives {dist} miles to a lake and the same distance back. The car goes {mpg} miles on one gallon of fuel, and fuel costs {price} per gallon. How many dollars does the fuel for the round trip cost?",
        "slots": {
            "name": S("name"),
            "dist": S("count", 30, 400),
            "mpg": S("choice", choices=(20, 25, 30, 40, 50)),
            "price": S("money", 250, 500, 10),
        },
        "program": [
            P("both", "mul", ["dist", "2"]),
            P("gallons", "div", ["both", "mpg"], "measure"),
            P("cost", "mul", ["gallons", "price"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["dist"]],
    },
    {
        "id": "recipe_scale",
        "family": "recipes",
        "text": "A recipe for {base} {treats} uses {flour} cups of flour and {sugar} cups of sugar. {name} wants to make {target} {treats} with the same recipe. How many cups of flour and sugar together does {name} need?",
        "slots": {
            "name": S("name"),
            "treats": S("noun", pool="treat"),
            "base": S("choice", choices=(10, 12, 20, 24)),
            "flour": S("count", 2, 6),
            "sugar": S("count", 1, 4),
            "target": S("count", 30, 240),
        },
        "program": [
            P("cups", "add", ["flour", "sugar"], "measure"),
            P("per", "div", ["cups", "base"], "measure"),
            P("need", "mul", ["per", "target"], "measure"),
        ],
        "answer_kind": "measure",
        "inflate": [["target"]],
    },
    {
        "id": "factory_output",
        "family": "production",
        "text": "A machine makes {rate} {parts} per hour. It runs {hours} hours a day for {days} days, and every day {bad} of the {parts} it makes are faulty and thrown away. How many good {parts} does the machine make in those days?",
        "slots": {
            "parts": S("noun", pool="parts"),
            "rate": S("rate", 20, 200),
            "hours": S("duration", 6, 16),
            "days": S("duration", 3, 30),
            "bad": S("count", 1, 19),
        },
        "program": [
            P("day", "mul", ["rate", "hours"]),
            P("good", "sub", ["day", "bad"]),
            P("total", "mul", ["good", "days"]),
        ],
        "answer_kind": "count",
        "inflate": [["rate"], ["days"]],
    },
    {
        "id": "sticker_packs",
        "family": "sharing",
        "text": "{name} has {total} stickers and puts them into packs of {size}, making as many full packs as possible. {name} then gives away {given} of the full packs. How many full packs does {name} keep?",
        "slots": {
            "name": S("name"),
            "total": S("count", 100, 900),
            "size": S("choice", choices=(6, 8, 10, 12, 15)),
            "given": S("count", 1, 9),
        },
        "program": [P("packs", "floor_div", ["total", "size"]), P("kept", "sub", ["packs", "given"])],
        "answer_kind": "count",
        "inflate": [["total"]],
    },
    {
        "id": "teams",
        "family": "sharing",
        "text": "{students} students and {teachers} teachers meet for a sports day. Everyone is put into teams of {size}, forming as many complete teams as possible. How many people are left over without a complete team?",
        "slots": {
            "students": S("count", 40, 400),
            "teachers": S("count", 3, 30),
            "size": S("choice", choices=(4, 5, 6, 7, 8)),
        },
        "program": [P("people", "add", ["students", "teachers"]), P("left", "mod", ["people", "size"])],
        "answer_kind": "count",
        "inflate": [["students"]],
    },
    {
        "id": "sale_tax",
        "family": "percentages",
        "text": "A {prize} costs {price}. It goes on sale for {off}% off, and a sales tax of {tax}% is then added to the sale price. What is the final price, in dollars?",
        "slots": {
            "prize": S("noun", pool="prize"),
            "price": S("money", 80, 900),
            "off": S("percent"),
            "tax": S("choice", choices=(5, 10, 20)),
        },
        "program": [
            P("disc", "pct", ["price", "off"], "money"),
            P("sale", "sub", ["price", "disc"], "money"),
            P("added", "pct", ["sale", "tax"], "money"),
            P("final", "add", ["sale", "added"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["price"]],
    },
    {
        "id": "test_wrong",
        "family": "percentages",
        "text": "A quiz has {q} questions. {name} answers {pct}% of them correctly. How many questions does {name} get wrong?",
        "slots": {"name": S("name"), "q": S("count", 20, 200), "pct": S("percent")},
        "program": [P("right", "pct", ["q", "pct"]), P("wrong", "sub", ["q", "right"])],
        "answer_kind": "count",
        "inflate": [["q"]],
    },
    {
        "id": "savings_weeks",
        "family": "savings",
        "text": "{name} wants a {prize} that costs {goal}. {name} has saved {have} so far and adds {per} every week. How many weeks will it take {name} to have exactly enough?",
        "slots": {
            "name": S("name"),
            "prize": S("noun", pool="prize"),
            "goal": S("money", 200, 900),
            "have": S("money", 10, 150),
            "per": S("choice", choices=(5, 10, 15, 20, 25), dollars=True),
        },
        "program": [P("need", "sub", ["goal", "have"], "money"), P("weeks", "div", ["need", "per"])],
        "answer_kind": "count",
        "inflate": [["goal"]],
    },
    {
        "id": "crate_apples",
        "family": "inventory",
        "text": "{name} fills {crates} crates with {per_crate} {produce} each and then gives away {given} {produce}. How many {produce} does {name} keep?",
        "slots": {
            "name": S("name"),
            "produce": S("noun", pool="produce"),
            "crates": S("count", 3, 30),
            "per_crate": S("count", 10, 60),
            "given": S("count", 5, 90),
        },
        "program": [P("total", "mul", ["crates", "per_crate"]), P("kept", "sub", ["total", "given"])],
        "answer_kind": "count",
        "inflate": [["crates"], ["per_crate"], ["given", "crates"]],
    },
    {
        "id": "warehouse",
        "family": "inventory",
        "text": "A warehouse holds {start} {stock}. On Monday {in1} more arrive and {out1} are sent to shops. On Tuesday {in2} arrive and {out2} are sent out. How many {stock} are in the warehouse at the end of Tuesday?",
        "slots": {
            "stock": S("noun", pool="stock"),
            "start": S("count", 100, 900),
            "in1": S("count", 10, 300),
            "out1": S("count", 10, 300),
            "in2": S("count", 10, 300),
            "out2": S("count", 10, 300),
        },
        "program": [
            P("a", "add", ["start", "in1"]),
            P("b", "sub", ["a", "out1"]),
            P("c", "add", ["b", "in2"]),
            P("d", "sub", ["c", "out2"]),
        ],
        "answer_kind": "count",
        "inflate": [["start"], ["in1"], ["in2"]],
    },
    {
        "id": "track_km",
        "family": "conversion",
        "text": "{name} runs {laps} laps of a {length}-meter track every day for {days} days. How many kilometers does {name} run in total?",
        "slots": {
            "name": S("name"),
            "laps": S("count", 2, 20),
            "length": S("choice", choices=(200, 250, 400, 500)),
            "days": S("duration", 3, 30),
        },
        "program": [
            P("day", "mul", ["laps", "length"]),
            P("meters", "mul", ["day", "days"]),
            P("km", "div", ["meters", "1000"], "measure"),
        ],
        "answer_kind": "measure",
        "inflate": [["laps"], ["days"]],
    },
    {
        "id": "basketball",
        "family": "sports",
        "text": "Over a season {name} scored {twos} two-point baskets, {threes} three-point baskets and {frees} free throws worth one point each. How many points did {name} score in the season?",
        "slots": {
            "name": S("name"),
            "twos": S("count", 20, 300),
            "threes": S("count", 5, 120),
            "frees": S("count", 10, 150),
        },
        "program": [
            P("p2", "mul", ["twos", "2"]),
            P("p3", "mul", ["threes", "3"]),
            P("field", "add", ["p2", "p3"]),
            P("total", "add", ["field", "frees"]),
        ],
        "answer_kind": "count",
        "inflate": [["twos"], ["threes"], ["frees"]],
    },
    {
        "id": "how_many_more",
        "family": "comparisons",
        "text": "{name} has {a} marbles. {name2} has {k} times as many marbles as {name}, and {name3} has {b} fewer marbles than {name2}. How many more marbles does {name3} have than {name}?",
        "slots": {
            "name": S("name"),
            "name2": S("name"),
            "name3": S("name"),
            "a": S("count", 5, 90),
            "k": S("choice", choices=(2, 3, 4, 5)),
            "b": S("count", 1, 40),
        },
        "program": [P("n2", "mul", ["a", "k"]), P("n3", "sub", ["n2", "b"]), P("diff", "sub", ["n3", "a"])],
        "answer_kind": "count",
        "inflate": [["a"]],
    },
    {
        "id": "average_games",
        "family": "averages",
        "text": "In four games {name} scored {s1}, {s2}, {s3} and {s4} points. What was {name}'s average number of points per game?",
        "slots": {
            "name": S("name"),
            "s1": S("count", 5, 40),
            "s2": S("count", 5, 40),
            "s3": S("count", 5, 40),
            "s4": S("count", 5, 40),
        },
        "program": [
            P("a", "add", ["s1", "s2"]),
            P("b", "add", ["a", "s3"]),
            P("c", "add", ["b", "s4"]),
            P("avg", "div", ["c", "4"], "measure"),
        ],
        "answer_kind": "measure",
        "inflate": [["s1"], ["s3"]],
    },
    {
        "id": "lemonade_profit",
        "family": "shopping",
        "text": "{name} runs a lemonade stand for {days} days. Each day {name} sells {cups} cups at {price} per cup and spends {lemons} on lemons and {sugar} on sugar. The stand itself cost {stand}. What is {name}'s profit over the {days} days, in dollars? (A loss is a negative profit.)",
        "slots": {
            "name": S("name"),
            "days": S("duration", 2, 14),
            "cups": S("count", 10, 80),
            "price": S("money", 50, 300, 25),
            "lemons": S("money", 3, 20),
            "sugar": S("money", 2, 10),
            "stand": S("money", 20, 300),
        },
        "program": [
            P("rev", "mul", ["cups", "price"], "money"),
            P("cost", "add", ["lemons", "sugar"], "money"),
            P("day", "sub", ["rev", "cost"], "money"),
            P("all", "mul", ["day", "days"], "money"),
            P("profit", "sub", ["all", "stand"], "money"),
        ],
        "answer_kind": "money",
        "signed": True,
        "inflate": [["stand"], ["cups"], ["lemons"]],
    },
    {
        "id": "trip_budget",
        "family": "savings",
        "text": "{name} plans a {days}-day trip. The hotel costs {hotel} per night for {nights} nights, meals cost {meals} per day, and the train ticket costs {ticket} each way. {name} pays part of it with a gift card worth {card}. How many dollars does {name} still have to pay?",
        "slots": {
            "name": S("name"),
            "days": S("duration", 3, 14),
            "nights": S("duration", 2, 13),
            "hotel": S("money", 60, 250),
            "meals": S("money", 20, 80),
            "ticket": S("money", 15, 120),
            "card": S("money", 20, 150),
        },
        "program": [
            P("h", "mul", ["hotel", "nights"], "money"),
            P("m", "mul", ["meals", "days"], "money"),
            P("t", "mul", ["ticket", "2"], "money"),
            P("s1", "add", ["h", "m"], "money"),
            P("s2", "add", ["s1", "t"], "money"),
            P("due", "sub", ["s2", "card"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["hotel"], ["meals"], ["ticket"]],
    },
    {
        "id": "school_supplies",
        "family": "shopping",
        "text": "{name} buys school supplies for {kids} children. Each child gets {nb} notebooks at {p1} each and {pc} pens at {p2} each, and the shop takes {pct}% off the whole bill. How many dollars does {name} pay?",
        "slots": {
            "name": S("name"),
            "kids": S("count", 2, 30),
            "nb": S("count", 2, 8),
            "p1": S("money", 100, 400, 25),
            "pc": S("count", 2, 10),
            "p2": S("money", 50, 200, 25),
            "pct": S("percent"),
        },
        "program": [
            P("a", "mul", ["nb", "p1"], "money"),
            P("b", "mul", ["pc", "p2"], "money"),
            P("kid", "add", ["a", "b"], "money"),
            P("all", "mul", ["kid", "kids"], "money"),
            P("off", "pct", ["all", "pct"], "money"),
            P("pay", "sub", ["all", "off"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["kids"], ["nb"], ["pc"]],
    },
    {
        "id": "delivery_route",
        "family": "travel",
        "text": "Every working day a courier drives {d1} miles to the first stop, {d2} miles to the second stop and {d3} miles back to the depot, and pays a {toll} road toll. The van goes {mpg} miles on one gallon of fuel, which costs {price} per gallon. How many dollars do fuel and tolls cost over {days} working days?",
        "slots": {
            "d1": S("count", 5, 60),
            "d2": S("count", 5, 60),
            "d3": S("count", 5, 60),
            "days": S("duration", 5, 25),
            "mpg": S("choice", choices=(10, 20, 25)),
            "price": S("money", 300, 450, 10),
            "toll": S("money", 2, 9),
        },
        "program": [
            P("s1", "add", ["d1", "d2"]),
            P("s2", "add", ["s1", "d3"]),
            P("miles", "mul", ["s2", "days"]),
            P("gallons", "div", ["miles", "mpg"], "measure"),
            P("fuel", "mul", ["gallons", "price"], "money"),
            P("tolls", "mul", ["toll", "days"], "money"),
            P("total", "add", ["fuel", "tolls"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["d1"], ["days"], ["toll"]],
    },
    {
        "id": "orchard",
        "family": "production",
        "text": "An orchard has {rows} rows of {per_row} trees, and each tree gives {kg} kilograms of {produce}. {spoiled} kilograms spoil before sale, and the rest is sold at {price} per kilogram; packing costs {pack} per kilogram sold. How many dollars does the orchard make after packing costs?",
        "slots": {
            "produce": S("noun", pool="produce"),
            "rows": S("count", 4, 40),
            "per_row": S("count", 5, 30),
            "kg": S("count", 10, 90),
            "spoiled": S("count", 10, 300),
            "price": S("money", 2, 6),
            "pack": S("choice", choices=(1,), dollars=True),
        },
        "program": [
            P("trees", "mul", ["rows", "per_row"]),
            P("total", "mul", ["trees", "kg"]),
            P("good", "sub", ["total", "spoiled"]),
            P("revenue", "mul", ["good", "price"], "money"),
            P("packing", "mul", ["good", "pack"], "money"),
            P("net", "sub", ["revenue", "packing"], "money"),
        ],
        "answer_kind": "money",
        "inflate": [["rows"], ["kg"], ["spoiled", "rows"]],
    },
    {
        "id": "bakery_week",
        "family": "production",
        "text": "A bakery bakes {trays} trays of {per} {treats} every morning for {days} days. Each day it sells all but {left} of them, and it sells them in boxes of {box}. How many boxes does it sell over the {days} days?",
        "slots": {
            "treats": S("noun", pool="treat"),
            "trays": S("count", 3, 20),
            "per": S("choice", choices=(12, 18, 24, 30)),
            "days": S("duration", 3, 14),
            "left": S("count", 0, 11),
            "box": S("choice", choices=(2, 3, 4, 6)),
        },
        "program": [
            P("made", "mul", ["trays", "per"]),
            P("sold", "sub", ["made", "left"]),
            P("boxes", "div", ["sold", "box"]),
            P("total", "mul", ["boxes", "days"]),
        ],
        "answer_kind": "count",
        "inflate": [["trays"], ["days"]],
    },
]

# ============================================================================ chain stages
# (id, steps, slots, sentence, program builder). In a builder, `x` is the running amount's variable,
# `y` the new one, `i` the stage number (slot names get it as a suffix).
MONEY_STAGES = {
    "earn": (
        2,
        {"h": S("duration", 3, 30), "r": S("money", 8, 30)},
        "{name} works {h} hours at {r} per hour and puts all the pay in the jar.",
    ),
    "buy": (
        2,
        {"k": S("count", 2, 9), "items": S("noun", pool="goods"), "p": S("money", 100, 1500, 25)},
        "{name} takes money from the jar to buy {k} {items} at {p} each.",
    ),
    "gift": (1, {"g": S("money", 5, 100)}, "A relative adds a gift of {g} to the jar."),
    "bill": (1, {"g": S("money", 5, 80)}, "{name} pays a {g} bill with money from the jar."),
    "fraction": (
        2,
        {"f": S("fraction"), "thing": S("noun", pool="thing")},
        "{name} spends {f} of the money in the jar on {thing}.",
    ),
    "percent": (
        2,
        {"q": S("percent"), "thing": S("noun", pool="thing")},
        "{name} spends {q}% of the money in the jar on {thing}.",
    ),
    "split": (
        1,
        {"m": S("choice", choices=(2, 3, 4, 5))},
        "{name} shares the money in the jar equally among {m} people, {name} included, and keeps only {name}'s own share in the jar.",
    ),
    "grow": (
        1,
        {"k": S("choice", choices=(2, 3))},
        "The money in the jar is invested and grows to {k} times its value.",
    ),
    "save": (
        2,
        {"w": S("money", 2, 20), "d": S("duration", 3, 30)},
        "{name} saves {w} a day for {d} days and puts it all in the jar.",
    ),
    "return": (
        2,
        {"k": S("count", 2, 5), "items": S("noun", pool="goods"), "p": S("money", 100, 1500, 25)},
        "{name} returns {k} {items} to a shop, gets {p} back for each, and puts the refund in the jar.",
    ),
    "cousins": (
        2,
        {"m": S("count", 2, 6), "g": S("money", 2, 20)},
        "{name} gives each of {m} cousins {g} from the jar.",
    ),
}
STOCK_STAGES = {
    "receive": (
        2,
        {"c": S("count", 2, 20), "k": S("count", 6, 48)},
        "A delivery brings {c} crates holding {k} {stock} each.",
    ),
    "ship": (
        2,
        {"o": S("count", 2, 20), "k": S("count", 2, 30)},
        "{o} orders of {k} {stock} each are shipped out.",
    ),
    "discard": (
        2,
        {"f": S("fraction")},
        "{f} of the {stock} in the store room turn out to be damaged and are thrown away.",
    ),
    "gift_in": (1, {"g": S("count", 5, 200)}, "A supplier sends {g} extra {stock} free of charge."),
    "sell": (1, {"g": S("count", 5, 200)}, "A customer buys {g} of the {stock}."),
}
STOCK_FINAL = (
    1,
    {"m": S("choice", choices=(4, 6, 8, 10, 12))},
    "Finally, all the {stock} are packed into boxes of {m}, filling as many boxes as possible.",
)
CONNECTORS = ("Then", "Next", "After that", "Later", "The following week", "Soon after")
# slots a chain may inflate (percentages, fractions, multipliers and divisors stay small)
CHAIN_INFLATABLE = {"earn": ("h", "r"), "buy": ("k", "p"), "gift": ("g",), "bill": ("g",), "save": ("w", "d"),
                    "return": ("k", "p"), "cousins": ("m", "g"), "receive": ("c", "k"), "ship": ("o", "k"),
                    "gift_in": ("g",), "sell": ("g",)}  # fmt: skip


def _stage_program(stage: str, i: int, x: str, y: str) -> list[dict]:
    """The program steps of one stage: running amount `x` becomes `y`."""
    s = f"_{i}"
    money = "money"
    return {
        "earn": [P(f"pay{s}", "mul", [f"h{s}", f"r{s}"], money), P(y, "add", [x, f"pay{s}"], money)],
        "buy": [P(f"cost{s}", "mul", [f"k{s}", f"p{s}"], money), P(y, "sub", [x, f"cost{s}"], money)],
        "gift": [P(y, "add", [x, f"g{s}"], money)],
        "bill": [P(y, "sub", [x, f"g{s}"], money)],
        "fraction": [P(f"spent{s}", "mul", [x, f"f{s}"], money), P(y, "sub", [x, f"spent{s}"], money)],
        "percent": [P(f"spent{s}", "pct", [x, f"q{s}"], money), P(y, "sub", [x, f"spent{s}"], money)],
        "split": [P(y, "div", [x, f"m{s}"], money)],
        "grow": [P(y, "mul", [x, f"k{s}"], money)],
        "save": [P(f"saved{s}", "mul", [f"w{s}", f"d{s}"], money), P(y, "add", [x, f"saved{s}"], money)],
        "return": [P(f"back{s}", "mul", [f"k{s}", f"p{s}"], money), P(y, "add", [x, f"back{s}"], money)],
        "cousins": [P(f"given{s}", "mul", [f"m{s}", f"g{s}"], money), P(y, "sub", [x, f"given{s}"], money)],
        "receive": [P(f"in{s}", "mul", [f"c{s}", f"k{s}"]), P(y, "add", [x, f"in{s}"])],
        "ship": [P(f"out{s}", "mul", [f"o{s}", f"k{s}"]), P(y, "sub", [x, f"out{s}"])],
        "discard": [P(f"bad{s}", "mul", [x, f"f{s}"]), P(y, "sub", [x, f"bad{s}"])],
        "gift_in": [P(y, "add", [x, f"g{s}"])],
        "sell": [P(y, "sub", [x, f"g{s}"])],
        "pack": [P(y, "floor_div", [x, f"m{s}"])],
    }[stage]


# ============================================================================ slots, programs, checks
def draw_slot(spec: dict, rng: random.Random, used_names: set[str]) -> str:
    """A slot value as a string: exact decimal for numbers, `p/q` for fractions, words for the rest."""
    kind = spec["kind"]
    if kind == "name":
        name = rng.choice([n for n in NAMES if n not in used_names])
        used_names.add(name)
        return name
    if kind == "noun":
        return rng.choice(POOLS[spec["pool"]])
    if kind == "money":
        lo, hi, step = spec["lo"], spec["hi"], spec["step"]
        if step == 1:  # whole dollars
            return str(rng.randint(lo, hi))
        cents = rng.randrange(lo, hi + 1, step)
        return _decimal(Fraction(cents, 100))
    if kind in ("count", "rate", "duration"):
        return str(rng.randint(spec["lo"], spec["hi"]))
    if kind == "percent":
        return str(rng.choice(PERCENTS))
    if kind == "fraction":
        return rng.choice(sorted(FRACTIONS))
    if kind == "choice":
        return str(rng.choice(spec["choices"]))
    raise ValueError(kind)


def _decimal(value: Fraction) -> str:
    """Exact decimal text of a value with at most two decimals (`12`, `12.5`, `12.05`)."""
    if value.denominator == 1:
        return str(value.numerator)
    cents = value * 100
    if cents.denominator != 1:
        raise ValueError(f"{value} has more than two decimals")
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents.numerator), 100)
    return f"{sign}{whole}.{rest:02d}".rstrip("0")


def money_text(value: str) -> str:
    """`$12` for whole dollars, `$12.05` otherwise."""
    cents = Fraction(value) * 100
    if cents.denominator != 1:
        raise ValueError(f"{value} is not a whole number of cents")
    whole, rest = divmod(cents.numerator, 100)
    return f"${whole}" if rest == 0 else f"${whole}.{rest:02d}"


def large_number(digits: int, rng: random.Random) -> int:
    return rng.randint(10 ** (digits - 1), 10**digits - 1)


class Reject(Exception):
    pass


def apply_op(op: str, a: Fraction, b: Fraction) -> Fraction:
    """One program operation in exact rationals (`pct` is a * b / 100; `floor_div`, `mod` floor)."""
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    if op == "div":
        return a / b
    if op == "pct":
        return a * b / 100
    if op == "floor_div":
        return Fraction(a // b)
    if op == "mod":
        return a % b
    raise ValueError(f"unknown op {op}")


def execute(program: list[dict], bindings: dict[str, str]) -> dict[str, Fraction]:
    """Run a program in exact rationals; raises Reject on division by zero."""
    env: dict[str, Fraction] = {}

    def val(arg: str) -> Fraction:
        if arg in env:
            return env[arg]
        if arg in bindings:
            return Fraction(bindings[arg])
        return Fraction(arg)

    for step in program:
        a, b = (val(x) for x in step["args"])
        op = step["op"]
        if op in ("div", "floor_div", "mod") and b == 0:
            raise Reject("division by zero")
        env[step["var"]] = apply_op(op, a, b)
    return env


def sensible(program: list[dict], env: dict[str, Fraction], signed_var: str | None) -> bool:
    """Counts are whole and non-negative, money is in whole cents, measures have two decimals at most."""
    for step in program:
        v = env[step["var"]]
        if v < 0 and step["var"] != signed_var:
            return False
        kind = step["kind"]
        if kind == "count" and v.denominator != 1:
            return False
        if kind in ("money", "measure") and (v * 100).denominator != 1:
            return False
    return True


def answer_text(value: Fraction, kind: str) -> str:
    """The canonical gold: integers plainly; money with two decimals when not whole."""
    if value.denominator == 1:
        return str(value.numerator)
    if kind == "money":
        cents = value * 100
        sign = "-" if cents < 0 else ""
        whole, rest = divmod(abs(cents.numerator), 100)
        return f"{sign}{whole}.{rest:02d}"
    return _decimal(value)


def fill(text: str, bindings: dict[str, str], slots: dict[str, dict]) -> str:
    """Put the bindings into a sentence: money with `$`, fractions as words."""
    out = {}
    for name, value in bindings.items():
        kind = slots[name]["kind"] if name in slots else "other"
        if kind == "money" or (name in slots and slots[name]["dollars"]):
            out[name] = money_text(value)
        elif kind == "fraction":
            out[name] = FRACTIONS[value]
        else:
            out[name] = value
    return text.format(**out)


# ============================================================================ generation
@dataclasses.dataclass
class Settings:
    steps_min: int
    steps_max: int
    n_large: int
    digits_min: int
    digits_max: int
    chain_prob: float
    families: tuple[str, ...]


def _story(settings: Settings, rng: random.Random) -> dict[str, Any] | None:
    choices = [
        t
        for t in STORIES
        if t["family"] in settings.families
        and settings.steps_min <= len(t["program"]) <= settings.steps_max
        and _disjoint_groups(t["inflate"]) >= settings.n_large
    ]
    if not choices:
        return None
    template = rng.choice(choices)
    used: set[str] = set()
    bindings = {k: draw_slot(spec, rng, used) for k, spec in template["slots"].items()}
    groups = _pick_groups(template["inflate"], settings.n_large, rng)
    large = _inflate(groups, bindings, template["slots"], settings, rng)
    env = execute(template["program"], bindings)
    last = template["program"][-1]["var"]
    if not sensible(template["program"], env, last if template.get("signed") else None):
        raise Reject("not sensible")
    return {
        "template": template["id"],
        "family": template["family"],
        "bindings": bindings,
        "program": template["program"],
        "n_steps": len(template["program"]),
        "answer_kind": template["answer_kind"],
        "gold": answer_text(env[last], template["answer_kind"]),
        "large_slots": large,
        "large_groups": groups,
        "problem": fill(template["text"], bindings, template["slots"]),
    }


def _disjoint_groups(groups: list[list[str]]) -> int:
    """How many of the groups can be chosen together without sharing a slot (greedy is enough here)."""
    taken: set[str] = set()
    count = 0
    for g in sorted(groups, key=len):
        if not taken.intersection(g):
            taken.update(g)
            count += 1
    return count


def _pick_groups(groups: list[list[str]], n: int, rng: random.Random) -> list[list[str]]:
    for _ in range(50):
        chosen = rng.sample(groups, n) if n else []
        slots = [s for g in chosen for s in g]
        if len(slots) == len(set(slots)):
            return chosen
    raise Reject("no disjoint groups")


def _inflate(groups, bindings, slots, settings: Settings, rng: random.Random) -> list[str]:
    large = []
    for group in groups:
        for name in group:
            bindings[name] = str(large_number(rng.randint(settings.digits_min, settings.digits_max), rng))
            large.append(name)
    return large


def _chain(settings: Settings, rng: random.Random) -> dict[str, Any]:
    stock = rng.random() < 0.4
    stages_lib = STOCK_STAGES if stock else MONEY_STAGES
    names = sorted(stages_lib)
    for _ in range(100):
        target = rng.randint(settings.steps_min, settings.steps_max)
        plan: list[str] = []
        total = 0
        final_pack = stock and rng.random() < 0.5
        budget = target - (1 if final_pack else 0)
        while total < budget:
            stage = rng.choice(names)
            plan.append(stage)
            total += stages_lib[stage][0]
        if total == budget and plan:
            break
    else:
        raise Reject("no stage plan")
    if final_pack:
        plan.append("pack")
    used: set[str] = set()
    name = draw_slot(S("name"), rng, used)
    noun = rng.choice(POOLS["stock"])
    bindings: dict[str, str] = {"name": name, "stock": noun}
    slot_specs: dict[str, dict] = {"name": S("name"), "stock": S("noun", pool="stock")}
    start_spec = S("count", 100, 900) if stock else S("money", 50, 500)
    bindings["start"] = draw_slot(start_spec, rng, used)
    slot_specs["start"] = start_spec
    program: list[dict] = []
    sentences = []
    x = "start"
    inflatable = [["start"]]
    for i, stage in enumerate(plan, start=1):
        steps, specs, sentence = STOCK_FINAL if stage == "pack" else stages_lib[stage]
        local = {}
        for slot, spec in specs.items():
            key = f"{slot}_{i}"
            value = draw_slot(spec, rng, used)
            bindings[key] = value
            slot_specs[key] = spec
            local[slot] = key
        y = f"amount_{i}" if stage != "pack" else "boxes"
        program.extend(_stage_program(stage, i, x, y))
        x = y
        inflatable.extend([[local[s]] for s in CHAIN_INFLATABLE.get(stage, ())])
        view = {slot: "{" + key + "}" for slot, key in local.items()}
        view.update({"name": "{name}", "stock": "{stock}"})
        text = sentence.format(**view)
        lead = "Finally" if stage == "pack" else rng.choice(CONNECTORS)
        if stage != "pack":
            text = f"{lead}, {text[0].lower() if text[0].isupper() else text[0]}{text[1:]}"
        sentences.append(text)
    groups = _pick_groups(inflatable, settings.n_large, rng) if settings.n_large <= len(inflatable) else None
    if groups is None:
        raise Reject("too few slots to inflate")
    large = _inflate(groups, bindings, slot_specs, settings, rng)
    env = execute(program, bindings)
    if not sensible(program, env, None):
        raise Reject("not sensible")
    if stock:
        opening = "A store room holds {start} {stock}."
        question = (
            "How many full boxes are there?"
            if plan[-1] == "pack"
            else "How many {stock} are in the store room at the end?"
        )
        template = "chain_stock"
    else:
        opening = "{name} keeps savings in a jar, which holds {start} at the start."
        question = "How many dollars are in the jar at the end?"
        template = "chain_money"
    text = " ".join([opening, *sentences, question])
    last = program[-1]["var"]
    kind = "count" if stock else "money"
    return {
        "template": template,
        "family": "chains",
        "bindings": bindings,
        "program": program,
        "n_steps": len(program),
        "answer_kind": kind,
        "gold": answer_text(env[last], kind),
        "large_slots": large,
        "large_groups": groups,
        "problem": fill(text, bindings, slot_specs),
        "stages": plan,
    }


def generate(settings: Settings, rng: random.Random) -> dict[str, Any]:
    story_max = (
        max(len(t["program"]) for t in STORIES if t["family"] in settings.families)
        if any(t["family"] in settings.families for t in STORIES)
        else 0
    )
    chains_allowed = "chains" in settings.families
    for _ in range(MAX_ATTEMPTS):
        use_chain = chains_allowed and (settings.steps_min > story_max or rng.random() < settings.chain_prob)
        try:
            puzzle = _chain(settings, rng) if use_chain else _story(settings, rng)
        except Reject:
            continue
        if puzzle is None:
            if not chains_allowed:
                break
            continue
        return puzzle
    raise GenerationError(
        f"gsm_hard: no problem with {settings.steps_min}-{settings.steps_max} steps and {settings.n_large} large "
        f"groups from families {', '.join(settings.families)} in {MAX_ATTEMPTS} attempts"
    )
