"""The 2017 article's ACLED figures for Mali, kept as data in ``seeds/``.

``trend --source article`` and ``trend seeds/mali_2017_article.toml`` print them as a
series (``seeds_input`` says which seeds file a trend asks for, ``seeds_figures``
selects its countries).

>>> figures = article_series()
>>> figures.columns[:4]
['country', 'year', 'fatalities', 'qualifier']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatalities.errors import InputError, SelectionError
from fatalities.io.readers import is_seeds_file
from fatalities.resources import seeds_path

if TYPE_CHECKING:
    import polars as pl


def read_seeds(path: Path | None = None) -> dict[str, Any]:
    """The seeds TOML as a dict (``source`` table, ``figure`` and ``claim`` arrays)."""
    import tomllib

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


def seeds_input(paths: Sequence[str] | None, source: str | None = None) -> Path | None:
    """The seeds file a ``trend`` asks for: ``--source article`` (the bundled seeds) or
    a ``.toml`` path as the input; ``None`` when it asks for data.

    >>> seeds_input(["seeds/mali_2017_article.toml"])
    PosixPath('seeds/mali_2017_article.toml')
    >>> seeds_input(["export.csv"]) is None
    True
    """
    if source is not None:
        if source != "article":
            raise InputError(
                f"--source {source!r} is not known; the only source is 'article' "
                "(or pass a seeds .toml file as the input)"
            )
        return seeds_path()
    wanted = [str(path) for path in paths or [] if is_seeds_file(path)]
    if not wanted:
        return None
    if len(paths or []) > 1:
        raise InputError(
            f"{wanted[0]}: a seeds file is read on its own, not with other inputs; "
            "run `fatalities trend` on it alone (or `fatalities check DATA --claims "
            f"{wanted[0]}` to compare its figures with data)"
        )
    return Path(wanted[0])


def seeds_figures(path: Path | None = None, countries: Sequence[str] = ()) -> pl.DataFrame:
    """The seeds' figures (``article_series``) for ``countries`` (all when empty; names
    match as ``--country`` does). A country the seeds do not hold raises
    ``SelectionError`` naming the countries they hold.

    >>> seeds_figures(countries=["mali"])["country"].unique().to_list()
    ['Mali']
    >>> seeds_figures(countries=["Niger"])
    Traceback (most recent call last):
    ...
    fatalities.errors.SelectionError: no figures for 'Niger' in mali_2017_article.toml: its figures are for Mali only; drop --country or pass --country Mali
    """
    import polars as pl

    from fatalities.countries import country_key

    figures = article_series(path)
    if not countries:
        return figures
    held = sorted(set(figures["country"].drop_nulls().to_list()))
    keys = {country_key(name): name for name in held}
    for name in countries:
        if name.strip() and country_key(name) not in keys:
            target = (path or seeds_path()).name
            listed = ", ".join(held) if held else "no country"
            raise SelectionError(
                f"no figures for {name.strip()!r} in {target}: its figures are for {listed} "
                f"only; drop --country or pass --country {held[0] if held else 'NAME'}"
            )
    wanted = [country_key(name) for name in countries if name.strip()]
    chosen = pl.col("country").map_elements(country_key, return_dtype=pl.String).is_in(wanted)
    return figures.filter(chosen)


def seeds_note(path: Path | None = None) -> str:
    """What the seeds are, for stderr: who quoted the figures, whose data, which file.

    >>> seeds_note()
    "the 2017 Military Times article's ACLED figures for Mali (seeds/mali_2017_article.toml)"
    """
    target = path or seeds_path()
    seeds = read_seeds(target)
    source = seeds.get("source", {})
    figures = seeds.get("figure", [])
    countries = sorted({str(figure.get("country", "")) for figure in figures} - {""})
    provider = str(source.get("attribution", "")).split(" (")[0]
    who = " ".join(str(part) for part in (source.get("year"), source.get("publication")) if part)
    shown = f"seeds/{target.name}" if target == seeds_path() else str(target)
    return (
        f"the {who + ' article' if who else 'seeds'}'s {provider + ' ' if provider else ''}"
        f"figures for {' and '.join(countries) or 'no country'} ({shown})"
    )
