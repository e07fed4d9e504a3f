"""The hostile-input corpus of issue 18, generated (nothing large is stored in the repo).

``make_corpus(folder)`` writes every bad input into ``folder`` and returns the table of
cases: the command line, the environment, the message fragment stderr must hold and the
exit code. ``tests/hostile/test_hostile.py`` runs the table; ``benchmarks/hostile.py``
runs it too (with the large cases: ``large=True``) and counts tracebacks, exit 3s,
silent wrong totals and destroyed inputs.

Run it alone to look at the files: ``python tests/hostile/make_corpus.py /tmp/corpus``.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HEADER = "event_id_cnty,event_date,country,fatalities"
#: Rows every file starts from: 30 good events in Mali, 1 fatality each (30 in 2017).
GOOD_ROWS = [f"MLI{i},2017-01-{1 + i % 28:02d},Mali,1" for i in range(1, 31)]


@dataclass
class Case:
    """One hostile input: how it is run and what must come of it."""

    name: str
    args: list[str]
    fragment: str
    #: Acceptable exit codes (the first is the expected one).
    codes: tuple[int, ...]
    env: dict[str, str] = field(default_factory=dict)
    #: Text for stdin (``-``), when the case reads it.
    stdin: bytes | None = None
    #: The fatalities total the output must show for Mali 2017 (a silent wrong total
    #: otherwise), when the case loads data.
    mali_2017: int | None = None


def _csv(rows: list[str], *, header: str = HEADER, newline: str = "\n") -> str:
    return newline.join([header, *rows]) + newline


def _write(folder: Path, name: str, data: str | bytes) -> str:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def _trend(path: str, *extra: str) -> list[str]:
    return ["trend", path, "--country", "Mali", "--format", "csv", *extra]


def make_corpus(folder: Path, *, large: bool = False) -> list[Case]:
    """Write the corpus into ``folder``; ``large`` adds the gigabyte cases (benchmarks only)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = _csv(GOOD_ROWS)
    cases: list[Case] = []

    def add(name: str, args: list[str], fragment: str, *codes: int, **more: object) -> None:
        cases.append(Case(name, args, fragment, codes, **more))  # type: ignore[arg-type]

    # 6. silent overflow
    path = _write(
        folder, "overflow.csv", _csv([*GOOD_ROWS, "MLI99,2017-02-01,Mali,9223372036854775807"])
    )
    add(
        "overflow",
        _trend(path),
        "above the plausible ceiling of 100,000 per event (line 32",
        0,
        mali_2017=30,
    )
    add("overflow-strict", _trend(path, "--strict"), "above the plausible ceiling", 2)
    path = _write(
        folder, "four_billion.csv", _csv([*GOOD_ROWS, "MLI99,2017-02-01,Mali,4294967296"])
    )
    add("4294967296 deaths", _trend(path), "above the plausible ceiling", 0, mali_2017=30)
    path = _write(
        folder, "huge_number.csv", _csv([*GOOD_ROWS, "MLI99,2017-02-01,Mali," + "9" * 400])
    )
    add("400-digit fatalities", _trend(path), "not a whole number >= 0 (line 32", 0, mali_2017=30)
    # 9. rows with an empty country
    path = _write(folder, "empty_country.csv", _csv([*GOOD_ROWS, "MLI99,2017-02-01,,7"]))
    all_countries = ["trend", path, "--all-countries", "--format", "csv"]
    add(
        "empty country",
        all_countries,
        "1 row(s) with an empty country (line 32: empty)",
        0,
        mali_2017=30,
    )
    add("empty country --strict", [*all_countries, "--strict"], "an empty country", 2)
    add("empty country inspect", ["inspect", path, "--format", "json"], "an empty country", 0)
    # 10. ragged rows
    path = _write(folder, "ragged.csv", _csv([*GOOD_ROWS, "MLI99,2017-02-01,Mali,Gao,region,500"]))
    add(
        "ragged row",
        _trend(path),
        "more fields than the header's 4 (line 32: 6 fields)",
        0,
        mali_2017=30,
    )
    add("ragged row --strict", _trend(path, "--strict"), "more fields than the header", 2)
    # 12. encodings, line ends, quotes
    add("UTF-16", _trend(_write(folder, "utf16.txt", good.replace(",", "\t").encode("utf-16"))),
        "decoded as UTF-16", 0, mali_2017=30)  # fmt: skip
    add("UTF-32", _trend(_write(folder, "utf32.csv", good.encode("utf-32"))),
        "decoded as UTF-32", 0, mali_2017=30)  # fmt: skip
    add("CR-only lines", _trend(_write(folder, "mac.csv", good.replace("\n", "\r"))),
        "carriage returns only", 0, mali_2017=30)  # fmt: skip
    unbalanced = _csv([*GOOD_ROWS[:5], 'MLI98,2017-02-01,"Mali,3', *GOOD_ROWS[5:]])
    add("unbalanced quote", _trend(_write(folder, "quote.csv", unbalanced)),
        "line 7: a quoted value is not closed", 2)  # fmt: skip
    # 4. archives and stdin are streamed, within FATALITIES_MAX_INPUT
    zeros = bytes(4 * 1024 * 1024)
    add("gzip of zeros", _trend(_write(folder, "zeros.csv.gz", gzip.compress(zeros))),
        "binary data", 2)  # fmt: skip
    add("zip of zeros", _trend(_write(folder, "zeros.zip", _zip("data.csv", zeros))),
        "binary data", 2)  # fmt: skip
    many = _csv([f"MLI{i},2017-03-01,Mali,1" for i in range(20_000)])
    path = _write(folder, "rows.csv.gz", gzip.compress(many.encode()))
    add("gzip over the cap", _trend(path), "more than 64 KiB once decompressed", 2,
        env={"FATALITIES_MAX_INPUT": "64KiB"})  # fmt: skip
    add("gzip under the cap", _trend(path), "", 0, mali_2017=20_000)
    add("stdin over the cap", ["trend", "-", "--all-countries", "-f", "csv"],
        "more than 64 KiB once read from stdin", 2, env={"FATALITIES_MAX_INPUT": "64KiB"},
        stdin=("a,b,c\n" * 40_000).encode())  # fmt: skip
    add("bad FATALITIES_MAX_INPUT", _trend(_write(folder, "good.csv", good)),
        "FATALITIES_MAX_INPUT='lots' is not a size", 2, env={"FATALITIES_MAX_INPUT": "lots"})  # fmt: skip
    # 11. deep nesting, huge numbers in --text
    deep = "[" * 50_000 + "]" * 50_000
    add("deep JSON", _trend(_write(folder, "deep.json", deep)), "nested too deeply", 2)
    data = _write(folder, "data.csv", good)
    add("deep TOML", ["check", data, "--claims", _write(folder, "deep.toml", f"a = {deep}\n")],
        "nested too deeply", 2)  # fmt: skip
    text = "5" * 50_000 + " deaths in 2017. In all of 2017, 30 people were killed in Mali."
    add("50,000-digit number in --text",
        ["check", data, "--text", _write(folder, "digits.txt", text), "--as-of", "2017-12-31"],
        "digits, not a count", 0, 1)  # fmt: skip
    dashes = "-".join(["5"] * 4000) + " deaths in 2017. In all of 2017, 30 people died in Mali."
    add("8 KB of dashed numbers in --text",
        ["check", data, "--text", _write(folder, "dashes.txt", dashes), "--as-of", "2017-12-31"],
        "skipped", 0, 1)  # fmt: skip
    # 5. big breakdowns are refused before they are built
    add("--max-rows", ["trend", data, "--all-countries", "--period", "week", "--by", "event_type",
        "--max-rows", "3", "-f", "csv"], "more than --max-rows 3", 2)  # fmt: skip
    # 12. claims files
    claim = 'id = "x"\ncountry = "Mali"\nyear = 2017\n'
    bad_claims = {
        "rank 0": f'kind = "rank"\nrank = 0\non_record = true\n{claim}',
        "value_high below value": f'qualifier = "between"\nvalue = 50\nvalue_high = 40\n{claim}',
        "compared with itself": f'kind = "comparison"\nrelation = "more than"\ncompared_with = 2017\n{claim}',
        "as_of 0001-01-01": f"as_of = 0001-01-01\nvalue = 30\n{claim}",
        "negative value": f"value = -3\n{claim}",
    }
    fragments = {
        "rank 0": "rank 0 is not a rank",
        "value_high below value": "value_high 40 is below value 50",
        "compared with itself": "compares 2017 with itself",
        "as_of 0001-01-01": "as_of 0001-01-01 is outside",
        "negative value": "value -3 is not a plausible count",
    }
    for label, body in bad_claims.items():
        path = _write(folder, f"claims_{label.replace(' ', '_')}.toml", f"[[claim]]\n{body}")
        add(
            f"claims: {label}",
            ["check", data, "--claims", path],
            f"claim 'x': {fragments[label]}",
            2,
        )
    # 1. -o never destroys an input
    add("-o onto the input", _trend(data, "-o", data), "is an input file", 2)
    folder_input = folder / "inputs"
    folder_input.mkdir(exist_ok=True)
    inner = _write(folder_input, "inner.csv", good)
    add("-o onto a file in a directory input",
        ["trend", str(folder_input), "-c", "Mali", "-o", inner], "is an input file", 2)  # fmt: skip
    link = folder / "link.csv"
    if not link.exists():
        link.symlink_to(Path(data).name)
    add("-o onto a symlink to the input", _trend(data, "-o", str(link)), "is an input file", 2)
    add("-o with a 250-character name", _trend(data, "-o", str(folder / ("y" * 246 + ".csv"))),
        "wrote", 0, mali_2017=30)  # fmt: skip
    if large:
        bomb = folder / "bomb_2GiB.csv.gz"
        if not bomb.exists():
            with gzip.open(bomb, "wb", compresslevel=9) as out:
                chunk = bytes(64 * 1024 * 1024)
                for _ in range(32):
                    out.write(chunk)
        add("2 GiB gzip of zeros", _trend(str(bomb)), "binary data", 2)
        rows_bomb = folder / "rows_bomb.csv.gz"
        if not rows_bomb.exists():
            line = b"MLI1,2017-01-01,Mali,1\n"
            with gzip.open(rows_bomb, "wb", compresslevel=9) as out:
                out.write((HEADER + "\n").encode())
                block = line * 500_000
                for _ in range(40):  # 20 million rows, about 460 MB
                    out.write(block)
        add("gzip of 20 million repeated rows", _trend(str(rows_bomb)), "", 0,
            mali_2017=1)  # fmt: skip  # one event id, listed 20 million times: counted once
    return cases


def _zip(member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return buffer.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case in make_corpus(target):
        print(f"{case.name}: {' '.join(case.args)} -> exit {case.codes[0]}, {case.fragment!r}")
