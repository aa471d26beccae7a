"""constrained_linear_arrangement: the spec's worked examples, card-once rule, formats, generator and the
original data with its label errata."""

from __future__ import annotations

import json

import pytest

from symbench.checkers import constrained_linear_arrangement as checker
from symbench.errors import ParamError
from symbench.generation import imported_instance, make_instance
from symbench.generators import constrained_linear_arrangement as gen
from symbench.instance import Instance
from symbench.registry import get_task
from symbench.tasks.constrained_linear_arrangement import parse_game_mix

TASK = get_task("constrained_linear_arrangement")


def _instance(game: str, player: str, results: list[str], num_pieces: int = 10) -> Instance:
    pieces = checker.deck(game, num_pieces)
    count, first = gen.solutions(game, pieces, list(player), results)
    puzzle = {
        "game": game,
        "pieces": pieces,
        "piece_names": checker.piece_names(game),
        "player_cards": list(player),
        "results": results,
        "gold": first,
        "num_solutions": count,
    }
    return Instance(
        "t", TASK.name, TASK.version, 3, {}, None, None, puzzle, "", ",".join(first or []), "", {}
    )


def _score(inst: Instance, content: str) -> float:
    verdict = TASK.verify(inst, f"<<<{content}>>>")
    assert verdict.reason != "verifier_error"
    return verdict.score


def test_elements_worked_example():
    inst = _instance("elements", "DCE", ["draw", "loss", "win"])
    assert inst.puzzle["num_solutions"] == 1 and inst.puzzle["gold"] == ["D", "A", "B"]
    assert _score(inst, "D,A,B") == 1
    assert _score(inst, "dab") == 1


def test_stick_example():
    inst = _instance("stick", "ACBD", ["draw", "win", "loss", "draw"])
    assert inst.puzzle["num_solutions"] == 1 and inst.puzzle["gold"] == ["C", "D", "A", "B"]


def test_animal_example():
    inst = _instance("animal", "AHC", ["loss", "win", "draw"])
    assert inst.puzzle["num_solutions"] == 1 and inst.puzzle["gold"] == ["H", "A", "C"]
    assert _score(inst, "H,A,C") == 1
    one = _instance("animal", "A", ["win"])
    assert _score(one, "H") == 0
    assert checker.outcome("animal", checker.deck("animal"), "H", "A") == "win"
    assert checker.outcome("animal", checker.deck("animal"), "A", "H") == "loss"


def test_cards_once():
    inst = _instance("stick", "AC", ["draw", "draw"])
    assert inst.puzzle["num_solutions"] == 2
    assert _score(inst, "C,A") == 1
    assert _score(inst, "A,C") == 1
    assert _score(inst, "A,A") == 0
    assert _score(inst, "C,C") == 0


def test_formats():
    inst = _instance("elements", "DCE", ["draw", "loss", "win"])
    assert _score(inst, "[D, A, B]") == 1
    assert _score(inst, '"D" "A" "B"') == 1
    assert _score(inst, "Metal, Wood, Fire") == 0
    assert _score(inst, "D,A") == 0
    assert _score(inst, "D,A,B,C") == 0
    assert _score(inst, "D,A,Z") == 0
    assert _score(inst, "") == 0


def test_ranked_rules():
    pieces = checker.deck("ranked", 10)
    assert checker.outcome("ranked", pieces, "J", "A") == "win"
    assert checker.outcome("ranked", pieces, "A", "J") == "loss"
    assert checker.outcome("ranked", pieces, "B", "C") == "win"
    assert checker.outcome("ranked", pieces, "J", "B") == "loss"


def test_rules_are_symmetric():
    flip = {"win": "loss", "loss": "win", "draw": "draw"}
    for game in ("elements", "stick", "animal"):
        pieces = checker.deck(game)
        for p in pieces:
            for o in pieces:
                assert checker.outcome(game, pieces, p, o) == flip[checker.outcome(game, pieces, o, p)]


