#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus for Almanac and an equivalent Hugo site.

    python3 Benchmarks/generate.py --pages 1000 --out Benchmarks/work/p1000

writes, under --out:

    almanac/Content/...        the Almanac site: site.yml, index.md, section-NN/index.md,
                               section-NN/article-NNNNNN.md, data/*.csv, queries/*.sql
    almanac/Templates/...      minimal templates (base, article, section, home, tag, tags)
    almanac-default/Content    a symlink to ../almanac/Content: the same site with the built-in
                               default theme (no Templates/)
    hugo/...                   the same Markdown bodies for Hugo (hugo.toml, content/, layouts/),
                               with the data-driven parts (inline values, charts, tables)
                               replaced by plain text, since Hugo cannot run them
    corpus.json                what was generated (counts, bytes, options)

Every article is about 1,200 words (about 8.9 KB of Markdown) with YAML front matter (title,
date, tags, summary), headings, lists, code blocks, valid links to other generated pages and
some raw HTML. A share of the pages (--data-share, default 1 %) also use the shared data
tables: a page query, inline values, and (with --features) a chart and a table.

Only the standard library is used, and the same arguments always give the same bytes.
"""

import argparse
import json
import os
import random
import shutil
from pathlib import Path

WORDS = """
the of and to in a is that for it as was with be by on not he this are or his from at which but
have an they you were her she there their one all we can has been if more when will would who so
no data report county state year people number share rate average median total program policy
public city council budget school water housing transit health survey record agency court
analysis figure chart table series trend growth decline change increase percent estimate sample
measure method source census region district market price income worker family community
neighborhood election vote turnout district official review audit contract spending revenue
river bridge road traffic crash safety police fire emergency hospital clinic patient doctor
student teacher classroom library museum park garden forest climate weather storm flood drought
energy power plant solar wind battery carbon emission pollution quality standard index score
question answer reason result evidence detail context history decade century month week morning
evening quickly slowly carefully roughly nearly almost often rarely usually clearly probably
between among across through during before after under over within without around against
because although however therefore meanwhile instead moreover finally first second third last
""".split()

TAGS = """
budget housing transit health schools water climate energy elections courts policing safety
labor wages prices taxes census migration farming forests rivers roads bridges parks libraries
hospitals pollution storms drought floods fisheries tourism startups trade ports rail aviation
broadband privacy audits contracts pensions debt lottery museums zoning permits rents evictions
""".split()

SECTIONS = 10
CATEGORIES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]
REGIONS = [f"Region {i:02d}" for i in range(1, 21)]

CODE_SNIPPETS = [
    ("python", [
        "import csv",
        "",
        "def total(path, column):",
        "    with open(path, newline='') as handle:",
        "        return sum(float(row[column]) for row in csv.DictReader(handle))",
        "",
        "print(total('metrics.csv', 'value'))",
    ]),
    ("sh", [
        "curl -sS -o data.csv \"$SOURCE_URL\"",
        "wc -l data.csv",
        "sort -t, -k3 -n data.csv | tail -n 5",
    ]),
    ("sql", [
        "SELECT region, sum(value) AS total",
        "FROM metrics",
        "WHERE year BETWEEN 2015 AND 2020",
        "GROUP BY region",
        "ORDER BY total DESC;",
    ]),
    ("js", [
        "const rows = await fetch('/data/metrics.csv').then((r) => r.text());",
        "const lines = rows.trim().split('\\n');",
        "console.log(`${lines.length - 1} rows`);",
    ]),
]


class Article:
    def __init__(self, index, section, slug, title, date, tags, summary):
        self.index = index
        self.section = section
        self.slug = slug
        self.title = title
        self.date = date
        self.tags = tags
        self.summary = summary

    @property
    def url(self):
        return f"/{self.section}/{self.slug}/"


def words(rng, count):
    return rng.choices(WORDS, k=count)


def sentence(rng, low=8, high=18):
    w = words(rng, rng.randint(low, high))
    w[0] = w[0].capitalize()
    return " ".join(w) + rng.choice([".", ".", ".", "?", ";"])


def title_case(rng, count):
    return " ".join(w.capitalize() for w in words(rng, count))


def paragraph(rng, articles, current, inline_extra=True):
    """About 90 words with emphasis, code, a link to another page and smart punctuation."""
    parts = [sentence(rng) for _ in range(rng.randint(5, 7))]
    i = rng.randrange(len(parts))
    target = articles[rng.randrange(len(articles))]
    if target.index == current.index:
        target = articles[(target.index + 1) % len(articles)]
    parts[i] = parts[i][:-1] + f", as [{target.title.lower()}]({target.url}) shows."
    if inline_extra:
        j = rng.randrange(len(parts))
        w = rng.choice(WORDS)
        kind = rng.randrange(5)
        if kind == 0:
            parts[j] += f" The *{w}* matters."
        elif kind == 1:
            parts[j] += f" **{w.capitalize()}** stays the point."
        elif kind == 2:
            parts[j] += f" Run `{w}_count()` to check it."
        elif kind == 3:
            parts[j] += f" It's \"{w}\" -- not quite what they said..."
        else:
            parts[j] += f" <abbr title=\"{w} index\">{w[:3].upper()}</abbr> rose."
    return " ".join(parts)


def article_body(rng, articles, article, target_words):
    """Returns a list of blocks; about target_words words in all."""
    blocks = [paragraph(rng, articles, article)]
    count = len(blocks[0].split())
    h = 0
    # Each round adds about 200 words: stop early enough to land near the target on average.
    while count < target_words - 100:
        h += 1
        heading = title_case(rng, rng.randint(3, 6))
        blocks.append(f"## {heading}")
        count += len(heading.split())
        for _ in range(rng.randint(1, 2)):
            p = paragraph(rng, articles, article)
            blocks.append(p)
            count += len(p.split())
        kind = h % 4
        if kind == 0:
            items = [" ".join(words(rng, rng.randint(4, 9))) for _ in range(rng.randint(3, 5))]
            blocks.append("\n".join(f"- {item}" for item in items))
            count += sum(len(i.split()) for i in items)
        elif kind == 1:
            items = [sentence(rng, 5, 10) for _ in range(rng.randint(3, 4))]
            blocks.append("\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)))
            count += sum(len(i.split()) for i in items)
        elif kind == 2:
            lang, lines = CODE_SNIPPETS[rng.randrange(len(CODE_SNIPPETS))]
            blocks.append(f"```{lang}\n" + "\n".join(lines) + "\n```")
            count += sum(len(line.split()) for line in lines)
        else:
            text = sentence(rng, 12, 20)
            blocks.append(f'<div class="callout">\n<p>{text}</p>\n</div>')
            count += len(text.split())
        if h % 3 == 0:
            sub = title_case(rng, rng.randint(2, 4))
            blocks.append(f"### {sub}")
            quote = sentence(rng)
            blocks.append(f"> {quote}")
            count += len(sub.split()) + len(quote.split())
    return blocks


def yaml_quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(article, extra_lines=()):
    lines = [
        "---",
        f"title: {yaml_quote(article.title)}",
        f"date: {article.date}",
        "tags: [" + ", ".join(article.tags) + "]",
        f"summary: {yaml_quote(article.summary)}",
        *extra_lines,
        "---",
    ]
    return "\n".join(lines) + "\n"


def data_parts(rng, article, features):
    """(front-matter lines, Almanac blocks, Hugo blocks) for a data-driven page."""
    region = rng.choice(REGIONS)
    year = rng.randint(2010, 2024)
    fm = [
        "queries:",
        "  stats: |",
        "    SELECT sum(value) AS total, count(*) AS n, avg(score) AS mean_score",
        f"    FROM metrics WHERE region = '{region}' AND year = {year}",
    ]
    almanac = [
        f"In {year}, {region} recorded `=stats.total | ,d` across `=stats.n | ,d` "
        f"rows, with a mean score of `=stats.mean_score | .2f`."
    ]
    hugo = [f"In {year}, {region} recorded 123,456 across 321 rows, with a mean score of 4.56."]
    if features & {"chart", "table", "query2"}:
        fm += [
            "  by_category: |",
            "    SELECT category, sum(value) AS value FROM metrics",
            f"    WHERE region = '{region}' GROUP BY category ORDER BY category",
        ]
    if "chart" in features:
        almanac.append(
            "```chart\n"
            f"id: by-category-{article.index}\n"
            "type: column\n"
            f"title: Value by category in {region}\n"
            "description: >\n"
            f"  Columns compare the summed value of each category in {region} across all years.\n"
            "data: by_category\n"
            "x: category\n"
            "y: {field: value, format: \",d\", title: Value}\n"
            "```"
        )
        hugo.append(f"[Chart: value by category in {region}]")
    if "table" in features:
        almanac.append(
            "```table\n"
            "data: by_category\n"
            f"caption: Value by category in {region}\n"
            "columns:\n"
            "  - {field: category, title: Category}\n"
            "  - {field: value, title: Value, format: \",d\"}\n"
            "```"
        )
        hugo.append(f"[Table: value by category in {region}]")
    return fm, almanac, hugo


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


ALMANAC_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="{{site.language}}">
<head><meta charset="utf-8"><title>{{page.title}} | {{site.title}}</title></head>
<body>
<main>
{{$main}}<h1>{{page.title}}</h1>
{{{page.content}}}{{/main}}
</main>
</body>
</html>
""",
    "article.html": """{{<base}}{{$main}}<article>
<h1>{{page.title}}</h1>
{{{page.content}}}</article>
{{/main}}{{/base}}
""",
    "section.html": """{{<base}}{{$main}}<h1>{{page.title}}</h1>
{{{page.content}}}<ul>
{{#section.pages}}<li><a href="{{url}}">{{title}}</a></li>
{{/section.pages}}</ul>
{{/main}}{{/base}}
""",
    "home.html": """{{<base}}{{$main}}<h1>{{page.title}}</h1>
{{{page.content}}}<ul>
{{#site.sections}}<li><a href="{{url}}">{{title}}</a></li>
{{/site.sections}}</ul>
{{/main}}{{/base}}
""",
    "tag.html": """{{<base}}{{$main}}<h1>{{tag.name}}</h1>
<ul>
{{#tag.pages}}<li><a href="{{url}}">{{title}}</a></li>
{{/tag.pages}}</ul>
{{/main}}{{/base}}
""",
    "tags.html": """{{<base}}{{$main}}<h1>{{page.title}}</h1>
<ul>
{{#site.tags}}<li><a href="{{url}}">{{name}}</a></li>
{{/site.tags}}</ul>
{{/main}}{{/base}}
""",
}

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ .Content }}</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
}

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "Almanac benchmark corpus"
disableKinds = []
# Almanac's Atom feed holds the newest 20 pages; Hugo's RSS would otherwise list every page.
rssLimit = 20

[taxonomies]
tag = "tags"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.goldmark.renderer]
unsafe = true
"""

ALMANAC_SITE = """title: Almanac benchmark corpus
description: A generated corpus for measuring build time and memory.
base_url: https://example.org/
language: en
author: The Benchmark Desk
markdown:
  smart: true
  unsafe: true
"""


def generate(args):
    rng = random.Random(args.seed)
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    almanac = out / "almanac"
    content = almanac / "Content"
    hugo = out / "hugo"
    hcontent = hugo / "content"
    features = set(f for f in args.features.split(",") if f)
    width = max(5, len(str(args.pages)))

    sections = [f"section-{s:02d}" for s in range(1, SECTIONS + 1)]
    articles = []
    for i in range(args.pages):
        section = sections[i % SECTIONS]
        day = i % 3650
        year, rest = 2014 + day // 365, day % 365
        month, dom = 1 + rest // 31 % 12, 1 + rest % 28
        articles.append(
            Article(
                index=i,
                section=section,
                slug=f"article-{i:0{width}d}",
                title=f"Article {i}: " + title_case(rng, rng.randint(3, 6)),
                date=f"{year:04d}-{month:02d}-{dom:02d}",
                tags=sorted(set(rng.sample(TAGS, 3))),
                summary=sentence(rng, 12, 20),
            )
        )

    data_every = 0 if args.data_share <= 0 else max(1, round(1 / args.data_share))
    use_data = not args.no_data
    stats = {"almanac_md_bytes": 0, "hugo_md_bytes": 0, "data_pages": 0, "words": 0}

    # Site-level files.
    write(content / "site.yml", ALMANAC_SITE)
    write(hugo / "hugo.toml", HUGO_CONFIG)
    home_intro = "A generated corpus of articles in ten sections, for measuring builds.\n"
    if use_data:
        home_almanac = home_intro + (
            "\nThe shared tables hold `=table_sizes.metrics_rows | ,d` metric rows and "
            "`=table_sizes.events_rows | ,d` events.\n"
        )
        home_hugo = home_intro + "\nThe shared tables hold 30,000 metric rows and 20,000 events.\n"
    else:
        home_almanac = home_hugo = home_intro
    write(content / "index.md", "---\ntitle: Almanac benchmark corpus\n---\n" + home_almanac)
    write(hcontent / "_index.md", "---\ntitle: Almanac benchmark corpus\n---\n" + home_hugo)
    for n, section in enumerate(sections, 1):
        text = f"---\ntitle: Section {n}\nweight: {n}\n---\nArticles filed in section {n}.\n"
        write(content / section / "index.md", text)
        write(hcontent / section / "_index.md", text)

    # Data tables (50,000 rows by default) and site-wide queries.
    if use_data:
        metrics_rows = args.rows * 3 // 5
        events_rows = args.rows - metrics_rows
        drng = random.Random(args.seed + 1)
        lines = ["id,region,category,year,date,value,score"]
        for r in range(metrics_rows):
            # Every (region, year) and (region, category) pair occurs, so every page query has rows.
            year = 2010 + (r // len(REGIONS)) % 15
            lines.append(
                f"{r + 1},{REGIONS[r % len(REGIONS)]},{CATEGORIES[(r // 300) % len(CATEGORIES)]},"
                f"{year},{year}-{1 + r % 12:02d}-{1 + r % 28:02d},{drng.randint(0, 100000)},"
                f"{drng.randint(0, 1000) / 100:.2f}"
            )
        write(content / "data" / "metrics.csv", "\n".join(lines) + "\n")
        lines = ["id,kind,region,day,amount"]
        for r in range(events_rows):
            lines.append(
                f"{r + 1},{drng.choice(['open', 'close', 'review', 'appeal'])},"
                f"{REGIONS[drng.randrange(len(REGIONS))]},"
                f"{2015 + r % 10}-{1 + r % 12:02d}-{1 + r % 28:02d},{drng.randint(1, 5000)}"
            )
        write(content / "data" / "events.csv", "\n".join(lines) + "\n")
        write(
            content / "queries" / "table_sizes.sql",
            "SELECT (SELECT count(*) FROM metrics) AS metrics_rows,\n"
            "       (SELECT count(*) FROM events) AS events_rows\n",
        )
        write(
            content / "queries" / "events_by_kind.sql",
            "SELECT kind, count(*) AS events, sum(amount) AS amount FROM events GROUP BY kind\n",
        )

    for a in articles:
        arng = random.Random(args.seed * 1000003 + a.index)
        body = article_body(arng, articles, a, args.words)
        stats["words"] += sum(len(b.split()) for b in body)
        fm_extra, alm_extra, hugo_extra = [], [], []
        if use_data and data_every and a.index % data_every == 0:
            fm_extra, alm_extra, hugo_extra = data_parts(arng, a, features)
            stats["data_pages"] += 1
        # The data-driven blocks go after the first paragraph.
        alm_blocks = body[:1] + alm_extra + body[1:]
        hugo_blocks = body[:1] + hugo_extra + body[1:]
        stats["almanac_md_bytes"] += write(
            content / a.section / f"{a.slug}.md",
            front_matter(a, fm_extra) + "\n" + "\n\n".join(alm_blocks) + "\n",
        )
        stats["hugo_md_bytes"] += write(
            hcontent / a.section / f"{a.slug}.md",
            front_matter(a) + "\n" + "\n\n".join(hugo_blocks) + "\n",
        )

    for name, text in ALMANAC_TEMPLATES.items():
        write(almanac / "Templates" / name, text)
    for name, text in HUGO_LAYOUTS.items():
        write(hugo / "layouts" / name, text)
    default = out / "almanac-default"
    default.mkdir(parents=True, exist_ok=True)
    os.symlink("../almanac/Content", default / "Content")

    info = {
        "pages": args.pages,
        "sections": SECTIONS,
        "seed": args.seed,
        "words_per_page": args.words,
        "data_share": args.data_share,
        "features": sorted(features),
        "data_rows": args.rows if use_data else 0,
        **stats,
    }
    write(out / "corpus.json", json.dumps(info, indent=2) + "\n")
    return info


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="number of articles")
    parser.add_argument("--out", required=True, help="folder to (re)create")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--words", type=int, default=1200, help="words per article (about)")
    parser.add_argument("--rows", type=int, default=50000, help="data rows in all tables")
    parser.add_argument(
        "--data-share", type=float, default=0.01,
        help="share of pages that use queries and inline values (0 to 1)")
    parser.add_argument(
        "--features", default="values,chart",
        help="what a data page has besides inline values, comma-separated: chart, table, "
        "query2 (the chart's query without the chart)")
    parser.add_argument(
        "--no-data", action="store_true", help="no data tables, queries or data pages at all")
    info = generate(parser.parse_args())
    print(json.dumps(info))


if __name__ == "__main__":
    main()
