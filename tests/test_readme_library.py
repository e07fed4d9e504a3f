"""The README's "As a library" session runs as written (doctest), so its output is real."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def library_session() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## As a library", 1)[1].split("\n## ", 1)[0]
    return section.split("```pycon\n", 1)[1].split("```", 1)[0]


def test_the_library_session_in_the_readme_runs_as_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(library_session(), {}, "README: As a library", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 5
    assert os.getcwd() == str(ROOT)
