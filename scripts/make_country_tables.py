"""Build the shipped country mapping and population table from their sources.

Run from the repository root, with ``../shared`` beside it:

    uv run python scripts/make_country_tables.py

Writes

* ``fatalities/_data/countries.csv``: one row per country, ``iso3,name,iso,gwno,wb_name``:
  the name as ACLED writes it (``fatalities.countries``), ACLED's numeric ``iso`` (ISO 3166
  numeric, from Debian's iso-codes ``iso_3166-1.json``), the Gleditsch-Ward number
  (``GWNO``) where a legacy file in ``../shared/realdata`` pairs it with a country (ACLED's
  All Africa file, UCDP GED's ``country_id``), and the World Bank's name for it.
* ``fatalities/_data/population/population.csv``: ``iso3`` then one column per year,
  from the World Bank table in ``../shared/population`` (SP.POP.TOTL, PDDL), countries
  only (regional aggregates dropped), empty where the World Bank has no figure.

Nothing is typed in by hand: every code comes from one of those files.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
POPULATION = SHARED / "population" / "population.csv"
ACLED_AFRICA = SHARED / "realdata/acled-events/ACLED All Africa File_20160101 to 20160528_csv.csv"
UCDP_GED = SHARED / "realdata/ucdp-ged/ged191.csv"
OUT = ROOT / "fatalities" / "_data"
#: Names legacy files use for countries ACLED has since renamed.
FORMER_NAMES = {"Swaziland": "eSwatini"}


def _gwno_by_name() -> dict[str, str]:
    """Country name -> GWNO, the pairing most rows of the legacy files give."""
    pairs: Counter[tuple[str, str]] = Counter()
    with ACLED_AFRICA.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["GWNO"].strip() and row["COUNTRY"].strip():
                pairs[(row["COUNTRY"].strip(), row["GWNO"].strip())] += 1
    with UCDP_GED.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["country"].split(" (")[0].strip()
            pairs[(name, row["country_id"].strip())] += 1
    best: dict[str, tuple[int, str]] = {}
    for (name, code), count in pairs.items():
        if count > best.get(name, (0, ""))[0]:
            best[name] = (count, code)
    # a code claimed by two names (a coding slip in one file) goes to the more frequent
    owner: dict[str, tuple[int, str]] = {}
    for name, (count, code) in best.items():
        if count > owner.get(code, (0, ""))[0]:
            owner[code] = (count, name)
    return {name: code for code, (_, name) in owner.items()}


def main() -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from fatalities.countries import country_key, iso3_names

    numeric = {
        entry["alpha_3"]: str(int(entry["numeric"]))
        for entry in json.loads(ISO_CODES.read_text(encoding="utf-8"))["3166-1"]
    }
    numeric.setdefault("XKX", "0")  # Kosovo: no ISO code; ACLED writes 0
    gwno = {
        country_key(FORMER_NAMES.get(name, name)): code for name, code in _gwno_by_name().items()
    }
    wb_names: dict[str, str] = {}
    years: dict[str, dict[int, str]] = {}
    with POPULATION.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["Country Code"]
            wb_names[code] = row["Country Name"]
            years.setdefault(code, {})[int(row["Year"])] = str(int(float(row["Value"])))
    names = iso3_names()
    (OUT / "population").mkdir(parents=True, exist_ok=True)
    with (OUT / "countries.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "name", "iso", "gwno", "wb_name"])
        for code in sorted(names):
            name = names[code]
            writer.writerow(
                [code, name, numeric.get(code, ""), gwno.get(country_key(name), ""),
                 wb_names.get(code, "")]
            )  # fmt: skip
    countries = sorted(code for code in years if code in names)
    first = min(min(by_year) for by_year in years.values())
    last = max(max(by_year) for by_year in years.values())
    with (OUT / "population" / "population.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", *range(first, last + 1)])
        for code in countries:
            writer.writerow([code, *(years[code].get(y, "") for y in range(first, last + 1))])
    print(f"{len(names)} countries, {len(countries)} with population {first}-{last}")


if __name__ == "__main__":
    main()
