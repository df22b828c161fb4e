"""Generated pages poured into a theme page rendered once (issue #8).

A case page and a listing page differ from one another only in a few places
of the theme's HTML: the title, the description, the address, the table of
contents, the edit link and the article. Rendering the theme's template for
each of 10,000 pages was the largest cost of a build, so the site generator
renders one *shell* page whose Markdown (``shell_markdown``) holds
placeholders, ``Shell.parse`` cuts it at the placeholders, and every page of
the same depth is the shell with its own values put back (``Shell.fill``).

How the theme prints a title (raw, escaped, with tags stripped) is read off
the shell itself: the placeholder carries a probe suffix whose rendering
tells which filter each occurrence went through, so the filled page is byte
for byte what the theme would have written (``tests/test_fastpage.py``
builds the site both ways and compares). A theme that prints a value in a way
not recognised here makes ``parse`` fail, and the adapter falls back to
rendering every page through the site generator.

Nothing here knows MkDocs: the adapter supplies the rendered shell, a
Markdown converter and a table-of-contents renderer.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import yaml
from markupsafe import Markup, escape

from ...common.urls import SiteUrls
from . import fastpage

# Placeholders: ASCII letters only, so no filter or slug changes them.
TITLE, DESCRIPTION = "cbshelltitle", "cbshelldescription"
HEADING, TOC_A, TOC_B, BODY = "cbshellheading", "cbshelltoca", "cbshelltocb", "cbshellbody"
EDIT_URL = "https://cbshelledit.invalid/"
PROBE = "&amp;"  # printed raw: "&amp;"; escaped: "&amp;amp;"; tags stripped: "&"
META_KEYS = frozenset({"title", "description"})  # front matter a shell page may carry

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ShellError(ValueError):
    """The theme's page could not be cut into a shell."""


def shell_markdown(toc: bool) -> str:
    """The page the site generator renders once to make a shell, with or
    without a table of contents (the theme prints none for a page without
    sections)."""
    sections = f"## {TOC_A}\n\n## {TOC_B}\n\n" if toc else ""
    return (
        f'---\ntitle: "{TITLE}{PROBE}"\ndescription: "{DESCRIPTION}{PROBE}"\n---\n\n'
        f"# {HEADING}\n\n{sections}{BODY}\n"
    )


# How each occurrence of the title placeholder was printed, told by its probe suffix.
_FILTERS: dict[str, Callable[[str], str]] = {
    PROBE.replace("&", "&amp;"): lambda v: str(escape(v)),
    PROBE: lambda v: v,
    "&": lambda v: str(Markup(v).striptags()),
}
_SLOT = re.compile("(" + "|".join(re.escape(p) for p in (TITLE, DESCRIPTION)) + ")(" + "|".join(
    re.escape(s) for s in sorted(_FILTERS, key=len, reverse=True)) + ")")


@dataclass
class Page:
    """What one generated page puts into the shell."""

    url: str  # site-root-relative, as the site generator computes it
    title: str  # front-matter values, as the theme receives them
    description: str
    first_anchor: str  # the first heading's id: the skip link's target
    toc_html: str
    content: str
    edit_url: str | None = None


