"""Rates per population (``--per 100k``, ``--per 1m``): fatalities and events divided by
the country's people in that year.

``with_rates`` appends ``<measure>_per_100k`` (or ``_per_1m``) beside each count column
of a series (``fatalities``, ``events`` and, where the series has them, the year-to-date
and cumulative counts). A year after the population table's last uses the last known
figure, and a note says so; a country the table lacks gets empty rates and a note.
With ``--combine`` the countries' populations are added up.

>>> import polars as pl
>>> from fatalities.io.population import Population
>>> people = Population({"MLI": {2019: 20_000_000}}, "test")
>>> series = pl.DataFrame({"country": ["Mali", "Mali"], "year": [2019, 2020],
...                        "fatalities": [1_889, 2_000], "events": [800, 900]})
>>> rated, notes = with_rates(series, people, Per.hundred_thousand)
>>> rated["fatalities_per_100k"].to_list()
[9.445, 10.0]
>>> notes
['--per 100k: 2020 uses the population of 2019, the latest in test']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fatalities.vocabulary import Per

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.population import Population
    from fatalities.vocabulary import TrendRequest

__all__ = [
    "RATED_COLUMNS",
    "Per",
    "combined_names",
    "population_in",
    "summary_with_rate",
    "with_rates",
]

#: Count columns that get a rate when the series has them.
RATED_COLUMNS = (
    "fatalities",
    "events",
    "ytd_fatalities",
    "ytd_events",
    "cumulative_fatalities",
    "cumulative_events",
)


def with_rates(
    series: pl.DataFrame,
    population: Population,
    per: Per,
    *,
    combined: Sequence[str] = (),
) -> tuple[pl.DataFrame, list[str]]:
    """``series`` with a rate column after each count column, and notes for people.

    ``combined``: with ``--combine``, the names of the countries summed into each row's
    one label (their populations are summed too).
    """
    import polars as pl

    from fatalities.countries import find_country

    notes: list[str] = []
    last_year = population.last_year
    countries = [str(name) for name in series["country"].unique(maintain_order=True)]
    years = sorted({int(year) for year in series["year"].to_list()}) if series.height else []
    rows: list[tuple[str, int, float | None]] = []
    carried: set[int] = set()
    lacking: list[str] = []
    for country in countries:
        members = list(combined) if combined else [country]
        codes = [find_country(name) for name in members]
        for year in years:
            total = 0
            for member, code in zip(members, codes, strict=True):
                by_year = population.figures.get(code.iso3, {}) if code else {}
                people = by_year.get(year)
                if people is None and by_year and year > max(by_year):
                    people = by_year[max(by_year)]
                    carried.add(year)
                if people is None:
                    if member not in lacking:
                        lacking.append(member)
                    total = 0
                    break
                total += people
            rows.append((country, year, float(total) if total else None))
    people_frame = pl.DataFrame(
        rows,
        schema={"country": series.schema["country"], "year": series.schema["year"],
                "_people": pl.Float64},
        orient="row",
    )  # fmt: skip
    joined = series.join(people_frame, on=["country", "year"], how="left", maintain_order="left")
    measures = [name for name in RATED_COLUMNS if name in series.columns]
    rated = joined.with_columns(
        (pl.col(name) / pl.col("_people") * per.people).alias(per.column(name)) for name in measures
    ).drop("_people")
    order: list[str] = []
    for name in series.columns:
        order.append(name)
        if name in measures:
            order.append(per.column(name))
    if carried and last_year is not None:
        shown = ", ".join(str(year) for year in sorted(carried))
        notes.append(
            f"--per {per.value}: {shown} {'use' if len(carried) > 1 else 'uses'} the "
            f"population of {last_year}, the latest in {population.credit}"
        )
    if lacking:
        notes.append(
            f"--per {per.value}: no population for {', '.join(lacking)} in some years; "
            "those rates are empty (give figures with --population FILE)"
        )
    return rated.select(order), notes


def combined_names(events: pl.DataFrame, request: TrendRequest) -> list[str]:
    """With ``--combine``, the countries summed into one label (as asked, else as loaded)."""
    if not request.selection.combine:
        return []
    if request.selection.countries:
        return list(request.selection.countries)
    labels = [str(name) for name in events["country"].unique(maintain_order=True)]
    return labels[0].split(" + ") if len(labels) == 1 else labels


def population_in(
    population: Population, names: Sequence[str], year: int
) -> tuple[int, int] | None:
    """The people of the countries ``names`` (summed) in ``year``, and the year the figure
    is from (the latest known when ``year`` is past the table); ``None`` when a country
    has no figure."""
    from fatalities.countries import find_country

    total, used = 0, year
    for name in names:
        codes = find_country(name)
        by_year = population.figures.get(codes.iso3, {}) if codes else {}
        if year in by_year:
            total += by_year[year]
        elif by_year and year > max(by_year):
            used = max(by_year)
            total += by_year[used]
        else:
            return None
    return total, used


def summary_with_rate(
    record: dict[str, Any], population: Population, per: Per
) -> tuple[dict[str, Any], list[str]]:
    """A ``summary`` record with its year-to-date fatalities per ``per`` people: the fields
    ``ytd_fatalities_per_100k`` (or ``_per_1m``), ``population`` and ``population_year``,
    and a sentence after the first; plus notes for people.

    >>> from fatalities.io.population import Population
    >>> people = Population({"MLI": {2019: 20_000_000}}, "test")
    >>> record = {"country": "Mali", "year": 2020, "ytd_fatalities": 1_000, "sentences": ["A."]}
    >>> rated, notes = summary_with_rate(record, people, Per.hundred_thousand)
    >>> rated["sentences"][1]
    'That is 5.0 per 100,000 people (population 20,000,000, 2019 figure; test).'
    >>> notes
    ['--per 100k: 2020 uses the population of 2019, the latest in test']
    """
    names = str(record["country"]).split(" + ")
    year = int(record["year"])
    found = population_in(population, names, year)
    column = per.column("ytd_fatalities")
    rated = dict(record)
    if found is None:
        rated.update({column: None, "population": None, "population_year": None})
        return rated, [f"--per {per.value}: no population for {record['country']} in {year}"]
    people, used = found
    rate = int(record["ytd_fatalities"]) / people * per.people
    rated.update({column: rate, "population": people, "population_year": used})
    figure = f"{used} figure; " if used != year else ""
    sentence = (
        f"That is {rate:,.1f} per {per.people:,} people (population {people:,}, "
        f"{figure}{population.credit})."
    )
    sentences = list(record.get("sentences") or [])
    rated["sentences"] = [*sentences[:1], sentence, *sentences[1:]]
    notes = []
    if used != year:
        notes.append(
            f"--per {per.value}: {year} uses the population of {used}, "
            f"the latest in {population.credit}"
        )
    return rated, notes
