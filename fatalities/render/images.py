"""Chart images for ``--save-chart``: one Vega-Lite description, written as PNG, SVG or the
spec itself (``.vl.json``), so a web team can restyle what the command drew.

The description is built from series the core already computed (the yearly series for
bars, the month or week series for lines): nothing is recomputed here. Each country gets
a panel with its title, axis labels, the year-to-date / rest-of-year split and the
partial-year mark; the source line (data, coverage, filters, population credit) sits under
the panels, inside the image. ``vl_convert`` (vl-convert-python) draws PNG and SVG; it is
imported only when an image is written, so ``fatalities --help`` never loads it.

>>> chart_file_kind("mali.PNG"), chart_file_kind("mali.vl.json"), chart_file_kind("m.txt")
(<ChartFile.png: '.png'>, <ChartFile.vega_lite: '.vl.json'>, <ChartFile.text: '.txt'>)
>>> chart_file_kind("mali.gif")
Traceback (most recent call last):
...
fatalities.errors.InputError: --save-chart mali.gif: unknown chart file type '.gif'; use .png, .svg, .vl.json (Vega-Lite), .txt or .html
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatalities.errors import InputError

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.trend import Trend

__all__ = [
    "IMAGE_SUFFIXES",
    "ChartFile",
    "YearBars",
    "bar_panel",
    "chart_file_kind",
    "image_bytes",
    "image_metadata",
    "image_spec",
    "line_panel",
    "measure_label",
    "refuse_image_output",
    "trend_image_spec",
    "with_png_text",
    "year_bars",
]


class ChartFile(StrEnum):
    """What ``--save-chart`` writes, by the file's suffix."""

    png = ".png"
    svg = ".svg"
    vega_lite = ".vl.json"
    text = ".txt"
    html = ".html"


#: Suffixes that name an image (or its spec): ``-o`` refuses them, it writes data.
IMAGE_SUFFIXES = (".png", ".svg", ".vl.json", ".jpg", ".jpeg", ".pdf", ".gif", ".webp")

#: The eight bytes every PNG file starts with.
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SUPPORTED = ".png, .svg, .vl.json (Vega-Lite), .txt or .html"
_YTD_COLOUR = "#b2182b"
_REST_COLOUR = "#bdbdbd"
_LINE_COLOUR = "#2166ac"
_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def chart_file_kind(path: str | Path) -> ChartFile:
    """The kind of chart file ``path`` names (a name with no suffix: text), or an
    ``InputError`` listing the kinds."""
    name = Path(path).name.lower()
    if name.endswith(".vl.json"):
        return ChartFile.vega_lite
    suffix = Path(name).suffix
    if suffix in (".html", ".htm"):
        return ChartFile.html
    if not suffix:  # as before images: a bare name gets the text chart
        return ChartFile.text
    for kind in ChartFile:
        if suffix == kind.value:
            return kind
    shown = f"'{suffix}'" if suffix else "(none)"
    raise InputError(f"--save-chart {path}: unknown chart file type {shown}; use {_SUPPORTED}")


def refuse_image_output(path: str | Path | None) -> None:
    """``-o`` writes data (CSV, JSON, ...): an image file name there is an ``InputError``.

    >>> refuse_image_output("mali.csv")
    >>> refuse_image_output("x.png")
    Traceback (most recent call last):
    ...
    fatalities.errors.InputError: -o x.png: -o writes data (.csv, .tsv, .json, .ndjson, .md, .txt); write a chart image with --save-chart x.png
    """
    if path is None:
        return
    name = Path(path).name.lower()
    if name.endswith(IMAGE_SUFFIXES):
        raise InputError(
            f"-o {path}: -o writes data (.csv, .tsv, .json, .ndjson, .md, .txt); "
            f"write a chart image with --save-chart {path}"
        )


@dataclass(frozen=True)
class YearBars:
    """One country's yearly bars: totals, the year-to-date part, the partial year."""

    country: str
    years: list[int]
    totals: list[float]
    year_to_date: list[float]
    partial_year: int | None


def year_bars(yearly: pl.DataFrame, country: str, measure: str = "fatalities") -> YearBars:
    """The bars of ``country`` from a yearly series (``measure`` and ``ytd_<measure>``
    columns, e.g. ``fatalities`` or ``fatalities_per_100k``)."""
    one = yearly.filter(yearly["country"] == country)
    partial = one.filter(~one["complete"])["year"].to_list()
    return YearBars(
        country=country,
        years=[int(year) for year in one["year"].to_list()],
        totals=[float(value or 0) for value in one[measure].to_list()],
        year_to_date=[float(value or 0) for value in one[f"ytd_{measure}"].to_list()],
        partial_year=int(partial[-1]) if partial else None,
    )


