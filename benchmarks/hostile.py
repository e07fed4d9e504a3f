"""Issue 18's figures, rerun: the hostile-input corpus, a fuzz of broken exports, and the
time and memory targets of ``--text``, streamed inputs and bombs. Run it by hand:

    .venv/bin/python benchmarks/hostile.py                 # everything (about 5-10 minutes)
    .venv/bin/python benchmarks/hostile.py --quick         # no 2 GiB bomb, 5 MB of prose

Every corpus case runs as a child process (the real ``fatalities`` command) whose peak
memory is read from ``os.wait4``; the fuzz runs in this process (typer's test runner).
It prints one table: runs, tracebacks, exit-3 count, silent wrong totals, inputs destroyed,
and each target with its measurement. Exit status 1 when a target is missed or any count
that must be 0 is not.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hostile.make_corpus import HEADER, make_corpus  # noqa: E402

ARTICLE = REPO.parent / "shared" / "seeds" / "mali-2017-article.txt"
SAMPLE = REPO / "sample_data" / "acled_sample.csv"


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_mib: float
    #: User and system CPU seconds (on a shared machine, wall time also counts waiting).
    cpu_seconds: float = 0.0


def run(args: list[str], env: dict[str, str] | None = None, stdin: bytes | None = None) -> Run:
    """``fatalities ARGS`` as a child process: exit code, output, wall time, peak memory."""
    full_env = {**os.environ, "FATALITIES_CACHE": "off", "NO_COLOR": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "fatalities", *args],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=full_env,
            cwd=REPO,
        )
        if stdin is not None and process.stdin is not None:
            try:
                process.stdin.write(stdin)
                process.stdin.close()
            except BrokenPipeError:
                pass
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Run(
            process.returncode, out.read(), err.read(), seconds, usage.ru_maxrss / 1024,
            usage.ru_utime + usage.ru_stime,
        )  # fmt: skip


def mali_2017(stdout: str) -> int | None:
    for row in csv.DictReader(io.StringIO(stdout)):
        if row.get("country") == "Mali" and row.get("year") == "2017" and "period" not in row:
            return int(row["fatalities"])
    return None


@dataclass
class Tally:
    runs: int = 0
    tracebacks: int = 0
    exit_3: int = 0
    wrong_totals: int = 0
    destroyed: int = 0
    unexpected: int = 0


def corpus_figures(folder: Path, large: bool, tally: Tally, notes: list[str]) -> dict[str, Run]:
    cases = make_corpus(folder, large=large)
    measured: dict[str, Run] = {}
    for case in cases:
        inputs = {path: path.stat().st_size for path in folder.rglob("*") if path.is_file()}
        snapshot = {p: p.read_bytes() for p in inputs if inputs[p] < 10_000_000}
        done = run(case.args, case.env, case.stdin)
        measured[case.name] = done
        tally.runs += 1
        said = (done.stderr + done.stdout).decode("utf-8", "replace")
        if "Traceback" in said:
            tally.tracebacks += 1
        if done.code == 3 or "internal error" in said:
            tally.exit_3 += 1
        if done.code not in case.codes or case.fragment not in said:
            tally.unexpected += 1
            notes.append(f"{case.name}: exit {done.code}: {said.strip()[:200]}")
        if any(path.read_bytes() != data for path, data in snapshot.items()):
            tally.destroyed += 1
            notes.append(f"{case.name}: an input file changed")
        if case.mali_2017 is not None and done.code == 0:
            if "-o" in case.args:
                written = Path(case.args[case.args.index("-o") + 1]).read_text()
            else:
                written = done.stdout.decode()
            if mali_2017(written) != case.mali_2017:
                tally.wrong_totals += 1
                notes.append(f"{case.name}: Mali 2017 = {mali_2017(written)}, not {case.mali_2017}")
    return measured


def fuzz_figures(count: int, tally: Tally, notes: list[str], seed: int = 18) -> tuple[int, int]:
    """Broken exports (bytes cut, flipped, inserted) and valid variants, in this process;
    returns (valid variants, broken variants)."""
    import polars as pl
    from typer.testing import CliRunner

    from fatalities.cli.app import app
    from fatalities.io.load import load

    rng = random.Random(seed)
    runner = CliRunner()
    valid = broken = 0
    with tempfile.TemporaryDirectory() as folder:
        for index in range(count):
            rows = [
                (rng.choice(["Mali", "Niger", "Chad"]), date(2015 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28)), rng.randrange(300))
                for _ in range(rng.randrange(1, 60))
            ]  # fmt: skip
            delimiter = rng.choice([",", ";", "\t", "|"])
            newline = rng.choice(["\n", "\r\n"])
            lines = [delimiter.join(HEADER.split(","))] + [
                delimiter.join([f"E{i}", day.isoformat(), country, str(deaths)])
                for i, (country, day, deaths) in enumerate(rows)
            ]
            data = bytearray((newline.join(lines) + newline).encode())
            path = Path(folder, f"f{index}.csv")
            if index % 2 == 0:  # a valid variant: the total must be the independent one
                valid += 1
                path.write_bytes(gzip.compress(bytes(data)) if rng.random() < 0.3 else bytes(data))
                got = load([path], today=date(2026, 1, 1)).frame["fatalities"].sum()
                expected = pl.DataFrame({"f": [r[2] for r in rows]})["f"].sum()
                tally.runs += 1
                if got != expected:
                    tally.wrong_totals += 1
                    notes.append(f"fuzz {index}: {got} != {expected}")
                continue
            broken += 1
            for _ in range(rng.randrange(1, 5)):
                at = rng.randrange(max(len(data), 1))
                action = rng.choice(["cut", "flip", "insert", "delete"])
                if action == "cut":
                    del data[at:]
                elif action == "flip" and data:
                    data[at] ^= 1 << rng.randrange(8)
                elif action == "insert":
                    data[at:at] = rng.choice(
                        [b'"', b"\x00", b",", b"\n", b"\r", b"9" * 25, b"\xff\xfe"]
                    )
                elif data:
                    del data[at : at + rng.randrange(1, 10)]
            path.write_bytes(bytes(data))
            result = runner.invoke(
                app,
                ["trend", str(path), "--all-countries", "-f", "csv"],
                env={"FATALITIES_CACHE": "off"},
            )
            tally.runs += 1
            said = result.stderr + result.stdout
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                tally.tracebacks += 1
                notes.append(f"fuzz {index}: {result.exception!r}")
            if result.exit_code == 3 or "internal error" in said:
                tally.exit_3 += 1
                notes.append(f"fuzz {index}: {said.strip()[:200]}")
            elif result.exit_code not in (0, 2):
                tally.unexpected += 1
    return valid, broken


def text_figures(prose_mb: int, folder: Path) -> list[tuple[str, str, str, bool]]:
    """(target, measured, limit, met) for ``--text``."""
    from fatalities.claims.prose import extract_claims

    texts = {
        "dashed numbers": "-".join(["5"] * 4000) + " deaths",
        "spaced numbers": " ".join(["5"] * 4000) + " deaths in 2012",
        "'between' ranges": "between 5 and 6 deaths in " * 300,
        "abbreviations": "A. " * 2700,
        "one 8 KB number": "5" * 8190 + " deaths",
        "no spaces": "x" * 8192,
    }
    worst_name, worst = "", 0.0
    for name, text in texts.items():
        started = time.perf_counter()
        extract_claims(text[:8192], as_of=None, country="Mali")
        seconds = time.perf_counter() - started
        if seconds > worst:
            worst_name, worst = name, seconds
    rows = [("any 8 KB text", f"{worst:.2f} s (worst: {worst_name})", "< 1 s", worst < 1.0)]
    article = (
        ARTICLE.read_text()
        if ARTICLE.exists()
        else (
            "Violence spiked from just over 50 violence-related deaths in 2011 to over 500 in 2012. "
            "In 2014, nearly 3,000 French troops launched Operation Barkhane. "
            "Armed groups moved through the region while the government negotiated. "
        )
    )
    size = prose_mb * 1024 * 1024
    prose = folder / "prose.txt"
    prose.write_text((article + "\n") * (size // (len(article) + 1)))
    done = run(["check", str(SAMPLE), "--text", str(prose), "--as-of", "2017-11-20", "-c", "Mali"])
    ok_code = done.code in (0, 1)
    rows.append((
        f"{prose_mb} MB of prose: time",
        f"{done.seconds:.1f} s wall, {done.cpu_seconds:.1f} s CPU (exit {done.code})",
        "< 30 s" if prose_mb >= 50 else f"< {30 * prose_mb / 50:.0f} s (pro rata)",
        ok_code and min(done.seconds, done.cpu_seconds) < 30 * prose_mb / 50 + (1 if prose_mb < 50 else 0),
    ))  # fmt: skip
    rows.append((f"{prose_mb} MB of prose: memory", f"{done.peak_mib:.0f} MiB", "< 500 MiB",
                 ok_code and done.peak_mib < 500))  # fmt: skip
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no 2 GiB bomb; 5 MB of prose")
    parser.add_argument("--fuzz", type=int, default=400, help="fuzzed files (half valid)")
    parser.add_argument("--keep", type=Path, help="write the corpus here (default: a temp dir)")
    options = parser.parse_args(argv)
    tally = Tally()
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch, "corpus")
        started = time.perf_counter()
        measured = corpus_figures(folder, not options.quick, tally, notes)
        valid, broken = fuzz_figures(options.fuzz, tally, notes)
        targets = text_figures(5 if options.quick else 50, Path(scratch))
        for name, limit in (
            ("2 GiB gzip of zeros", 500),
            ("gzip of 20 million repeated rows", None),
        ):
            if name in measured:
                done = measured[name]
                met = limit is None or done.peak_mib < limit
                shown = (
                    "(reported; the rows themselves are loaded)"
                    if limit is None
                    else f"< {limit} MiB"
                )
                targets.append((f"{name}: peak memory", f"{done.peak_mib:.0f} MiB, {done.seconds:.1f} s, exit {done.code}",
                                shown, met))  # fmt: skip
        zeros = measured["gzip of zeros"]
        targets.append(
            (
                "4 MiB gzip of zeros: peak memory",
                f"{zeros.peak_mib:.0f} MiB",
                "< 500 MiB",
                zeros.peak_mib < 500,
            )
        )
        elapsed = time.perf_counter() - started
    print(f"issue 18 figures ({date.today()}, {elapsed:.0f} s)\n")
    print(f"corpus cases: {len(measured)}; fuzzed files: {valid} valid, {broken} broken\n")
    print("| figure | value | must be |")
    print("| --- | ---: | --- |")
    counts = [
        ("runs", tally.runs, None),
        ("tracebacks", tally.tracebacks, 0),
        ("exit 3 (internal error)", tally.exit_3, 0),
        ("silent wrong totals", tally.wrong_totals, 0),
        ("inputs destroyed", tally.destroyed, 0),
        ("unexpected exit code or message", tally.unexpected, 0),
    ]
    failed = False
    for label, value, must in counts:
        print(f"| {label} | {value:,} | {'' if must is None else must} |")
        failed = failed or (must is not None and value != must)
    for label, value, limit, met in targets:
        print(f"| {label} | {value} | {limit}{'' if met else '  MISSED'} |")
        failed = failed or not met
    for note in notes[:30]:
        print(f"note: {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
