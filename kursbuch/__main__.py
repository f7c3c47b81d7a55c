"""``python -m kursbuch`` runs the command line."""

from .cli import run

run()
