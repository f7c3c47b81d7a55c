"""The decision map of a scenario: an SVG diagram with a text alternative.

Nodes are laid out in layers by their distance from the start (breadth first); each decision
is a box, each ending a rounded box with its rating in words (never colour alone); every
choice is an arrow labelled with its number, a route that depends on the case's state an arrow
labelled "(bedingt)"; each arrow's tooltip names the choice's rating, effects and condition. The
same graph is also written as a nested list, the accessible description of the picture, which
says everything for the trainer: the case's variables, each choice's rating, its effects (e.g.
"Vertrauen +1"), when it is shown, where it leads and on what condition, and which texts and
debriefs depend on the state. Output is deterministic.
"""

from __future__ import annotations

import html
import textwrap
from collections import deque
from html.parser import HTMLParser
from typing import Any

from .model import Choice, Scenario
from .render import markdown

RATINGS = {"good": "günstiger Ausgang", "mixed": "teilweise günstiger Ausgang", "poor": "ungünstiger Ausgang"}
CHOICE_RATINGS = {"good": "günstig", "mixed": "teilweise günstig", "poor": "ungünstig"}
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 210, 74, 40, 70, 20


def _plain(text: str) -> str:
    out: list[str] = []

    class P(HTMLParser):
        def handle_data(self, data: str) -> None:
            out.append(data)

    P().feed(markdown(text, block=False))
    return "".join(out)


def _targets(c: Choice) -> list[str]:
    return [c.next, *(r.next for r in c.routes)]


def describe_condition(s: Scenario, cond: Any) -> str:
    """A condition in German words, e.g. "Vertrauen von Frau Y. mindestens 2 und Vorfall dokumentiert: ja"."""
    parts = []
    for key, test in cond.items():
        if key == "all":
            parts.append("(" + " und ".join(describe_condition(s, c) for c in test) + ")")
        elif key == "any":
            parts.append("(" + " oder ".join(describe_condition(s, c) for c in test) + ")")
        elif key == "not":
            parts.append("nicht (" + describe_condition(s, test) + ")")
        elif key == "chose":
            parts.append(" und ".join(_describe_ref(s, ref) for ref in test))
        else:
            label = _plain(s.variables[key].label) if key in s.variables else key
            if isinstance(test, bool):
                parts.append(f"{label}: {'ja' if test else 'nein'}")
            elif isinstance(test, dict):
                if "min" in test and "max" in test:
                    parts.append(f"{label} zwischen {test['min']} und {test['max']}")
                elif "min" in test:
                    parts.append(f"{label} mindestens {test['min']}")
                else:
                    parts.append(f"{label} höchstens {test['max']}")
            else:
                parts.append(f"{label} genau {test}")
    return " und ".join(parts)


def _describe_ref(s: Scenario, ref: str) -> str:
    node_id, _, choice_id = ref.rpartition(".")
    node = s.node(node_id)
    if node is None:
        return ref
    number = next((i for i, c in enumerate(node.choices, 1) if c.id == choice_id), 0)
    return f"bei „{_plain(node.title)}“ Möglichkeit {number} gewählt"


def describe_effects(s: Scenario, effects: dict[str, bool | int]) -> str:
    """Effects in German words, e.g. "Vertrauen von Frau Y. +1, Vorfall dokumentiert: ja"."""
    out = []
    for name, value in effects.items():
        label = _plain(s.variables[name].label) if name in s.variables else name
        out.append(f"{label}: {'ja' if value else 'nein'}" if isinstance(value, bool) else f"{label} {value:+d}")
    return ", ".join(out)


def _choice_summary(s: Scenario, number: int, c: Choice) -> str:
    """Rating, effects and condition of one choice, for an arrow's tooltip."""
    out = f"Möglichkeit {number}: {CHOICE_RATINGS[c.rating]}"
    if c.effects:
        out += f"; Wirkung: {describe_effects(s, c.effects)}"
    if c.when is not None:
        out += f"; nur wenn {describe_condition(s, c.when)}"
    return out


