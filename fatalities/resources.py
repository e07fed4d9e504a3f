"""Where the bundled files live: the synthetic sample data and the article's seeds.

In a source checkout they sit at the repository's top level; in an installed wheel
they are packaged under ``fatalities/_data``.

>>> sample_data_path().name
'acled_sample.csv'
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(folder: str, name: str) -> Path:
    for base in (_PACKAGE / "_data", _PACKAGE.parent):
        candidate = base / folder / name
        if candidate.exists():
            return candidate
    return _PACKAGE.parent / folder / name


def sample_data_path() -> Path:
    """The bundled synthetic ACLED-format export (see ``sample_data/README.md``)."""
    return _bundled("sample_data", "acled_sample.csv")


def seeds_path() -> Path:
    """The 2017 article's figures as data (see ``seeds/README.md``)."""
    return _bundled("seeds", "mali_2017_article.toml")