def test_game_mix_parsing():
    assert parse_game_mix("elements:14,animal:16") == [("elements", 14), ("animal", 16)]
    assert parse_game_mix("stick") == [("stick", 1)]
    assert TASK.params(3, {"game": "ranked", "num_pieces": "5", "num_rounds": "5"}).game == "ranked"
    for bad in ("chess", "stick:0", "stick,stick", "animal:x"):
        with pytest.raises(ParamError, match="game"):
            TASK.params(3, {"game": bad})
    with pytest.raises(ParamError, match="num_rounds"):
        TASK.params(3, {"game": "animal", "num_rounds": "9"})


def test_generator():
    for level in range(1, 11):
        params = TASK.params(level)
        games = {g for g, _ in parse_game_mix(params.game)}
        for seed in range(20):
            inst = make_instance(TASK, level, seed, 0)
            p = inst.puzzle
            assert p["game"] in games
            assert len(p["gold"]) == len(p["player_cards"]) == params.num_rounds
            assert len(set(p["gold"])) == len(p["gold"]) and len(set(p["player_cards"])) == len(
                p["player_cards"]
            )
            assert TASK.verify(inst, f"<<<{inst.answer}>>>").score == 1
            assert 1 <= p["num_solutions"] <= gen.SOLUTION_CAP
            if p["game"] == "elements":
                for mine, theirs, res in zip(p["player_cards"], p["gold"], p["results"]):
                    assert (res == "draw") == (mine == theirs)


def _stored_draw_contradiction(solution: dict) -> bool:
    """Independent criterion: under the symmetric elements rules a draw needs identical cards."""
    return any(
        res == "draw" and p != o
        for p, o, res in zip(solution["player_moves"], solution["solution"], solution["results"])
    )


def test_original_data(original_dir):
    folder = original_dir / "constrained_linear_arrangement"
    items = {
        item.key.split("/")[-1]: item for item in TASK.import_original(original_dir, include_excluded=True)
    }
    assert items
    flagged = set()
    for sample_id, item in items.items():
        solution = json.loads((folder / sample_id / "solution.json").read_text())
        game = item.puzzle["game"]
        if game == "elements" and _stored_draw_contradiction(solution):
            flagged.add(int(sample_id.split("_")[1]))
            assert item.errata == ["labels_contradict_rules"]
        elif game == "elements":
            assert item.errata == []
        else:
            assert item.errata == ["question_rerendered"]
            inst = imported_instance(TASK, item)
            assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        level = 3 if game == "stick" else {3: 2, 4: 4, 5: 5}[len(item.puzzle["player_cards"])]
        assert item.complexity == level
    assert flagged == {6, 7, 50, 74, 77, 79, 83, 143, 147, 182} & {int(k.split("_")[1]) for k in items}
    default = list(TASK.import_original(original_dir))
    assert all("labels_contradict_rules" not in i.errata for i in default)
    assert len(default) == len(items) - len(flagged)


def test_relabel_mode(original_dir):
    relabelled = [
        i for i in TASK.import_original(original_dir, relabel=True) if i.extra_meta.get("relabelled")
    ]
    assert relabelled
    for item in relabelled:
        assert item.errata == ["question_rerendered"]
        inst = imported_instance(TASK, item)
        assert TASK.verify(inst, f"<<<{item.original_answer}>>>").score == 1
        assert all(
            r in ("win", "loss")
            for k, r in enumerate(item.puzzle["results"])
            if k + 1 in item.extra_meta["contradicting_rounds"]
        )


def test_solution_counter_matches_brute_force():
    import itertools
    import random

    rng = random.Random(1)
    for _ in range(150):
        game = rng.choice(list(checker.GAMES))
        pieces = checker.deck(game, 6)
        r = rng.randint(1, len(pieces))
        player, opponent = rng.sample(pieces, r), rng.sample(pieces, r)
        results = [checker.outcome(game, pieces, a, b) for a, b in zip(player, opponent)]
        expected = sum(
            all(checker.outcome(game, pieces, a, b) == x for a, b, x in zip(player, seq, results))
            for seq in itertools.permutations(pieces, r)
        )
        count, first = gen.solutions(game, pieces, player, results, cap=10**6)
        assert count == expected
        assert not checker.violations(
            {"game": game, "pieces": pieces, "player_cards": player, "results": results}, first
        )
        assert gen.solutions(game, pieces, player, results)[0] == min(expected, gen.SOLUTION_CAP)