def layers(s: Scenario) -> list[list[str]]:
    depth = {s.start: 0}
    order = [s.start]
    todo = deque([s.start])
    nodes = {n.id: n for n in s.nodes}
    while todo:
        at = todo.popleft()
        for c in nodes[at].choices:
            for nxt in _targets(c):
                if nxt not in depth and nxt in nodes:
                    depth[nxt] = depth[at] + 1
                    order.append(nxt)
                    todo.append(nxt)
    out: list[list[str]] = []
    for nid in order:
        while len(out) <= depth[nid]:
            out.append([])
        out[depth[nid]].append(nid)
    return out


def svg(s: Scenario) -> str:
    nodes = {n.id: n for n in s.nodes}
    rows = layers(s)
    width = max(len(r) for r in rows) * (BOX_W + GAP_X) - GAP_X + 2 * PAD
    height = len(rows) * (BOX_H + GAP_Y) - GAP_Y + 2 * PAD
    pos: dict[str, tuple[float, float]] = {}
    for row_no, row in enumerate(rows):
        row_w = len(row) * (BOX_W + GAP_X) - GAP_X
        x0 = (width - row_w) / 2
        for col, nid in enumerate(row):
            pos[nid] = (x0 + col * (BOX_W + GAP_X), PAD + row_no * (BOX_H + GAP_Y))
    ident = f"kb-map-{s.id}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-map-svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">Entscheidungskarte: {html.escape(_plain(s.title))}</title>',
        f'<desc id="{ident}-desc">{len([n for n in s.nodes if not n.ending])} Entscheidungen und '
        f"{len([n for n in s.nodes if n.ending])} Enden; die Textfassung steht unter der Karte.</desc>",
        '<defs><marker id="' + ident + '-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#374151"/></marker></defs>',
    ]
    for nid, (x, y) in pos.items():
        # Parallel choices share one arrow; a route that depends on the state gets its own.
        targets: dict[tuple[str, bool], list[tuple[int, Choice]]] = {}
        for i, c in enumerate(nodes[nid].choices, 1):
            targets.setdefault((c.next, False), []).append((i, c))
            for r in c.routes:
                targets.setdefault((r.next, True), []).append((i, c))
        for (target, conditional), choices in targets.items():
            if target not in pos:
                continue
            tx, ty = pos[target]
            x1, y1 = x + BOX_W / 2, y + BOX_H
            x2, y2 = tx + BOX_W / 2, float(ty)
            if ty <= y:  # an arrow back up: route it along the side
                x1, y1, x2, y2 = x + BOX_W, y + BOX_H / 2, tx + BOX_W, ty + BOX_H / 2
            tip = "; ".join(_choice_summary(s, i, c) for i, c in choices)
            if conditional:
                tip += "; bedingt: " + " oder ".join(
                    describe_condition(s, r.when) for _, c in choices for r in c.routes if r.next == target
                )
            dash = ' stroke-dasharray="6 4"' if conditional else ""
            parts.append(
                f"<g><title>{html.escape(tip)}</title>"
                f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="#374151" stroke-width="1.5"'
                f'{dash} marker-end="url(#{ident}-arrow)"/></g>'
            )
            mx, my = x1 + (x2 - x1) * 0.35, y1 + (y2 - y1) * 0.35
            label = ", ".join(str(i) for i, _ in choices) + (" (bedingt)" if conditional else "")
            w = 9 + 8 * len(label)
            parts.append(
                f'<rect x="{mx - w / 2:.0f}" y="{my - 13:.0f}" width="{w:.0f}" height="18" rx="3" fill="#ffffff" '
                f'stroke="#374151" stroke-width="1"/>'
                f'<text x="{mx:.0f}" y="{my:.0f}" font-size="13" font-weight="700" fill="#111827" '
                f'text-anchor="middle">{label}</text>'
            )
    for nid, (x, y) in pos.items():
        n = nodes[nid]
        rating = n.ending.rating if n.ending is not None else None
        ending = rating is not None
        fill = {"good": "#e6f4ea", "mixed": "#fff4dc", "poor": "#fde8e8"}.get(rating or "", "#eef2f7")
        parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="{18 if ending else 3}" '
            f'fill="{fill}" stroke="#111827" stroke-width="{2.5 if ending else 1.5}"/>'
        )
        label = ("Ende: " if ending else "") + _plain(n.title)
        lines = textwrap.wrap(label, 26)[:3]
        if rating is not None:
            lines = lines[:2] + [RATINGS[rating]]
        for k, line in enumerate(lines):
            style = ' font-style="italic"' if ending and k == len(lines) - 1 else ""
            parts.append(
                f'<text x="{x + BOX_W / 2:.0f}" y="{y + 20 + k * 18:.0f}" font-size="13" text-anchor="middle" '
                f'fill="#111827"{style}>{html.escape(line)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def text_alternative(s: Scenario) -> str:
    """The graph as an ordered list: the case's variables, then every node with its choices (rating,
    effects, condition, where they lead), its texts by condition and, at an ending, its debriefs."""
    nodes = {n.id: n for n in s.nodes}
    order = [nid for row in layers(s) for nid in row]
    number = {nid: i for i, nid in enumerate(order, 1)}

    def step(target: str) -> str:
        return f"Schritt {number.get(target, '?')} („{html.escape(_plain(nodes[target].title))}“)"

    items = []
    for nid in order:
        n = nodes[nid]
        title = html.escape(_plain(n.title))
        variants = "".join(
            f"<li>Eigene Fassung des Texts, wenn {html.escape(describe_condition(s, v.when))}</li>" for v in n.variants
        )
        if n.ending:
            debriefs = "".join(
                f"<li>Eigene Fassung der Auswertung, wenn {html.escape(describe_condition(s, v.when))}</li>"
                for v in n.ending.variants
            )
            extra = f"<ul>{variants}{debriefs}</ul>" if variants or debriefs else ""
            items.append(f'<li id="kb-map-{nid}">Ende „{title}“: {RATINGS[n.ending.rating]}.{extra}</li>')
            continue
        choices = []
        for i, c in enumerate(n.choices, 1):
            line = (
                f"Möglichkeit {i}: {html.escape(_plain(c.text))} → weiter bei {step(c.next)}; "
                f"Bewertung: {CHOICE_RATINGS[c.rating]}"
            )
            if c.effects:
                line += f"; Wirkung: {html.escape(describe_effects(s, c.effects))}"
            if c.when is not None:
                line += f"; nur sichtbar, wenn {html.escape(describe_condition(s, c.when))}"
            for r in c.routes:
                line += f"; wenn {html.escape(describe_condition(s, r.when))}: weiter bei {step(r.next)}"
            choices.append(f"<li>{line}</li>")
        items.append(f'<li id="kb-map-{nid}">Entscheidung „{title}“<ul>{variants}{"".join(choices)}</ul></li>')
    state = ""
    if s.variables:
        described = "; ".join(
            html.escape(
                f"{_plain(v.label)} ({'Zahl' if v.type == 'number' else 'ja/nein'}, Start: "
                f"{('ja' if v.start else 'nein') if isinstance(v.start, bool) else v.start})"
            )
            for v in s.variables.values()
        )
        state = f'<p class="kb-map-state">Der Fall merkt sich: {described}.</p>'
    return state + '<ol class="kb-map-text">' + "".join(items) + "</ol>"


def figure(s: Scenario) -> str:
    return (
        f'<figure class="kb-map" id="kb-map-{s.id}">'
        f"<figcaption>Entscheidungskarte „{html.escape(_plain(s.title))}“: Kästen sind Entscheidungen, "
        f"abgerundete Kästen sind Enden mit ihrer Bewertung, Pfeile tragen die Nummer der Möglichkeit.</figcaption>"
        f"{svg(s)}"
        f"<details><summary>Entscheidungskarte als Text</summary>{text_alternative(s)}</details>"
        f"</figure>"
    )
