"""Text of a saved web page, one line per block, with the stdlib ``html.parser``.

Text inside script, style, nav, header, footer and aside (and other invisible
elements) is left out, but every left-out piece of visible text is returned in
``dropped`` so the report can list it. If a page never closes one of those
elements, almost everything would vanish; when more than half of the text
would be dropped we keep header/footer/nav/aside text after all and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .lines import CJK, Line

INVISIBLE = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head"}
FURNITURE = {"nav", "header", "footer", "aside"}  # page furniture by HTML5 semantics
BLOCK = {
    "address", "article", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
} | FURNITURE
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
REASONS = {"nav": "网页导航栏（<nav>）", "header": "网页页眉（<header>）", "footer": "网页页脚（<footer>）", "aside": "网页侧栏（<aside>）"}

_BREAK_BETWEEN_CJK = re.compile(f"(?<=[{CJK}，。、；：！？“”（）])\\s*\\n\\s*(?=[{CJK}，。、；：！？“”（）])")
_EDGE = "\x01"  # marks where an inline element starts or ends, until the text is joined
_WS = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space may be part of mojibake


@dataclass
class Page:
    lines: list[Line]
    meta: dict[str, str] = field(default_factory=dict)
    dropped: list[tuple[Line, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, keep_furniture: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_furniture = keep_furniture
        self.stack: list[str] = []  # open skipped elements
        self.blocks: list[tuple[int, str, str | None]] = []  # (line, text, skipped-by)
        self.buf: list[str] = []
        self.buf_line = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.in_h1 = False
        self.h1: list[str] = []

    # -- helpers
    def _skipping(self) -> str | None:
        for tag in reversed(self.stack):
            if tag in INVISIBLE:
                return tag
        for tag in reversed(self.stack):
            if tag in FURNITURE and not self.keep_furniture:
                return tag
        return None

    def _flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        # a line break inside a text node between Chinese characters is source formatting
        # (joined); one between two elements (<span>…</span>\n<span>) separates them
        text = _WS.sub(" ", _BREAK_BETWEEN_CJK.sub("", raw)).replace(_EDGE, "").strip()
        if text:
            self.blocks.append((self.buf_line, text, self._skipping()))

    # -- parser events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("canonical", a["href"].strip())
        if tag == "body" and "head" in self.stack:  # a page that never closed <head>
            self.stack = [t for t in self.stack if t != "head"]
        if tag == "title":
            self.in_title = True
        if tag == "h1" and not self.h1:
            self.in_h1 = True
        if tag in BLOCK:
            self._flush()
        elif self.buf:
            self.buf.append(_EDGE)
        if tag in INVISIBLE or tag in FURNITURE:
            self._flush()
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in INVISIBLE or tag in FURNITURE:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if tag in BLOCK or tag in INVISIBLE:
            self._flush()
        elif self.buf:
            self.buf.append(_EDGE)
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.meta["title"] = (self.meta.get("title", "") + data).strip()
            return
        if self.in_h1:
            self.h1.append(data)
        if not self.buf:
            self.buf_line = self.getpos()[0]
        self.buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        if self.h1:
            self.meta["h1"] = _WS.sub(" ", "".join(self.h1)).strip()


def extract(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    kept = [b for b in parser.blocks if b[2] is None]
    furniture = [b for b in parser.blocks if b[2] in FURNITURE]
    notes: list[str] = []
    kept_chars = sum(len(b[1]) for b in kept)
    furniture_chars = sum(len(b[1]) for b in furniture)
    if furniture_chars > kept_chars:
        # an unclosed <header> or <nav> would swallow the article: keep everything visible
        parser = _Parser(keep_furniture=True)
        parser.feed(html)
        parser.close()
        kept = [b for b in parser.blocks if b[2] is None]
        furniture = []
        notes.append("网页中 nav/header/footer/aside 部分的文字比正文还多（可能是网页结构不规范），这些文字已全部保留，由后面的清理步骤逐行判断。")
    lines = [Line(no, text) for no, text, _ in kept]
    dropped = [(Line(no, text), REASONS[tag]) for no, text, tag in furniture]
    return Page(lines=lines, meta=parser.meta, dropped=dropped, notes=notes)
