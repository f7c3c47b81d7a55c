"""Load benchmark of ``kursbuch live``: N simulated phones (default 300) on 127.0.0.1 vote on every
decision of a case, through the real server started as a subprocess.

    python -m kursbuch.live.bench [--html _build/html] [--case ID] [--participants 300] [--spread 2]

Per decision: the presenter opens the vote; every phone votes once at a random moment within
``--spread`` seconds, a tenth of them change their vote a moment later; then the presenter follows
the majority (a tie: the first choice) and goes on, until the case ends. Measured:

- exactly once: after each decision the presenter's counts must equal, choice by choice, the
  phones' last votes (every vote counted, none twice); any difference fails the run (exit 1);
- latency: from a phone sending its vote to the presenter receiving counts that include it (the
  k-th vote the server confirmed is in the first counts message with at least k votes): p50, p95, max;
- the server process: CPU seconds used (user + system, from /proc) during the votes and its peak
  resident memory (VmHWM).

Not a test: it prints its figures (and writes them as JSON with ``--json``); the README quotes them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _proc_cpu(pid: int) -> float:
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_peak_rss_mb(pid: int) -> float:
    m = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(m.group(1)) / 1024 if m else float("nan")


class Phone:
    def __init__(self, ws: Any):
        self.ws = ws
        self.state: dict[str, Any] | None = None
        self.changed = asyncio.Event()
        self.acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def run(self) -> None:
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg["type"] == "state":
                self.state = msg
                self.changed.set()
            elif msg["type"] in ("voted", "error"):
                await self.acks.put(msg)


async def _vote_round(
    phones: list[Phone], rnd: int, shown: list[str], spread: float, rng: random.Random, problems: list[str]
) -> tuple[dict[int, str], list[tuple[int, float]]]:
    """Every phone votes once at a random moment within ``spread`` s; a tenth change their vote.
    Returns each phone's last vote and the confirmed first votes (phone, send time) in confirmation order."""
    final: dict[int, str] = {}
    acked: list[tuple[int, float]] = []

    async def vote(i: int, p: Phone) -> None:
        await asyncio.sleep(rng.random() * spread)
        choice = rng.choice(shown)
        sent = time.perf_counter()
        await p.ws.send(json.dumps({"type": "vote", "round": rnd, "choice": choice}))
        ack = await p.acks.get()
        if ack["type"] != "voted":
            problems.append(f"phone {i}: {ack}")
            return
        acked.append((i, sent))
        final[i] = choice
        if rng.random() < 0.1:  # a tenth change their mind
            choice = rng.choice(shown)
            await p.ws.send(json.dumps({"type": "vote", "round": rnd, "choice": choice}))
            if (await p.acks.get())["type"] == "voted":
                final[i] = choice

    await asyncio.gather(*(vote(i, p) for i, p in enumerate(phones)))
    return final, acked


