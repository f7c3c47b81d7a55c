"""The sidebar rendered once per folder: each page's copy equals what the theme renders for it."""

from __future__ import annotations

from kursbuch.adapters.shared_sidebar import _marked, _neutral


def sidebar(current: str | None) -> str:
    """The theme's flat sidebar (as in the built course) with ``current`` marked."""

    def item(href: str, title: str) -> str:
        if href == current:
            return f'<li class="toctree-l1 current active"><a class="current reference internal" href="#">{title}</a></li>\n'
        return f'<li class="toctree-l1"><a class="reference internal" href="{href}">{title}</a></li>\n'

    modules = ["m00.html", "m01.html", "m100.html"]
    first = "current nav bd-sidenav" if current in modules else "nav bd-sidenav"
    return (
        '<p aria-level="2" class="caption" role="heading"><span class="caption-text">Module</span></p>\n'
        f'<ul class="{first}">\n' + "".join(item(h, h.upper()) for h in modules) + "</ul>\n"
        '<p aria-level="2" class="caption" role="heading"><span class="caption-text">Mehr</span></p>\n'
        '<ul class="nav bd-sidenav">\n' + item("../glossar.html", "Glossar") + "</ul>\n"
    )


def test_every_page_gets_the_themes_own_sidebar():
    neutral = _neutral(sidebar("m01.html"), "m01.html")
    assert neutral == sidebar(None)
    for page in ("m00.html", "m01.html", "m100.html"):
        assert _marked(neutral, page) == sidebar(page)
    assert _marked(neutral, "search.html") == sidebar(None)  # not in the table of contents


def test_a_nested_table_of_contents_is_left_to_the_theme():
    nested = sidebar("m01.html").replace("</ul>", '<details><ul><li class="toctree-l2"></li></ul></details></ul>', 1)
    assert _neutral(nested, "m01.html") is None


class _Config(dict):
    def __getattr__(self, name):
        return self[name]


def _app(tmp_path, titles):
    from types import SimpleNamespace

    from docutils import nodes

    env = SimpleNamespace(
        config=_Config(root_doc="index", html_theme="sphinx_book_theme", html_theme_options={"a": 1}),
        toctree_includes={"index": ["modules/m01", "modules/m02"]},
        toc_secnumbers={},
        all_docs={"index": 0, "modules/m01": 0, "modules/m02": 0},
        titles={doc: nodes.title(text=t) for doc, t in titles.items()},
        tocs={},
        metadata={},
    )
    return SimpleNamespace(env=env, doctreedir=str(tmp_path / "doctrees"), kursbuch_sidebar_digest=None)


def test_a_kept_sidebar_is_used_until_a_title_changes(tmp_path):
    from kursbuch.adapters.shared_sidebar import _kept

    titles = {"index": "Kurs", "modules/m01": "Eins", "modules/m02": "Zwei"}
    renders: list[str] = []

    def render(text):
        return lambda: renders.append(text) or text

    key = ("modules", 1, ())
    assert _kept(_app(tmp_path, titles), key, render("erste")) == "erste"
    assert _kept(_app(tmp_path, titles), key, render("zweite")) == "erste"  # a new process: kept
    assert _kept(_app(tmp_path, titles), ("", 1, ()), render("oben")) == "oben"  # another folder
    assert _kept(_app(tmp_path, {**titles, "modules/m02": "Zwei, neu"}), key, render("neu")) == "neu"
    changed = _app(tmp_path, titles)
    changed.env.config["html_theme_options"] = {"a": 2}
    assert _kept(changed, key, render("optionen")) == "optionen"
    assert renders == ["erste", "oben", "neu", "optionen"]
