"""The decision map of a scenario: an SVG diagram with a text alternative.

Nodes are laid out in layers by their distance from the start (breadth first); each decision
is a box, each ending a rounded box with its rating in words (never colour alone); every
choice is an arrow labelled with its number. The same graph is also written as a nested list,
which is the accessible description of the picture. Output is deterministic.
"""

from __future__ import annotations

import html
import textwrap
from collections import deque

from .model import Scenario
from .render import markdown

RATINGS = {"good": "günstiger Ausgang", "mixed": "teilweise günstiger Ausgang", "poor": "ungünstiger Ausgang"}
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 210, 74, 40, 70, 20


def _plain(text: str) -> str:
    from html.parser import HTMLParser

    out: list[str] = []

    class P(HTMLParser):
        def handle_data(self, data: str) -> None:
            out.append(data)

    P().feed(markdown(text, block=False))
    return "".join(out)


def layers(s: Scenario) -> list[list[str]]:
    depth = {s.start: 0}
    order = [s.start]
    todo = deque([s.start])
    nodes = {n.id: n for n in s.nodes}
    while todo:
        at = todo.popleft()
        for c in nodes[at].choices:
            if c.next not in depth:
                depth[c.next] = depth[at] + 1
                order.append(c.next)
                todo.append(c.next)
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
        targets: dict[str, list[str]] = {}
        for i, c in enumerate(nodes[nid].choices, 1):
            targets.setdefault(c.next, []).append(str(i))  # parallel choices share one arrow
        for target, numbers in targets.items():
            if target not in pos:
                continue
            tx, ty = pos[target]
            x1, y1 = x + BOX_W / 2, y + BOX_H
            x2, y2 = tx + BOX_W / 2, ty
            if ty <= y:  # an arrow back up: route it along the side
                x1, y1, x2, y2 = x + BOX_W, y + BOX_H / 2, tx + BOX_W, ty + BOX_H / 2
            parts.append(
                f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="#374151" stroke-width="1.5" '
                f'marker-end="url(#{ident}-arrow)"/>'
            )
            mx, my = x1 + (x2 - x1) * 0.35, y1 + (y2 - y1) * 0.35
            label = ", ".join(numbers)
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
    """The graph as an ordered list: every node with its choices and where they lead."""
    nodes = {n.id: n for n in s.nodes}
    order = [nid for row in layers(s) for nid in row]
    number = {nid: i for i, nid in enumerate(order, 1)}
    items = []
    for nid in order:
        n = nodes[nid]
        title = html.escape(_plain(n.title))
        if n.ending:
            items.append(f'<li id="kb-map-{nid}">Ende „{title}“: {RATINGS[n.ending.rating]}.</li>')
            continue
        choices = "".join(
            f"<li>Möglichkeit {i}: {html.escape(_plain(c.text))} → weiter bei Schritt {number[c.next]} "
            f"(„{html.escape(_plain(nodes[c.next].title))}“)</li>"
            for i, c in enumerate(n.choices, 1)
        )
        items.append(f'<li id="kb-map-{nid}">Entscheidung „{title}“<ul>{choices}</ul></li>')
    return '<ol class="kb-map-text">' + "".join(items) + "</ol>"


def figure(s: Scenario) -> str:
    return (
        f'<figure class="kb-map" id="kb-map-{s.id}">'
        f"<figcaption>Entscheidungskarte „{html.escape(_plain(s.title))}“: Kästen sind Entscheidungen, "
        f"abgerundete Kästen sind Enden mit ihrer Bewertung, Pfeile tragen die Nummer der Möglichkeit.</figcaption>"
        f"{svg(s)}"
        f"<details><summary>Entscheidungskarte als Text</summary>{text_alternative(s)}</details>"
        f"</figure>"
    )