class Shell:
    def __init__(self, parts: list, has_edit: bool):
        self.parts = parts  # literal strings, ("slot", name) and ("value", placeholder, filter), in page order
        self.has_edit = has_edit

    @classmethod
    def parse(cls, html: str, url: str, edit: bool = False, toc: bool = True) -> Shell:
        """Cut the rendered shell page (``url``: its address) into parts."""
        # The article: from the shell's own h1 to the end of its body paragraph.
        start = html.find(f'<h1 id="{HEADING}"')
        end_mark = f"{BODY}</p>"
        end = html.find(end_mark, start)
        if start < 0 or end < 0:
            raise ShellError("找不到模板页的正文")
        end += len(end_mark)
        regions = [(start, end, "content")]
        if toc:  # from the first placeholder entry's <li> to the second's </li>
            toc_a = html.rfind("<li", 0, html.find(f'href="#{TOC_A}"'))
            toc_b_at = html.find(f'href="#{TOC_B}"', max(toc_a, 0))
            toc_end = html.find("</li>", toc_b_at)
            if toc_a < 0 or toc_b_at < 0 or toc_end < 0 or not (toc_end < start or toc_a > end):
                raise ShellError("找不到模板页的目录")
            regions = sorted(regions + [(toc_a, toc_end + len("</li>"), "toc")])
        parts: list = []
        at = 0
        for a, b, name in regions:
            parts += cls._cut(html[at:a], url, edit)
            parts.append(("slot", name))
            at = b
        parts += cls._cut(html[at:], url, edit)
        leftovers = [p for p in parts if isinstance(p, str) and "cbshell" in p]
        if leftovers:
            raise ShellError("模板页中有无法替换的占位符：" + leftovers[0][max(0, leftovers[0].find("cbshell") - 60):][:160])
        return cls(parts, edit)

    @staticmethod
    def _cut(text: str, url: str, edit: bool) -> list:
        """Literal text with the title/description/url/anchor/edit slots cut out."""
        out: list = []
        pattern = re.compile("|".join([_SLOT.pattern, re.escape(url), f'href="#{HEADING}"']
                                      + ([re.escape(EDIT_URL)] if edit else [])))
        at = 0
        for m in pattern.finditer(text):
            out.append(text[at : m.start()])
            token = m.group(0)
            if token == url:
                out.append(("slot", "url"))
            elif token == f'href="#{HEADING}"':
                out.append(("slot", "anchor"))
            elif token == EDIT_URL:
                out.append(("slot", "edit"))
            else:
                out.append(("value", m.group(1), _FILTERS[m.group(2)]))
            at = m.end()
        out.append(text[at:])
        return [p for p in out if p != ""]

    def fill(self, page: Page) -> str:
        if (page.edit_url is not None) != self.has_edit:
            raise ValueError("shell and page disagree on the edit link")
        values = {TITLE: page.title, DESCRIPTION: page.description}
        slots = {"url": page.url, "anchor": f'href="#{page.first_anchor}"', "edit": page.edit_url or "",
                 "toc": page.toc_html, "content": page.content}
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part[0] == "slot":
                out.append(slots[part[1]])
            else:
                out.append(part[2](values[part[1]]))
        return "".join(out)


def fits(markdown: str) -> bool:
    """Whether a page can go into a shell: its front matter sets only title and description."""
    try:
        split_front_matter(markdown)
    except ShellError:
        return False
    return True


def split_front_matter(markdown: str) -> tuple[dict, str]:
    """(meta, body) of a generated page; only title and description are allowed."""
    m = _FRONT_MATTER.match(markdown)
    if not m:
        return {}, markdown
    meta = yaml.load(m.group(1), Loader=_LOADER) or {}
    extra = set(meta) - META_KEYS
    if extra:
        raise ShellError(f"生成页面的 front matter 只能有 title 和 description，却有：{', '.join(sorted(extra))}")
    return meta, markdown[m.end():].lstrip("\n")


def convert(markdown: str, md) -> tuple[str, list[dict]]:
    """(HTML, toc tokens) of a page body: raw HTML blocks stashed, the rest
    through ``md`` (a reusable ``markdown.Markdown`` set up like the site's),
    or, when the rest is nothing but plain headings, through ``Headings``."""
    stashed = fastpage.stash(markdown)
    text, blocks = stashed if stashed is not None else (markdown, [])
    headings = Headings.of(md)
    done = headings.convert(text) if headings is not None and stashed is not None else None
    if done is None:
        md.reset()
        done = md.convert(text), list(getattr(md, "toc_tokens", []))
    html, tokens = done
    if blocks:
        html = fastpage.restore(html, blocks)
    return html, tokens


_HEADING_LINE = re.compile(r"(#{1,6}) (\S(?:[^\n]*\S)?) \{#([A-Za-z0-9_-]+)\}|(#{1,6}) (\S(?:[^\n]*\S)?)")
# Heading text that Markdown passes through untouched: no ASCII marks but
# plain punctuation and the numeric entities render.text.md_escape writes for
# the others, no double spaces.
_PLAIN = re.compile(r"(?:[^\x00-\x1f !-/:-@\[-`{-\x7f]|[,.;:?%/()]| (?! )|&#[0-9]{1,7};)+")


