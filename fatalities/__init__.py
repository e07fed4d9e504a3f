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
    from fatalities.core.periods import period_series
    from fatalities.core.projection import Projection, project
    from fatalities.core.selection import select
    from fatalities.core.series import annual, in_year_to_date
    from fatalities.core.summary import summarize
    from fatalities.io.load import Loaded, load

_LAZY = {
    "Loaded": "fatalities.io.load",
    "load": "fatalities.io.load",
    "annual": "fatalities.core.series",
    "in_year_to_date": "fatalities.core.series",
    "period_series": "fatalities.core.periods",
    "Projection": "fatalities.core.projection",
    "project": "fatalities.core.projection",
    "select": "fatalities.core.selection",
    "summarize": "fatalities.core.summary",
}


def __getattr__(name: str) -> Any:
    """Import the polars-backed parts only when used, so the CLI starts fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'fatalities' has no attribute {name!r}")