async def _bench(base: str, code: str, key: str, n: int, spread: float, pid: int, seed: int) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    rng = random.Random(seed)
    ws_base = base.replace("http://", "ws://")
    presenter = await connect(f"{ws_base}/ws/m/{code}", max_queue=None)
    await presenter.send(json.dumps({"type": "hello", "key": key}))
    counts_log: list[tuple[float, int, int]] = []  # (time, round, voters)
    pstate: dict[str, Any] = {}
    pchanged = asyncio.Event()

    async def presenter_loop() -> None:
        async for raw in presenter:
            msg = json.loads(raw)
            if msg["type"] == "counts":
                counts_log.append((time.perf_counter(), msg["round"], msg["voters"]))
                pstate["counts"] = msg["counts"]
            elif msg["type"] == "state":
                pstate.update(msg)
                pchanged.set()

    ptask = asyncio.create_task(presenter_loop())
    phones = []
    for _ in range(n):
        ws = await connect(f"{ws_base}/ws/p/{code}", max_queue=None)
        await ws.send(json.dumps({"type": "hello"}))
        phones.append(Phone(ws))
    tasks = [asyncio.create_task(p.run()) for p in phones]

    async def wait_all(pred: Any, timeout: float = 60) -> None:
        async def one(p: Phone) -> None:
            while not (p.state is not None and pred(p.state)):
                p.changed.clear()
                await p.changed.wait()

        await asyncio.wait_for(asyncio.gather(*(one(p) for p in phones)), timeout)

    await wait_all(lambda s: True)
    if pstate.get("intro", True):
        await presenter.send(json.dumps({"type": "start"}))
    latencies: list[float] = []
    decisions = 0
    problems: list[str] = []
    cpu0 = _proc_cpu(pid)
    t_start = time.perf_counter()
    while True:
        while not pstate or pstate.get("intro"):
            pchanged.clear()
            await pchanged.wait()
        if not pstate["shown"]:
            break  # the ending
        rnd = pstate["round"]
        shown = list(pstate["shown"])
        await wait_all(lambda s, r=rnd: s["round"] == r and s.get("open"))
        decisions += 1
        final, acked = await _vote_round(phones, rnd, shown, spread, rng, problems)
        # Wait for the presenter's counts to include every vote.
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            if counts_log and counts_log[-1][1] == rnd and counts_log[-1][2] == len(final):
                want = {c: sum(1 for v in final.values() if v == c) for c in shown}
                if pstate.get("counts") == want:
                    break
            await asyncio.sleep(0.01)
        want = {c: sum(1 for v in final.values() if v == c) for c in shown}
        if pstate.get("counts") != want:
            problems.append(f"decision {decisions}: presenter counts {pstate.get('counts')} != votes {want}")
        # Latency: the k-th confirmed vote is in the first counts message of this round with >= k voters.
        round_log = [(t, v) for t, r, v in counts_log if r == rnd]
        for k, (_, t_sent) in enumerate(acked, start=1):
            seen = next((t for t, v in round_log if v >= k), None)
            if seen is not None:
                latencies.append(max(0.0, seen - t_sent))
        pchanged.clear()
        await presenter.send(json.dumps({"type": "majority", "hand": {}}))
        await pchanged.wait()
        if pstate["chosen"] is None:  # a tie: the trainer picks the first
            pchanged.clear()
            await presenter.send(json.dumps({"type": "pick", "choice": shown[0], "hand": {}}))
            await pchanged.wait()
        pchanged.clear()
        await presenter.send(json.dumps({"type": "next"}))
        await pchanged.wait()
    elapsed = time.perf_counter() - t_start
    cpu = _proc_cpu(pid) - cpu0
    for t in tasks:
        t.cancel()
    ptask.cancel()
    await asyncio.gather(*(p.ws.close() for p in phones), presenter.close(), return_exceptions=True)
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [float("nan")] * 99
    return {
        "participants": n,
        "decisions": decisions,
        "votes": len(lat),
        "exactly_once": not problems,
        "problems": problems[:10],
        "latency_ms": {
            "p50": round(q[49] * 1000, 1),
            "p95": round(q[94] * 1000, 1),
            "max": round(lat[-1] * 1000, 1) if lat else None,
        },
        "server_cpu_s": round(cpu, 2),
        "server_cpu_percent_of_one_core": round(100 * cpu / elapsed, 1),
        "server_peak_rss_mb": round(_proc_peak_rss_mb(pid), 1),
        "seconds": round(elapsed, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kursbuch.live.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", default="_build/html", help="the built course (default _build/html)")
    ap.add_argument("--case", help="the case (default: the first in the course)")
    ap.add_argument("--participants", type=int, default=300)
    ap.add_argument("--spread", type=float, default=2.0, help="seconds over which the phones vote (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    from .course import load_cases

    html = Path(args.html).resolve()
    case = args.case or next(iter(load_cases(html)))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "kursbuch", "live", "--html", str(html), "--case", case, "--port", "0"]
        cmd += ["--state", str(Path(tmp) / "bench.sqlite3")]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            lines = []
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if line.startswith("serving on"):
                    break
            log = "".join(lines)
            m = re.search(r"code (\w+)", log)
            k = re.search(r"#k=(\S+)", log)
            b = re.search(r"serving on (\S+)", log)
            if not (m and k and b):
                print(f"error: the server did not start:\n{log}", file=sys.stderr)
                return 1
            result = asyncio.run(
                _bench(b.group(1), m.group(1), k.group(1), args.participants, args.spread, proc.pid, args.seed)
            )
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    result["case"] = case
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if result["exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
