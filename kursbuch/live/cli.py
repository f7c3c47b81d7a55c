"""``kursbuch live``: its options and the start (kept here so the main CLI holds one line per verb)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..paths import BuildPaths


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--case",
        action="append",
        default=[],
        metavar="ID",
        help="start (or resume) a session for this case and print its addresses; repeatable",
    )
    p.add_argument("--html", help="the built course to serve from (default: _build/html of the project)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)",
    )
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument(
        "--state",
        help="SQLite file of the sessions (default: live/sessions.sqlite3 beside the built course, i.e. _build/live/)",
    )
    p.add_argument(
        "--redis",
        metavar="URL",
        help="keep sessions in Redis (redis://host:6379/0) so several server processes share them",
    )
    p.add_argument(
        "--hours", type=float, default=8.0, help="a session and its join code expire after this many hours (default 8)"
    )
    p.add_argument(
        "--public-url",
        help="the address phones use, when the server runs behind a reverse proxy (https://abstimmung.example.de)",
    )


def run_live(args: argparse.Namespace, root_of: Callable[[str | None], Path]) -> int:
    from .app import Settings, serve
    from .course import load_cases
    from .store import RedisStore, SQLiteStore, Store

    # The built course: --html, else the project's _build/html. The state file lies beside it
    # (_build/live/sessions.sqlite3), so a copied build folder needs no project around it.
    html = Path(args.html) if args.html else BuildPaths(root_of(args.root)).published()
    state = Path(args.state) if args.state else html.parent / "live" / "sessions.sqlite3"
    cases = load_cases(html)
    unknown = [c for c in args.case if c not in cases]
    if unknown:
        print(
            f"error: {', '.join(unknown)}: no such case in {html}. Cases: {', '.join(cases) or 'none'}.",
            file=sys.stderr,
        )
        return 2
    if not cases:
        print(f"error: {html} has no case to present. Add a scenario to a module and build again.", file=sys.stderr)
        return 1
    store: Store = RedisStore(args.redis) if args.redis else SQLiteStore(state)
    if args.redis:
        problem = _redis_problem(args.redis)
        if problem:
            print(
                f"error: cannot reach Redis at {args.redis}: {problem}. Start redis-server or correct --redis.",
                file=sys.stderr,
            )
            return 1
    allow = {args.public_url.rstrip("/")} if args.public_url else set()
    settings = Settings(cases=cases, store=store, hours=args.hours, allow_origins=allow)
    try:
        serve(settings, args.host, args.port, args.case, args.public_url)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}. Choose another --port.", file=sys.stderr)
        return 2
    return 0


def _redis_problem(url: str) -> str | None:
    """Why Redis at ``url`` cannot be used (None: it answers)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except (redis.exceptions.RedisError, ValueError, OSError) as exc:
        return str(exc) or type(exc).__name__
    return None
