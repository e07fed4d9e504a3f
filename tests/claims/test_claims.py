"""Reading claims files: every kind, the seeds' format, and one-line errors naming the claim."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from fatalities.claims.model import (
    Basis,
    ClaimKind,
    Filters,
    Relation,
    Window,
    parse_claims,
    parse_claims_file,
    read_claims,
)
from fatalities.errors import ClaimsError, ExitCode
from fatalities.resources import seeds_path

CLAIMS_DATA = Path(__file__).parents[1] / "data" / "claims"


def test_value_claim_with_defaults_from_source() -> None:
    claims = parse_claims(
        """
        [source]
        publication = "Military Times"
        as_of = 2017-11-20

        [[claim]]
        id = "mali-2013"
        country = "Mali"
        phrase = "just over 850 in all of 2013"
        year = 2013
        qualifier = "Just  Over"
        value = 850
        """
    )
    (claim,) = claims
    assert claim.kind is ClaimKind.value
    assert claim.basis is Basis.year
    assert claim.qualifier == "just over"
    assert claim.as_of == date(2017, 11, 20)
    assert claim.source == "Military Times"
    assert claim.filters == Filters()


def test_every_kind_parses() -> None:
    claims = {c.id: c for c in read_claims(CLAIMS_DATA / "holds_on_sample.toml").claims}
    assert claims["mali-2017-so-far"].basis is Basis.year_to_date
    assert claims["mali-2017-pv"].filters == Filters(political_violence=True)
    assert claims["mali-2012-battles"].filters == Filters(event_types=("Battles",))
    assert claims["mali-2018-events"].measure == "events"
    assert claims["mali-2018-events"].value_high == 800
    rise = claims["mali-rise-2011-2012"]
    assert (rise.kind, rise.relation, rise.compared_with) == (
        ClaimKind.comparison,
        Relation.rise,
        2011,
    )
    assert (rise.from_qualifier, rise.from_value) == ("just over", 50)
    assert claims["mali-2017-decade"].window == Window(years=10, over=True)
    assert claims["mali-2019-record"].window == Window(on_record=True)
    assert claims["mali-2019-record"].as_of == date(2020, 7, 31)
    assert claims["burkina-2019-since"].window == Window(since=2010)


def test_the_seeds_file_reads_as_claims() -> None:
    parsed = read_claims(seeds_path())
    by_id = {c.id: c for c in parsed.claims}
    assert set(by_id) == {
        "mali-2011",
        "mali-2012",
        "mali-2013",
        "mali-2017-ytd",
        "mali-2017-most-violent",
    }
    assert by_id["mali-2013"].qualifier == "just over"
    assert by_id["mali-2017-ytd"].basis is Basis.year_to_date
    projection = by_id["mali-2017-most-violent"]
    assert projection.kind is ClaimKind.projection
    assert projection.window == Window(years=10, over=True)
    assert all(c.as_of == date(2017, 11, 20) for c in parsed.claims)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "no [[claim]]"),
        ("[[claim]\n", "not valid TOML"),
        ('[[claim]]\nid = "a"\nyear = 2013\nvalue = 5', "'a': country is missing"),
        ('[[claim]]\nid = "a"\ncountry = "Mali"\nvalue = 5', "'a': year is missing"),
        ('[[claim]]\nid = "a"\ncountry = "Mali"\nyear = 2013', "'a': value is missing"),
        (
            '[[claim]]\nid = "a"\ncountry = "Mali"\nyear = 2013\nvalue = 5\nqualifier = "roughly about"',
            "qualifier 'roughly about' is not known",
        ),
        (
            '[[claim]]\nid = "a"\ncountry = "Mali"\nyear = "2013"\nvalue = 5',
            "year must be a whole number",
        ),
        (
            '[[claim]]\nid = "a"\nkind = "guess"\ncountry = "Mali"\nyear = 2013',
            "unknown kind 'guess'",
        ),
        (
            '[[claim]]\nid = "a"\ncountry = "Mali"\nyear = 2013\nvalue = 5\nbasis = "month"',
            "basis 'month'",
        ),
        (
            '[[claim]]\nid = "a"\ncountry = "Mali"\nyear = 2013\nvalue = 5\nqualifier = "between"',
            "needs value_high",
        ),
        (
            '[[claim]]\nid = "a"\nkind = "rank"\ncountry = "Mali"\nyear = 2013',
            "exactly one of since, window_years or on_record",
        ),
        (
            '[[claim]]\nid = "a"\nkind = "comparison"\ncountry = "Mali"\nyear = 2013\n'
            'relation = "thrice"\ncompared_with = 2012',
            "relation 'thrice' is not known",
        ),
        (
            '[[claim]]\nid = "a"\ncountry = "Mali"\nyear = 2013\nvalue = 5\n'
            '[[claim]]\nid = "a"\ncountry = "Mali"\nyear = 2014\nvalue = 5',
            "'a' is used twice",
        ),
        (
            '[[claim]]\nid = "a"\ncountry = "Mali"\nyear = 2013\nvalue = 5\nas_of = "20 Nov"',
            "is not a date",
        ),
    ],
)
def test_bad_claims_files_name_the_problem(body: str, message: str) -> None:
    with pytest.raises(ClaimsError, match="claims\\.toml") as caught:
        parse_claims_file(body, name="claims.toml")
    assert message in str(caught.value)
    assert caught.value.exit_code is ExitCode.INPUT
    assert "\n" not in str(caught.value)


MALI_2012 = '[[claim]]\nid = "mali-2012"\ncountry = "Mali"\nyear = 2012\nvalue = 500\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            MALI_2012 + 'qualifer = "over"',
            "claims.toml: claim 'mali-2012': unknown key 'qualifer'; did you mean 'qualifier'?",
        ),
        (
            MALI_2012 + "valu = 3",
            "claims.toml: claim 'mali-2012': unknown key 'valu'; did you mean 'value'?",
        ),
        (
            MALI_2012.replace("[[claim]]", "[[figure]]") + "windows_years = 10",
            "claims.toml: claim 'mali-2012': unknown key 'windows_years'; "
            "did you mean 'window_years'?",
        ),
        (
            '[source]\npubliction = "Military Times"\n' + MALI_2012,
            "claims.toml: [source]: unknown key 'publiction'; did you mean 'publication'?",
        ),
        (
            MALI_2012 + '[[claims]]\nid = "b"',
            "claims.toml: unknown key 'claims'; did you mean 'claim'?",
        ),
        (MALI_2012 + "zzz = 1", "claims.toml: claim 'mali-2012': unknown key 'zzz'; use one of"),
    ],
    ids=["qualifer", "valu", "figure-windows_years", "source-publiction", "claims", "no-guess"],
)
def test_unknown_keys_are_named_with_the_closest_valid_key(body: str, message: str) -> None:
    with pytest.raises(ClaimsError) as caught:
        parse_claims_file(body, name="claims.toml")
    assert str(caught.value).startswith(message)
    assert caught.value.exit_code is ExitCode.INPUT


def test_unknown_key_exits_2_from_the_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from fatalities.cli.app import app

    claims = tmp_path / "claims.toml"
    claims.write_text(MALI_2012 + 'qualifer = "over"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--claims", str(claims)])
    assert result.exit_code == 2
    assert "unknown key 'qualifer'; did you mean 'qualifier'?" in result.stderr


def test_readme_documents_every_key_of_the_claims_file() -> None:
    from fatalities.claims.model import CLAIM_KEYS, FILE_KEYS, SOURCE_KEYS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The claims file", 1)[1].split("\n### ", 1)[0]
    for key in (*CLAIM_KEYS, *SOURCE_KEYS, *FILE_KEYS):
        written = re.search(rf"`(?:\[\[|\[)?{key}\b", section)
        assert written, f"the README's claims file section does not list {key!r}"


def test_missing_file_is_a_claims_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError, match="not found"):
        read_claims(tmp_path / "absent.toml")


def test_readme_shows_the_relations_the_code_uses() -> None:
    from fatalities.render.claims_tables import relations_table_markdown

    readme = Path(__file__).resolve().parents[2] / "README.md"
    assert relations_table_markdown() in readme.read_text(encoding="utf-8")
