"""The quick option checks give exactly typer's values and errors, without pydantic.

Every parameter of every command is checked with a table of values, typical and odd;
the quick check (``fatalities.cli.quick_options``) must agree with typer's own check.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from typer import _coercion
from typer._click import Context
from typer.main import get_command

from fatalities.cli.app import app
from fatalities.cli.quick_options import install

VALUES: list[Any] = [
    "10",
    "-3",
    "007",
    " 10",
    "10.0",
    "1e3",
    "99999999999999999999",
    "",
    "abc",
    "Mali",
    "table",
    "TABLE",
    "csv",
    "bar",
    "best",
    "year",
    "event_type",
    b"csv",
    ["Mali", "Niger"],
    ("10", "x"),
    (),
    ["2010", "2011"],
    ["event_type", "nope"],
]


def _parameters() -> Iterator[tuple[str, Any, Any]]:
    def walk(group: Any, prefix: str) -> Iterator[tuple[str, Any, Any]]:
        for name, command in sorted(getattr(group, "commands", {}).items()):
            yield from walk(command, f"{prefix}{name} ")
            for param in command.params:
                if hasattr(param, "type_descriptor"):
                    yield f"{prefix}{name} {param.name}", command, param

    yield from walk(get_command(app), "")


def _outcome(runtime: Any, value: Any, param: Any, ctx: Context) -> tuple[str, Any]:
    try:
        return ("value", runtime.coerce(value, param=param, ctx=ctx))
    except Exception as error:
        return ("error", f"{type(error).__name__}: {error}")


PARAMETERS = list(_parameters())


def test_install_is_in_place() -> None:
    assert install() is True
    from typer import core

    assert getattr(core.build_runtime_param, "quick", False)


@pytest.mark.parametrize(("name", "command", "param"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_quick_checks_agree_with_typer(name: str, command: Any, param: Any) -> None:
    from typer import core

    ctx = Context(command)
    quick = core.build_runtime_param(param.type_descriptor)
    typer_own = _coercion.build_runtime_param(param.type_descriptor)
    for value in VALUES:
        assert _outcome(quick, value, param, ctx) == _outcome(typer_own, value, param, ctx), (
            name,
            value,
        )


def test_a_plain_trend_run_does_not_import_pydantic() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['fatalities', 'trend', '--country', 'Mali', '--format', 'csv',"
        " '--from', '2010', '--chart', 'bar']\n"
        "from fatalities.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str('pydantic' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("country,year")
    assert done.stderr.strip().endswith("False")


def test_an_odd_value_still_gets_typers_message() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["trend", "--country", "Mali", "--from", "20x10"])
    assert result.exit_code == 2
    assert "Invalid value for '--from'" in result.stderr
