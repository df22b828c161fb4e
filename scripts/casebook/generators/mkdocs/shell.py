"""MkDocs side of shell pages (casebook.generators.mkdocs.shellpage, issue #8).

MkDocs renders one shell page per kind (with or without an edit link, with
or without a table of contents) like any other page; ``capture`` keeps its
HTML before it is written, and after the build the shells are removed from
the site and every shell page is written from them, on both cores.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import markdown
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date, get_build_timestamp

from ...common import forking
from ...common.urls import SHELL_NAME, SiteUrls, shell_src
from .shellpage import EDIT_URL, Shell, ShellSet, fits, shell_markdown

TOC_ITEMS_KEPT = 10_000  # rendered TOC items remembered during a build

SECTIONS = frozenset({"cases", "themes", "regions", "levels", "years", "status"})  # not_in_nav in mkdocs.yml


def eligible(src: str, markdown) -> bool:
    """Generated pages that sit two levels deep, are not in the navigation and
    set no front matter but title and description share a shell (case pages,
    still to be rendered, always do; alias redirect pages do not)."""
    section, _, name = src.partition("/")
    if section not in SECTIONS or "/" in name or name == "index.md":
        return False
    return callable(markdown) or fits(markdown)


EDITABLE = frozenset({"cases"})  # sections whose pages have a source file to edit


class ShellPages:
    def __init__(self, edit: bool):
        self.kinds = [(s, e, t) for s in sorted(SECTIONS) for e in ((False, True) if edit and s in EDITABLE else (False,))
                      for t in (False, True)]
        self.srcs = {shell_src(*kind): kind for kind in self.kinds}
        self.captured: dict[tuple, str] = {}

    def files(self, config) -> list[File]:
        return [File.generated(config, src, content=shell_markdown(toc), inclusion=InclusionLevel.NOT_IN_NAV)
                for src, (_, _, toc) in self.srcs.items()]

    def edit_url(self, src: str) -> str | None:
        """The shell's own edit link: a placeholder or none."""
        return EDIT_URL if self.srcs[src][1] else None

    def capture(self, page, output: str) -> None:
        kind = self.srcs.get(page.file.src_uri)
        if kind is not None:
            self.captured[kind] = output

    def shell_set(self, config, env, site_urls: SiteUrls, edit_url) -> ShellSet:
        shells = {}
        for src, kind in self.srcs.items():
            shells[kind] = Shell.parse(self.captured[kind], site_urls.url(src), edit=kind[1], toc=kind[2])
        item = env.get_template("partials/toc-item.html")
        rendered: dict[str, str] = {}  # a heading's token -> its TOC item

        def toc_html(tokens: list[dict]) -> str:
            """The theme's TOC items; an item is made from its heading's token
            alone, and most headings (背景, 主要做法...) recur on every case page,
            so each distinct one is rendered once (issue #8)."""
            out = []
            for token, entry in zip(tokens, get_toc(tokens)):
                key = json.dumps(token, ensure_ascii=False, sort_keys=True)
                html = rendered.get(key)
                if html is None:
                    if len(rendered) >= TOC_ITEMS_KEPT:
                        rendered.clear()
                    html = rendered[key] = item.render(toc_item=entry)
                out.append(html)
            return "\n".join(out)

        def new_markdown():
            return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})

        return ShellSet(shells, new_markdown, toc_html, site_urls, edit_url)

    def write(self, shell_set: ShellSet, pages: dict, site_dir: Path, first: set[str] | None = None,
              busy=lambda: False) -> forking.Forked | None:
        """Write every page in ``pages``, on both cores once ``busy()`` (the search
        worker) is false. With ``first`` (``mkdocs serve``), only those are written
        before returning; the rest follow in a background worker, which is returned."""
        for src in self.srcs:  # the shells themselves are not part of the site
            path = site_dir / shell_set.urls.file_url(src)
            path.unlink(missing_ok=True)
            if path.name == "index.html":
                path.parent.rmdir()
        srcs = list(pages)
        if srcs:  # per-project caches every page uses (related links, …) are filled before the fork
            first_page = pages[srcs[0]]
            pages[srcs[0]] = first_page() if callable(first_page) else first_page
        now = srcs if first is None else [s for s in srcs if s in first]
        forking.split_when_free(lambda share: shell_set.write(pages, share, site_dir), now, busy)
        later = [] if first is None else [s for s in srcs if s not in first]
        if later and forking.available():
            return forking.Forked(shell_set.write, pages, later, site_dir)
        shell_set.write(pages, later, site_dir)
        return None


_URL_ENTRY = re.compile(r"\s*<url>\s*<loc>[^<]*/" + SHELL_NAME + r"[^<]*</loc>.*?</url>", re.S)


def add_to_sitemap(site_dir: Path, config, srcs: list[str], site_urls: SiteUrls) -> None:
    """MkDocs lists only the pages it rendered: swap the shells for the shell pages."""
    path = site_dir / "sitemap.xml"
    if not config.site_url or not path.exists():
        return
    text = _URL_ENTRY.sub("", path.read_text(encoding="utf-8"))
    date = get_build_date()
    base = config.site_url.rstrip("/") + "/"
    entries = "".join(f"\n    <url>\n         <loc>{base}{site_urls.url(src)}</loc>\n         <lastmod>{date}</lastmod>\n    </url>"
                      for src in srcs)
    text = text.replace("\n</urlset>", entries + "\n</urlset>", 1)
    path.write_text(text, encoding="utf-8")
    with open(f"{path}.gz", "wb") as fh, gzip.GzipFile(fileobj=fh, filename=f"{path}.gz", mode="wb", mtime=get_build_timestamp()) as gz:
        gz.write(text.encode("utf-8"))
