"""The source line a published chart carries: which data, up to when, which filters, and
(for rates) whose population figures.

>>> from fatalities.vocabulary import Selection, TrendRequest
>>> source_line("ACLED", ["hdx_conflict_data_mli.csv"], date(2020, 7, 31),
...             TrendRequest(selection=Selection(countries=("Mali",), political_violence=True),
...                          first_year=2012))
'Source: ACLED (hdx_conflict_data_mli.csv), data to 2020-07-31. Filters: political violence; from 2012.'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath

from fatalities.vocabulary import TrendRequest

#: Shown files beyond this count are summarised as "and N more".
_MAX_FILES = 3


def source_line(
    source_label: str,
    paths: Sequence[str],
    coverage_end: date | None,
    request: TrendRequest,
    *,
    population_credit: str | None = None,
) -> str:
    """One line naming the data, its last day, the filters applied and the population
    figures behind a rate (``population_credit``)."""
    names = list(dict.fromkeys(PurePath(path).name for path in paths if path))
    shown = ", ".join(names[:_MAX_FILES])
    if len(names) > _MAX_FILES:
        shown += f" and {len(names) - _MAX_FILES} more"
    line = f"Source: {source_label}" + (f" ({shown})" if shown else "")
    if coverage_end is not None:
        line += f", data to {coverage_end}"
    line += "."
    filters = describe_filters(request)
    if filters:
        line += " Filters: " + "; ".join(filters) + "."
    if population_credit:
        line += f" Population: {population_credit}."
    return line


def describe_filters(request: TrendRequest) -> list[str]:
    """The selection and year options of ``request`` in words (countries excepted: the
    chart's titles name them).

    >>> from fatalities.vocabulary import Selection
    >>> describe_filters(TrendRequest(selection=Selection(event_types=("Battles",), combine=True),
    ...                               last_year=2019))
    ['event type Battles', 'countries combined', 'to 2019']
    """
    selection = request.selection
    words: list[str] = []
    if selection.regions:
        words.append("region " + ", ".join(selection.regions))
    if selection.iso_codes:
        words.append("iso " + ", ".join(str(code) for code in selection.iso_codes))
    if selection.event_types:
        words.append("event type " + ", ".join(selection.event_types))
    if selection.sub_event_types:
        words.append("sub-event type " + ", ".join(selection.sub_event_types))
    if selection.political_violence:
        words.append("political violence")
    if selection.civilian_targeting:
        words.append("civilian targeting")
    if selection.combine:
        words.append("countries combined")
    if request.first_year is not None:
        words.append(f"from {request.first_year}")
    if request.last_year is not None:
        words.append(f"to {request.last_year}")
    if request.as_of is not None:
        words.append(f"as of {request.as_of}")
    return words
