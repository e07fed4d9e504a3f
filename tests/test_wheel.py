"""The built wheel is complete: it holds the bundled data, and once installed in a fresh
environment the commands that read it work (not only in a source checkout)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = [
    "fatalities/_data/sample_data/acled_sample.csv",
    "fatalities/_data/seeds/mali_2017_article.toml",
    "fatalities/_data/population/population.csv",
    "fatalities/_data/population/SOURCES.md",
    "fatalities/_data/countries.csv",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv to build and install"),
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(out), "--quiet", str(ROOT)],
        check=True,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
    )
    return next(out.glob("*.whl"))


def test_the_wheel_holds_the_bundled_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in DATA:
        assert name in names, name


def test_an_installed_wheel_runs_on_its_own_data(wheel: Path, tmp_path: Path) -> None:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "FATALITIES_CACHE": "off"}
    env.pop("VIRTUAL_ENV", None)
    venv = tmp_path / "venv"
    subprocess.run(
        ["uv", "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=env
    )
    python = venv / "bin" / "python"
    subprocess.run(
        ["uv", "pip", "install", "--quiet", "--python", str(python), str(wheel)],
        check=True,
        env=env,
    )
    command = venv / "bin" / "fatalities"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for args in (
        ["trend", "--country", "Mali", "--format", "csv"],
        ["trend", "--source", "article", "--format", "csv"],
        ["trend", "--country", "Mali", "--per", "100k", "--format", "csv"],
        ["check", "--as-of", "2017-11-20"],
    ):
        done = subprocess.run(
            [str(command), *args], cwd=elsewhere, capture_output=True, text=True, env=env
        )
        assert done.returncode in (0, 1), (args, done.stderr)
        assert done.stdout.strip(), args
        assert str(ROOT) not in done.stderr  # read from the installed package, not the checkout
    trend = subprocess.run(
        [str(command), "trend", "--country", "Mali", "--format", "csv"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert "Mali,2013,883," in trend.stdout
