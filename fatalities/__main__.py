"""``python -m fatalities``: the same as the ``fatalities`` command."""

from fatalities.cli import main

main()
