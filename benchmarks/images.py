"""How big chart images are and how long one takes to write (issue 16). Run it by hand:

    .venv/bin/python benchmarks/images.py            # the sample data's Mali chart
    .venv/bin/python benchmarks/images.py --runs 5

It builds the Vega-Lite description of ``fatalities trend --country Mali`` from the bundled
sample data once, then times ``image_bytes`` for PNG, SVG and the spec: the first call in
the process apart (vl-convert starts its JavaScript engine then), and the median of the
later ones. It also times the whole command with ``--save-chart`` as a child process.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from fatalities.core.trend import compute_trend
    from fatalities.io.load import load
    from fatalities.render.images import ChartFile, image_bytes, image_metadata, trend_image_spec
    from fatalities.resources import sample_data_path
    from fatalities.vocabulary import ChartKind, Selection, TrendRequest

    loaded = load([sample_data_path()], countries=["Mali"])
    request = TrendRequest(selection=Selection(countries=("Mali",)), chart=ChartKind.bar)
    spec = trend_image_spec(compute_trend(loaded, request))
    print(f"{'kind':<10}{'bytes':>10}{'first s':>10}{'median s':>10}")
    for kind in (ChartFile.png, ChartFile.svg, ChartFile.vega_lite):
        times = []
        for _ in range(args.runs + 1):
            start = time.perf_counter()
            data = image_bytes(spec, kind, metadata=image_metadata(spec))
            times.append(time.perf_counter() - start)
        print(
            f"{kind.value:<10}{len(data):>10,}{times[0]:>10.3f}{statistics.median(times[1:]):>10.3f}"
        )
    script = Path(sys.executable).parent / "fatalities"
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".png", ".svg", ".txt"):
            target = Path(folder, f"mali{suffix}")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run(
                    [str(script), "trend", "--country", "Mali", "-q", "--save-chart", str(target)],
                    check=True,
                    capture_output=True,
                )
                times.append(time.perf_counter() - start)
            print(f"trend --save-chart mali{suffix}: median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
