"""The offline copy: check a site built with ``mkdocs.offline.yml``, then zip it.

``make offline`` builds the site with ``use_directory_urls: false`` into
``dist/casebook-offline/`` and runs ``python -m casebook.outputs.offline``, which

1. checks that every page works from a ``file://`` address: each relative
   link or resource names an existing *file* (a link to a folder opens a
   directory listing, or nothing, without a web server), nothing is loaded
   from another host and nothing uses a root-absolute path (``/assets/...``
   means the root of the disk under ``file://``);
2. writes ``dist/casebook-offline.zip`` deterministically: entries sorted, one
   fixed timestamp (``SOURCE_DATE_EPOCH``, else 1980-01-01), fixed permissions,
   so the same site always gives the same bytes.

Everything sits under one top-level folder, so unzipping never spills files.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import sys
import time
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Files of the normal build that make no sense in a copy on disk.
EXCLUDE = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})
ROOT_NAME = "casebook-offline"
_DOS_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can carry

# Attributes whose URL the browser loads by itself (vs. links the reader follows).
_LOADS = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"),
          ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
_LINK_RELS_NOT_LOADED = {"canonical", "alternate", "author", "license", "me"}


@dataclass(frozen=True, order=True)
class LinkProblem:
    page: str  # site-relative path of the HTML file
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url}：{self.reason}"


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, bool]] = []  # (tag, url, loaded by the browser)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src", "data"):
            url = a.get(name)
            if url is None:
                continue
            loaded = (tag, name) in _LOADS
            if tag == "link" and set((a.get("rel") or "").lower().split()) & _LINK_RELS_NOT_LOADED:
                loaded = False
            self.refs.append((tag, url.strip(), loaded))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            m = re.search(r"url\s*=\s*['\"]?([^'\";]+)", a.get("content") or "", re.I)
            if m:  # a redirect page sends the reader on: it must name a file too
                self.refs.append((tag, m.group(1).strip(), False))
        if tag == "img" and a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.refs.append((tag, part.split()[0], True))


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def _check_target(site: Path, page: str, url: str, loaded: bool, offline: bool = True) -> str | None:
    """Why ``url`` (found in ``page``) does not work from file:// (or, with
    ``offline=False``, under any sub-path of an intranet server), or None."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "javascript", "about"):
        return None
    if parts.scheme in ("http", "https") or url.startswith("//"):
        return "从其他网站加载内容，离线时无法显示" if loaded else None  # outside links are fine to follow
    if parts.scheme in ("mailto", "tel"):
        return None
    if parts.scheme:
        return f"不支持的地址类型 {parts.scheme}:"
    if not parts.path:
        return None  # "#anchor" or "?query" on the same page
    if parts.path.startswith("/"):
        return ("以 / 开头的地址在 file:// 下指向磁盘根目录" if offline
                else "以 / 开头的地址在网站放在子路径（如 /casebook/）下时会失效")
    if not offline:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if target.startswith("../") or target == "..":
        return "指向离线版文件夹之外"
    path = site / target
    if path.is_dir():
        return "指向文件夹：离线打开时不会显示 index.html，请链接到具体的 .html 文件"
    if not path.is_file():
        return "文件不存在"
    if target in EXCLUDE:
        return "指向不随离线版打包的文件"
    return None


def check_site(site: Path, offline: bool = True) -> list[LinkProblem]:
    """Every reason a page of the built site would break when opened from disk.

    With ``offline=False`` (a normal build with directory URLs), only what
    breaks anywhere: resources from other hosts and root-absolute addresses."""
    problems: list[LinkProblem] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel in EXCLUDE:
            continue
        if path.suffix == ".html":
            parser = _Refs()
            parser.feed(path.read_text(encoding="utf-8"))
            refs = [(url, loaded) for _, url, loaded in parser.refs]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            refs = [(m.group(2) or m.group(4), True) for m in _CSS_URL.finditer(text)]
        else:
            continue
        for url, loaded in refs:
            reason = _check_target(site, rel, url, loaded, offline)
            if reason:
                problems.append(LinkProblem(rel, url, reason))
    return sorted(set(problems))


def zip_time(epoch: int | None = None) -> tuple[int, int, int, int, int, int]:
    if epoch is None:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or _DOS_EPOCH)
    return time.gmtime(max(epoch, _DOS_EPOCH))[:6]


def write_zip(site: Path, out: Path, root_name: str = ROOT_NAME, epoch: int | None = None) -> int:
    """Zip ``site`` under ``root_name/``; returns the number of files. Same input, same bytes."""
    stamp = zip_time(epoch)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                   if p.is_file() and p.relative_to(site).as_posix() not in EXCLUDE)
    dirs = sorted({posixpath.dirname(f) for f in files} - {""})
    dirs = sorted({d2 for d in dirs for d2 in _parents(d)})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        entries = [(f"{root_name}/", None)] + [(f"{root_name}/{d}/", None) for d in dirs]
        entries += [(f"{root_name}/{f}", site / f) for f in files]
        for name, path in sorted(entries, key=lambda e: e[0]):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, so the permissions below are honoured
            if path is None:
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(out)
    return len(files)


def _parents(d: str):
    while d:
        yield d
        d = posixpath.dirname(d)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.outputs.offline",
                                     description="检查离线版网站（file:// 下能否打开）并打包成 zip。")
    parser.add_argument("site", type=Path, help="用 mkdocs.offline.yml 构建出的文件夹，如 dist/casebook-offline")
    parser.add_argument("zip", type=Path, help="输出的 zip 文件，如 dist/casebook-offline.zip")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html 不存在：请先运行 mkdocs build -f mkdocs.offline.yml", file=sys.stderr)
        return 2
    problems = check_site(args.site)
    if problems:
        print(f"离线版有 {len(problems)} 处链接在 file:// 下无法使用：", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    count = write_zip(args.site, args.zip)
    size = args.zip.stat().st_size
    print(f"已生成 {args.zip}（{count} 个文件，{size / 1024 / 1024:.1f} MB）。解压后双击 {ROOT_NAME}/index.html 即可离线浏览。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
