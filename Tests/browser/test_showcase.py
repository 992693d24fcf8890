"""The built showcase in a real browser, every page of it in one Chromium session: pages load
without console errors or failed requests, every chart shows exactly one SVG variant with real
marks at desktop width (and at phone width on every page with a chart), axe-core finds no
violations of WCAG 2.0/2.1 A and AA or of its best practices (light scheme on every page, dark
on a representative subset), and screenshots of key pages are kept for review.

Run with `bash scripts/browser-test.sh` (see conftest.py for the environment it sets).
"""

from __future__ import annotations

import base64
import struct
import time
import urllib.error
import urllib.request

import pytest
from axe_core_python.selenium import Axe
from selenium.webdriver.common.by import By

from conftest import ALL_PAGES, DESKTOP, OUTPUT, PHONE, SUMMARY, TIMINGS, html_files, url_path

CHART_MARKER = '<figure class="chart'
# WCAG 2.0 and 2.1, A and AA, and axe's best practices (heading-order, landmarks, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NARROW_CONTAINER = 540  # style.css: `@container (max-width: 539px)` shows the narrow variant
MIN_TEXT_PX = 11.0
SVG_FONT_SIZE = 12.0  # ChartStyle.fontSize, the font-size attribute on every chart's <svg>


def chart_counts() -> dict[str, int]:
    """Every page of Output/ with a chart figure, and how many it has."""
    pages: dict[str, int] = {}
    for html in html_files():
        count = html.read_text(encoding="utf-8", errors="replace").count(CHART_MARKER)
        if count:
            pages[url_path(html)] = count
    return dict(sorted(pages.items()))


CHART_PAGES = chart_counts() if OUTPUT.is_dir() else {}


def timed(name: str):
    """Adds the time a block takes to TIMINGS[name]."""

    class Timer:
        def __enter__(self):
            self.started = time.monotonic()

        def __exit__(self, *_):
            TIMINGS[name] = TIMINGS.get(name, 0.0) + time.monotonic() - self.started

    return Timer()


def test_the_showcase_has_chart_pages():
    assert CHART_PAGES, (
        f"no page in {OUTPUT} contains {CHART_MARKER!r}: the showcase is expected to draw charts"
    )
    assert len(ALL_PAGES) > 60, f"only {len(ALL_PAGES)} pages in {OUTPUT}"
    SUMMARY["pages opened in Chromium"] = (
        f"{len(ALL_PAGES)} at {DESKTOP} px, {len(CHART_PAGES)} with charts also at {PHONE} px, "
        f"{sum(CHART_PAGES.values())} chart figures"
    )


# ---------------------------------------------------------------------------------------------
# 1 and 2: pages load cleanly; each chart shows one SVG variant, sized, with marks.

CHART_STATE = """
const figure = arguments[0];
const svgs = Array.from(figure.querySelectorAll('svg.chart__svg'));
const body = figure.querySelector('.chart__body');
return {
  id: figure.id,
  bodyWidth: body ? body.getBoundingClientRect().width : null,
  svgs: svgs.map(svg => {
    const box = svg.getBoundingClientRect();
    const viewBox = svg.viewBox && svg.viewBox.baseVal;
    const marks = Array.from(svg.querySelectorAll(
      'rect, path.line, path.area, circle, g.marks path'));
    const drawn = marks.filter(m => {
      const b = m.getBBox();
      return b.width > 0 || b.height > 0;
    });
    const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim());
    const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize));
    return {
      cls: svg.getAttribute('class'),
      renderedWidth: box.width,
      viewBoxWidth: viewBox ? viewBox.width : null,
      svgFontSize: parseFloat(getComputedStyle(svg).fontSize),
      marks: marks.length,
      drawnMarks: drawn.length,
      texts: texts.length,
      minTextFontSize: sizes.length ? Math.min(...sizes) : null,
      smallestText: sizes.length ? texts[sizes.indexOf(Math.min(...sizes))].textContent : null,
    };
  }),
};
"""


# The outermost elements that stick out past the viewport's right edge and aren't inside a
# scrolling box: what makes a phone scroll sideways or zoom the page out.
OVERFLOW = """
const limit = arguments[0] + 0.5;
const culprits = [];
for (const el of document.body.querySelectorAll('*')) {
  if (el.getBoundingClientRect().right <= limit) continue;
  const parent = el.parentElement;
  if (parent !== document.body && parent.getBoundingClientRect().right > limit) continue;
  let clipped = false;
  for (let p = parent; p && !clipped; p = p.parentElement) {
    clipped = getComputedStyle(p).overflowX !== 'visible';
  }
  if (clipped) continue;
  const box = el.getBoundingClientRect();
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\\s+/).join('.') : '');
  culprits.push(`${name} in ${parent.tagName.toLowerCase()} ends at x=${Math.round(box.right)}: ` +
    JSON.stringify(el.outerHTML.slice(0, 160)));
  if (culprits.length >= 5) break;
}
return {scrollWidth: document.documentElement.scrollWidth, culprits};
"""


