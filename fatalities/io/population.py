"""Population by country and year, for rates (``--per 100k``): the shipped World Bank table
or a user's CSV (``--population FILE``).

The shipped table is ``fatalities/_data/population/population.csv`` (World Bank
SP.POP.TOTL, 1960-2024, PDDL; see ``SOURCES.md`` beside it), read with
``importlib.resources`` so it works from a wheel. A user's file has the columns
``country,year,population``; ``country`` is an ISO alpha-3 code, ACLED's numeric ``iso``,
or a name as ACLED or the World Bank writes it.

>>> table = shipped_population()
>>> table.figures["MLI"][2019] > 19_000_000, table.last_year
(True, 2024)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fatalities.countries import find_country
from fatalities.errors import InputError

__all__ = ["POPULATION_CREDIT", "Population", "read_population", "shipped_population"]

#: Credit line wherever rates from the shipped table are shown.
POPULATION_CREDIT = "World Bank, SP.POP.TOTL, via datasets/population (PDDL)"


@dataclass(frozen=True)
class Population:
    """People per country (ISO alpha-3) and year, and whom to credit for the figures."""

    figures: dict[str, dict[int, int]]
    credit: str

    @property
    def last_year(self) -> int | None:
        """The latest year any country has a figure for."""
        years = [year for by_year in self.figures.values() for year in by_year]
        return max(years) if years else None


@cache
def shipped_population() -> Population:
    """The World Bank table shipped with the package."""
    from importlib.resources import files

    text = (
        files("fatalities")
        .joinpath("_data", "population", "population.csv")
        .read_text(encoding="utf-8")
    )
    rows = csv.reader(io.StringIO(text))
    header = next(rows)
    years = [int(year) for year in header[1:]]
    figures = {
        row[0]: {year: int(cell) for year, cell in zip(years, row[1:], strict=True) if cell}
        for row in rows
    }
    return Population(figures, POPULATION_CREDIT)


def read_population(path: str | Path) -> Population:
    """A user's ``country,year,population`` CSV; a bad row is an ``InputError`` naming the
    file, row and column.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     file = Path(tmp, "pop.csv")
    ...     _ = file.write_text("country,year,population\\nMali,2019,20000000\\nNER,2019,23000000\\n")
    ...     read_population(file).figures
    {'MLI': {2019: 20000000}, 'NER': {2019: 23000000}}
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"--population {path}: cannot read it ({error.strerror})") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in ("country", "year", "population") if name not in columns]
    if missing:
        raise InputError(
            f"--population {path}: no {', '.join(missing)} column; the file needs the "
            "columns country,year,population"
        )
    figures: dict[str, dict[int, int]] = {}
    for number, raw in enumerate(reader, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        where = f"--population {path}, row {number}"
        codes = find_country(row["country"])
        if codes is None:
            raise InputError(
                f"{where}, column country: {row['country']!r} is not a country name or "
                "ISO code known to fatalities; use an ISO alpha-3 code such as MLI"
            )
        try:
            year = int(row["year"])
        except ValueError:
            raise InputError(f"{where}, column year: {row['year']!r} is not a year") from None
        try:
            people = int(float(row["population"].replace(",", "")))
        except ValueError:
            people = 0
        if people <= 0:
            raise InputError(
                f"{where}, column population: {row['population']!r} is not a number of people"
            )
        figures.setdefault(codes.iso3, {})[year] = people
    return Population(figures, f"{source.name} (--population)")