def bar_panel(
    bars: YearBars, *, as_of: date, coverage_end: date | None, measure_label: str
) -> dict[str, Any]:
    """A Vega-Lite panel: stacked bars per year, year to date dark, rest of year light;
    the partial year is labelled ``2020*`` and outlined with a dashed line."""
    ytd_label = f"1 Jan to {as_of.day} {as_of:%b} (year to date)"
    rest_label = "rest of year"
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    for year, total, ytd in zip(bars.years, bars.totals, bars.year_to_date, strict=True):
        partial = year == bars.partial_year
        label = f"{year}*" if partial else str(year)
        labels.append(label)
        ytd = min(ytd, total)
        rows.append(
            {"year": label, "part": ytd_label, "value": ytd, "order": 0, "partial": partial}
        )
        rows.append(
            {
                "year": label,
                "part": rest_label,
                "value": total - ytd,
                "order": 1,
                "partial": partial,
            }
        )
    subtitle = [f"darker: {ytd_label}; lighter: {rest_label}"]
    if bars.partial_year is not None:
        end = f", the data end on {coverage_end}" if coverage_end else ""
        subtitle.append(f"* {bars.partial_year} is a partial year{end}")
    return {
        "title": {
            "text": f"{bars.country}: {measure_label}"
            + (", by year" if " per " in measure_label else " per year"),
            "subtitle": subtitle,
            "anchor": "start",
        },
        "width": max(320, 26 * len(labels)),
        "height": 240,
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "sort": labels,
                "title": "year",
                "axis": {"labelAngle": -45 if len(labels) > 12 else 0},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "stack": "zero",
                "title": measure_label,
            },
            "color": {
                "field": "part",
                "type": "nominal",
                "scale": {"domain": [ytd_label, rest_label], "range": [_YTD_COLOUR, _REST_COLOUR]},
                "legend": {"orient": "bottom", "title": None},
            },
            "order": {"field": "order", "type": "quantitative"},
            "stroke": {"condition": {"test": "datum.partial", "value": "#333333"}, "value": None},
            "strokeDash": {
                "condition": {"test": "datum.partial", "value": [3, 2]},
                "value": [1, 0],
            },
        },
    }


def line_panel(
    country: str,
    points: Sequence[tuple[date | str, float, bool]],
    *,
    step: str,
    coverage_end: date | None,
    measure_label: str,
) -> dict[str, Any]:
    """A Vega-Lite panel: one line of ``(period start, value, complete)`` points (the start
    as a date or its ISO text, ``2018-01`` for a month), a hollow point on the partial
    period."""
    rows = [
        {"start": str(start), "value": value, "partial": not complete}
        for start, value, complete in points
    ]
    subtitle = []
    if any(not complete for _, _, complete in points):
        end = f": the data end on {coverage_end}" if coverage_end else ""
        subtitle.append(f"hollow point: partial {step}{end}")
    noun = "week (from Saturday)" if step == "week" else step
    return {
        "title": {
            "text": f"{country}: {measure_label}"
            + (f", by {noun}" if " per " in measure_label else f" per {noun}"),
            "subtitle": subtitle,
            "anchor": "start",
        },
        "width": 520,
        "height": 240,
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "line", "color": _LINE_COLOUR},
                "encoding": {
                    "x": {
                        "field": "start",
                        "type": "temporal",
                        "timeUnit": "utcyearmonthdate",
                        "title": step,
                    },
                    "y": {"field": "value", "type": "quantitative", "title": measure_label},
                },
            },
            {
                "transform": [{"filter": "datum.partial"}],
                "mark": {"type": "point", "color": _YTD_COLOUR, "filled": False, "size": 60},
                "encoding": {
                    "x": {"field": "start", "type": "temporal", "timeUnit": "utcyearmonthdate"},
                    "y": {"field": "value", "type": "quantitative"},
                },
            },
        ],
    }


def image_spec(panels: Sequence[dict[str, Any]], source_line: str) -> dict[str, Any]:
    """The whole chart: the panels one under another, the source line beneath them."""
    return {
        "$schema": _SCHEMA,
        "vconcat": list(panels),
        "title": {
            "text": source_line,
            "orient": "bottom",
            "anchor": "start",
            "fontSize": 10,
            "fontWeight": "normal",
            "color": "#555555",
        },
        "background": "white",
        "config": {"view": {"stroke": None}, "concat": {"spacing": 30}},
    }


