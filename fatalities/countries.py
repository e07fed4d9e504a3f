"""Country names for ISO 3166 alpha-3 codes, spelled as ACLED spells them.

Sources that identify countries only by code (the HDX HAPI tables) get the same
names as ACLED's own files, so ``--country Mali`` works on every source.

>>> country_name("MLI"), country_name("COD"), country_name("XKX")
('Mali', 'Democratic Republic of Congo', 'Kosovo')
>>> country_name("ZZZ")
'ZZZ'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

#: A former name in brackets after a country's name, as UCDP writes some countries
#: (``Myanmar (Burma)``, ``DR Congo (Zaire)``). UCDP names are shown without it, and
#: a requested name is matched without it, so both spellings select the country.
FORMER_NAME = r"\s*\([^)]*\)$"

_TABLE = """
ABW Aruba|AFG Afghanistan|AGO Angola|AIA Anguilla|ALA Aland Islands|ALB Albania|AND Andorra
ARE United Arab Emirates|ARG Argentina|ARM Armenia|ASM American Samoa|ATA Antarctica
ATF French Southern and Antarctic Lands|ATG Antigua and Barbuda|AUS Australia|AUT Austria
AZE Azerbaijan|BDI Burundi|BEL Belgium|BEN Benin|BES Caribbean Netherlands|BFA Burkina Faso
BGD Bangladesh|BGR Bulgaria|BHR Bahrain|BHS Bahamas|BIH Bosnia and Herzegovina
BLM Saint-Barthelemy|BLR Belarus|BLZ Belize|BMU Bermuda|BOL Bolivia|BRA Brazil|BRB Barbados
BRN Brunei|BTN Bhutan|BVT Bouvet Island|BWA Botswana|CAF Central African Republic|CAN Canada
CCK Cocos (Keeling) Islands|CHE Switzerland|CHL Chile|CHN China|CIV Ivory Coast|CMR Cameroon
COD Democratic Republic of Congo|COG Republic of Congo|COK Cook Islands|COL Colombia
COM Comoros|CPV Cape Verde|CRI Costa Rica|CUB Cuba|CUW Curacao|CXR Christmas Island
CYM Cayman Islands|CYP Cyprus|CZE Czech Republic|DEU Germany|DJI Djibouti|DMA Dominica
DNK Denmark|DOM Dominican Republic|DZA Algeria|ECU Ecuador|EGY Egypt|ERI Eritrea
ESH Western Sahara|ESP Spain|EST Estonia|ETH Ethiopia|FIN Finland|FJI Fiji
FLK Falkland Islands|FRA France|FRO Faroe Islands|FSM Micronesia|GAB Gabon
GBR United Kingdom|GEO Georgia|GGY Guernsey|GHA Ghana|GIB Gibraltar|GIN Guinea
GLP Guadeloupe|GMB Gambia|GNB Guinea-Bissau|GNQ Equatorial Guinea|GRC Greece|GRD Grenada
GRL Greenland|GTM Guatemala|GUF French Guiana|GUM Guam|GUY Guyana|HKG Hong Kong
HMD Heard Island and McDonald Islands|HND Honduras|HRV Croatia|HTI Haiti|HUN Hungary
IDN Indonesia|IMN Isle of Man|IND India|IOT British Indian Ocean Territory|IRL Ireland
IRN Iran|IRQ Iraq|ISL Iceland|ISR Israel|ITA Italy|JAM Jamaica|JEY Jersey|JOR Jordan
JPN Japan|KAZ Kazakhstan|KEN Kenya|KGZ Kyrgyzstan|KHM Cambodia|KIR Kiribati
KNA Saint Kitts and Nevis|KOR South Korea|KWT Kuwait|LAO Laos|LBN Lebanon|LBR Liberia
LBY Libya|LCA Saint Lucia|LIE Liechtenstein|LKA Sri Lanka|LSO Lesotho|LTU Lithuania
LUX Luxembourg|LVA Latvia|MAC Macau|MAF Saint-Martin|MAR Morocco|MCO Monaco|MDA Moldova
MDG Madagascar|MDV Maldives|MEX Mexico|MHL Marshall Islands|MKD North Macedonia|MLI Mali
MLT Malta|MMR Myanmar|MNE Montenegro|MNG Mongolia|MNP Northern Mariana Islands
MOZ Mozambique|MRT Mauritania|MSR Montserrat|MTQ Martinique|MUS Mauritius|MWI Malawi
MYS Malaysia|MYT Mayotte|NAM Namibia|NCL New Caledonia|NER Niger|NFK Norfolk Island
NGA Nigeria|NIC Nicaragua|NIU Niue|NLD Netherlands|NOR Norway|NPL Nepal|NRU Nauru
NZL New Zealand|OMN Oman|PAK Pakistan|PAN Panama|PCN Pitcairn|PER Peru|PHL Philippines
PLW Palau|PNG Papua New Guinea|POL Poland|PRI Puerto Rico|PRK North Korea|PRT Portugal
PRY Paraguay|PSE Palestine|PYF French Polynesia|QAT Qatar|REU Reunion|ROU Romania
RUS Russia|RWA Rwanda|SAU Saudi Arabia|SDN Sudan|SEN Senegal|SGP Singapore
SGS South Georgia and the South Sandwich Islands|SHN Saint Helena, Ascension and Tristan da Cunha
SJM Svalbard and Jan Mayen|SLB Solomon Islands|SLE Sierra Leone|SLV El Salvador
SMR San Marino|SOM Somalia|SPM Saint Pierre and Miquelon|SRB Serbia|SSD South Sudan
STP Sao Tome and Principe|SUR Suriname|SVK Slovakia|SVN Slovenia|SWE Sweden|SWZ eSwatini
SXM Sint Maarten|SYC Seychelles|SYR Syria|TCA Turks and Caicos Islands|TCD Chad|TGO Togo
THA Thailand|TJK Tajikistan|TKL Tokelau|TKM Turkmenistan|TLS East Timor|TON Tonga
TTO Trinidad and Tobago|TUN Tunisia|TUR Turkey|TUV Tuvalu|TWN Taiwan|TZA Tanzania
UGA Uganda|UKR Ukraine|UMI United States Minor Outlying Islands|URY Uruguay
USA United States|UZB Uzbekistan|VAT Vatican City|VCT Saint Vincent and the Grenadines
VEN Venezuela|VGB British Virgin Islands|VIR Virgin Islands, U.S.|VNM Vietnam|VUT Vanuatu
WLF Wallis and Futuna|WSM Samoa|XKX Kosovo|YEM Yemen|ZAF South Africa|ZMB Zambia|ZWE Zimbabwe
"""


@cache
def iso3_names() -> dict[str, str]:
    """ISO 3166 alpha-3 code -> country name as ACLED writes it."""
    pairs = (entry.strip().split(" ", 1) for entry in _TABLE.replace("\n", "|").split("|"))
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def country_name(code: str) -> str:
    """The country's name for an alpha-3 code; an unknown code is returned as it is."""
    return iso3_names().get(code.strip().upper(), code)


