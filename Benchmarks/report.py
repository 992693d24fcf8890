#!/usr/bin/env python3
"""Draws the benchmark charts with Almanac's own chart renderer.

    python3 Benchmarks/report.py [--almanac .build/release/almanac] [--csv results/latest.csv]

Copies the results CSV into the tiny site in Benchmarks/report/ (as Content/data/bench.csv),
builds it with almanac into Benchmarks/report/Output/, and extracts the wide variant of each
chart's <svg> into docs/: performance-chart.svg (median wall seconds per tool and size),
performance-cpu.svg (median user + system seconds) and performance-memory.svg (median peak RSS).
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHARTS = {
    "bench-wall": "performance-chart.svg",
    "bench-cpu": "performance-cpu.svg",
    "bench-memory": "performance-memory.svg",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--almanac", default=str(ROOT / ".build" / "release" / "almanac"))
    parser.add_argument("--csv", default=str(HERE / "results" / "latest.csv"))
    parser.add_argument("--docs", default=str(ROOT / "docs"))
    args = parser.parse_args()

    site = HERE / "report"
    data = site / "Content" / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.csv, data / "bench.csv")
    output = site / "Output"
    build = subprocess.run(
        [args.almanac, "build", "--source", str(site), "--output", str(output)],
        capture_output=True, text=True)
    sys.stderr.write(build.stdout + build.stderr)
    if build.returncode != 0:
        sys.exit("report: almanac could not build Benchmarks/report")
    html = (output / "index.html").read_text(encoding="utf-8")
    for chart_id, name in CHARTS.items():
        match = re.search(
            r'<figure[^>]*id="' + re.escape(chart_id) + r'".*?(<svg[^>]*chart__svg--wide.*?</svg>)',
            html, re.S)
        if not match:
            sys.exit(f"report: no chart {chart_id} in the built page")
        svg = match.group(1)
        if "xmlns=" not in svg[:300]:
            svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        target = Path(args.docs) / name
        target.write_text(svg + "\n", encoding="utf-8")
        print(f"report: wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    main()
