"""Where each generated page lives, and relative links between pages.

Mirrors MkDocs' rules (``index.md`` is its folder; with directory URLs
``x.md`` becomes ``x/``, otherwise ``x.html``) so the core can write links in
raw HTML, which MkDocs does not rewrite, that work under any sub-path and from
a ``file://`` copy.
"""

from __future__ import annotations

import posixpath


def case_src(case_id: str) -> str:
    return f"cases/{case_id}.md"


def theme_src(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


def region_src(slug: str) -> str:
    return f"regions/{slug}.md"


def level_src(level_id: str) -> str:
    return f"levels/{level_id}.md"


def year_src(year: int) -> str:
    return f"years/{year}.md"


def status_src(status: str) -> str:
    return f"status/{status}.md"


def page_src(src: str, number: int) -> str:
    """Page ``number`` (2, 3, …) of a long listing: themes/x.md -> themes/x--2.md.
    Ids never contain "--" (schema pattern), so no page can take an id's address."""
    return f"{src[:-3]}--{number}.md"


CASE_INDEX = "cases/index.md"
THEME_INDEX = "themes/index.md"
REGION_INDEX = "regions/index.md"
GLOSSARY = "glossary/index.md"
HANDOUT = "handout/index.md"  # the trainer's own pack (casebook.outputs.handout)
HOME = "index.md"


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site-relative paths, without its getcwd() calls.

    Rendering asks this tens of thousands of times; paths with . or .. parts
    or absolute ones go to posixpath itself.
    """
    p = [] if path == "." else path.split("/")
    s = [] if start == "." else start.split("/")
    if path.startswith("/") or start.startswith("/") or "" in p or "" in s or any(x in (".", "..") for x in p + s):
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(p, s):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(s) - common) + p[common:]
    return "/".join(parts) if parts else "."


class SiteUrls:
    def __init__(self, directory_urls: bool = True):
        self.directory_urls = directory_urls

    def url(self, src: str) -> str:
        """Site-root-relative URL of a source path, as MkDocs computes it."""
        stem, _ = posixpath.splitext(src)
        head, name = posixpath.split(stem)
        if name == "index":
            return (head + "/") if head else ""
        if self.directory_urls:
            return stem + "/"
        return stem + ".html"

    def file_url(self, src: str) -> str:
        """The URL of the HTML file itself (folders spelled out as index.html)."""
        url = self.url(src)
        return url + "index.html" if url == "" or url.endswith("/") else url

    def rel(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """Relative link from the page of ``from_src`` to ``to_src``."""
        target = self.url(to_src) if self.directory_urls else self.file_url(to_src)
        if self.directory_urls:
            base = self.url(from_src).rstrip("/") or "."
            rel = relpath(target.rstrip("/") or ".", base)
            if target == "" or target.endswith("/"):
                rel = "./" if rel == "." else rel + "/"
        else:
            rel = relpath(target, posixpath.dirname(self.file_url(from_src)) or ".")
        return rel + (f"#{anchor}" if anchor else "")


# Placeholder pages of the MkDocs adapter's shell writer (generators/mkdocs/shellpage):
# addresses the site reserves, whichever generator builds it.
SHELL_NAME = "cbshellpage"


def shell_src(section: str, edit: bool, toc: bool) -> str:
    """Where a shell lives while the site generator renders it: in the
    section of the pages it serves (links to the section's index are
    written relative to it), two levels deep like them."""
    return f"{section}/{SHELL_NAME}{'-e' if edit else ''}{'-t' if toc else ''}.md"
