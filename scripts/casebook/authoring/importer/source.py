"""Read an article file (.txt or a saved .html page) into numbered lines.

The bytes are decoded with the first encoding that reads them without error
(BOM, the page's declared charset, UTF-8, GB18030, Big5); only if none does
is the text read as UTF-8 with replacement characters, and the report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .lines import Line

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text", ""}
MAX_BYTES = 20_000_000

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class ImportError_(Exception):
    """A problem that stops the import; the message is Chinese and says what to do."""


@dataclass
class Article:
    path: Path
    is_html: bool
    encoding: str
    lines: list[Line]
    html_meta: dict[str, str] = field(default_factory=dict)
    dropped: list[tuple[Line, str]] = field(default_factory=list)  # (text, reason) dropped by the HTML reader
    notes: list[str] = field(default_factory=list)


def decode(raw: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding name, notes) for the report."""
    notes: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8", notes
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16", notes
    tried = []
    if declared:
        tried.append(declared.lower().replace("gb2312", "gb18030").replace("gbk", "gb18030"))
    tried += ["utf-8", "gb18030", "big5"]
    for enc in dict.fromkeys(tried):
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        name = {"utf-8": "UTF-8", "gb18030": "GB18030（GBK）", "big5": "Big5"}.get(enc, enc)
        if enc != "utf-8":
            notes.append(f"文件不是 UTF-8 编码，已按 {name} 读取；输出文件一律是 UTF-8。")
        return text, name, notes
    notes.append("文件的编码无法识别（UTF-8、GB18030、Big5 都读不通），已按 UTF-8 读取，读不通的字节显示为 �。请用浏览器重新“另存为”网页后再导入。")
    return raw.decode("utf-8", errors="replace"), "UTF-8（有无法解码的字节）", notes


def normalise(text: str) -> str:
    """Unify line ends and drop invisible characters.

    Exotic spaces (U+00A0, U+3000 ...) stay until mojibake has been repaired:
    a no-break space can be one byte of a garbled character.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)


def plain_spaces(lines: list[Line]) -> list[Line]:
    """Exotic spaces become plain spaces (after the mojibake step)."""
    return [Line(line.no, _SPACES.sub(" ", line.text).strip()) for line in lines]


def split_lines(text: str, first_no: int = 1) -> list[Line]:
    return [Line(first_no + i, ln.strip()) for i, ln in enumerate(normalise(text).split("\n"))]


def read_article(path: Path) -> Article:
    if not path.is_file():
        raise ImportError_(f"找不到文章文件 {path}。请检查路径是否写对。")
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise ImportError_(f"{path}：只支持 .txt 纯文本和浏览器“另存为”的 .html 网页，不支持 {suffix} 文件。请把文章另存为 .txt 或 .html 后再导入。")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportError_(f"{path} 太大（{size} 字节）。一篇文章通常不到 1 MB，请检查是否选错了文件。")
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportError_(f"{path} 是空文件。请重新保存文章后再导入。")
    if suffix in HTML_SUFFIXES:
        from .html import extract

        m = _CHARSET.search(raw[:4096])
        text, encoding, notes = decode(raw, m.group(1).decode("ascii", "ignore") if m else None)
        page = extract(normalise(text))
        article = Article(path, True, encoding, page.lines, page.meta, page.dropped, notes + page.notes)
    else:
        text, encoding, notes = decode(raw)
        if "\x00" in text:
            raise ImportError_(f"{path} 含有空字符，不是文本文件。请把文章另存为 .txt（UTF-8）后再导入。")
        article = Article(path, False, encoding, split_lines(text), notes=notes)
    if not any(line.text for line in article.lines):
        raise ImportError_(f"{path} 中没有读到任何文字。如果是网页，请确认保存的是“网页，完整”或“网页，仅 HTML”，而不是空白页。")
    return article
