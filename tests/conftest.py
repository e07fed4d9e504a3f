"""Shared test fixtures: where the real data lives, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: ../shared beside the checkout (CI puts it there); absent on a bare clone.
SHARED = ROOT.parent / "shared"
REALDATA = SHARED / "realdata"
ACLED_EVENTS = REALDATA / "acled-events"


def real_file(*parts: str) -> Path:
    """A file under ../shared/realdata, or skip the test when it is absent."""
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path}")
    return path


@pytest.fixture
def hdx_mali() -> Path:
    """The HDX 2020 Mali file (HXL row, ISO dates, CRLF)."""
    return real_file("acled-events", "hdx_conflict_data_mli.csv")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden``: rewrite tests/data/golden/*.txt from the current output."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden snapshots in tests/data/golden/ instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))
