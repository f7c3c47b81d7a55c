"""``kursbuch report``: what learners chose, for authors, from the cmi5 packages' statements.

Reads xAPI statements from a file (a JSON array, an LRS answer ``{"statements": [...]}``, or one
statement per line) or from an LRS (``GET <endpoint>/statements``, following ``more``), keeps the
"cmi5 allowed" statements the cmi5 packages send when ``kursbuch: cmi5: allowed_statements`` is on
(``answered`` per quiz item, ``selected`` per case decision; object ids end in
``/items/<item id>`` and ``/decisions/<node id>``), and prints per case decision the share of each
choice and per quiz item its difficulty (the share of learners whose answer was right) and the
share of each option chosen.

Aggregated only: each learner (actor) counts once per item or decision, with their first answer;
no learner is named or listed. Where fewer than ``min_group`` learners answered, nothing of that
item or decision is shown (only that the group is too small), so no single learner's answer can
be read off. Ids and texts come from the course (``quizzes/*.yml``); ids the course no longer
has are shown by id.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .core.model import Quiz
from .core.project import Course, toc_modules

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
SELECTED = "http://id.tincanapi.com/verb/selected"
MIN_GROUP = 5


class ReportError(RuntimeError):
    """The statements cannot be read; the message says why and what to do."""


def read_file(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: (file): cannot be read ({exc}) — give a JSON file of xAPI statements") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ReportError(
                    f"{path}:{number}: (statement): not JSON ({exc.msg}) — give a JSON array of statements, an LRS answer "
                    '{"statements": [...]} or one statement per line'
                ) from None
    if isinstance(data, dict):
        data = data.get("statements", [data])
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise ReportError(
            f"{path}: (top level): not a list of xAPI statements — give a JSON array of statement objects, an LRS "
            'answer {"statements": [...]} or one statement per line'
        )
    return data


def read_lrs(endpoint: str, auth: str | None, timeout: float = 30) -> list[dict]:
    """Every statement from the LRS at ``endpoint`` (xAPI base URL), page by page (``more``).

    Unfiltered on purpose: Ralph's file-system backend answers a ``verb`` filter with nothing;
    the statements this report needs are picked out afterwards."""
    base = endpoint.rstrip("/") + "/"
    out: list[dict] = []
    url: str | None = base + "statements?" + urllib.parse.urlencode({"limit": "500"})
    while url:
        req = urllib.request.Request(url, headers={"X-Experience-API-Version": "1.0.3"})
        if auth:
            req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                data = json.loads(r.read())
        except (OSError, ValueError) as exc:
            raise ReportError(
                f"{url}: (LRS): no statements in the answer ({exc}) — check the address and KURSBUCH_LRS_AUTH"
            ) from None
        out += data.get("statements", [])
        more = data.get("more") or ""
        url = urllib.parse.urljoin(base, more) if more else None
    return out


@dataclass
class Tally:
    """First answers of each learner to one item or decision."""

    learners: dict[str, tuple[str, bool | None]] = field(default_factory=dict)  # actor -> (response, success)

    def add(self, actor: str, response: str, success: bool | None) -> None:
        self.learners.setdefault(actor, (response, success))


def _actor(st: dict) -> str:
    a = st.get("actor") or {}
    acc = a.get("account") or {}
    return json.dumps(acc or {k: a.get(k) for k in ("mbox", "mbox_sha1sum", "openid")}, sort_keys=True)


def tally(statements: Iterable[dict]) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """(items, decisions): per item id and per decision node id, each learner's first answer."""
    items: dict[str, Tally] = {}
    decisions: dict[str, Tally] = {}
    ordered = sorted(statements, key=lambda s: str(s.get("timestamp", "")))
    for st in ordered:
        verb = (st.get("verb") or {}).get("id")
        oid = str((st.get("object") or {}).get("id", ""))
        result = st.get("result") or {}
        response = str(result.get("response", ""))
        if verb == ANSWERED and "/items/" in oid:
            key = urllib.parse.unquote(oid.rsplit("/items/", 1)[1])
            items.setdefault(key, Tally()).add(_actor(st), response, result.get("success"))
        elif verb == SELECTED and "/decisions/" in oid:
            key = urllib.parse.unquote(oid.rsplit("/decisions/", 1)[1])
            decisions.setdefault(key, Tally()).add(_actor(st), response, None)
    return items, decisions


def _share(n: int, total: int) -> str:
    return f"{round(100 * n / total)} %"


def render(course: Course, statements: list[dict], min_group: int = MIN_GROUP) -> str:
    items, decisions = tally(statements)
    lines: list[str] = [
        f"Auswertung für Autor*innen: {len(statements)} Statements gelesen; angezeigt wird nur, was mindestens "
        f"{min_group} Lernende beantwortet haben (je Person die erste Antwort).",
    ]
    small = "  zu wenige Lernende ({n}, mindestens {m}): nicht angezeigt"
    for mid in toc_modules(course.root):
        module = course.modules.get(mid)
        if module is None:
            continue
        block: list[str] = []
        for scenario in module.scenarios:
            for node in scenario.nodes:
                if not node.choices:
                    continue
                t = decisions.get(node.id)
                n = len(t.learners) if t else 0
                block.append(f"Entscheidung {node.id} ({node.title}): {n} Lernende")
                if n < min_group:
                    block.append(small.format(n=n, m=min_group))
                    continue
                counts = Counter(r for r, _ in t.learners.values()) if t else Counter()
                for choice in node.choices:
                    block.append(f"  {choice.id}: {_share(counts.pop(choice.id, 0), n)}  {choice.text}")
                for other, c in sorted(counts.items()):
                    block.append(f"  {other}: {_share(c, n)}  (nicht mehr im Kurs)")
        for quiz in module.quizzes:
            if not isinstance(quiz, Quiz):
                continue
            for item in quiz.scored_items:
                t = items.get(item.id)
                n = len(t.learners) if t else 0
                block.append(f"Frage {item.id}: {n} Lernende")
                if n < min_group or t is None:
                    block.append(small.format(n=n, m=min_group))
                    continue
                right = sum(1 for _, ok in t.learners.values() if ok)
                block.append(f"  Schwierigkeit: {_share(right, n)} richtig, {_share(n - right, n)} nicht richtig")
                parts = Counter(p for r, _ in t.learners.values() for p in set(r.split("[,]")) if p)
                for part, c in sorted(parts.items(), key=lambda kv: (-kv[1], kv[0])):
                    block.append(f"  gewählt {part.replace('[.]', ' → ')}: {_share(c, n)}")
        if block:
            lines += ["", f"Modul {mid}", *block]
    return "\n".join(lines) + "\n"


def report(root: Path, source: str, auth: str | None, min_group: int) -> str:
    if min_group < 1:
        raise ReportError(f"kursbuch report: --min-group: {min_group} is too small — give 1 or more")
    course = Course.load(root)
    if source.startswith(("http://", "https://")):
        statements = read_lrs(source, auth)
    else:
        statements = read_file(Path(source))
    return render(course, statements, min_group)
