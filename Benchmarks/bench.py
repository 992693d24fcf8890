#!/usr/bin/env python3
"""Almanac's benchmark runner: `make bench` calls it after building almanac in release.

    python3 Benchmarks/bench.py [--sizes 1000,10000] [--pairs 3] [--only full,incremental,...]

Everything is measured as medians of ALTERNATING runs in one session (A, B, C, then B, C, A, …),
each into an empty output folder unless the scenario says otherwise, so that a busy machine slows
every tool alike and the ratios stay meaningful. Wall time comes from the runner's own clock;
user and system CPU seconds and peak RSS from `/usr/bin/time -v`.

Scenarios (--only picks some; all run by default):

  full         clean builds of the same articles: almanac (minimal templates), almanac with the
               default theme, hugo (when installed), and the libcmark floor (cmark-floor.c)
  incremental  almanac over its own previous output: no change, one article edited, the shared
               data file edited (1 % of pages use it), every page changed (a new base URL: the
               writer replaces every file instead of writing into an empty folder), and
               `--clean` when the binary has it; hugo's no-change rebuild for comparison. Then the
               preview servers (`almanac serve`, `hugo server`): one article edited three times,
               timed by each server's own report of its rebuild
  queries      1,000 pages without data vs. with 50,000 CSV rows and one small query per page
  charts       1,000 pages with one chart each vs. the same queries without the charts (CPU)
  peers        Markdown only, on the 1,000-page sample: cmark-floor, pandoc, python-markdown
  variants     almanac built with other compiler flags (--variant NAME=PATH) vs. the default

Results: one row per run in Benchmarks/results/latest.csv (appended to results/history.csv too),
a summary of medians and ratios printed and written to Benchmarks/results/summary.md, and the
chart site in Benchmarks/report/ built with almanac into docs/performance-chart.svg
(report.py).
"""

import argparse
import csv
import datetime
import json
import os
import queue
import socket
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIELDS = [
    "date", "machine", "scenario", "tool", "pages", "run", "wall_s", "user_s", "sys_s",
    "max_rss_kb", "exit", "note", "stages_ms",
]


def log(message):
    print(message, file=sys.stderr, flush=True)


