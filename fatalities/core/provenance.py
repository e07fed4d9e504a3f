"""Where a result came from: the ``source`` every JSON result carries and the ``Source:``
line under every table.

ACLED asks users to cite the data with its access (or release) date and the filters
used; ``Source.attribution`` says it in that form. Results from the bundled sample say
"synthetic sample data, not ACLED figures" instead, so they cannot pass for real ones.

>>> from datetime import date
>>> from fatalities.io.provenance import InputFacts
>>> facts = InputFacts("hdx_conflict_data_mli.csv", None, "csv", "acled", date(2020, 8, 3),
...                    "timestamp", date(1997, 1, 6), date(2020, 7, 31), 3990, 3990, 0, False)
>>> source = Source((facts,), {"countries": ["Mali"], "as_of": "2017-11-20"}, "ACLED")
>>> print(source.line())
Source: Armed Conflict Location & Event Data (ACLED), release of 2020-08-03 (hdx_conflict_data_mli.csv), filters: country Mali; as of 2017-11-20
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from fatalities.io.provenance import InputFacts, input_facts

if TYPE_CHECKING:
    from fatalities.io.results import Loaded

__all__ = [
    "ACLED_NAME",
    "SYNTHETIC",
    "Source",
    "combined_source",
    "describe_source",
    "filters_text",
    "selection_filters",
]

#: How ACLED asks to be named.
ACLED_NAME = "Armed Conflict Location & Event Data (ACLED)"
#: What results from the bundled sample are called, everywhere they are shown.
SYNTHETIC = "synthetic sample data, not ACLED figures"
#: Source labels (``Dialect.source_label``) -> the data's full name.
DATA_NAMES: dict[str, str] = {
    "ACLED": ACLED_NAME,
    "ACLED aggregated (political violence only)": f"{ACLED_NAME}, aggregated data "
    "(political violence only)",
    "ACLED aggregated": f"{ACLED_NAME}, aggregated data",
    "HDX HAPI (ACLED)": f"{ACLED_NAME}, via HDX HAPI",
    "UCDP GED": "UCDP Georeferenced Event Dataset (GED)",
}
#: Inputs named one by one in the attribution; beyond, they are counted.
NAMED_INPUTS = 3
#: Filter keys -> how the attribution words them (singular, plural).
_FILTER_WORDS: dict[str, tuple[str, str]] = {
    "countries": ("country", "countries"),
    "regions": ("region", "regions"),
    "iso_codes": ("ISO code", "ISO codes"),
    "event_types": ("event type", "event types"),
    "sub_event_types": ("sub-event type", "sub-event types"),
}


@dataclass(frozen=True)
class Source:
    """The inputs, filters and tool behind one result."""

    inputs: tuple[InputFacts, ...]
    #: The filters and options that shaped the result (countries, event types, as-of, ...).
    filters: Mapping[str, Any] = field(default_factory=dict)
    source_label: str = "ACLED"
    #: The tool's version (``fatalities.__version__``, passed in by the caller).
    version: str = ""

    @property
    def synthetic(self) -> bool:
        """Whether any input is the bundled synthetic sample."""
        return any(item.synthetic for item in self.inputs)

    @property
    def attribution(self) -> str:
        """The citation: data, release (or access) date and files, filters."""
        filters = f"filters: {filters_text(self.filters)}"
        if self.synthetic:
            return f"{SYNTHETIC} ({self._files()}), {filters}"
        name = DATA_NAMES.get(self.source_label, self.source_label)
        return f"{name}, {self._dates()}, {filters}"

    def line(self) -> str:
        """The ``Source:`` line under a table."""
        return f"Source: {self.attribution}"

    def as_record(self) -> dict[str, Any]:
        """The JSON ``source`` object."""
        return {
            "attribution": self.attribution,
            "synthetic": self.synthetic,
            "data": SYNTHETIC
            if self.synthetic
            else DATA_NAMES.get(self.source_label, self.source_label),
            "inputs": [item.as_record() for item in self.inputs],
            "filters": {name: _plain(value) for name, value in self.filters.items()},
            "tool": {"name": "fatalities", "version": self.version},
        }

    def _files(self) -> str:
        names = [PurePath(item.path).name or item.path for item in self.inputs]
        if len(names) > NAMED_INPUTS:
            return f"{len(names)} files"
        return ", ".join(names)

    def _dates(self) -> str:
        """``release of 2020-08-03 (a.csv)``, one clause per release date and basis."""
        by_date: dict[tuple[date | None, str], list[str]] = {}
        for item in sorted(self.inputs, key=lambda i: i.release_date or date.min, reverse=True):
            key = (item.release_date, item.release_basis)
            by_date.setdefault(key, []).append(PurePath(item.path).name or item.path)
        clauses = []
        for (when, basis), names in by_date.items():
            files = f"{len(names)} files" if len(names) > NAMED_INPUTS else ", ".join(names)
            clauses.append(f"{_dated(when, basis)} ({files})")
        return " and ".join(clauses)


def _dated(when: date | None, basis: str) -> str:
    """``release of 2020-08-03`` (latest timestamp), ``export of ...`` (file name),
    ``accessed by ...`` (file date), or ``release date unknown``."""
    if when is None:
        return "release date unknown"
    if basis == "timestamp":
        return f"release of {when.isoformat()}"
    if basis == "file name":
        return f"export of {when.isoformat()}"
    return f"accessed by {when.isoformat()} (file date)"


def filters_text(filters: Mapping[str, Any]) -> str:
    """The filters in words, ``none`` when nothing narrowed the data.

    >>> filters_text({"countries": ["Mali", "Niger"], "political_violence": True})
    'countries Mali, Niger; political violence only'
    >>> filters_text({})
    'none'
    """
    words: list[str] = []
    for name, value in filters.items():
        if value in (None, False, (), [], ""):
            continue
        if name in _FILTER_WORDS:
            items = (
                [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]
            )
            one, many = _FILTER_WORDS[name]
            words.append(f"{one if len(items) == 1 else many} {', '.join(items)}")
        elif value is True:
            words.append(
                {
                    "political_violence": "political violence only",
                    "civilian_targeting": "civilian targeting only",
                    "combine": "countries combined",
                    "all_countries": "all countries",
                }.get(name, name.replace("_", " "))
            )
        else:
            words.append(f"{name.replace('_', ' ')} {_plain(value)}")
    return "; ".join(words) or "none"


def selection_filters(selection: object, **options: Any) -> dict[str, Any]:
    """A ``Selection``'s narrowing fields (those set), then ``options`` (those given).

    >>> from fatalities.vocabulary import Selection
    >>> selection_filters(Selection(countries=("Mali",)), as_of=None, estimate="best")
    {'countries': ['Mali'], 'estimate': 'best'}
    """
    found: dict[str, Any] = {}
    if dataclasses.is_dataclass(selection) and not isinstance(selection, type):
        for name, value in dataclasses.asdict(selection).items():
            if value not in (None, False, (), [], ""):
                found[name] = _plain(value)
    found.update({name: _plain(value) for name, value in options.items() if value is not None})
    return found


def describe_source(
    loaded: Loaded,
    filters: Mapping[str, Any] | None = None,
    *,
    digests: bool = True,
    version: str = "",
) -> Source:
    """The ``Source`` of a result computed from ``loaded`` with ``filters``
    (``digests``: hash every input file, for JSON; ``version``: the tool's)."""
    chosen = dict(filters or {})
    if loaded.estimate:
        chosen.setdefault("estimate", loaded.estimate)
    if len(loaded.reports) > 1:
        chosen.setdefault("releases", loaded.release_mode.value)
    return Source(
        inputs=tuple(input_facts(report, digest=digests) for report in loaded.reports),
        filters=chosen,
        source_label=loaded.source_label,
        version=version,
    )


def combined_source(sources: Sequence[Source], filters: Mapping[str, Any]) -> Source:
    """One ``Source`` for a result computed from several loads (``diff``'s OLD and NEW)."""
    inputs = tuple(item for source in sources for item in source.inputs)
    chosen = {name: _plain(value) for name, value in filters.items() if value not in (None, [])}
    return Source(
        inputs=inputs,
        filters=chosen,
        source_label=sources[0].source_label,
        version=sources[0].version,
    )


def _plain(value: Any) -> Any:
    """JSON-ready: enums by value, dates in ISO, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
