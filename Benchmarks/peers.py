#!/usr/bin/env python3
"""Peers for the Markdown-only comparison: convert every file listed in LIST (lines of
"input<TAB>output") to HTML in one process, skipping a leading YAML front-matter block.

    python3 Benchmarks/peers.py python-markdown LIST

(pandoc runs the same loop in Lua, see pandoc-batch.lua, so neither pays a process per file.)
"""

import sys


def body(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[end + 5:]
    return text


def main():
    tool, listing = sys.argv[1], sys.argv[2]
    if tool != "python-markdown":
        sys.exit(f"unknown tool {tool}")
    import markdown

    md = markdown.Markdown(extensions=["smarty"])
    with open(listing, encoding="utf-8") as handle:
        for line in handle:
            source, target = line.rstrip("\n").split("\t")
            with open(source, encoding="utf-8") as f:
                html = md.reset().convert(body(f.read()))
            with open(target, "w", encoding="utf-8") as f:
                f.write(html)


if __name__ == "__main__":
    main()
