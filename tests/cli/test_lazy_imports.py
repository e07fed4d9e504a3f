"""Start-up stays fast: importing the CLI, and any ``--help``, loads no heavy library.

Each check runs in a fresh interpreter, since this test process has long imported
polars. ``fatalities --help`` is meant to cost little more than ``import typer``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Libraries that cost tenths of a second to import; none is needed to parse options.
HEAVY = ("polars", "plotext", "fastexcel", "duckdb", "rich", "numpy", "pandas", "pyarrow")

PROBE = """
import json, sys
args, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
if args is None:
    import fatalities.cli.app
else:
    sys.argv = ["fatalities", *args]
    from fatalities.cli.main import main
    try:
        main()
    except SystemExit:
        pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def heavy_modules_after(args: list[str] | None) -> list[str]:
    """Heavy modules loaded by a fresh interpreter after importing the CLI (``None``)
    or running ``fatalities ARGS``."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    loaded: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert heavy_modules_after(None) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["trend", "--help"],
        ["countries", "--help"],
        ["summary", "--help"],
        ["change", "--help"],
        ["check", "--help"],
        ["inspect", "--help"],
        ["cache", "--help"],
        ["cache", "info", "--help"],
    ],
    ids=" ".join,
)
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    assert heavy_modules_after(args) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check can fail: a command that computes does import polars."""
    assert "polars" in heavy_modules_after(["trend", "--country", "Mali", "--format", "csv"])