class Runner:
    def __init__(self, args):
        self.args = args
        self.rows = []
        self.date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.machine = machine_name()
        self.work = Path(args.work).resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        self.almanac = str(Path(args.almanac).resolve())
        self.hugo = shutil.which("hugo")
        self.pandoc = shutil.which("pandoc")
        self.markdown_python = python_with_markdown()
        self.floor = str(self.work / "cmark-floor")
        help_text = subprocess.run(
            [self.almanac, "build", "--help"], capture_output=True, text=True).stdout
        self.has_clean = "--clean" in help_text
        self.scratch = Path(tempfile.mkdtemp(prefix="almanac-bench-", dir=self.work))

    # -- measuring -------------------------------------------------------------------------

    def measure(self, scenario, tool, pages, run, command, note="", env=None):
        """Runs one command under /usr/bin/time -v and records a row. Almanac builds also write
        their JSON report, whose stage timings go into the row's stages_ms."""
        timing = self.scratch / "time.txt"
        output = self.scratch / "command.log"
        report = self.scratch / "report.json"
        if report.exists():
            report.unlink()
        if tool.startswith("almanac") and command[1:2] == ["build"]:
            command = [*command, "--json", str(report)]
        with open(output, "wb") as out:
            start = time.perf_counter()
            proc = subprocess.run(
                ["/usr/bin/time", "-v", "-o", str(timing), *command],
                stdout=out, stderr=subprocess.STDOUT, env=env)
            wall = time.perf_counter() - start
        stats = parse_time_v(timing.read_text())
        row = {
            "date": self.date, "machine": self.machine, "scenario": scenario, "tool": tool,
            "pages": pages, "run": run, "wall_s": f"{wall:.3f}",
            "user_s": f"{stats['user']:.2f}", "sys_s": f"{stats['sys']:.2f}",
            "max_rss_kb": stats["rss"], "exit": proc.returncode, "note": note,
            "stages_ms": stage_timings(report),
        }
        self.rows.append(row)
        self.save_partial(row)
        log(f"  {scenario:<22} {tool:<24} {pages:>7} run {run}: {wall:8.3f} s wall, "
            f"{stats['user'] + stats['sys']:7.2f} s cpu, {stats['rss'] / 1024:8.1f} MiB"
            + ("" if proc.returncode == 0 else f"  EXIT {proc.returncode}"))
        if proc.returncode != 0:
            log(output.read_text(errors="replace")[-3000:])
        return row

    def alternate(self, runs):
        """runs: list of (label, prepare, measure) callables; rotated each pair."""
        for pair in range(1, self.args.pairs + 1):
            shift = (pair - 1) % len(runs)
            for _, prepare, run in runs[shift:] + runs[:shift]:
                if prepare:
                    prepare()
                run(pair)

    # -- corpora ---------------------------------------------------------------------------

    def corpus(self, name, pages, *extra):
        """Generates a corpus once (kept under the work folder between runs)."""
        folder = self.work / name
        stamp = folder / "corpus.json"
        key = json.dumps([pages, *extra])
        marker = folder / ".args"
        if not (stamp.exists() and marker.exists() and marker.read_text().strip() == key):
            log(f"generating {name} ({pages} pages {' '.join(extra)})")
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), "--pages", str(pages),
                 "--out", str(folder), *extra], check=True, stdout=subprocess.DEVNULL)
            marker.write_text(key)
        # Warm the page cache so that no tool pays for the first read of the corpus.
        for path in folder.rglob("*"):
            if path.is_file():
                path.read_bytes()
        return folder

    def out(self, name):
        path = self.scratch / name
        if path.exists():
            shutil.rmtree(path)
        return path

    def almanac_build(self, source, output, *extra, binary=None):
        return [binary or self.almanac, "build", "--source", str(source), "--output",
                str(output), *extra]

    # -- scenarios -------------------------------------------------------------------------

    def full(self, pages):
        site = self.corpus(f"p{pages}", pages)
        runs = []

        def almanac(label, source):
            def go(pair):
                self.measure("full", label, pages, pair,
                             self.almanac_build(source, self.out(label)))
            return (label, None, go)

        runs.append(almanac("almanac", site / "almanac"))
        if not self.args.skip_default_theme:
            runs.append(almanac("almanac-default-theme", site / "almanac-default"))
        if self.hugo and pages <= self.args.hugo_max_pages:
            runs.append(("hugo", None, lambda pair: self.measure(
                "full", "hugo", pages, pair,
                [self.hugo, "--source", str(site / "hugo"), "--destination",
                 str(self.out("hugo")), "--quiet"])))
        runs.append(("cmark-floor", None, lambda pair: self.measure(
            "full", "cmark-floor", pages, pair,
            [self.floor, str(site / "almanac" / "Content"), str(self.out("floor"))])))
        log(f"full builds, {pages} pages")
        self.alternate(runs)

    def incremental(self, pages):
        site = self.corpus(f"p{pages}", pages)
        source = site / "almanac"
        content = source / "Content"
        article = sorted((content / "section-01").glob("article-*.md"))[1]
        data = content / "data" / "metrics.csv"
        originals = {article: article.read_bytes(), data: data.read_bytes()}
        output = self.scratch / "incremental"
        log(f"incremental rebuilds, {pages} pages")
        try:
            for pair in range(1, (self.args.incremental_pairs or self.args.pairs) + 1):
                blocks = [self._almanac_incremental, self._hugo_incremental]
                if pair % 2 == 0:
                    blocks.reverse()
                for block in blocks:
                    block(pages, pair, site, source, article, data, output)
                self.serve_edits(pages, pair, site, article)
        finally:
            for path, data_bytes in originals.items():
                path.write_bytes(data_bytes)

    def _almanac_incremental(self, pages, pair, site, source, article, data, output):
        if output.exists():
            shutil.rmtree(output)
        base = ["--base-url", "https://example.org/a/"]
        self.measure("full", "almanac-into-empty", pages, pair,
                     self.almanac_build(source, output, *base), note="base /a/")
        self.measure("rebuild-nochange", "almanac", pages, pair,
                     self.almanac_build(source, output, *base))
        with open(article, "a", encoding="utf-8") as f:
            f.write(f"\nAn edit for run {pair}: the figure was revised.\n")
        self.measure("rebuild-edit-article", "almanac", pages, pair,
                     self.almanac_build(source, output, *base))
        text = data.read_text(encoding="utf-8").split("\n")
        fields = text[1].split(",")
        fields[5] = str(int(fields[5]) + pair)  # the first row's value
        text[1] = ",".join(fields)
        data.write_text("\n".join(text), encoding="utf-8")
        self.measure("rebuild-edit-data", "almanac", pages, pair,
                     self.almanac_build(source, output, *base))
        self.measure("rewrite-all", "almanac", pages, pair,
                     self.almanac_build(source, output, "--base-url", "https://example.org/b/"),
                     note="every file changes")
        if self.has_clean:
            self.measure("rebuild-clean", "almanac", pages, pair,
                         self.almanac_build(source, output, "--base-url",
                                            "https://example.org/b/", "--clean"))

    def serve_edits(self, pages, pair, site, article, edits=3):
        """Edits one article under each preview server in turn, in alternating order."""
        servers = [("almanac", lambda: self._server_edits(
            "serve-edit-article", "almanac", pages, pair, article,
            [self.almanac, "serve", "--source", str(site / "almanac"), "--output",
             str(self.out("serve")), "--port", str(free_port())],
            ready=r"^Serving ", built=r"^Built .* in ([0-9.]+) s .*\((\d+) of", scale=1,
            edits=edits))]
        if self.hugo and pages <= self.args.hugo_max_pages:
            hugo_article = site / "hugo" / "content" / article.relative_to(
                site / "almanac" / "Content")
            servers.append(("hugo", lambda: self._server_edits(
                "serve-edit-article", "hugo", pages, pair, hugo_article,
                [self.hugo, "server", "--source", str(site / "hugo"), "--port",
                 str(free_port()), "--bind", "127.0.0.1", "--disableLiveReload"],
                ready=r"Web Server is available", built=r"Total in (\d+) ms", scale=0.001,
                edits=edits)))
        if pair % 2 == 0:
            servers.reverse()
        for _, run in servers:
            run()

    def _server_edits(self, scenario, tool, pages, pair, article, command, ready, built, scale,
                      edits):
        """Starts a preview server, appends to `article` `edits` times, and records one row: the
        median of the server's own rebuild times as wall time, its CPU seconds per edit, and its
        peak RSS. The note gives the time from the edit to the server's report, which adds the
        file watcher's wait for more changes."""
        original = article.read_bytes()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace")
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout],
                         daemon=True).start()

        def wait_for(pattern, timeout=900):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    line = lines.get(timeout=1)
                except queue.Empty:
                    if proc.poll() is not None:
                        break
                    continue
                found = re.search(pattern, line.strip())
                if found:
                    return found
            raise RuntimeError(f"{tool} never printed {pattern!r}")

        times, latencies, rendered = [], [], []
        try:
            wait_for(ready)
            time.sleep(1)
            cpu_before = process_cpu_seconds(proc.pid)
            for number in range(1, edits + 1):
                with open(article, "a", encoding="utf-8") as f:
                    f.write(f"\nA preview edit, pair {pair} number {number}.\n")
                start = time.perf_counter()
                found = wait_for(built)
                latencies.append(time.perf_counter() - start)
                times.append(float(found.group(1)) * scale)
                if found.re.groups > 1:
                    rendered.append(found.group(2))
                time.sleep(0.5)
            cpu = (process_cpu_seconds(proc.pid) - cpu_before) / edits
            rss = process_peak_rss_kb(proc.pid)
            status = 0
        except RuntimeError as error:
            log(f"  {scenario} {tool}: {error}")
            cpu, rss, status = 0, 0, 1
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
            article.write_bytes(original)
        wall = statistics.median(times) if times else 0
        note = (f"server's own rebuild time, median of {len(times)} edits; edit to report "
                f"{statistics.median(latencies) if latencies else 0:.3f} s")
        if rendered:
            note += f"; pages rendered per edit: {'/'.join(rendered)}"
        row = {
            "date": self.date, "machine": self.machine, "scenario": scenario, "tool": tool,
            "pages": pages, "run": pair, "wall_s": f"{wall:.3f}", "user_s": f"{cpu:.3f}",
            "sys_s": "0.00", "max_rss_kb": rss, "exit": status, "note": note, "stages_ms": "",
        }
        self.rows.append(row)
        self.save_partial(row)
        log(f"  {scenario:<22} {tool:<24} {pages:>7} run {pair}: {wall:8.3f} s rebuild, "
            f"{cpu:7.3f} s cpu per edit, {rss / 1024:8.1f} MiB")

    def _hugo_incremental(self, pages, pair, site, source, article, data, output):
        if not self.hugo or pages > self.args.hugo_max_pages:
            return
        out = self.scratch / "hugo-incremental"
        if out.exists():
            shutil.rmtree(out)
        command = [self.hugo, "--source", str(site / "hugo"), "--destination", str(out), "--quiet"]
        self.measure("full", "hugo-into-empty", pages, pair, command)
        self.measure("rebuild-nochange", "hugo", pages, pair, command)

    def queries(self):
        pages = 1000
        off = self.corpus("q-off", pages, "--no-data")
        on = self.corpus("q-on", pages, "--data-share", "1", "--features", "values")
        log("queries: 1,000 pages without data vs. with 50,000 rows and 1,000 queries")
        self.alternate([
            ("off", None, lambda pair: self.measure(
                "queries-off", "almanac", pages, pair,
                self.almanac_build(off / "almanac", self.out("q-off")))),
            ("on", None, lambda pair: self.measure(
                "queries-on", "almanac", pages, pair,
                self.almanac_build(on / "almanac", self.out("q-on")),
                note="50000 rows, 1000 page queries")),
        ])

    def charts(self):
        pages = 1000
        off = self.corpus("c-off", pages, "--data-share", "1", "--features", "values,query2")
        on = self.corpus("c-on", pages, "--data-share", "1", "--features", "values,chart")
        log("charts: 1,000 pages with the same queries, without vs. with one chart each")
        self.alternate([
            ("off", None, lambda pair: self.measure(
                "charts-off", "almanac", pages, pair,
                self.almanac_build(off / "almanac", self.out("c-off")))),
            ("on", None, lambda pair: self.measure(
                "charts-on", "almanac", pages, pair,
                self.almanac_build(on / "almanac", self.out("c-on")), note="1000 charts")),
        ])

    def peers(self):
        pages = 1000
        site = self.corpus(f"p{pages}", pages)
        files = sorted((site / "hugo" / "content").rglob("*.md"))
        listing = self.scratch / "peers.tsv"
        target = self.scratch / "peers-out"

        def write_listing():
            if target.exists():
                shutil.rmtree(target)
            target.mkdir()
            listing.write_text("".join(
                f"{path}\t{target / (str(path.relative_to(site)).replace('/', '_') + '.html')}\n"
                for path in files))

        runs = [("cmark-floor", None, lambda pair: self.measure(
            "markdown-only", "cmark-floor", pages, pair,
            [self.floor, str(site / "hugo" / "content"), str(self.out("floor-md"))]))]
        if self.pandoc:
            env = dict(os.environ, PANDOC_BATCH_LIST=str(listing))
            runs.append(("pandoc", write_listing, lambda pair: self.measure(
                "markdown-only", "pandoc", pages, pair,
                [self.pandoc, "-f", "commonmark", "-t", "html", "--lua-filter",
                 str(HERE / "pandoc-batch.lua"), "-o", "/dev/null", "/dev/null"], env=env)))
        if self.markdown_python:
            runs.append(("python-markdown", write_listing, lambda pair: self.measure(
                "markdown-only", "python-markdown", pages, pair,
                [self.markdown_python, str(HERE / "peers.py"), "python-markdown",
                 str(listing)])))
        log("Markdown-only peers, 1,000 pages")
        self.alternate(runs)

    def variants(self, pages):
        if not self.args.variant:
            return
        site = self.corpus(f"p{pages}", pages)
        runs = [("almanac", None, lambda pair: self.measure(
            "variants", "almanac", pages, pair,
            self.almanac_build(site / "almanac", self.out("v-base"))))]
        for spec in self.args.variant:
            name, _, path = spec.partition("=")
            binary = str(Path(path).resolve())
            runs.append((name, None, lambda pair, name=name, binary=binary: self.measure(
                "variants", f"almanac-{name}", pages, pair,
                self.almanac_build(site / "almanac", self.out(f"v-{name}"), binary=binary))))
        log(f"compiler-flag variants, {pages} pages")
        self.alternate(runs)

    # -- results ---------------------------------------------------------------------------

    def save_partial(self, row):
        """Appends each row to results/partial.csv as it comes, so an interrupted run keeps it."""
        partial = HERE / "results" / "partial.csv"
        partial.parent.mkdir(exist_ok=True)
        new = len(self.rows) == 1 or not partial.exists()
        with open(partial, "w" if new else "a", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            if new:
                writer.writeheader()
            writer.writerow(row)

    def save(self):
        results = HERE / "results"
        results.mkdir(exist_ok=True)
        latest = Path(self.args.csv)
        with open(latest, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(self.rows)
        history = results / "history.csv"
        new = not history.exists()
        with open(history, "a", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            if new:
                writer.writeheader()
            writer.writerows(self.rows)
        return latest


def parse_time_v(text):
    def field(name):
        match = re.search(rf"^\s*{re.escape(name)}: (.*)$", text, re.M)
        return match.group(1).strip() if match else "0"
    return {
        "user": float(field("User time (seconds)")),
        "sys": float(field("System time (seconds)")),
        "rss": int(field("Maximum resident set size (kbytes)")),
    }


def stage_timings(report):
    """"load=12.3;compute=…" from an almanac --json report, or "" without one."""
    try:
        timings = json.loads(report.read_text())["timings"]
    except (OSError, ValueError, KeyError):
        return ""
    return ";".join(f"{t['stage']}={t['milliseconds']}" for t in timings)


def machine_name():
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}|{os.cpu_count()} cpu|{model}"


def python_with_markdown():
    for candidate in ["/usr/bin/python3", sys.executable, shutil.which("python3")]:
        if candidate and subprocess.run(
                [candidate, "-c", "import markdown"], capture_output=True).returncode == 0:
            return candidate
    return None


# -- summary ---------------------------------------------------------------------------------


def medians(rows):
    groups = {}
    for row in rows:
        if str(row["exit"]) != "0":
            continue
        key = (row["scenario"], row["tool"], int(row["pages"]))
        groups.setdefault(key, []).append(row)
    result = {}
    for key, items in groups.items():
        result[key] = {
            "wall": statistics.median(float(r["wall_s"]) for r in items),
            "cpu": statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in items),
            "rss": statistics.median(int(r["max_rss_kb"]) for r in items),
            "runs": len(items),
        }
    return result


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu_seconds(pid):
    """User plus system CPU seconds of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_peak_rss_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def pair_ratios(rows, a, b, field="wall"):
    """Median of per-pair ratios a/b (a and b are (scenario, tool, pages))."""
    def value(row):
        if field == "wall":
            return float(row["wall_s"])
        if field == "cpu":
            return float(row["user_s"]) + float(row["sys_s"])
        return float(row["max_rss_kb"])

    def by_run(key):
        return {int(r["run"]): value(r) for r in rows
                if (r["scenario"], r["tool"], int(r["pages"])) == key and str(r["exit"]) == "0"}
    left, right = by_run(a), by_run(b)
    ratios = [left[k] / right[k] for k in left if k in right and right[k] > 0]
    return statistics.median(ratios) if ratios else None


def summarize(rows):
    m = medians(rows)
    lines = ["| scenario | tool | pages | runs | wall s | CPU s | peak RSS MiB | pages/s |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for (scenario, tool, pages), v in sorted(m.items(), key=lambda kv: (kv[0][2], kv[0])):
        # A preview server's rebuild renders a page or two, not the whole site.
        rate = "–" if scenario.startswith("serve") else f"{pages / v['wall']:,.0f}"
        lines.append(
            f"| {scenario} | {tool} | {pages:,} | {v['runs']} | {v['wall']:.2f} | {v['cpu']:.2f} "
            f"| {v['rss'] / 1024:.1f} | {rate} |")
    out = ["## Medians", "", *lines, "", "## Ratios (median of per-pair ratios)", ""]
    ratio_lines = ["| ratio | pages | value | target |", "| --- | ---: | ---: | --- |"]

    def add(name, pages, value, target="", fmt="{:.2f}×"):
        if value is not None:
            ratio_lines.append(f"| {name} | {pages:,} | {fmt.format(value)} | {target} |")

    sizes = sorted({p for (_, _, p) in m})
    for pages in sizes:
        alm = ("full", "almanac", pages)
        hugo = ("full", "hugo", pages)
        floor = ("full", "cmark-floor", pages)
        if alm in m:
            add("Almanac / Hugo, wall", pages, pair_ratios(rows, alm, hugo), "≤ 0.5× at 10,000")
            add("Almanac / Hugo, CPU", pages, pair_ratios(rows, alm, hugo, "cpu"))
            add("Almanac / Hugo, peak RSS", pages, pair_ratios(rows, alm, hugo, "rss"), "≤ 0.25×")
            add("Almanac / cmark floor, wall", pages, pair_ratios(rows, alm, floor),
                "≤ 2× at 10,000")
            add("Almanac / cmark floor, CPU", pages, pair_ratios(rows, alm, floor, "cpu"))
            add("Almanac (default theme) / Almanac (minimal), wall", pages,
                pair_ratios(rows, ("full", "almanac-default-theme", pages), alm))
            add("Almanac pages/s", pages, pages / m[alm]["wall"], "", "{:,.0f}")
            if hugo in m:
                add("Hugo pages/s", pages, pages / m[hugo]["wall"], "", "{:,.0f}")
        base = ("full", "almanac-into-empty", pages)
        for scenario, target in [("rebuild-nochange", "< 5 %"),
                                 ("rebuild-edit-article", "< 2 %"),
                                 ("rebuild-edit-data", ""), ("rewrite-all", ""),
                                 ("rebuild-clean", "")]:
            key = (scenario, "almanac", pages)
            if key in m and base in m:
                add(f"{scenario} / full build, wall", pages, 100 * pair_ratios(rows, key, base),
                    target, "{:.1f} %")
        serve, hugo_serve = ("serve-edit-article", "almanac", pages), (
            "serve-edit-article", "hugo", pages)
        if serve in m and base in m:
            add("serve-edit-article / full build, wall", pages,
                100 * pair_ratios(rows, serve, base), "< 2 %", "{:.1f} %")
        if serve in m and hugo_serve in m:
            add("Almanac / Hugo, preview rebuild after an edit", pages,
                pair_ratios(rows, serve, hugo_serve))
        hkey = ("rebuild-nochange", "hugo", pages)
        if hkey in m:
            add("Hugo rebuild-nochange / full build, wall", pages,
                100 * pair_ratios(rows, hkey, ("full", "hugo-into-empty", pages)), "",
                "{:.1f} %")
        for name, v in sorted(m.items()):
            if name[0] == "variants" and name[1] != "almanac" and name[2] == pages:
                add(f"{name[1]} / almanac, wall", pages,
                    pair_ratios(rows, name, ("variants", "almanac", pages)))
                add(f"{name[1]} / almanac, CPU", pages,
                    pair_ratios(rows, name, ("variants", "almanac", pages), "cpu"))
    q_on, q_off = ("queries-on", "almanac", 1000), ("queries-off", "almanac", 1000)
    if q_on in m and q_off in m:
        add("queries on / off, wall (overhead)", 1000,
            100 * (pair_ratios(rows, q_on, q_off) - 1), "< 10 %", "{:+.1f} %")
        add("queries on / off, CPU (overhead)", 1000,
            100 * (pair_ratios(rows, q_on, q_off, "cpu") - 1), "", "{:+.1f} %")
    c_on, c_off = ("charts-on", "almanac", 1000), ("charts-off", "almanac", 1000)
    if c_on in m and c_off in m:
        add("1,000 charts, CPU s (on − off)", 1000, m[c_on]["cpu"] - m[c_off]["cpu"], "< 1 s",
            "{:.2f} s")
    for tool in ["pandoc", "python-markdown"]:
        key = ("markdown-only", tool, 1000)
        if key in m:
            add(f"{tool} / cmark floor, wall (Markdown only)", 1000,
                pair_ratios(rows, key, ("markdown-only", "cmark-floor", 1000)))
    stage_lines = ["| scenario | tool | pages | " + " | ".join(STAGES) + " |",
                   "| --- | --- | ---: | " + " | ".join("---:" for _ in STAGES) + " |"]
    stage_groups = {}
    for row in rows:
        if row.get("stages_ms") and str(row["exit"]) == "0":
            stages = dict(part.split("=") for part in row["stages_ms"].split(";"))
            key = (int(row["pages"]), row["scenario"], row["tool"])
            stage_groups.setdefault(key, []).append(stages)
    for (pages, scenario, tool), items in sorted(stage_groups.items()):
        cells = [f"{statistics.median(float(i.get(s, 0)) for i in items):,.0f}" for s in STAGES]
        stage_lines.append(f"| {scenario} | {tool} | {pages:,} | " + " | ".join(cells) + " |")
    out_stages = ["", "## Almanac's own stage timings (median ms, from --json)", "",
                  *stage_lines] if len(stage_lines) > 2 else []
    return "\n".join(out + ratio_lines + out_stages) + "\n"


STAGES = ["load", "compute", "render", "check", "write"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,10000"))
    parser.add_argument("--pairs", type=int, default=int(os.environ.get("BENCH_PAIRS", "3")))
    parser.add_argument("--incremental-pairs", type=int,
                        default=int(os.environ.get("BENCH_INCREMENTAL_PAIRS", "0")),
                        help="rounds of the incremental scenario (default: --pairs)")
    parser.add_argument(
        "--only", default=os.environ.get("BENCH_ONLY", ""),
        help="comma-separated: full, incremental, queries, charts, peers, variants")
    parser.add_argument("--almanac", default=str(ROOT / ".build" / "release" / "almanac"))
    parser.add_argument("--work", default=str(HERE / "work"))
    parser.add_argument("--csv", default=str(HERE / "results" / "latest.csv"))
    parser.add_argument("--variant", action="append", default=[],
                        help="NAME=PATH of another almanac binary (scenario `variants`)")
    parser.add_argument("--variant-pages", type=int, default=1000)
    parser.add_argument("--skip-default-theme", action="store_true")
    parser.add_argument(
        "--hugo-max-pages", type=int, default=int(os.environ.get("BENCH_HUGO_MAX_PAGES", "20000")),
        help="skip Hugo above this size (it takes about 2 GiB per 10,000 pages)")
    parser.add_argument("--no-report", action="store_true",
                        help="don't build the chart site into docs/performance-chart.svg")
    parser.add_argument("--summarize", metavar="CSV",
                        help="only print the summary of an existing results file")
    args = parser.parse_args()

    if args.summarize:
        with open(args.summarize, newline="") as f:
            print(summarize(list(csv.DictReader(f))))
        return

    runner = Runner(args)
    subprocess.run(
        [shutil.which("gcc") or "cc", "-O2", "-o", runner.floor, str(HERE / "cmark-floor.c"),
         *subprocess.run(["pkg-config", "--cflags", "--libs", "libcmark"], capture_output=True,
                         text=True, check=True).stdout.split()], check=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    only = set(s for s in args.only.split(",") if s) or {
        "full", "incremental", "queries", "charts", "peers", "variants"}
    log(f"almanac {runner.almanac}; hugo {runner.hugo or 'not installed'}; "
        f"pandoc {runner.pandoc or 'not installed'}; python-markdown "
        f"{runner.markdown_python or 'not installed'}; {args.pairs} pairs; sizes {sizes}")
    try:
        for pages in sizes:
            if "full" in only:
                runner.full(pages)
            if "incremental" in only:
                runner.incremental(pages)
        if "queries" in only:
            runner.queries()
        if "charts" in only:
            runner.charts()
        if "peers" in only:
            runner.peers()
        if "variants" in only:
            runner.variants(args.variant_pages)
    finally:
        latest = runner.save()
        shutil.rmtree(runner.scratch, ignore_errors=True)
    summary = summarize(runner.rows)
    header = (f"Run {runner.date} on {runner.machine}; {args.pairs} pairs; "
              f"results in {os.path.relpath(latest, ROOT)}.\n\n")
    (HERE / "results" / "summary.md").write_text(header + summary)
    print(header + summary)
    if not args.no_report:
        subprocess.run([sys.executable, str(HERE / "report.py"), "--almanac", runner.almanac,
                        "--csv", str(latest)], check=False)


if __name__ == "__main__":
    main()
