"""``fatalities store info``, and the local store read as an input: ``--source acled``
(or ``hapi``), or a store folder given as a path, for every data command.

A store read as an input gives its files for the countries asked, and its coverage
from the recorded windows (what was asked and synced, capped by any restriction),
not from the latest event; a note says the store's last sync and release.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fatalities.cli.console import Console, DebugOption, QuietOption, choose_format
from fatalities.cli.options import Command, FormatOption, OutputOption
from fatalities.errors import InputError

if TYPE_CHECKING:
    from fatalities.io.results import Loaded
    from fatalities.io.store import StoreInput

__all__ = [
    "STORE_SOURCES",
    "StoreSourceOption",
    "apply_store",
    "read_stores",
    "source_paths",
    "store_app",
    "store_paths",
]

#: ``--source`` values that read the local store.
STORE_SOURCES = ("acled", "hapi")

#: ``--source acled|hapi`` for the data commands other than ``trend`` (whose ``--source``
#: also takes ``article``).
StoreSourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="NAME",
        show_default=False,
        help="'acled' or 'hapi': read the local store kept by 'fatalities fetch' instead of files.",
    ),
]

store_app = typer.Typer(
    name="store",
    help="The local store that 'fatalities fetch' keeps: one Parquet file per country "
    "and a state.json, in $FATALITIES_DATA_DIR (else ~/.local/share/fatalities).\n\n"
    "Examples:\n\n"
    "  fatalities store info\n\n"
    "  fatalities store info --format csv",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@store_app.command(cls=Command)
def info(
    context: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="DIR",
            show_default=False,
            help="Data directory. Default: $FATALITIES_DATA_DIR, else ~/.local/share/fatalities.",
        ),
    ] = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Every country in the store: window, events, last sync, release, coverage, size,
    and any restriction ACLED reported for the account.

    Examples:

      fatalities store info

      fatalities store info --format json
    """
    from fatalities.cli.errors import user_errors
    from fatalities.cli.state import run_state

    state = run_state(context, quiet=quiet, debug=debug)
    with user_errors(state), Console(quiet=state.quiet, output=output) as console:
        import polars as pl

        from fatalities.cli.credentials import store_directory
        from fatalities.io.acled_api import describe_restrictions
        from fatalities.io.store import Store, is_store
        from fatalities.render.text import render

        kind = choose_format(output_format, output=output)
        rows = []
        total = 0
        for source in STORE_SOURCES:
            folder = store_directory(source, store)
            if not is_store(folder):
                continue
            local = Store.open(folder, source)
            total += local.size()
            for name, entry in local.countries.items():
                rows.append({
                    "source": source, "country": name, "since": entry.since or "start",
                    "until": entry.until or "open", "events": entry.rows,
                    "last_sync": entry.last_sync or "", "release": entry.release or "",
                    "coverage_end": entry.coverage_end or "", "bytes": entry.size,
                    "restrictions": "; ".join(describe_restrictions(entry.restrictions)),
                })  # fmt: skip
        root = store_directory("acled", store).parent
        if not rows:
            raise InputError(
                f"{root}: no store yet; fetch data first: fatalities fetch acled --country NAME"
            )
        console.note(f"store {root}: {len(rows)} country file(s), {total:,} bytes")
        frame = pl.DataFrame(rows)
        console.data(render(frame, kind))
        for row in rows:
            if row["restrictions"]:
                console.note(f"warning: {row['source']} {row['country']}: {row['restrictions']}")


def source_paths(
    paths: Sequence[str] | None, source: str | None
) -> tuple[list[str] | None, str | None]:
    """``--source acled``/``hapi`` as the store folder to read (and no seeds source);
    other sources pass through."""
    if source not in STORE_SOURCES:
        return (list(paths) if paths is not None else None), source
    if paths:
        raise InputError(f"--source {source} reads the local store: give no input files with it")
    from fatalities.cli.credentials import store_directory
    from fatalities.io.store import is_store

    folder = store_directory(source, None)
    if not is_store(folder):
        example = "--country MLI" if source == "hapi" else "--country Mali --since 2018-01-01"
        raise InputError(
            f"no {source} store in {folder} yet; fetch data first: "
            f"fatalities fetch {source} {example}"
        )
    return [str(folder)], None


def store_paths(paths: Sequence[str] | None, source: str | None) -> list[str] | None:
    """``--source acled``/``hapi`` as the store folder to read; no source: ``paths``."""
    if source is None:
        return list(paths) if paths is not None else None
    if source not in STORE_SOURCES:
        raise InputError(f"--source {source!r} is not known; use acled or hapi")
    return source_paths(paths, source)[0]


def read_stores(
    sources: Sequence[str], countries: Sequence[str]
) -> tuple[list[str], list[StoreInput]]:
    """Store folders among ``sources`` replaced by their files for ``countries``."""
    from fatalities.io.store import STATE_NAME, read_store_input

    expanded: list[str] = []
    stores: list[StoreInput] = []
    for source in sources:
        folder = Path(source)
        state = folder / STATE_NAME
        if source == "-" or not state.is_file():
            expanded.append(source)
            continue
        try:
            kind = str(json.loads(state.read_text(encoding="utf-8")).get("source", "acled"))
        except (OSError, ValueError):
            kind = "acled"
        if kind == "hapi":
            countries = [_iso3(name) for name in countries]
        found = read_store_input(folder, kind, countries)
        if not found.paths:
            raise InputError(f"{folder}: the store is empty; fetch data first")
        stores.append(found)
        expanded.extend(str(path) for path in found.paths)
    return expanded, stores


def _iso3(name: str) -> str:
    """An ISO3 code for a country name (HAPI's files are named by code)."""
    from fatalities.countries import iso3_names

    key = name.strip().lower()
    for code, known in iso3_names().items():
        if key in {code.lower(), known.lower()}:
            return code
    return name


def apply_store(loaded: Loaded, stores: Sequence[StoreInput], console: Console) -> Loaded:
    """The loaded store's coverage from its recorded windows, and a note on its sync."""
    from fatalities.io.acled_api import describe_restrictions

    if not stores:
        return loaded
    starts = [item.coverage_start for item in stores]
    ends = [item.coverage_end for item in stores if item.coverage_end]
    for item in stores:
        label = "ACLED API" if item.source == "acled" else "HDX HAPI"
        console.note(
            f"source: local {label} store, last synced {item.last_sync or 'never'}"
            + (f", newest change at the source {item.release}" if item.release else "")
            + "; cite ACLED with the access date and filters"
        )
        for restriction in item.restrictions:
            for line in describe_restrictions(restriction):
                console.note(f"warning: {line}")
    return dataclasses.replace(
        loaded,
        coverage_start=(
            min(start for start in starts if start)
            if starts and all(starts)
            else loaded.coverage_start
        ),
        coverage_end=max(ends) if ends else loaded.coverage_end,
    )
