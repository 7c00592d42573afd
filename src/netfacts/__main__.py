"""``python -m netfacts`` runs the command-line interface."""

from netfacts.cli import run

run()
