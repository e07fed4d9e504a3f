"""The 2017 article's ACLED figures for Mali, kept as data in ``seeds/``.

>>> figures = article_series()
>>> figures.columns[:4]
['country', 'year', 'fatalities', 'qualifier']
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatalities.errors import InputError
from fatalities.resources import seeds_path

if TYPE_CHECKING:
    import polars as pl


def read_seeds(path: Path | None = None) -> dict[str, Any]:
    """The seeds TOML as a dict (``source`` table, ``figure`` and ``claim`` arrays)."""
    target = path or seeds_path()
    try:
        with target.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(f"{target}: seeds file not found; reinstall or pass a path") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{target}: not valid TOML ({error}); fix the file") from None


def article_series(path: Path | None = None) -> pl.DataFrame:
    """The article's figures as a series: one row per quoted figure, qualifier kept."""
    import polars as pl

    seeds = read_seeds(path)
    rows = [
        {
            "country": figure["country"],
            "year": int(figure["year"]),
            "fatalities": int(figure["value"]),
            "qualifier": figure.get("qualifier", "exactly"),
            "basis": figure.get("basis", "year"),
            "phrase": figure.get("phrase", ""),
        }
        for figure in seeds.get("figure", [])
    ]
    schema = {
        "country": pl.String,
        "year": pl.Int32,
        "fatalities": pl.Int64,
        "qualifier": pl.String,
        "basis": pl.String,
        "phrase": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort("year")