def image_bytes(
    spec: dict[str, Any], kind: ChartFile, *, metadata: dict[str, str] | None = None
) -> bytes:
    """The spec drawn as ``kind``: PNG (2x scale, for print), SVG, or the spec as JSON.

    ``metadata`` (e.g. ``Title``, ``Source``) goes into a PNG's text chunks too, so an
    image keeps its credit when it travels without its page.
    """
    if kind is ChartFile.vega_lite:
        return (json.dumps(spec, indent=2, ensure_ascii=False) + "\n").encode()
    import vl_convert

    if kind is ChartFile.png:
        png: bytes = vl_convert.vegalite_to_png(spec, scale=2)
        return with_png_text(png, metadata or {})
    if kind is ChartFile.svg:
        svg: str = vl_convert.vegalite_to_svg(spec)
        return svg.encode()
    raise ValueError(f"{kind.value} is not an image")


def image_metadata(spec: dict[str, Any]) -> dict[str, str]:
    """``Title`` (the panels' titles) and ``Source`` (the source line) of a chart spec.

    >>> image_metadata(image_spec([{"title": {"text": "Mali"}}], "Source: ACLED."))
    {'Title': 'Mali', 'Source': 'Source: ACLED.'}
    """
    titles = [panel["title"]["text"] for panel in spec.get("vconcat", []) if "title" in panel]
    return {"Title": "; ".join(titles), "Source": str(spec.get("title", {}).get("text", ""))}


def with_png_text(png: bytes, metadata: dict[str, str]) -> bytes:
    """``png`` with an ``iTXt`` chunk (UTF-8 text) per ``metadata`` entry after its header.

    >>> blank = PNG_SIGNATURE + _chunk(b"IHDR", bytes(13)) + _chunk(b"IEND", b"")
    >>> b"Source" in with_png_text(blank, {"Source": "ACLED"})
    True
    """
    signature, header_end = 8, 8 + 8 + 13 + 4  # signature, then the IHDR chunk
    if png[:signature] != PNG_SIGNATURE or not metadata:
        return png
    chunks = b"".join(
        _chunk(b"iTXt", key.encode("latin-1") + b"\x00\x00\x00\x00\x00" + value.encode())
        for key, value in metadata.items()
    )
    return png[:header_end] + chunks + png[header_end:]


def _chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def trend_image_spec(trend: Trend, *, measure: str = "fatalities") -> dict[str, Any]:
    """The Vega-Lite description of the chart ``trend.chart`` holds (computed by the core:
    ``core.chart_data``): a panel per charted country and the trend's source line.
    ``measure`` is the series column drawn (``fatalities`` or a rate such as
    ``fatalities_per_100k``)."""
    chart = trend.chart
    if chart is None or not chart.countries:
        raise InputError("--save-chart: there is no chart to draw for this selection")
    label = measure_label(measure)
    panels: list[dict[str, Any]] = []
    for country in chart.countries:
        if country.bars is not None:
            bars = year_bars(country.bars, country.country, measure)
            panels.append(
                bar_panel(bars, as_of=trend.as_of, coverage_end=trend.coverage_end,
                          measure_label=label)
            )  # fmt: skip
        elif country.steps is not None:
            if measure not in country.steps.columns:
                raise InputError(f"--save-chart: no {label} for a line chart of this selection")
            points = list(
                zip(
                    country.steps["period"].to_list(),
                    [float(value or 0) for value in country.steps[measure].to_list()],
                    country.steps["complete"].to_list(),
                    strict=True,
                )
            )
            panels.append(
                line_panel(country.country, points, step=chart.step,
                           coverage_end=trend.coverage_end, measure_label=label)
            )  # fmt: skip
        else:
            raise InputError(
                f"--save-chart draws bar and line charts as images; for --chart {chart.kind} "
                "save a .txt or .html file"
            )
    source = trend.source_line
    if len(chart.countries) < chart.total_countries:
        source += (
            f" Charts: the {len(chart.countries)} deadliest of {chart.total_countries} countries."
        )
    return image_spec(panels, source)


def measure_label(measure: str) -> str:
    """An axis title for a series column.

    >>> measure_label("fatalities_per_100k"), measure_label("events")
    ('fatalities per 100,000 people', 'events')
    """
    for suffix, people in (("_per_100k", "100,000"), ("_per_1m", "1 million")):
        if measure.endswith(suffix):
            return f"{measure.removesuffix(suffix)} per {people} people"
    return measure
