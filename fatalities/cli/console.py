"""Where a command's output goes and how it looks, shared by every command.

- ``Console``: data to stdout (or, with ``-o FILE``, to a file written atomically),
  notes to stderr unless ``--quiet``, a progress spinner on a slow load, and a
  quiet exit when the reader of a pipe goes away (``| head -1``).
- ``choose_format``: table on a terminal, csv in a pipe (or from ``-o``'s suffix).
- ``use_colour``, ``terminal_width``, ``chart_height``: how charts fit the screen.
- ``choice_parser``: option values checked with a "did you mean ...?" suggestion.
- The ``Annotated`` option types every command shares (``--format``, ``-o``, ...).

Nothing here imports polars or plotext, so ``fatalities --help`` stays fast.

>>> choose_format(None, output="counts.json", stdout_is_terminal=True)
<OutputFormat.json: 'json'>
>>> closest("tabel", ["table", "csv", "tsv"])
'table'
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Annotated, TypeVar

import typer

from fatalities.io.processes import process_alive
from fatalities.vocabulary import OutputFormat

#: ``-o`` file suffix -> the format written when ``--format`` is not given.
SUFFIX_FORMATS: dict[str, OutputFormat] = {
    ".csv": OutputFormat.csv,
    ".tsv": OutputFormat.tsv,
    ".tab": OutputFormat.tsv,
    ".json": OutputFormat.json,
    ".ndjson": OutputFormat.ndjson,
    ".jsonl": OutputFormat.ndjson,
    ".md": OutputFormat.markdown,
    ".markdown": OutputFormat.markdown,
    ".txt": OutputFormat.table,
}
#: Narrowest chart width taken from ``COLUMNS`` or the terminal (``--width`` may be as
#: narrow as ``charts.MIN_WIDTH``: ``options.WidthOption`` refuses less).
MIN_WIDTH = 40
#: Seconds a load runs before the progress spinner appears.
PROGRESS_DELAY = 1.0

Choice = TypeVar("Choice", bound=StrEnum)


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to a misspelt ``value``, or ``None`` when nothing is close.

    >>> closest("paec", ["bar", "line", "pace", "none"])
    'pace'
    >>> closest("xyz", ["bar", "line"]) is None
    True
    """
    matches = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.5)
    return matches[0] if matches else None


def choice_parser(kind: type[Choice], noun: str) -> Callable[[str], Choice]:
    """A typer ``parser`` for an enum option: case-insensitive, suggesting the closest value.

    >>> parse = choice_parser(OutputFormat, "format")
    >>> parse("CSV")
    <OutputFormat.csv: 'csv'>
    >>> parse("tabel")
    Traceback (most recent call last):
    ...
    typer._click.exceptions.BadParameter: 'tabel' is not a format; did you mean table? (choose from table, csv, tsv, json, ndjson, markdown)
    """
    names = [member.value for member in kind]

    def parse(value: str) -> Choice:
        if isinstance(value, kind):
            return value
        try:
            return kind(str(value).strip().lower())
        except ValueError:
            pass
        suggestion = closest(str(value).strip(), names)
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        raise typer.BadParameter(
            f"{value!r} is not a {noun}{hint} (choose from {', '.join(names)})"
        )

    return parse


def completer(kind: type[StrEnum]) -> Callable[[str], list[str]]:
    """Shell completion of an enum option's values."""

    def complete(incomplete: str) -> list[str]:
        return [member.value for member in kind if member.value.startswith(incomplete)]

    return complete