class Headings:
    """Python-Markdown's result for a page that is only plain headings and
    placeholders, without running Markdown (a millisecond a page at 10,000
    pages). What a heading looks like (id, permalink) is learnt once from
    ``md`` itself; anything else on the page goes to ``md``."""

    _PROBE = "# cbhone\n\ncbpara\n\n## cbhtwo {#cbhid}"

    def __init__(self, template: str, toc):
        self.template, self.toc = template, toc

    @classmethod
    def of(cls, md) -> Headings | None:
        if not hasattr(md, "_casebook_headings"):
            md._casebook_headings = cls._learn(md)
        return md._casebook_headings

    @classmethod
    def _learn(cls, md) -> Headings | None:
        from markdown.extensions import toc as toc_ext

        toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
        if toc is None or (toc.toc_top, toc.toc_bottom, toc.base_level) != (1, 6, 0) or toc.slugify is not toc_ext.slugify:
            return None
        md.reset()
        out = md.convert(cls._PROBE)
        tokens = md.toc_tokens
        first, para, second = out.split("\n")
        template = second.replace("cbhid", "{id}").replace("cbhtwo", "{text}").replace("<h2", "<h{level}").replace("</h2>", "</h{level}>")
        probe = cls(template, toc)
        if first != probe._html(1, "cbhone", "cbhone") or para != "<p>cbpara</p>" or tokens != probe._tokens([(1, "cbhone", "cbhone"), (2, "cbhtwo", "cbhid")]):
            return None
        return probe

    def _html(self, level: int, text: str, anchor: str) -> str:
        return self.template.replace("{level}", str(level)).replace("{id}", anchor).replace("{text}", text)

    @staticmethod
    def _tokens(heads) -> list[dict]:
        from markdown.extensions.toc import nest_toc_tokens

        return nest_toc_tokens([{"level": lv, "id": i, "name": t, "html": t, "data-toc-label": ""} for lv, t, i in heads])

    def convert(self, text: str) -> tuple[str, list[dict]] | None:
        from markdown.extensions.toc import unique

        lines = []
        for block in text.split("\n\n"):
            block = block.strip("\n")
            if not block:
                continue
            if block.startswith(fastpage.PLACEHOLDER[:8]) and fastpage.is_placeholder(block):
                lines.append(("p", block))
                continue
            m = _HEADING_LINE.fullmatch(block)
            if m is None:
                return None
            level, title, anchor = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), None)
            if not _PLAIN.fullmatch(title):
                return None
            lines.append((len(level), title, anchor))
        used = {line[2] for line in lines if line[0] != "p" and line[2]}
        counters: dict[str, int] = {}
        heads, out = [], []
        for line in lines:
            if line[0] == "p":
                out.append(f"<p>{line[1]}</p>")
                continue
            level, title, anchor = line
            if anchor is None:
                anchor = unique(self.toc.slugify(html_lib.unescape(title), self.toc.sep), used, counters)
            heads.append((level, title, anchor))
            out.append(self._html(level, title, anchor))
        return "\n".join(out), self._tokens(heads)


def toc_items(tokens: list[dict]) -> list[dict]:
    """The entries the theme lists: a page's h1 is left out, its sections shown."""
    if tokens and tokens[0]["level"] == 1:
        return tokens[0]["children"]
    return tokens


@dataclass
class ShellSet:
    """Everything needed to write shell pages; the site generator's adapter
    supplies the shells, a Markdown converter factory and a table-of-contents
    renderer. Forked workers share it."""

    shells: dict  # (section, edit link?, table of contents?) -> Shell
    new_markdown: Callable[[], object]  # a markdown.Markdown set up like the site's
    toc_html: Callable[[list[dict]], str]  # the theme's entries for toc_items()
    urls: SiteUrls
    edit_url: Callable[[str], str | None]
    finish: Callable[[str], str] = fastpage.finish_page

    def html(self, src: str, markdown: str, md) -> str:
        meta, body = split_front_matter(markdown)
        content, tokens = convert(body, md)
        if not tokens or tokens[0]["level"] != 1:
            raise ShellError(f"{src}：生成的页面必须以一级标题开头")
        items = toc_items(tokens)
        edit = self.edit_url(src)
        shell = self.shells[(src.partition("/")[0], edit is not None, bool(items))]
        page = Page(
            url=self.urls.url(src), title=str(meta.get("title", "")), description=str(meta.get("description", "")),
            first_anchor=tokens[0]["id"], toc_html=self.toc_html(items) if items else "", content=content, edit_url=edit,
        )
        return self.finish(shell.fill(page))

    def write(self, pages: dict, srcs: Sequence[str], site_dir: Path) -> None:
        """Write ``srcs`` (values in ``pages``: Markdown, or a callable making it)."""
        md = self.new_markdown()
        made: set[Path] = set()
        for src in srcs:
            markdown = pages[src]
            if callable(markdown):
                markdown = markdown()
            path = site_dir / self.urls.file_url(src)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(self.html(src, markdown, md), encoding="utf-8")
