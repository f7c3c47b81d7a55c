"""Decision maps: every node drawn and described, endings named with their rating in words,
parallel choices share one arrow, output deterministic."""

from __future__ import annotations

from pathlib import Path

from kursbuch.core.decision_map import figure, layers, svg, text_alternative
from kursbuch.core.loader import load_module_file

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "quizzes" / "m90.yml"


def scenario():
    model, _ = load_module_file(FIXTURE, "m90.yml")
    return model.scenarios[0]


def test_layers_follow_distance_from_start():
    assert layers(scenario()) == [["m90-s1-n1"], ["m90-s1-e1", "m90-s1-e2"]]


def test_svg_is_an_image_with_title_and_description():
    out = svg(scenario())
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'role="img"' in out
    assert '<title id="kb-map-m90-s1-title">Entscheidungskarte: Kleiner Fall</title>' in out
    assert "1 Entscheidungen und 2 Enden" in out
    assert "günstiger Ausgang" in out and "ungünstiger Ausgang" in out


def test_text_alternative_lists_every_choice_and_where_it_leads():
    out = text_alternative(scenario())
    assert "Möglichkeit 1: Gut → weiter bei Schritt 2 („Gutes Ende“)" in out
    assert "Möglichkeit 2: Schlecht → weiter bei Schritt 3 („Schlechtes Ende“)" in out
    assert "Ende „Schlechtes Ende“: ungünstiger Ausgang." in out


def test_parallel_choices_share_one_arrow():
    s = scenario()
    same = s.model_copy(
        update={
            "nodes": [
                s.nodes[0].model_copy(
                    update={"choices": [c.model_copy(update={"next": "m90-s1-e1"}) for c in s.nodes[0].choices]}
                ),
                *s.nodes[1:],
            ]
        }
    )
    out = svg(same)
    assert out.count("<line ") == 1 and ">1, 2</text>" in out


def test_figure_is_deterministic():
    assert figure(scenario()) == figure(scenario())
