"""README.md's example output is the tool's output, byte for byte (CI catches drift).

Fix a failure with `uv run python scripts/readme_examples.py` and review the diff.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def examples_script() -> ModuleType:
    path = ROOT / "scripts" / "readme_examples.py"
    spec = importlib.util.spec_from_file_location("readme_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_readme_opens_with_the_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["uv run fatalities trend --country Mali", "uv run pytest"]
    assert text.index("```sh") < text.index("<!-- example:")


def test_readme_tour_has_the_promised_examples() -> None:
    script = examples_script()
    commands = [m["command"] for m in script.EXAMPLE.finditer(README.read_text(encoding="utf-8"))]
    assert any("trend" in c and "--chart" not in c and "|" not in c for c in commands)  # bar
    assert any("--chart pace" in c for c in commands)
    assert any("--format csv |" in c for c in commands)
    assert any(c.startswith("fatalities check") for c in commands)
    for command in commands:  # deterministic: fixed width and as-of where it matters
        if "--chart" in command or ("trend" in command and "|" not in command):
            assert "--width 80" in command and "--as-of" in command, command


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_readme_examples_match_the_tool_byte_for_byte() -> None:
    script = examples_script()
    current = README.read_text(encoding="utf-8")
    fresh = script.regenerate(current)
    assert fresh == current, (
        "README examples are stale: run `uv run python scripts/readme_examples.py` "
        "and review the diff"
    )


def test_no_escape_codes_in_the_readme() -> None:
    assert "\x1b" not in README.read_text(encoding="utf-8")
