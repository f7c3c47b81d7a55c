"""The load benchmark of ``kursbuch live`` keeps working (a few phones, not timed: the figures for
300 phones are measured with ``python -m kursbuch.live.bench`` and quoted in the README)."""

from __future__ import annotations

import json
from pathlib import Path

from livekit import fixture_course, in_thread

from kursbuch.live import bench


def test_bench_counts_every_vote_once(tmp_path: Path):
    html = fixture_course(tmp_path / "html")
    out = tmp_path / "bench.json"
    args = ["--html", str(html), "--participants", "12", "--spread", "0.2", "--json", str(out)]
    assert in_thread(bench.main, args) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["exactly_once"] and figures["decisions"] == 1 and figures["votes"] == 12
    assert figures["latency_ms"]["p95"] >= 0 and figures["server_peak_rss_mb"] > 10 and figures["case"] == "m90-s1"
