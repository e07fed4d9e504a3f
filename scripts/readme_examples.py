"""Regenerate the example output in README.md from the tool itself.

Each example in README.md sits between two markers; the command is in the first:

    <!-- example: fatalities trend --country Mali --as-of 2017-11-20 --width 80 -->
    ```console
    $ fatalities trend --country Mali --as-of 2017-11-20 --width 80
    ...output...
    ```
    <!-- /example -->

Everything between the markers is rewritten: the command runs in bash, in the
repository folder, with stdout on a pseudo-terminal of 80 x 24 (so the output is
what a person sees in a terminal: a table and a chart, or CSV where the command
pipes), NO_COLOR=1, TERM=dumb (no loading spinner), LC_ALL=C, and the ``fatalities`` of this Python's environment
first on PATH. Notes on stderr are not shown. A command that exits with 2 or more
(a usage or input error) stops the script.

    python scripts/readme_examples.py           # rewrite README.md
    python scripts/readme_examples.py --check   # exit 1 and show a diff when stale

tests/test_readme.py runs the check in CI, so README output cannot drift.
"""

from __future__ import annotations

import difflib
import errno
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
COLUMNS, ROWS = 80, 24
EXAMPLE = re.compile(
    r"(?P<open><!-- example: (?P<command>.+?) -->\n)(?P<body>.*?)(?P<close><!-- /example -->)",
    re.DOTALL,
)


class ExampleError(RuntimeError):
    """A README command failed (exit status 2 or more)."""


def environment() -> dict[str, str]:
    """The fixed environment every example runs in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLUMNS", "LINES", "FORCE_COLOR", "CLICOLOR_FORCE")
        and not key.startswith("_FATALITIES")
    }
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        NO_COLOR="1",
        TERM="dumb",  # no loading spinner in the examples, however slow the machine
        LC_ALL="C",
        LANG="C",
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def run_in_terminal(command: str) -> str:
    """``command``'s stdout as seen on an 80 x 24 terminal (no colour, ``\\n`` line ends)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    attributes = termios.tcgetattr(slave)
    attributes[1] &= ~termios.ONLCR  # keep "\n" as written, not "\r\n"
    termios.tcsetattr(slave, termios.TCSANOW, attributes)
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            ["bash", "-o", "pipefail", "-c", command],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=stderr,
            cwd=ROOT,
            env=environment(),
            start_new_session=True,
        )
        os.close(slave)
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError as error:  # EIO: every writer to the terminal has gone
                if error.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        status = process.wait()
        stderr.seek(0)
        messages = stderr.read().decode("utf-8", "replace")
    if status >= 2:
        raise ExampleError(f"`{command}` exited with {status}:\n{messages}")
    return b"".join(chunks).decode("utf-8")


def render_example(command: str) -> str:
    """The text between the markers for ``command``."""
    output = run_in_terminal(command)
    if output and not output.endswith("\n"):
        output += "\n"
    return f"```console\n$ {command}\n{output}```\n"


def regenerate(text: str) -> str:
    """README text with every example's output replaced by the tool's current output."""

    def replace(match: re.Match[str]) -> str:
        body = render_example(match["command"].strip())
        return match["open"] + body + match["close"]

    return EXAMPLE.sub(replace, text)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    current = README.read_text(encoding="utf-8")
    fresh = regenerate(current)
    if not check:
        if fresh != current:
            README.write_text(fresh, encoding="utf-8")
            print(f"updated {README.relative_to(ROOT)}")
        else:
            print(f"{README.relative_to(ROOT)} is up to date")
        return 0
    if fresh == current:
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            fresh.splitlines(keepends=True),
            "README.md",
            "README.md (regenerated)",
        )
    )
    print("README examples are stale: run python scripts/readme_examples.py", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
