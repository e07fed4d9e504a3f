"""The claims' rule tables as Markdown, printed from the rules the checks use (the README
carries copies, and a test fails if they differ)."""

from __future__ import annotations

from fatalities.claims.model import RELATIONS
from fatalities.claims.qualifiers import (
    EXAMPLE_FIGURES,
    QUALIFIERS,
    Qualifier,
    band,
    rounding_step,
)
from fatalities.render.text import markdown_table


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