def country_key(name: str) -> str:
    """How a requested country name is matched: trimmed, lower case, with no former
    name in brackets at the end (the form UCDP names are shown in).

    >>> country_key(" Myanmar (Burma) "), country_key("Cocos (Keeling) Islands")
    ('myanmar', 'cocos (keeling) islands')
    """
    return re.sub(FORMER_NAME, "", name.strip()).lower()


def country_keys(names: Iterable[str] | None) -> list[str]:
    """``country_key`` of each non-empty name, each once, in order.

    >>> country_keys(["Myanmar (Burma)", "myanmar", " ", "Mali"])
    ['myanmar', 'mali']
    """
    keys = (country_key(name) for name in names or () if name.strip())
    return list(dict.fromkeys(key for key in keys if key))


@dataclass(frozen=True)
class CountryCodes:
    """One country's names and codes, as ``_data/countries.csv`` holds them."""

    #: ISO 3166 alpha-3 (``MLI``).
    iso3: str
    #: The name as ACLED writes it (``Mali``).
    name: str
    #: ACLED's numeric ``iso`` column: ISO 3166 numeric (``466``); ``None`` when none.
    iso: int | None
    #: Gleditsch-Ward number, the ``GWNO`` of legacy ACLED files (``432``); ``None`` when unknown.
    gwno: int | None
    #: The World Bank's name (``Congo, Dem. Rep.``), as population tables write it.
    wb_name: str


@cache
def country_codes() -> tuple[CountryCodes, ...]:
    """Every country of the shipped mapping (``fatalities/_data/countries.csv``).

    >>> mali = next(c for c in country_codes() if c.iso3 == "MLI")
    >>> mali.name, mali.iso, mali.gwno
    ('Mali', 466, 432)
    """
    import csv
    from importlib.resources import files

    text = files("fatalities").joinpath("_data", "countries.csv").read_text(encoding="utf-8")

    def number(cell: str) -> int | None:
        return int(cell) if cell.strip() else None

    return tuple(
        CountryCodes(
            row["iso3"], row["name"], number(row["iso"]), number(row["gwno"]), row["wb_name"]
        )
        for row in csv.DictReader(text.splitlines())
    )


def find_country(text: str) -> CountryCodes | None:
    """The country a name or code stands for: an ACLED or World Bank name (any case,
    former name in brackets ignored), an ISO alpha-3 code, or ACLED's numeric ``iso``.

    >>> find_country("mali").iso3, find_country("Congo, Dem. Rep.").iso3, find_country("466").iso3
    ('MLI', 'COD', 'MLI')
    >>> find_country("Atlantis") is None
    True
    """
    return _country_index().get(country_key(text))


@cache
def _country_index() -> dict[str, CountryCodes]:
    index: dict[str, CountryCodes] = {}
    for codes in country_codes():
        keys = [codes.iso3.lower(), country_key(codes.name)]
        if codes.wb_name:
            keys.append(country_key(codes.wb_name))
        if codes.iso is not None:
            keys.append(str(codes.iso))
        for key in keys:
            index.setdefault(key, codes)
    return index


def gwno_names() -> dict[int, str]:
    """Gleditsch-Ward number -> country name as ACLED writes it (for legacy ``GWNO`` files).

    >>> gwno_names()[432]
    'Mali'
    """
    return {codes.gwno: codes.name for codes in country_codes() if codes.gwno is not None}