def check_figure(driver, figure, width: int) -> list[str]:
    """Everything wrong with one chart figure at this viewport width."""
    state = driver.execute_script(CHART_STATE, figure)
    name = f"figure#{state['id'] or '?'}"
    svg_elements = figure.find_elements(By.CSS_SELECTOR, "svg.chart__svg")
    if not svg_elements:
        return [f"{name}: has no svg.chart__svg"]
    visible = [
        (element, info)
        for element, info in zip(svg_elements, state["svgs"])
        if element.is_displayed()
    ]
    if len(visible) != 1:
        shown = [info["cls"] for _, info in visible]
        return [f"{name}: {len(visible)} SVGs are displayed, expected exactly 1: {shown}"]
    element, info = visible[0]
    problems = []
    size = element.size
    if not (size["width"] > 100 and size["height"] > 50):
        problems.append(f"{name}: displayed SVG is {size['width']}×{size['height']} px")
    if info["marks"] < 1:
        problems.append(f"{name}: displayed SVG ({info['cls']}) has no marks")
    elif info["drawnMarks"] < 1:
        problems.append(f"{name}: displayed SVG's {info['marks']} marks are all empty")
    classes = (info["cls"] or "").split()
    body_width = state["bodyWidth"] or 0
    expected = "chart__svg--narrow" if body_width < NARROW_CONTAINER else "chart__svg--wide"
    if width == PHONE:
        expected = "chart__svg--narrow"
    if expected not in classes:
        problems.append(
            f"{name}: at {width} px (chart body {body_width:.0f} px) shows {info['cls']!r}, "
            f"expected {expected}"
        )
    if width == PHONE:
        if not info["viewBoxWidth"]:
            problems.append(f"{name}: narrow SVG has no viewBox")
        else:
            scale = info["renderedWidth"] / info["viewBoxWidth"]
            rendered = scale * SVG_FONT_SIZE
            if rendered < MIN_TEXT_PX:
                problems.append(
                    f"{name}: 12 px text renders at {rendered:.2f} px (SVG {info['renderedWidth']:.0f}"
                    f" px wide for a viewBox {info['viewBoxWidth']:.0f} wide)"
                )
            if info["svgFontSize"] * scale < MIN_TEXT_PX:
                problems.append(
                    f"{name}: the SVG's computed font-size {info['svgFontSize']} px renders at "
                    f"{info['svgFontSize'] * scale:.2f} px"
                )
            if info["minTextFontSize"] is not None and info["minTextFontSize"] * scale < MIN_TEXT_PX:
                problems.append(
                    f"{name}: text {info['smallestText']!r} renders at "
                    f"{info['minTextFontSize'] * scale:.2f} px "
                    f"({info['minTextFontSize']} px × {scale:.3f})"
                )
    return problems


def layout_and_chart_problems(browser, path: str, width: int) -> list[str]:
    """What is wrong with the loaded page's layout and charts at this viewport width."""
    driver = browser.driver
    problems = []
    inner = driver.execute_script("return window.innerWidth")
    overflow = driver.execute_script(OVERFLOW, width)
    if inner != width or overflow["scrollWidth"] > width:
        problems.append(
            f"the page is {overflow['scrollWidth']} px wide in a {width} px viewport (the browser "
            f"lays it out {inner} px wide); what sticks out:"
        )
        problems.extend(f"    {culprit}" for culprit in overflow["culprits"])
    scripts = driver.execute_script("return document.scripts.length")
    if scripts:
        problems.append(f"the page has {scripts} <script> elements; the site ships no JavaScript")

    figures = driver.find_elements(By.CSS_SELECTOR, "figure.chart")
    expected = CHART_PAGES.get(path, 0)
    if len(figures) != expected:
        problems.append(f"{len(figures)} figure.chart in the DOM, {expected} in the HTML file")
    for figure in figures:
        problems.extend(check_figure(driver, figure, width))
    stray = driver.execute_script(
        "return document.querySelectorAll('figure svg:not(.chart__svg)').length")
    if stray:
        problems.append(f"{stray} SVG(s) in figures that aren't charts: check them too")
    return problems


def run_axe(browser) -> dict:
    results = Axe().run(
        browser.driver,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.get("testEngine", {}).get("name") == "axe-core", f"axe did not run: {results}"
    SUMMARY["axe-core"] = f"{results['testEngine']['version']}, tags {', '.join(AXE_TAGS)}"
    return results


@pytest.mark.parametrize("path", ALL_PAGES)
def test_page(browser, path):
    """At desktop width, in the light scheme: loads cleanly, charts drawn, no axe violations."""
    browser.set_viewport(DESKTOP)
    with timed("pages at desktop width (load and checks)"):
        report = browser.load(path)
        problems = list(report.problems)
        problems.extend(layout_and_chart_problems(browser, path, DESKTOP))
    with timed("axe-core, light, every page"):
        results = run_axe(browser)
    if results["violations"]:
        problems.append("axe-core violations (light scheme):\n" + format_violations(results["violations"]))
    assert not problems, f"{report.url} at {DESKTOP} px:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", list(CHART_PAGES))
