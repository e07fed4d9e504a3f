"""``python -m fatalities``: the same as the ``fatalities`` command."""

from fatalities.cli.main import run

run()
