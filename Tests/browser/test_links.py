"""Every link in the built showcase leads somewhere: each `href`, `src`, `srcset` and
`xlink:href` in every page (and in the feed's entries), every `url()` in the stylesheets, every
`<loc>` of the sitemap and every link of the feed. Internal targets must be files of Output/,
and `#fragments` must name an element (an `id`, or an `<a name>`) of the target page. Links to
other sites are counted, not fetched: CI has no network (`almanac check --external` does that).
"""

from __future__ import annotations

import html
import re
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from conftest import OUTPUT, SUMMARY, TIMINGS, html_files, site_files, url_path

URL_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "action", "formaction", "data"}
ABSOLUTE_URL_META = {"og:url", "og:image", "twitter:image"}


class PageScan(HTMLParser):
    """The ids of one page and the URLs it refers to, as (where, URL) pairs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self.duplicate_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                if name == "id" and value in self.ids:
                    self.duplicate_ids.append(value)
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.links.append((f"<{tag} {name}> line {self.getpos()[0]}", value))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append(
                            (f"<{tag} {name}> line {self.getpos()[0]}", candidate.split()[0]))
        if tag == "meta" and attributes.get("property") in ABSOLUTE_URL_META:
            self.links.append((f"<meta {attributes['property']}>", attributes.get("content", "")))

    handle_startendtag = handle_starttag


def site_base() -> str:
    """The site's absolute base URL, from the home page's canonical link."""
    text = (OUTPUT / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    assert match, "the home page has no canonical link to learn the site's address from"
    return html.unescape(match.group(1))


def page_url(base: str, file: Path) -> str:
    return urllib.parse.urljoin(base, url_path(file).lstrip("/"))


def check_links() -> tuple[list[str], Counter]:
    base = site_base()
    base_parts = urllib.parse.urlsplit(base)
    pages: dict[Path, PageScan] = {}
    references: list[tuple[str, str, str]] = []  # (source, where, absolute URL)
    problems: list[str] = []

    for file in html_files():
        scan = PageScan()
        scan.feed(file.read_text(encoding="utf-8"))
        pages[file] = scan
        source = file.relative_to(OUTPUT).as_posix()
        for dup in scan.duplicate_ids:
            problems.append(f"{source}: id {dup!r} is used twice")
        here = page_url(base, file)
        for where, value in scan.links:
            references.append((source, where, urllib.parse.urljoin(here, value.strip())))

    for css in site_files("*.css"):
        source = css.relative_to(OUTPUT).as_posix()
        here = urllib.parse.urljoin(base, source)
        for value in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css.read_text("utf-8")):
            if not value.startswith("data:"):
                references.append((source, "url()", urllib.parse.urljoin(here, value)))

    atom = "{http://www.w3.org/2005/Atom}"
    sitemap_ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for xml_file in site_files("*.xml"):
        source = xml_file.name
        tree = ET.parse(xml_file)
        for loc in tree.iter(sitemap_ns + "loc"):
            references.append((source, "<loc>", (loc.text or "").strip()))
        for link in tree.iter(atom + "link"):
            references.append((source, "<link>", urllib.parse.urljoin(base, link.get("href", ""))))
        for entry in tree.iter(atom + "entry"):
            entry_base = entry.get("{http://www.w3.org/XML/1998/namespace}base") or base
            for content in entry.iter(atom + "content"):
                if content.get("type") == "html" and content.text:
                    scan = PageScan()
                    scan.feed(content.text)
                    for where, value in scan.links:
                        references.append(
                            (f"{source} entry {entry_base}", where,
                             urllib.parse.urljoin(entry_base, value.strip())))

    kinds: Counter = Counter()
    for source, where, url in references:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("mailto", "tel", "data"):
            kinds["other schemes"] += 1
            continue
        if parts.scheme not in ("http", "https"):
            problems.append(f"{source} {where}: {url!r} has an unexpected scheme")
            continue
        if parts.netloc != base_parts.netloc:
            kinds["to other sites (not fetched)"] += 1
            continue
        if parts.scheme != base_parts.scheme or not parts.path.startswith(base_parts.path):
            problems.append(f"{source} {where}: {url} leaves the site's base URL {base}")
            continue
        relative = urllib.parse.unquote(parts.path[len(base_parts.path):])
        target = OUTPUT / relative
        if relative == "" or relative.endswith("/"):
            target = target / "index.html"
        elif target.is_dir():
            problems.append(f"{source} {where}: {url} names a folder without its trailing /")
            continue
        if not target.is_file():
            problems.append(f"{source} {where}: {url} leads to no file ({target.relative_to(OUTPUT)})")
            continue
        kinds["internal"] += 1
        if parts.fragment or url.endswith("#"):
            kinds["with a #fragment"] += 1
            fragment = urllib.parse.unquote(parts.fragment)
            scan = pages.get(target)
            if scan is None:
                problems.append(f"{source} {where}: {url} has a fragment, but its target isn't a page")
            elif not fragment:
                problems.append(f"{source} {where}: {url} is an empty fragment")
            elif fragment not in scan.ids:
                problems.append(
                    f"{source} {where}: #{fragment} is no id on {target.relative_to(OUTPUT)}")
    kinds["total"] = len(references)
    return problems, kinds


def test_every_link_leads_somewhere():
    started = time.monotonic()
    problems, kinds = check_links()
    TIMINGS["link check"] = time.monotonic() - started
    SUMMARY["links checked"] = ", ".join(f"{n} {k}" for k, n in kinds.items())
    assert kinds["internal"] > 100, f"suspiciously few internal links: {dict(kinds)}"
    assert kinds["with a #fragment"] > 0, f"no fragment links found: {dict(kinds)}"
    shown = problems[:60]
    more = f"\n… and {len(problems) - 60} more" if len(problems) > 60 else ""
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(shown) + more
