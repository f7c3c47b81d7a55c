"""The case logic in Python (kursbuch/core/case_state.py) and in the browser (kursbuch/assets/case.js)
agree on one shared table (tests/data/case_cases.json), and the table says what the format promises."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kursbuch import assets
from kursbuch.core import case_state as cs
from kursbuch.core.loader import load_module_file
from kursbuch.core.model import Scenario
from kursbuch.core.render import spec as render_spec

HERE = Path(__file__).resolve().parent.parent
TABLE_PATH = HERE / "data" / "case_cases.json"
TABLE = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
SPEC = TABLE["spec"]


def python_play(case: dict) -> dict:
    state = cs.start(SPEC, case["seed"])
    refused = []
    for step in case["steps"]:
        if step == "back":
            state = cs.back(SPEC, state)
            continue
        try:
            state = cs.choose(SPEC, state, step)
        except ValueError:
            refused.append(step)
    node = cs.node_of(SPEC, state["at"])
    assert node is not None
    return {
        "state": state,
        "refused": refused,
        "visible": [c["id"] for c in cs.visible_choices(SPEC, state, node)],
        "text": cs.node_text(SPEC, state, node),
        "debrief": cs.debrief(SPEC, state),
    }


def test_the_table_spec_is_a_valid_case():
    Scenario.model_validate({k: v for k, v in SPEC.items() if k != "kind"})


@pytest.mark.parametrize("case", TABLE["fnv_cases"], ids=lambda c: repr(c["text"]))
def test_python_fnv1a(case):
    assert cs.fnv1a(case["text"]) == case["expect"]


@pytest.mark.parametrize("i", range(len(TABLE["order_cases"])))
def test_python_order(i):
    c = TABLE["order_cases"][i]
    got = cs.order(c["ids"], c["seed"], c["key"], c["avoid"])
    assert got == c["expect"]
    assert sorted(got) == sorted(c["ids"])  # a permutation, nothing lost
    if c["avoid"] is not None and len(got) > 1:
        assert got != c["avoid"]


@pytest.mark.parametrize("i", range(len(TABLE["evaluate_cases"])))
def test_python_evaluate(i):
    c = TABLE["evaluate_cases"][i]
    state = {"at": SPEC["start"], "vars": c["vars"], "path": c["path"], "seed": 0}
    assert cs.evaluate(c["cond"], state) is c["expect"]


@pytest.mark.parametrize("case", TABLE["play_cases"], ids=lambda c: f"{c['seed']}-{'-'.join(c['steps']) or 'start'}")
def test_python_play(case):
    assert python_play(case) == case["expect"]


@pytest.mark.parametrize("i", range(len(TABLE["replay_cases"])))
def test_python_replay(i):
    c = TABLE["replay_cases"][i]
    assert cs.replay(SPEC, c["path"], c["seed"]) == c["expect"]


@pytest.fixture(scope="module")
def js_results():
    node = shutil.which("node")
    assert node, "node is required for the engine tests (it is on every supported machine)"
    out = subprocess.run(
        [node, str(HERE / "js" / "run_case.js"), str(assets.ASSET_DIR / "case.js"), str(TABLE_PATH)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_js_agrees_with_the_table_and_python(js_results):
    assert js_results["fnv"] == [c["expect"] for c in TABLE["fnv_cases"]]
    assert js_results["orders"] == [c["expect"] for c in TABLE["order_cases"]]
    assert js_results["evaluations"] == [c["expect"] for c in TABLE["evaluate_cases"]]
    for case, got in zip(TABLE["play_cases"], js_results["plays"], strict=True):
        assert got == case["expect"] == python_play(case), case["steps"]
    assert js_results["replays"] == [c["expect"] for c in TABLE["replay_cases"]]


def test_js_seeds_are_uint32_and_vary(js_results):
    seeds = js_results["seeds"]
    assert all(isinstance(s, int) and 0 <= s < 2**32 for s in seeds)
    assert len(set(seeds)) > 1


# What the table shows, said in words: these fail if the table is regenerated with a wrong rule.


def test_effects_add_and_stop_at_max_and_routes_see_them():
    state = cs.choose(SPEC, cs.choose(SPEC, cs.start(SPEC, 5), "a"), "a")
    assert state["vars"]["vertrauen"] == 2  # 0 + 1 + 5, kept at max 2
    assert state["vars"]["punkte"] == -2  # no min: 5 - 7
    assert state["at"] == "t-s1-e1"  # the route holds after the effects


def test_a_hidden_choice_cannot_be_taken():
    with pytest.raises(ValueError):
        cs.choose(SPEC, cs.choose(SPEC, cs.start(SPEC, 5), "a"), "b")


def test_debrief_lists_the_learners_decisions_and_the_variant_that_holds():
    state = cs.choose(SPEC, cs.choose(SPEC, cs.start(SPEC, 5), "a"), "c")
    d = cs.debrief(SPEC, state)
    assert d is not None
    assert d["debrief"] == "D mittel, notiert"
    assert [(x["node"], x["choice"], x["rating"], x["consequence"]) for x in d["decisions"]] == [
        ("t-s1-n1", "a", "good", "Folge A"),
        ("t-s1-n2", "c", "mixed", None),
    ]


def test_order_differs_between_seeds_and_is_stable_for_one():
    ids = ["a", "b", "c", "d", "e"]
    orders = {tuple(cs.order(ids, seed, "m01-q01")) for seed in range(20)}
    assert len(orders) > 5
    assert cs.order(ids, 77, "m01-q01") == cs.order(ids, 77, "m01-q01")


def test_fixed_order_switch():
    node = {**SPEC["nodes"][0], "shuffle": False}
    state = cs.start(SPEC, 0)
    assert [c["id"] for c in cs.visible_choices(SPEC, state, node)] == ["a", "b", "c", "d"]


def test_works_on_the_rendered_spec_of_m01():
    model, _ = load_module_file(HERE.parent / "quizzes" / "m01.yml", "quizzes/m01.yml")
    spec = render_spec(model.scenarios[0])
    state = cs.start(spec, 1)
    for choice in ("b", "a", "c", "b"):  # every decision taken well
        state = cs.choose(spec, state, choice)
    assert state["at"] == "m01-s1-e1"
    d = cs.debrief(spec, state)
    assert d is not None and [x["rating"] for x in d["decisions"]] == ["good"] * 4
    state = cs.start(spec, 1)
    for choice in ("a", "a", "c", "b"):  # a mixed first step: the good ending is out of reach
        state = cs.choose(spec, state, choice)
    assert state["at"] == "m01-s1-e4"