def choose_format(
    requested: OutputFormat | None,
    *,
    output: str | Path | None = None,
    stdout_is_terminal: bool | None = None,
) -> OutputFormat:
    """``--format``; else the ``-o`` file's suffix (csv when unknown); else table on a
    terminal and csv in a pipe.

    >>> choose_format(None, stdout_is_terminal=False)
    <OutputFormat.csv: 'csv'>
    >>> choose_format(None, output="out.data", stdout_is_terminal=True)
    <OutputFormat.csv: 'csv'>
    """
    if requested is not None:
        return requested
    if output is not None:
        return SUFFIX_FORMATS.get(Path(output).suffix.lower(), OutputFormat.csv)
    if stdout_is_terminal is None:
        stdout_is_terminal = _isatty(sys.stdout)
    return OutputFormat.table if stdout_is_terminal else OutputFormat.csv


def use_colour(*, to_file: bool = False) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR``, ``TERM=dumb`` or into a file."""
    if to_file or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(sys.stdout)


def terminal_width(requested: int | None) -> int:
    """``--width`` as given, else ``COLUMNS`` or the terminal's width, else 80 (at least
    ``MIN_WIDTH``)."""
    if requested is not None:
        return requested
    return max(shutil.get_terminal_size((80, 24)).columns, MIN_WIDTH)


def chart_height(requested: int | None) -> int:
    """``--height``, else the terminal's height less room for a prompt, within 12..20 rows.

    Not on a terminal (and ``LINES`` unset) this is 16.
    """
    if requested is not None:
        return requested
    lines = shutil.get_terminal_size((80, 24)).lines
    return min(max(lines - 8, 12), 20)


def stdin_is_terminal() -> bool:
    """True when stdin is a terminal (a person, not a pipe or a file)."""
    return _isatty(sys.stdin)


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # a closed stream
        return False


#: Bytes of a file name when the file system does not say (``NAME_MAX`` on Linux).
NAME_MAX = 255
#: Suffix of the temporary file ``write_atomic`` writes beside its target.
TEMP_SUFFIX = ".tmp"


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never half of one; on any error the
    temporary file is removed and ``path`` is untouched. A ``path`` that exists and is
    not a regular file (a FIFO, ``/dev/stdout``, a device) is written in place, never
    replaced; a symbolic link is followed (the file it names is replaced, the link kept).
    Temporary files left by killed runs (their process is gone) are swept first.
    """
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: str | Path, data: bytes) -> None:
    """``write_atomic`` for bytes (images)."""
    target = Path(path)
    if is_special(target):
        with open(target, "wb") as handle:
            handle.write(data)
        return
    if target.is_symlink():
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    sweep_temporary(folder, target.name)
    descriptor, temporary = tempfile.mkstemp(
        dir=folder, prefix=temporary_prefix(target.name, folder), suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_special(path: Path) -> bool:
    """True when ``path`` exists (symbolic links followed) and is not a regular file or
    directory: a FIFO, a character or block device, a socket."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def temporary_stem(name: str, folder: Path | None = None) -> str:
    """``.NAME`` cut so that a temporary name built on it (``.NAME.PID.XXXXXXXX.tmp``,
    any process id) stays within the file system's name limit: the same for every run,
    so a later run finds the files of a killed one.

    >>> len(temporary_stem("x" * 250).encode()) + 12 + 8 + len(TEMP_SUFFIX) <= NAME_MAX
    True
    """
    limit = NAME_MAX
    if folder is not None:
        with suppress(OSError, ValueError):
            limit = min(limit, os.pathconf(folder, "PC_NAME_MAX"))
    room = limit - 1 - 12 - 8 - len(TEMP_SUFFIX)  # the dot, ".PID." (10 digits), mkstemp's 8
    return "." + name.encode()[: max(room, 1)].decode("utf-8", errors="ignore")


def temporary_prefix(name: str, folder: Path | None = None) -> str:
    """``.NAME.PID.`` for a temporary file beside ``name`` (see ``temporary_stem``).

    >>> len(temporary_prefix("x" * 250).encode()) + 8 + len(TEMP_SUFFIX) <= NAME_MAX
    True
    """
    return f"{temporary_stem(name, folder)}.{os.getpid()}."


def sweep_temporary(folder: Path, name: str) -> int:
    """Remove the temporary files of earlier writes of ``name`` in ``folder`` whose
    process is gone (a killed ``-o`` run); how many were removed."""
    stem = temporary_stem(name, folder)
    removed = 0
    try:
        candidates = [
            entry
            for entry in os.scandir(folder)
            if entry.name.startswith(stem + ".") and entry.name.endswith(TEMP_SUFFIX)
        ]
    except OSError:
        return 0
    for entry in candidates:
        pid_text = entry.name[len(stem) + 1 :].split(".", 1)[0]
        if not pid_text.isdigit() or process_alive(int(pid_text)):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def file_identities(sources: Iterable[str | Path]) -> dict[tuple[int, int], str]:
    """(device, inode) -> name of every file the inputs read: files named directly or
    through a symbolic link, every file inside a directory input, the files a glob
    matches (an archive is one file: the archive itself)."""
    import glob

    identities: dict[tuple[int, int], str] = {}

    def add(path: Path) -> None:
        try:
            found = os.stat(path)
        except (OSError, ValueError):
            return
        identities.setdefault((found.st_dev, found.st_ino), str(path))

    for source in sources:
        text = str(source)
        if text == "-":
            continue
        path = Path(text)
        if path.is_dir():
            for inner in path.rglob("*"):
                if inner.is_file():
                    add(inner)
        elif not path.exists() and glob.has_magic(text):
            for match in glob.glob(text, recursive=True):
                add(Path(match))
        else:
            add(path)
    return identities


def same_file_as_input(target: Path, inputs: dict[tuple[int, int], str]) -> str | None:
    """The input ``target`` is (same device and inode, symbolic links resolved), if any."""
    try:
        found = os.stat(target)
    except (OSError, ValueError):
        return None
    return inputs.get((found.st_dev, found.st_ino))


class Console:
    """Where output goes: data to stdout or ``-o FILE``, notes to stderr (unless quiet).

    With ``output`` the data is collected and written atomically when the ``with``
    block ends without an error; nothing is written when it ends with one.

    >>> import tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> with Console(output=f"{folder}/out.csv", quiet=True) as console:
    ...     console.data("year,fatalities\\n2013,883")
    >>> pathlib.Path(folder, "out.csv").read_text()
    'year,fatalities\\n2013,883\\n'
    """

    def __init__(self, *, quiet: bool = False, output: str | Path | None = None) -> None:
        self.quiet = quiet
        self.output = Path(output) if output is not None else None
        self._pending: list[str] = []
        #: (device, inode) -> name of every input file: ``-o`` never writes over one.
        self._inputs: dict[tuple[int, int], str] = {}

    def __enter__(self) -> Console:
        if self.output is not None:
            _check_writable(self.output)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None and self.output is not None:
            self.refuse_input(self.output, "-o")
            write_atomic(self.output, "".join(self._pending))
            self.note(f"wrote {self.output}")
        self._pending.clear()

    def protect(self, sources: Iterable[str | Path]) -> None:
        """Remember the files ``sources`` read, and refuse at once an ``-o`` that is one
        of them (``InputError``): the output must never replace an input."""
        self._inputs.update(file_identities(sources))
        if self.output is not None:
            self.refuse_input(self.output, "-o")

    def refuse_input(self, target: str | Path, option: str) -> None:
        """An ``InputError`` when ``target`` is one of the protected input files."""
        from fatalities.errors import InputError

        same = same_file_as_input(Path(target), self._inputs)
        if same is not None:
            shown = "" if str(same) == str(target) else f" (it is {same})"
            raise InputError(
                f"{option} {target}: is an input file{shown}; writing it would destroy "
                "the data: choose another output file"
            )

    @property
    def to_file(self) -> bool:
        """True when data goes to ``-o FILE`` rather than stdout."""
        return self.output is not None

    @property
    def on_terminal(self) -> bool:
        """True when data goes to a terminal (tables are then fitted to its width)."""
        return not self.to_file and _isatty(sys.stdout)

    @property
    def stdout_is_terminal(self) -> bool:
        """True when data is shown on a terminal (not a file, not a pipe)."""
        return self.output is None and _isatty(sys.stdout)

    def data(self, text: str) -> None:
        """Data for stdout (or the ``-o`` file); a final newline is added when missing."""
        text = text if text.endswith("\n") or not text else text + "\n"
        if self.output is not None:
            self._pending.append(text)
            return
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            closed_pipe()

    def stream(self, chunks: Iterable[str]) -> None:
        """Data given piece by piece (``render.text.render_chunks``): each piece is written
        as it comes, so a big result is never held whole as text on the way to stdout."""
        for chunk in chunks:
            if self.output is not None:
                self._pending.append(chunk)
                continue
            try:
                sys.stdout.write(chunk)
            except BrokenPipeError:
                closed_pipe()
        if self.output is None:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                closed_pipe()

    def note(self, text: str) -> None:
        """A message for the person at the terminal, on stderr."""
        if not self.quiet:
            sys.stderr.write(f"fatalities: {text}\n")
            sys.stderr.flush()

    def citation(self, line: str) -> None:
        """``--source-line``: the result's citation on stderr, as is (asked for, so shown
        even with ``--quiet``)."""
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    @contextmanager
    def progress(self, label: str) -> Iterator[None]:
        """A spinner on stderr while the block runs, shown only after ``PROGRESS_DELAY``
        seconds, only on a terminal and not with ``--quiet``. It leaves no trace."""
        if self.quiet or not _isatty(sys.stderr) or os.environ.get("TERM") == "dumb":
            yield
            return
        done = threading.Event()
        spinner = threading.Thread(target=_spin, args=(label, done), daemon=True)
        spinner.start()
        try:
            yield
        finally:
            done.set()
            spinner.join()


def _spin(label: str, done: threading.Event) -> None:
    """Wait ``PROGRESS_DELAY``; then redraw ``| loading x`` on stderr until ``done``."""
    if done.wait(PROGRESS_DELAY):
        return
    width = max(shutil.get_terminal_size((80, 24)).columns - 1, 10)
    line = f"fatalities: {label} ..."[: width - 2]
    frames = "|/-\\"
    tick = 0
    while True:
        sys.stderr.write(f"\r{frames[tick % 4]} {line}")
        sys.stderr.flush()
        tick += 1
        if done.wait(0.1):
            break
    # Plain spaces, no escape sequence: the line is wiped whatever the terminal.
    sys.stderr.write("\r" + " " * (len(line) + 2) + "\r")
    sys.stderr.flush()


def closed_pipe() -> None:
    """The reader went away (``| head -1``): silence stdout and exit 0, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise typer.Exit(0)


def _check_writable(path: Path) -> None:
    from fatalities.errors import InputError

    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"-o {path}: is a directory; give a file name")
    if is_special(path):
        if not os.access(path, os.W_OK):
            raise InputError(f"-o {path}: cannot be written; choose another place")
        return
    if not folder.is_dir():
        raise InputError(f"-o {path}: folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK):
        raise InputError(f"-o {path}: cannot write in {folder}; choose another place")


# ---------------------------------------------------------------------------
# Options shared by every command that outputs data (typer ``Annotated`` types)

FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, csv, tsv, json, ndjson or markdown. "
        "Default: table on a terminal, csv in a pipe (or from -o FILE's suffix).",
        show_default=False,
        metavar="FORMAT",
        parser=choice_parser(OutputFormat, "format"),
        autocompletion=completer(OutputFormat),
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the data to FILE (atomically: a temporary file, then a rename).",
        show_default=False,
        metavar="FILE",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No notes or warnings on stderr.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
FailEmptyOption = Annotated[
    bool,
    typer.Option("--fail-empty", help="Exit 1 (not 0) when the filters leave nothing."),
]
