"""Terminal charts for fatality trends, rendered to strings with plotext 6.

This is the only module that imports plotext, and it does so lazily inside the
functions: ``import fatalities.render.charts`` stays cheap and loads neither plotext nor
polars. Every public function is pure: it returns the chart as a ``str`` (no
printing) whose lines are at most ``width`` display columns wide, and the same
inputs always give the same text, so the output can be golden-tested. Lines
carry no trailing spaces and the text has no final newline.

plotext 6 notes (facts this module relies on):

* Each chart gets its own figure: ``type(plotext.terminal)()`` makes a private
  terminal object whose ``_master`` is a fresh figure, so the global
  ``plotext.figure`` is never touched and no state leaks between calls.
  ``terminal.limit(False, False)`` stops the figure size from being clamped to
  the real terminal, then ``figure.plot_size(width, height)`` sets it exactly.
* ``figure.build()`` returns a matrix; ``matrix.string(colorless=True)`` is
  the text with no ANSI escape at all (the ``colorless`` theme is also set).
* A filled shape reaching past an explicit axis limit aborts the process in
  plotext's C kernel (an assertion, not an exception), so the y limit is always
  at or above the data.
* plotext's own legend is a framed box with a blank row between entries, which
  hides too much of a small chart; legends here are text lines under the plot.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

__all__ = ["MIN_WIDTH", "bar_chart", "line_chart", "pace_chart"]

#: Narrowest chart accepted; narrower widths raise ``ValueError``.
MIN_WIDTH = 30
#: Shortest chart produced; smaller heights are raised to this.
_MIN_PLOT_HEIGHT = 8

_MAX_BAR = 8  # widest bar, in columns

_YTD_MARK = "█"
_REST_MARK = "░"
_CURRENT_MARK = "█"
_TOP_MARKS = ("•", "+", "x", "o")
_FAINT_MARK = "·"

_YTD_COLOR = "red+"
_REST_COLOR = "gray"
_CURRENT_COLOR = "red+"
_TOP_COLORS = ("orange+", "blue+", "green+", "magenta+")
_FAINT_COLOR = "gray"
_LINE_COLOR = "blue+"
_ASOF_COLOR = "gray+"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_START_DOY = (1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335)
_LAST_DOY = 366


# ---------------------------------------------------------------------------
# Small pure helpers (no plotext)


def _display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide East Asian characters count 2)."""
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def _truncate(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` columns, ending with an ellipsis when cut."""
    if _display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _display_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _fmt_number(value: float) -> str:
    """Short tick label: ``1500 -> '1.5k'``, ``2_000_000 -> '2M'``, ``0.5 -> '0.5'``."""
    size = abs(value)
    if size >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if size >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def _nice_step(raw: float) -> float:
    """Smallest 1/2/2.5/5 x 10^n step at least ``raw`` (``raw`` > 0)."""
    base = 10.0 ** math.floor(math.log10(raw))
    for mult in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = mult * base
        if step >= raw * (1 - 1e-9):
            return step
    return 10.0 * base  # pragma: no cover - the loop always returns


def _y_axis(
    lo: float, hi: float, rows: int, *, integer: bool
) -> tuple[float, float, list[float], list[str]]:
    """Nice limits and ticks covering ``[lo, hi]`` (always including 0).

    Returns ``(lower, upper, tick_positions, tick_labels)`` with ``upper >= hi``
    and ``lower <= lo`` so no data is ever clipped.

    >>> _y_axis(0, 252, 5, integer=True)[1]  # not 400
    300.0
    """
    lo, hi = min(0.0, float(lo)), max(0.0, float(hi))
    if hi - lo <= 0:
        hi = lo + 1.0
    # The axis ends near the data's maximum: of the nice steps with at most a tick a row,
    # the one whose top is lowest (the usual tick count when tied).
    intervals = max(2, min(6, round(rows / 2.5)))
    most = max(intervals, min(6, rows - 1))

    def limits(count: int) -> tuple[float, float, float]:
        step = _nice_step((hi - lo) / count)
        if integer:
            step = max(step, 1.0)
        lower = step * math.floor(lo / step + 1e-9)
        return step, lower, max(step * math.ceil(hi / step - 1e-9), hi)

    candidates = [limits(count) for count in [intervals, *range(2, most + 1)]]
    fitting = [c for c in candidates if round((c[2] - c[1]) / c[0]) <= most]
    step, lower, upper = min(fitting, key=lambda c: c[2] - c[1])
    count = round((upper - lower) / step)
    ticks = [round(lower + i * step, 10) for i in range(count + 1)]
    return lower, upper, ticks, [_fmt_number(t) for t in ticks]


def _tick_indices(
    columns: list[float], labels: list[str], canvas: int, anchor: int, gap: int = 2
) -> list[int]:
    """Which ticks to label so that no two labels come closer than ``gap`` columns.

    ``columns[i]`` is the canvas column of tick ``i``. Candidates are every
    ``step``-th tick counted from ``anchor`` (always kept), with the smallest step
    whose labels fit; a label is assumed centred on its tick and pushed inside
    the canvas at the edges, as plotext does, and any candidate still
    crowding a kept label is dropped.
    """
    count = len(columns)

    def span(i: int) -> tuple[float, float]:
        size = _display_width(labels[i])
        start = min(max(columns[i] - size / 2, 0.0), max(0.0, canvas - size))
        return start, start + size

    def clear(i: int, kept: list[int]) -> bool:
        lo, hi = span(i)
        return all(hi + gap <= span(k)[0] or span(k)[1] + gap <= lo for k in kept)

    widest = max((_display_width(label) for label in labels), default=1)
    pitch = (max(columns) - min(columns)) / max(1, count - 1) if count > 1 else 1.0
    step = max(1, math.ceil((widest + gap) / max(pitch, 1e-9)))
    kept = [anchor]
    for i in sorted((i for i in range(count) if (anchor - i) % step == 0), reverse=True):
        if i != anchor and clear(i, kept):
            kept.append(i)
    return sorted(kept)


def _day_label(year: int, day_of_year: int) -> str:
    """``(2020, 182) -> '30 Jun'`` (locale independent)."""
    day = date(year, 1, 1) + timedelta(days=max(1, day_of_year) - 1)
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _legend_lines(entries: list[tuple[str, str, str | None]], width: int, color: bool) -> list[str]:
    """Wrap ``(mark, text, colour)`` legend entries into lines of ``width`` columns.

    With ``color`` the mark is coloured through plotext; otherwise plain text.
    """
    lines: list[str] = []
    current, current_width = "", 0
    for mark, text, colour in entries:
        plain = _truncate(f"{mark} {text}" if mark else text, width)
        shown = plain
        if color and mark and colour is not None:
            shown = _colorize(mark, colour) + plain[len(mark) :]
        size = _display_width(plain)
        if current and current_width + 2 + size > width:
            lines.append(current)
            current, current_width = "", 0
        if current:
            current, current_width = f"{current}  {shown}", current_width + 2 + size
        else:
            current, current_width = shown, size
    if current:
        lines.append(current)
    return lines


def _unseen_lines(unseen: list[str], width: int, most: int = 2) -> list[str]:
    """``rest of year under one row: 2013 +27, ...`` in at most ``most`` lines of ``width``,
    items never cut; those that do not fit are counted (``and 3 more``).

    >>> _unseen_lines(["2013 +27", "2014 +9", "2015 +120"], 40)
    ['rest of year under one row: 2013 +27,', '2014 +9, 2015 +120']
    >>> _unseen_lines([f"{year} +{year - 1990}" for year in range(1997, 2012)], 40)
    ['rest of year under one row: 1997 +7,', '1998 +8, 1999 +9, 2000 +10 and 11 more']
    """
    if not unseen:
        return []
    import textwrap

    def wrapped(items: list[str], more: int) -> list[str]:
        text = "rest of year under one row: " + ", ".join(i.replace(" ", "\u00a0") for i in items)
        if more:
            text += f" and {more} more"
        lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
        return [line.replace("\u00a0", " ") for line in lines]

    for shown in range(len(unseen), -1, -1):
        lines = wrapped(unseen[:shown], len(unseen) - shown)
        if len(lines) <= most:
            return lines
    return lines


# ---------------------------------------------------------------------------
# plotext plumbing (lazy imports)


def _colorize(text: str, colour: str) -> str:
    import plotext as plt

    out: str = plt.colorize(text, plt.pixel(foreground=colour)).string()
    return out


def _check_size(width: int, height: int) -> int:
    """Validate ``width``; return the height actually used (at least the minimum)."""
    if width < MIN_WIDTH:
        raise ValueError(f"chart width must be at least {MIN_WIDTH} columns, got {width}")
    return max(height, _MIN_PLOT_HEIGHT)


def _new_figure(width: int, height: int, color: bool, title: str) -> Any:
    """A fresh, private plotext figure of exactly ``width`` x ``height`` cells."""
    import plotext as plt

    # A private terminal owns a private master figure: nothing global is mutated,
    # and its cycler/settings start from defaults on every call (determinism).
    term = type(plt.terminal)()
    term.limit(False, False)  # do not clamp the size to the real terminal
    fig = term._master
    fig.plot_size(width, height)
    fig.theme("simple" if color else "colorless")
    if title:
        # plotext drops a title wider than the plot instead of cutting it.
        fig.title(_truncate(title, width))
    return fig


def _marker(symbol: str, colour: str | None, color: bool) -> Any:
    import plotext as plt

    if color and colour is not None:
        return plt.marker(symbol, pixel=plt.pixel(foreground=colour))
    return plt.marker(symbol)


def _render(fig: Any, color: bool, footer: list[str]) -> str:
    text: str = fig.build().string(colorless=not color)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines + footer)


def _canvas_width(width: int, y_labels: list[str]) -> int:
    """Columns inside the frame: total minus the y tick labels and the two borders."""
    return width - max((_display_width(label) for label in y_labels), default=0) - 2


def _no_data(title: str, width: int) -> str:
    return "\n".join([_truncate(title, width), "(no data)"] if title else ["(no data)"])


# ---------------------------------------------------------------------------
# Public charts


def bar_chart(
    years: list[int],
    fatalities: list[int],
    ytd_fatalities: list[int | None],
    partial_year: int | None,
    *,
    width: int,
    height: int,
    color: bool,
    title: str,
) -> str:
    """Annual fatalities as stacked bars: year-to-date part (``█``) + rest of year (``░``).

    ``ytd_fatalities[i]`` is the part of ``fatalities[i]`` up to the same day of
    year as the data's last date. The ``partial_year`` bar gets a ``*`` on its x
    label and a legend line under the plot explains the marks. Year labels are
    thinned out (every 2nd, 3rd ... year, always keeping the partial or last
    year) so they never collide; bars are laid out on whole terminal columns so
    each keeps a gap.

    plotext 6 has stacked bars, but its bar geometry rounds to cells unevenly at
    ~3 columns per bar, so bars are drawn as plotext rectangles on an x axis
    measured in canvas columns.

    >>> out = bar_chart([2019, 2020], [120, 40], [50, 40], 2020,
    ...                 width=40, height=12, color=False, title="Fatalities")
    >>> "2020*" in out and "* partial year" in out
    True
    """
    height = _check_size(width, height)
    if not years:
        return _no_data(title, width)
    if not len(years) == len(fatalities) == len(ytd_fatalities):
        raise ValueError("years, fatalities and ytd_fatalities must have the same length")

    totals = [max(0, int(v)) for v in fatalities]
    # a year-to-date the data do not cover (None) draws no year-to-date part
    ytds = [
        0 if y is None else min(max(0, int(y)), t)
        for y, t in zip(ytd_fatalities, totals, strict=True)
    ]

    entries: list[tuple[str, str, str | None]] = [
        (_YTD_MARK, "year to date", _YTD_COLOR),
        (_REST_MARK, "rest of year", _REST_COLOR),
    ]
    if partial_year is not None and partial_year in years:
        entries.append(("", f"* partial year ({partial_year}, to date)", None))
    # A rest of year smaller than one row would not show: the legend states it instead.
    unseen: list[str] = []
    for _ in range(3):  # the legend's lines and the axis depend on each other: settle them
        footer = _legend_lines(entries, width, color) + _unseen_lines(unseen, width)
        plot_height = max(_MIN_PLOT_HEIGHT, height - len(footer))
        rows = plot_height - 4  # title, two borders, x labels
        lower, upper, yticks, ylabels = _y_axis(0, max(totals), rows, integer=True)
        row_value = (upper - lower) / max(1, rows - 1)
        # plotext fills the rows a value rounds to: the rest shows when its top rounds
        # to a higher row than the year-to-date part's
        found = [
            f"{year} +{total - ytd:,}"
            for year, total, ytd in zip(years, totals, ytds, strict=True)
            if 0 < ytd < total and round(total / row_value) == round(ytd / row_value)
        ]
        if found == unseen:
            break
        unseen = found
    canvas = _canvas_width(width, ylabels)

    count = len(years)
    slot = canvas // count
    if slot >= 1:
        bar = 1 if slot <= 2 else min(_MAX_BAR, slot - max(1, slot // 4))
        offset = (canvas - count * slot) // 2 + (slot - bar) // 2
        lefts = [offset + i * slot for i in range(count)]
    else:  # more years than columns: one column per year, some overlap
        bar = 1
        lefts = [min(canvas - 1, (i * canvas) // count) for i in range(count)]

    fig = _new_figure(width, plot_height, color, title)
    ytd_marker = _marker(_YTD_MARK, _YTD_COLOR, color)
    rest_marker = _marker(_REST_MARK, _REST_COLOR, color)
    for left, total, ytd in zip(lefts, totals, ytds, strict=True):
        # x unit = one canvas column; column j is centred on j + 0.5
        xs = (left + 0.5, left + bar - 0.5)
        if total > ytd:
            fig.draw(fig.rectangle(xs, (ytd, total), marker=rest_marker))
        if ytd > 0:
            fig.draw(fig.rectangle(xs, (0, ytd), marker=ytd_marker))

    def label(year: int, short: bool) -> str:
        text = f"'{year % 100:02d}" if short else str(year)
        return text + ("*" if year == partial_year else "")

    # Full years ("2004") unless two-digit ones ("'04") let more years be labelled.
    anchor = years.index(partial_year) if partial_year in years else count - 1
    centres = [left + (bar - 1) // 2 + 0.5 for left in lefts]
    choices = []
    for short in (False, True):
        texts = [label(y, short) for y in years]
        choices.append((-len(_tick_indices(centres, texts, canvas, anchor, gap=1)), short))
    short = min(choices)[1]
    texts = [label(y, short) for y in years]
    shown = _tick_indices(centres, texts, canvas, anchor, gap=1)
    fig.ruler("x").lim(0, canvas).alignment(lim="edge")
    fig.ruler("x").ticks([centres[i] for i in shown], labels=[texts[i] for i in shown])
    fig.ruler("y").lim(lower, upper).ticks(yticks, labels=ylabels)
    return _render(fig, color, footer)


def line_chart(
    labels: list[str],
    values: Sequence[int | float],
    *,
    width: int,
    height: int,
    color: bool,
    title: str,
    y_label: str = "fatalities",
) -> str:
    """A monthly or weekly series as a line; x labels are thinned to fit.

    The last label is always shown; others every ``n``-th point back from it.

    >>> out = line_chart(["2020-01", "2020-02", "2020-03"], [5, 9, 2],
    ...                  width=40, height=12, color=False, title="Monthly")
    >>> "2020-03" in out
    True
    """
    height = _check_size(width, height)
    if not labels:
        return _no_data(title, width)
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")

    rows = height - 5  # title, two borders, x labels, axis label row
    integer = all(float(v).is_integer() for v in values)
    lower, upper, yticks, ylabels = _y_axis(min(values), max(values), rows, integer=integer)
    canvas = _canvas_width(width, ylabels)

    count = len(labels)
    xs = list(range(1, count + 1))
    fig = _new_figure(width, height, color, title)
    series = fig.signal(xs, [float(v) for v in values], marker=_marker("hd", _LINE_COLOR, color))
    fig.draw(series.lines().density("full"))

    columns = [i * (canvas - 1) / max(1, count - 1) for i in range(count)]
    shown = _tick_indices(columns, labels, canvas, count - 1)
    fig.ruler("x").lim(1, max(count, 2))
    fig.ruler("x").ticks([xs[i] for i in shown], labels=[labels[i] for i in shown])
    fig.ruler("y").lim(lower, upper).ticks(yticks, labels=ylabels)
    if y_label:
        fig.label(_truncate(y_label, width), axis="y")
    return _render(fig, color, [])


def _step_points(points: list[tuple[int, int]], last_day: int) -> tuple[list[float], list[float]]:
    """Cumulative ``(day, total)`` points as a step line from day 1 to ``last_day``."""
    xs: list[float] = [1.0]
    ys: list[float] = [0.0]
    level = 0.0
    for day, total in sorted(points):
        day_f = float(min(max(day, 1), _LAST_DOY))
        xs += [day_f, day_f]
        ys += [level, float(total)]
        level = float(total)
    end = float(max(last_day, int(xs[-1])))
    xs.append(end)
    ys.append(level)
    return xs, ys


def pace_chart(
    series: dict[int, list[tuple[int, int]]],
    current_year: int,
    as_of_day: int,
    *,
    width: int,
    height: int,
    color: bool,
    title: str,
) -> str:
    """Cumulative fatalities by day of year, one step line per year.

    ``series[year]`` holds ``(day_of_year, cumulative_fatalities)`` points. The
    current year is drawn last with ``█`` (thick, red in colour), the worst
    earlier year and the next top ones with ``• + x o``, and when there are more
    than four earlier years the rest faintly with ``·`` and unnamed. A dotted
    vertical line marks ``as_of_day``, labelled "as of <d Mon>" in the plot; the
    legend is printed as text under the plot (plotext's boxed legend is too tall).

    >>> out = pace_chart({2019: [(10, 5), (200, 40)], 2020: [(3, 2), (50, 30)]},
    ...                  2020, 60, width=50, height=14, color=False, title="Pace")
    >>> "2020" in out and "as of 29 Feb" in out
    True
    """
    height = _check_size(width, height)
    as_of_day = min(max(as_of_day, 1), _LAST_DOY)

    def final(year: int) -> int:
        points = series.get(year, [])
        return max(points)[1] if points else 0

    earlier = sorted((y for y in series if y != current_year), key=lambda y: (-final(y), -y))
    # Few earlier years: name them all; many: name the worst and the next two only.
    named = earlier if len(earlier) <= len(_TOP_MARKS) else earlier[: len(_TOP_MARKS) - 1]
    faint = [y for y in earlier if y not in named]

    entries: list[tuple[str, str, str | None]] = [
        (
            _CURRENT_MARK,
            f"{current_year} (to {_day_label(current_year, as_of_day)})",
            _CURRENT_COLOR,
        ),
    ]
    for rank, year in enumerate(named):
        note = f" (worst: {final(year):,})" if rank == 0 else ""
        entries.append((_TOP_MARKS[rank], f"{year}{note}", _TOP_COLORS[rank]))
    if faint:
        noun = "year" if len(faint) == 1 else "years"
        entries.append((_FAINT_MARK, f"{len(faint)} other {noun}", _FAINT_COLOR))
    footer = _legend_lines(entries, width, color)
    plot_height = max(_MIN_PLOT_HEIGHT, height - len(footer))

    rows = plot_height - 4
    top = max([final(y) for y in series] + [0])
    lower, upper, yticks, ylabels = _y_axis(0, top, rows, integer=True)
    canvas = _canvas_width(width, ylabels)

    fig = _new_figure(width, plot_height, color, title)

    def draw(year: int, last_day: int, mark: str, colour: str) -> None:
        xs, ys = _step_points(series.get(year, []), last_day)
        line = fig.signal(xs, ys, marker=_marker(mark, colour, color))
        fig.draw(line.lines().density("full"))

    # Later draws overwrite earlier ones: the as-of marker first, then faint years,
    # the current year last. plotext 6 has vertical lines (figure.line(x,
    # orientation="vertical")), but their pixel always carries a background colour
    # (a white strip in colour mode), so the marker is a vertical "┊" segment.
    asof_line = fig.segment(
        (as_of_day, as_of_day), (lower, upper), marker=_marker("┊", _ASOF_COLOR, color)
    )
    fig.draw(asof_line.density("full"))  # drawn first: the year lines go over it
    for year in sorted(faint):
        draw(year, _LAST_DOY, _FAINT_MARK, _FAINT_COLOR)
    for rank in reversed(range(len(named))):
        draw(named[rank], _LAST_DOY, _TOP_MARKS[rank], _TOP_COLORS[rank])
    draw(current_year, as_of_day, _CURRENT_MARK, _CURRENT_COLOR)

    # The "as of" label is a text signal on the top row, on the roomier side.
    days_per_col = (_LAST_DOY - 1) / max(1, canvas - 1)
    asof_text = f"as of {_day_label(current_year, as_of_day)}"
    if as_of_day > (_LAST_DOY + 1) / 2:
        fig.draw(fig.text(as_of_day - days_per_col, upper, asof_text, alignment="right"))
    else:
        fig.draw(fig.text(as_of_day + days_per_col, upper, asof_text, alignment="left"))

    month_step = 1 if canvas / 12 >= 5 else 2 if canvas / 6 >= 5 else 3
    months = range(0, 12, month_step)
    fig.ruler("x").lim(1, _LAST_DOY)
    fig.ruler("x").ticks([_MONTH_START_DOY[m] for m in months], labels=[_MONTHS[m] for m in months])
    fig.ruler("y").lim(lower, upper).ticks(yticks, labels=ylabels)
    return _render(fig, color, footer)
