"""Claims for people: the results of a check as a table, and the rule tables as Markdown
printed from the rules the checks use (the README carries copies; a test fails if they
differ)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fatalities.claims.model import RELATIONS
from fatalities.claims.qualifiers import (
    EXAMPLE_FIGURES,
    QUALIFIERS,
    Qualifier,
    band,
    rounding_step,
)
from fatalities.render.text import markdown_table

if TYPE_CHECKING:
    from fatalities.claims.check import Reading, Result


def qualifier_table_markdown(examples: tuple[int, ...] = EXAMPLE_FIGURES) -> str:
    """The qualifier table as Markdown, with worked examples (pasted in the README).

    >>> print(qualifier_table_markdown((50,)).splitlines()[0])
    | qualifier | also written | holds when | 50 (step 10) | meaning |
    """
    headers = [
        "qualifier",
        "also written",
        "holds when",
        *(f"{x:,} (step {rounding_step(x):,})" for x in examples),
        "meaning",
    ]
    rows = [
        [
            row.name,
            ", ".join(row.aliases),
            row.rule(),
            *(_example(row, x) for x in examples),
            row.meaning,
        ]
        for row in QUALIFIERS
    ]
    return markdown_table(headers, rows)


def _example(row: Qualifier, figure: int) -> str:
    if row.high.second:
        return f"Y = {figure * 2:,}: " + band(row.name, figure, figure * 2).text()
    return band(row.name, figure).text()


def relations_table_markdown() -> str:
    """The comparison relations as Markdown (pasted in the README).

    >>> relations_table_markdown().splitlines()[2]
    '| more than | a > b |'
    """
    return markdown_table(["relation", "holds when"], [[str(k), v] for k, v in RELATIONS.items()])


def results_table(results: list[Result], width: int = 80) -> str:
    """The results for people: per claim, its id and phrase, then its readings, then why.

    A claim's first reading decides its verdict; a second one (verdict in brackets)
    is the other reading: the same cut of the year as the as-of date, or the later
    full year of a projection. Reading rows are aligned across claims.
    """
    import textwrap

    from fatalities.render.text import text_table

    rows: list[list[str]] = []
    for result in results:
        reading = result.reading
        rows.append([reading.label, _value(reading), str(reading.verdict), result.expects])
        if result.same_cut is not None:
            other = result.same_cut
            rows.append([other.label, _value(other), f"({other.verdict})", ""])
    table = text_table(["reading", "value", "verdict", "expects"], rows).splitlines()
    lines = [f"  {table[0]}"]
    row = 1
    for result in results:
        phrase = result.claim.phrase or result.claim.describe()
        lines.append(_shorten(f'{result.claim.id}: "{phrase}"', width))
        count = 2 if result.same_cut is not None else 1
        lines.extend(f"  {line}" for line in table[row : row + count])
        row += count
        if result.reason:
            lines.extend(
                textwrap.wrap(
                    result.reason,
                    width=width,
                    initial_indent="  = ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                )
            )
    return "\n".join(lines) + "\n"


def _value(reading: Reading) -> str:
    if reading.shown:
        return reading.shown
    return f"{reading.value:,}" if reading.value is not None else "-"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
