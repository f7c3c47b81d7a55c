"""The static host fragments: deterministic, escaped, equal to the committed regression files.

Set KURSBUCH_REGEN=1 to rewrite tests/regression/*.html after an intended change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kursbuch.core.loader import load_module_file
from kursbuch.core.render import fragment, spec

HERE = Path(__file__).resolve().parent.parent
FIXTURE = HERE / "fixtures" / "quizzes" / "m90.yml"
REGRESSION = HERE / "regression"


@pytest.fixture(scope="module")
def activities():
    model, _ = load_module_file(FIXTURE, "m90.yml")
    return {a.id: a for a in model.activities()}


@pytest.mark.parametrize("activity_id", ["m90-quiz", "m90-s1"])
def test_fragment_matches_regression_file(activities, activity_id):
    html = fragment(activities[activity_id])
    target = REGRESSION / f"{activity_id}.html"
    if os.environ.get("KURSBUCH_REGEN"):
        target.write_text(html + "\n", encoding="utf-8")
    assert html + "\n" == target.read_text(encoding="utf-8")


def test_fragment_is_deterministic_across_loads(activities, tmp_path):
    # The loader caches by path and text: a copy elsewhere is parsed and validated afresh.
    copy = tmp_path / "m90.yml"
    shutil.copy(FIXTURE, copy)
    again, _ = load_module_file(copy, "m90.yml")
    assert again is not load_module_file(FIXTURE, "m90.yml")[0], "the second load must not be the cached model"
    assert [fragment(a) for a in again.activities()] == [fragment(a) for a in activities.values()]


def test_fragment_is_deterministic_across_processes(activities):
    """Another interpreter with another hash seed (set and dict order of str keys) renders the same."""
    script = (
        "import json, sys; from pathlib import Path\n"
        "from kursbuch.core.loader import load_module_file\n"
        "from kursbuch.core.render import fragment\n"
        "model, _ = load_module_file(Path(sys.argv[1]), 'm90.yml')\n"
        "print(json.dumps([fragment(a) for a in model.activities()]))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURE)], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [fragment(a) for a in activities.values()]


def test_markup_in_content_is_escaped_not_executed(activities):
    html = fragment(activities["m90-quiz"])
    assert "<script>alert" not in html and "<b>" not in html
    data = spec(activities["m90-quiz"])
    assert data["intro"] == "<p>Einleitung mit <strong>Fett</strong> und &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert data["items"][0]["options"][1]["text"] == "Nein &lt;b&gt;"  # inline field: no <p>
    # The embedded JSON cannot close its <script> element.
    body = re.search(r'<script type="application/json" class="kb-spec">(.*)</script>', html).group(1)
    assert "<" not in body and json.loads(body)["id"] == "m90-quiz"


def test_block_and_inline_fields(activities):
    data = spec(activities["m90-s1"])
    assert data["nodes"][0]["text"] == "<p>Absatz eins.</p>\n<p>Absatz zwei.</p>"
    assert data["nodes"][0]["title"] == "Start"
    assert data["nodes"][0]["prompt"] == "Wie handeln Sie?"  # the German default
    assert data["nodes"][0]["choices"][0]["next"] == "m90-s1-e1"  # references stay verbatim
    assert data["kind"] == "scenario"


def test_quiz_spec_carries_max_points(activities):
    assert spec(activities["m90-quiz"])["max_points"] == 6


def test_genderstern_is_text_not_emphasis():
    from kursbuch.core.render import markdown

    assert markdown("Kolleg*innen und Bürger*innen", block=False) == "Kolleg*innen und Bürger*innen"
    assert markdown("*betont* und Zeug*innen", block=False) == "<em>betont</em> und Zeug*innen"


def test_inline_script_cannot_end_its_element():
    from kursbuch import assets

    source = 'var a = "</script><!-- x"; var b = "</SCRIPT>"; // </script'
    safe = assets.inline_script(source)
    assert "</script" not in safe.lower() and "<!--" not in safe
    assert safe == 'var a = "<\\/script><\\!-- x"; var b = "<\\/SCRIPT>"; // <\\/script'
    engine = assets.inline_script(assets.read(assets.ENGINE_JS))
    assert "</script" not in engine.lower() and "<!--" not in engine
