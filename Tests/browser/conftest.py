"""Fixtures for the real-browser tests of the built showcase (Output/).

`scripts/browser-test.sh` installs Chromium, chromedriver and these tools, serves Output/ on
127.0.0.1 and runs pytest with:

  ALMANAC_BASE_URL   where Output/ is served (without it, the tests serve it themselves)
  ALMANAC_OUTPUT     the built site (default: Output/ at the repository root)
  ALMANAC_ARTIFACTS  where screenshots go (default: .ci-artifacts/ at the repository root)
  CHROMIUM_BIN, CHROMEDRIVER   the browser and its driver (default: Debian's paths)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("ALMANAC_OUTPUT", REPO / "Output")).resolve()
ARTIFACTS = Path(os.environ.get("ALMANAC_ARTIFACTS", REPO / ".ci-artifacts")).resolve()

DESKTOP = 1280
PHONE = 375

# Figures for the closing summary: what was checked, and how long each part took.
SUMMARY: dict[str, object] = {}
TIMINGS: dict[str, float] = {}


def url_path(html: Path) -> str:
    """The URL path a file of Output/ is served at: `states/ohio/index.html` → `/states/ohio/`."""
    relative = html.relative_to(OUTPUT).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def site_files(pattern: str) -> list[Path]:
    """The built site's files matching `pattern`, sorted; hidden files and folders (such as
    the build manifest in Output/.almanac/) aside."""
    if not OUTPUT.is_dir():
        return []
    return sorted(
        p for p in OUTPUT.rglob(pattern)
        if not any(part.startswith(".") for part in p.relative_to(OUTPUT).parts)
    )


def html_files() -> list[Path]:
    """Every HTML page of the built site, sorted."""
    return site_files("*.html")


ALL_PAGES = [url_path(p) for p in html_files()]


def pytest_terminal_summary(terminalreporter):
    """What the suite checked and how long each part took, for the CI log and docs."""
    if not SUMMARY and not TIMINGS:
        return
    terminalreporter.section("browser and validator summary")
    for key, value in SUMMARY.items():
        terminalreporter.write_line(f"{key}: {value}")
    for key, seconds in TIMINGS.items():
        terminalreporter.write_line(f"time, {key}: {seconds:.1f} s")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


@pytest.fixture(scope="session")
def base_url():
    """The served site, ending in `/`: the script's server, or one started here."""
    assert (OUTPUT / "index.html").is_file(), (
        f"{OUTPUT}/index.html is missing: build the site first (make site)"
    )
    given = os.environ.get("ALMANAC_BASE_URL")
    if given:
        url = given.rstrip("/") + "/"
        _wait_for(url)
        yield url
        return
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(OUTPUT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    assert OUTPUT not in ARTIFACTS.parents and ARTIFACTS != OUTPUT, (
        f"screenshots must not go inside the built site ({OUTPUT})"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={DESKTOP},900",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    # Console messages and the DevTools network events, read after every page load.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # An explicit driver path keeps Selenium Manager from looking for one on the network.
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(30)
    browser.set_script_timeout(60)
    yield browser
    browser.quit()


@dataclass
class LoadReport:
    """What went wrong while a page loaded: console errors and failed or foreign requests."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    # Chromium asks for /favicon.ico by itself, once a session, when a page declares no icon;
    # which page that is depends on test order, so test_site_has_an_icon checks it instead.
    implicit_favicon: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [f"console: {m}" for m in self.console_errors] + [
            f"request: {m}" for m in self.failed_requests
        ]


class Browser:
    """The session's Chromium, driven at a given viewport width and colour scheme."""

    def __init__(self, driver, base_url: str):
        self.driver = driver
        self.base_url = base_url
        self.origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base_url))

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url, path.lstrip("/"))

    def set_viewport(self, width: int, height: int = 900, dark: bool = False) -> None:
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        self.driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]},
        )

    def _drain_logs(self) -> None:
        self.driver.get_log("browser")
        self.driver.get_log("performance")

    def load(self, path: str) -> LoadReport:
        """Opens `path` and reports console errors and requests that failed or left the site."""
        self._drain_logs()
        url = self.url(path)
        self.driver.get(url)
        # The page is static; wait for the load event, then for any late requests (fonts, images).
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "if (document.readyState === 'complete') setTimeout(done, 100);"
            "else addEventListener('load', () => setTimeout(done, 100));"
        )
        report = LoadReport(url)
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                report.console_errors.append(entry.get("message", repr(entry)))
        requests: dict[str, str] = {}
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                request_url = params["request"]["url"]
                requests[params["requestId"]] = request_url
                if not request_url.startswith(("data:", "blob:", "about:")) and not (
                    request_url.startswith(self.origin + "/")
                ):
                    report.failed_requests.append(f"{request_url} leaves the site")
            elif method == "Network.responseReceived":
                status = params["response"]["status"]
                if status >= 400:
                    report.failed_requests.append(f"{params['response']['url']} answered {status}")
            elif method == "Network.loadingFailed" and not params.get("canceled"):
                report.failed_requests.append(
                    f"{requests.get(params['requestId'], params['requestId'])} failed: "
                    f"{params.get('errorText') or params.get('blockedReason')}"
                )
        declares_icon = self.driver.execute_script(
            "return !!document.querySelector('link[rel~=icon]')")
        if not declares_icon:
            favicon = self.origin + "/favicon.ico"
            for messages in (report.console_errors, report.failed_requests):
                implicit = [m for m in messages if m.startswith(favicon + " ")]
                report.implicit_favicon += implicit
                messages[:] = [m for m in messages if m not in implicit]
        return report


@pytest.fixture(scope="session")
def browser(driver, base_url) -> Browser:
    return Browser(driver, base_url)
