"""``python -m fatalities``: the same as the ``fatalities`` command."""

from fatalities.runtime import run

run()
