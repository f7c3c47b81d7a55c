"""Live sessions: the room votes on a case from their phones (``kursbuch live``).

The parts, one concept each:

- ``course.py``   the cases of the built course (``_build/html``), read from its pages' specs
- ``session.py``  the presentation as a state machine on the server, through the case logic of
                  :mod:`kursbuch.core.case_state` (the same rules the engine runs in the browser);
                  the views a presenter and a participant get
- ``protocol.py`` every message a browser may send: validated, size-limited, rate-limited
- ``store.py``    where sessions, participants and votes live: SQLite (one process, survives a
                  restart) or Redis (several processes, state and broadcast shared); one interface
- ``hub.py``      the connections of this process and what each gets after a change
- ``app.py``      the Starlette application (pages, WebSockets, the fetch fallback) and ``serve``
- ``qr.py``       the join QR code as inline SVG (segno)
- ``bench.py``    the load benchmark (300 simulated phones)
- ``static/``     the participant page and the presenter's additions to the presentation mode, and
                  ``transport.js``, the WebSocket/long-polling transport both pages load

No personal data: participants are random tokens, no IP address or user agent is stored or
logged, and a session with its votes is deleted when it expires.
"""


def live_session(case_id: str, **kwargs):  # type: ignore[no-untyped-def]
    """From a notebook cell: start (or resume) a live session for a case and show its presenter view
    (see :mod:`kursbuch.live.jupyter`)."""
    from .jupyter import live_session as start

    return start(case_id, **kwargs)
