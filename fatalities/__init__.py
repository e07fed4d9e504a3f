"""Fatality trends from ACLED-style conflict-event data.

A library first, a command second:

>>> from fatalities import annual, load  # doctest: +SKIP
>>> loaded = load(["export.csv"], countries=["Mali"])  # doctest: +SKIP
>>> annual(loaded.frame, coverage_end=loaded.coverage_end)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ExitCode",
    "FatalitiesError",
    "InputError",
    "Loaded",
    "Projection",
    "SelectionError",
    "__version__",
    "annual",
    "in_year_to_date",
    "load",
    "period_series",
    "project",
    "select",
    "summarize",
]

from fatalities.errors import ExitCode, FatalitiesError, InputError, SelectionError

if TYPE_CHECKING:
    from fatalities.load import Loaded, load
    from fatalities.periods import period_series
    from fatalities.projection import Projection, project
    from fatalities.selection import select
    from fatalities.series import annual, in_year_to_date
    from fatalities.summary import summarize

_LAZY = {
    "Loaded": "fatalities.load",
    "load": "fatalities.load",
    "annual": "fatalities.series",
    "in_year_to_date": "fatalities.series",
    "period_series": "fatalities.periods",
    "Projection": "fatalities.projection",
    "project": "fatalities.projection",
    "select": "fatalities.selection",
    "summarize": "fatalities.summary",
}


def __getattr__(name: str) -> Any:
    """Import the polars-backed parts only when used, so the CLI starts fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'fatalities' has no attribute {name!r}")