def test_chart_page_on_a_phone(browser, path):
    browser.set_viewport(PHONE)
    with timed("chart pages at phone width"):
        report = browser.load(path)
        problems = list(report.problems) + layout_and_chart_problems(browser, path, PHONE)
    assert not problems, f"{report.url} at {PHONE} px:\n  " + "\n  ".join(problems)


def test_site_has_an_icon(browser):
    """Browsers fetch /favicon.ico for a page that declares no icon: a 404 in every visitor's
    console. The home page must declare an icon that loads, or the site must serve one."""
    browser.set_viewport(DESKTOP)
    report = browser.load("/")
    assert not report.problems, "\n".join(report.problems)
    icons = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('link[rel~=icon]'), l => l.href)")
    candidates = icons or [browser.url("/favicon.ico")]
    failures = []
    for href in candidates:
        if href.startswith("data:"):
            continue
        try:
            with urllib.request.urlopen(href, timeout=10) as response:
                if response.status != 200:
                    failures.append(f"{href} answered {response.status}")
        except urllib.error.HTTPError as error:
            failures.append(f"{href} answered {error.code}")
    assert not failures, (
        "the home page declares no <link rel=\"icon\"> and the site serves no /favicon.ico, so "
        "browsers log a 404 on every first visit: " + "; ".join(failures)
        if not icons else "the declared icon does not load: " + "; ".join(failures)
    )


# ---------------------------------------------------------------------------------------------
# 3: axe-core, WCAG 2.0 and 2.1, levels A and AA.


def first_existing(*paths: str) -> str | None:
    for path in paths:
        if path and (OUTPUT / path.strip("/") / "index.html").is_file():
            return path
    return None


def axe_pages() -> list[str]:
    """Home, an article with charts (the rollout article when it has them), the states index,
    a state page (one with charts when there are any) and the sources page: one page of each
    layout, for the dark scheme (every page is checked in the light scheme)."""
    articles = [p for p in CHART_PAGES if p.startswith("/articles/") and p != "/articles/"]
    if "/articles/rollout/" in articles:
        articles.insert(0, "/articles/rollout/")
    state_dir = OUTPUT / "states"
    all_states = sorted(url_path(p) for p in state_dir.glob("*/index.html")) if state_dir.is_dir() else []
    states = [p for p in CHART_PAGES if p.startswith("/states/") and p != "/states/"]
    article = first_existing(*articles) if articles else None
    state = first_existing(*states, *all_states)
    return [p for p in ("/", article, "/states/", state, "/sources/", "/tags/", "/404.html") if p]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{len(violation['nodes'])} node(s)] {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(
                t if isinstance(t, str) else " >>> ".join(t) for t in node.get("target", [])
            )
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def test_axe_pages_exist():
    pages = axe_pages()
    assert len(pages) >= 5, f"expected home, an article, states, a state and sources; got {pages}"


@pytest.mark.parametrize("path", axe_pages())
def test_axe_dark(browser, path):
    browser.set_viewport(DESKTOP, dark=True)
    with timed("axe-core, dark, one page per layout"):
        report = browser.load(path)
        assert not report.problems, "\n".join(report.problems)
        results = run_axe(browser)
    violations = results["violations"]
    assert not violations, (
        f"axe-core {results['testEngine']['version']}: {len(violations)} violation(s) on "
        f"{report.url} (dark scheme):\n" + format_violations(violations)
    )


# ---------------------------------------------------------------------------------------------
# 4: screenshots for review, kept by CI as artifacts.


def full_page_png(driver) -> bytes:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    content = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {
                "x": 0, "y": 0, "width": content["width"], "height": content["height"], "scale": 1,
            },
        },
    )
    return base64.b64decode(shot["data"])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(
    "path, name", [("/", "home"), ("/articles/rollout/", "rollout")], ids=["home", "rollout"]
)
def test_screenshot(browser, artifacts, path, name):
    browser.set_viewport(DESKTOP)
    report = browser.load(path)
    assert not report.problems, "\n".join(report.problems)
    data = full_page_png(browser.driver)
    target = artifacts / f"{name}-{DESKTOP}.png"
    target.write_bytes(data)
    width, height = png_size(data)
    page_height = browser.driver.execute_script(
        "return document.documentElement.scrollHeight")
    assert width == DESKTOP, f"{target}: {width} px wide"
    assert height >= min(page_height, 900) and height > 300, f"{target}: only {height} px tall"
    assert len(data) > 10_000, f"{target}: only {len(data)} bytes, probably blank"
    print(f"\nsaved {target} ({width}×{height})")
