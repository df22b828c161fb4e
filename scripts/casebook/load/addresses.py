"""One allocator for every address the site generates (issue #20).

A case, an old case id, a theme, a province slug, a level, a year, a status,
a training module and a glossary entry each claim their page (or, for a
glossary entry, its anchor on the glossary page) here before anything is
rendered. The site's own pages (the index of each section, the comparison
page, the shell pages of ``shellpage``) are reserved first. A second claim on
an address is refused with a message that names both owners by file:line;
names Windows cannot use as a file name (con, nul, com1…) are refused too, as
the offline copy is opened on Windows PCs.

Positions are looked up only for a message (a valid case keeps none in memory).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..common import urls
from ..common.problems import Problem

SECTIONS = ("cases", "themes", "regions", "levels", "years", "status", "modules")
WINDOWS_DEVICES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.I)


@dataclass(frozen=True)
class Owner:
    rel: str  # the file, or "" for the site itself
    what: str  # 主题编号“x”, 编号, …
    where: Callable[[], tuple[int, int]] = lambda: (1, 1)

    def named(self) -> str:
        if not self.rel:
            return self.what
        line, col = self.where()
        return f"{self.rel}:{line}:{col} 的{self.what}"


def _shown(src: str) -> str:
    page, _, anchor = src.partition("#")
    url = urls.SiteUrls().url(page) or "./"
    return f"{url}#{anchor}" if anchor else url


class Addresses:
    def __init__(self) -> None:
        self.owners: dict[str, Owner] = {}
        self.problems: list[Problem] = []  # of every refused claim

    def reserve(self, src: str, what: str) -> None:
        self.owners.setdefault(src, Owner("", what))

    def claim(self, src: str, owner: Owner) -> Problem | None:
        """None when ``src`` was free and now belongs to ``owner``; else why not."""
        other = self.owners.get(src)
        name = src.partition("#")[0].rsplit("/", 1)[-1][:-3]
        if other is None and WINDOWS_DEVICES.fullmatch(name):
            return self._refuse(owner, f"网址 {_shown(src)} 用了 Windows 保留的名称“{name}”，离线版在 Windows 电脑上无法解压和打开。请换一个。")
        if other is None:
            self.owners[src] = owner
            return None
        if not other.rel:
            return self._refuse(owner, f"网址 {_shown(src)} 是{other.what}，不能用作{owner.what}。请换一个。")
        return self._refuse(owner, f"网址 {_shown(src)} 已被 {other.named()}占用，不能再用作{owner.what}。请换一个。")

    def _refuse(self, owner: Owner, message: str) -> Problem:
        line, col = owner.where()
        problem = Problem(owner.rel, line, col, message)
        self.problems.append(problem)
        return problem


def _at(loaded, path: tuple) -> Callable[[], tuple[int, int]]:
    return lambda: loaded.where(path)


def of(project) -> Addresses:
    """The project's allocator (made by crossref.check_project), for later phases' claims."""
    return project.extra.setdefault("addresses", Addresses())


def site_addresses(project) -> Addresses:
    """Reserve the site's own pages, then claim every case's, vocabulary entry's and listing's address."""
    out = Addresses()
    fixed = {urls.HOME: "首页", urls.CASE_INDEX: "案例索引页", urls.THEME_INDEX: "主题索引页", urls.REGION_INDEX: "地区索引页",
             urls.GLOSSARY: "提法词典页", "compare/index.md": "案例对比页", "modules/index.md": "培训专题列表页", "data/index.md": "开放数据页"}
    for src, what in fixed.items():
        out.reserve(src, what)
    for section in SECTIONS:
        out.reserve(f"{section}/index.md", f"{section}/ 栏目的首页")
        for edit in (False, True):
            for toc in (False, True):
                out.reserve(urls.shell_src(section, edit, toc), "生成页面时使用的模板页")  # deleted after the build

    for case in project.cases:
        out.claim(urls.case_src(case.id), Owner(case.rel, f"编号“{case.id}”", _at(case.loaded, ("id",))))
        for i, alias in enumerate(case.get("aliases", [])):
            out.claim(urls.case_src(alias), Owner(case.rel, f"旧编号（aliases）“{alias}”", _at(case.loaded, ("aliases", i))))
    from .project import VOCAB_DIR, VOCAB_FILES

    vocab = project.vocab
    files = vocab.files
    for kind, key, src, what in (("themes", "id", urls.theme_src, "主题编号"), ("provinces", "slug", urls.region_src, "地区网址编号"),
                                 ("levels", "id", urls.level_src, "层级编号"), ("glossary", "id", lambda i: f"{urls.GLOSSARY}#{i}", "词条编号")):
        loaded = files.get(kind)
        if loaded is None or kind in vocab.broken:
            continue
        top = next(iter(loaded.data))
        for i, entry in enumerate(loaded.data[top]):
            rel = f"cases/{VOCAB_DIR}/{VOCAB_FILES[kind][0]}"
            out.claim(src(entry[key]), Owner(rel, f"{what}“{entry[key]}”", _at(loaded, (top, i, key))))
    years = {}
    for case in project.cases:
        if case.year and case.year not in years:
            years[case.year] = case
    for year, case in sorted(years.items()):
        out.claim(urls.year_src(year), Owner(case.rel, f"年份 {year}", _at(case.loaded, ("period",))))
    return out
