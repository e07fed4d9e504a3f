"""Where the bundled files live: the synthetic sample data and the article's seeds.

An installed wheel carries them in the package, as ``fatalities/_data/`` (read through
``importlib.resources``); a source checkout keeps them at the repository's top level
(``sample_data/``, ``seeds/``), where the wheel build takes them from.

>>> sample_data_path().name
'acled_sample.csv'
>>> seeds_path().name
'mali_2017_article.toml'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The repository's top level, in a source checkout.
CHECKOUT = Path(__file__).resolve().parent.parent


def bundled(folder: str, name: str) -> Path:
    """The bundled file ``folder/name``: from the installed package's ``_data``, else
    from the source checkout."""
    packaged = resources.files("fatalities").joinpath("_data", folder, name)
    if packaged.is_file():
        return Path(str(packaged))
    return CHECKOUT / folder / name


def sample_data_path() -> Path:
    """The bundled synthetic ACLED-format export (see ``sample_data/README.md``)."""
    return bundled("sample_data", "acled_sample.csv")


def seeds_path() -> Path:
    """The 2017 article's figures as data (see ``seeds/README.md``)."""
    return bundled("seeds", "mali_2017_article.toml")
