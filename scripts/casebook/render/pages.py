"""Generate every page of the site from a validated Project.

Output is a dict ``{source path: Markdown}``; the site generator adapter
turns each entry into a virtual page. Ordering is fixed everywhere so that two
builds of the same input are byte-identical.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Callable

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, Undefined, select_autoescape
from markupsafe import Markup, escape

from ..common import urls
from ..common.urls import level_src, status_src, year_src
from ..load.project import RELATION_NAMES, SOURCE_KIND_NAMES, STATUS_NAMES, Case, Project
from .text import figure_value, md_escape, paragraphs, yaml_string

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by every Renderer in this process (keyed by
    source checksum, so an edited template is compiled again): `mkdocs serve`
    makes new Renderers on every rebuild."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()
HOME_MARKERS = ("<!-- casebook:newest-cases -->", "<!-- casebook:themes -->")
NEWEST_COUNT = 8
LISTING_PAGE = 100  # cases on one page of a theme, level, year or status listing


@dataclass
class Pager:
    number: int  # 1-based
    srcs: list[str]  # every page of the listing, in order
    total: int  # cases in the whole listing
    first: int  # 1-based numbers of the cases on this page
    last: int

    def window(self) -> list[int | None]:
        """Page numbers to link: first, last and two either side of this one; None for a gap."""
        keep = {1, len(self.srcs), *range(self.number - 2, self.number + 3)}
        keep |= {k for k in range(2, len(self.srcs)) if k - 1 in keep and k + 1 in keep}  # "…" never hides one page
        out: list[int | None] = []
        for k in range(1, len(self.srcs) + 1):
            if k in keep:
                out.append(k)
            elif out and out[-1] is not None:
                out.append(None)
        return out


@dataclass
class RelatedLink:
    case: Case
    reason: str
    note: str = ""
    computed: bool = False  # found by casebook.link.related, not written in the case file


# Later phases (computed similarity, modules, citations) register callables
# here: (case, project) -> dict of extra template variables / related links.
RELATED_PROVIDERS: list[Callable[[Case, Project], list[RelatedLink]]] = []
CASE_CONTEXT_PROVIDERS: list[Callable[[Case, Project, "Renderer"], dict]] = []
EXTRA_PAGES: list[Callable[[Project, "Renderer"], dict[str, str]]] = []


def explicit_related(case: Case, project: Project) -> list[RelatedLink]:
    out = []
    for entry in case["related"]:
        target = project.case(entry["case"])
        if target is not None:
            out.append(RelatedLink(target, RELATION_NAMES[entry["type"]], entry.get("note", "")))
    return out


def period_text(period: dict) -> str:
    start, end, note = period.get("start"), period.get("end"), period.get("note")
    if start and end:
        text = f"{start}—{end} 年" if start != end else f"{start} 年"
    elif start:
        text = f"{start} 年起"
    elif end:
        text = f"至 {end} 年"
    else:
        text = ""
    if note:
        text = f"{text}（{note}）" if text else note
    return text or "不详"


class _OptionalUndefined(StrictUndefined):
    """Strict about printing a missing value, but ``{% if x.optional %}`` is allowed."""

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Undefined)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = StrictUndefined.__hash__


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja's ``x.name`` on a plain dict, without the AttributeError first.

    Jinja tries ``getattr(x, "name")`` and then ``x["name"]``; on a dict
    (case data is nested dicts) only dict's own attributes (``items``,
    ``get``...) can succeed the first way, so for every other name this goes
    straight to the key, with the same result. A case page makes about 240
    such lookups; raising and catching the AttributeError each time was a
    few CPU-seconds of a 10,000-case build (issue #8)."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class Renderer:
    def __init__(self, project: Project, site_urls: urls.SiteUrls | None = None, template_dirs: list[Path] | None = None):
        self.project = project
        self.urls = site_urls or urls.SiteUrls()
        vocab = project.vocab
        dirs = [str(d) for d in (template_dirs or [])] + [str(TEMPLATE_DIR)]
        env = _Environment(
            bytecode_cache=_BYTECODE,
            loader=FileSystemLoader(dirs),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=_OptionalUndefined,
            keep_trailing_newline=True,
            trim_blocks=False,
            auto_reload=False,  # one Renderer per build: no need to stat each template on every use
        )
        env.filters.update(md=md_escape, yaml_string=yaml_string, paragraphs=paragraphs, figure_value=figure_value)
        env.globals.update(
            rel=self.urls.rel,
            case_src=urls.case_src,
            theme_src=urls.theme_src,
            region_src=urls.region_src,
            level_src=level_src,
            year_src=year_src,
            status_src=status_src,
            glossary_src=urls.GLOSSARY,
            case_index_src=urls.CASE_INDEX,
            level_name=lambda lid: vocab.levels.get(lid, {}).get("name", lid),
            theme_name=lambda tid: vocab.themes.get(tid, {}).get("name", tid),
            source_kind=lambda kind: SOURCE_KIND_NAMES.get(kind, kind),
            glossary=vocab.glossary,
            # "{#" opens a Jinja comment, so heading attribute lists come from here.
            anchor=lambda anchor_id: Markup("{#" + str(escape(anchor_id)) + "}"),
        )
        self.env = env

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    # -- pages ---------------------------------------------------------

    def case_page(self, case: Case) -> str:
        related: list[RelatedLink] = explicit_related(case, self.project)
        seen = {r.case.id for r in related} | {case.id}
        for provider in RELATED_PROVIDERS:
            for link in provider(case, self.project):
                if link.case.id not in seen:
                    related.append(link)
                    seen.add(link.case.id)
        context = dict(
            src=urls.case_src(case.id),
            case=case,
            province_slug=self.project.vocab.province_slug(case["region"]["province"]),
            period_text=period_text(case["period"]),
            status_name=STATUS_NAMES[case["status"]],
            uniform=self.uniform,
            related=related,
        )
        for provider in CASE_CONTEXT_PROVIDERS:
            context.update(provider(case, self.project, self))
        return self.render("case.md.j2", **context)

    def listing(self, src: str, title: str, description: str, groups: list[tuple[str, list[Case]]], pager=None) -> str:
        return self.render("listing.md.j2", src=src, title=title, description=description, groups=groups, pager=pager)

    def paged_listing(self, src: str, title: str, description: str, cases: list[Case]) -> dict[str, str]:
        """One listing, cut into pages of LISTING_PAGE cases (issue #8: at
        10,000 cases a theme lists thousands). Page 1 keeps the address
        ``src``; page k is ``urls.page_src(src, k)``."""
        if len(cases) <= LISTING_PAGE:
            return {src: self.listing(src, title, description, [("", cases)] if cases else [])}
        out = {}
        for page, members, pager in pages_of(src, cases):
            name = title if pager.number == 1 else f"{title}（第 {pager.number} 页）"
            out[page] = self.listing(page, name, description, [("", members)], pager)
        return out

    @cached_property
    def members(self) -> dict[str, dict]:
        """Each listing's cases, newest first, from one pass over the cases:
        {"theme": {theme id: [...]}, "province", "level", "year" (known
        years only), "status"}. The facet counts and the listing pages both use it."""
        out: dict[str, dict] = {facet: defaultdict(list) for facet in ("theme", "province", "level", "year", "status")}
        for case in self.newest():
            for t in case["themes"]:
                out["theme"][t].append(case)
            out["province"][case["region"]["province"]].append(case)
            out["level"][case["level"]].append(case)
            if case.year:
                out["year"][case.year].append(case)
            out["status"][case["status"]].append(case)
        return {facet: dict(groups) for facet, groups in out.items()}

    @cached_property
    def uniform(self) -> frozenset[str]:
        """Facets on which every case agrees (the seed cases all say 实施状态 不详):
        a listing of them cannot narrow anything, so pages do not offer one (issue #17)."""
        total = len(self.project.cases)
        return frozenset(facet for facet, groups in self.members.items()
                         if total and all(len(members) == total for members in groups.values()))

    def facets(self) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
        """(section title, anchor, [(label, target src, count)]) for every facet but the uniform ones."""
        return [section for section in self._facets() if {"region": "province"}.get(section[1], section[1]) not in self.uniform]

    def _facets(self) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
        vocab, m = self.project.vocab, self.members
        return [
            ("按主题", "theme", [(t["name"], urls.theme_src(tid), len(m["theme"].get(tid, ()))) for tid, t in vocab.themes.items()]),
            ("按地区", "region", [(name, urls.region_src(vocab.provinces[name]["slug"]), len(m["province"][name])) for name in vocab.provinces if name in m["province"]]),
            ("按层级", "level", [(lv["name"], level_src(lid), len(m["level"][lid])) for lid, lv in vocab.levels.items() if lid in m["level"]]),
            ("按年份", "year", [(f"{y} 年", year_src(y), len(m["year"][y])) for y in sorted(m["year"], reverse=True)]),
            ("按实施状态", "status", [(STATUS_NAMES[s], status_src(s), len(m["status"][s])) for s in STATUS_NAMES if s in m["status"]]),
        ]

    def newest(self) -> list[Case]:
        return sorted(self.project.cases, key=lambda c: (c["added"], c.id), reverse=True)

    def home_fragments(self) -> dict[str, str]:
        src = urls.HOME
        counts = defaultdict(int)
        for case in self.project.cases:
            for t in case["themes"]:
                counts[t] += 1
        themes = [(t, counts[tid]) for tid, t in self.project.vocab.themes.items()]
        return {
            HOME_MARKERS[0]: self.render("home_newest.html.j2", src=src, cases=self.newest()[:NEWEST_COUNT], total=len(self.project.cases)),
            HOME_MARKERS[1]: self.render("home_themes.html.j2", src=src, themes=themes),
        }

    def fill_home(self, markdown: str) -> str:
        for marker, html in self.home_fragments().items():
            markdown = markdown.replace(marker, html)
        return markdown


def _group(cases: list[Case], key: Callable[[Case], str]) -> list[tuple[str, list[Case]]]:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        groups[key(case)].append(case)
    return [(k, groups[k]) for k in sorted(groups)]


def pages_of(src: str, cases: list[Case]) -> list[tuple[str, list[Case], Pager | None]]:
    """(page src, its cases, its Pager) for each page of a listing cut into
    pages of LISTING_PAGE cases; one page, without a Pager, when they fit."""
    if len(cases) <= LISTING_PAGE:
        return [(src, cases, None)]
    count = -(-len(cases) // LISTING_PAGE)
    srcs = [src] + [urls.page_src(src, k) for k in range(2, count + 1)]
    out = []
    for k, page in enumerate(srcs, start=1):
        members = cases[(k - 1) * LISTING_PAGE : k * LISTING_PAGE]
        out.append((page, members, Pager(k, srcs, len(cases), (k - 1) * LISTING_PAGE + 1, (k - 1) * LISTING_PAGE + len(members))))
    return out


def case_index(r: Renderer) -> dict[str, str]:
    """cases/: the filterable list (issue #17; casebook-filters.js), which
    without JavaScript lists the facets and every case, newest first, a
    hundred cases a page (at 10,000 cases one page of all was 2.4 MB)."""
    cases = r.newest()
    src = urls.CASE_INDEX
    assets = posixpath.relpath("assets", posixpath.dirname(r.urls.file_url(src)) or ".") + "/"
    pages = {}
    for page, members, pager in pages_of(src, cases):
        if page == src:
            pages[page] = r.render("case_index.md.j2", src=src, sections=r.facets(), cases=members, total=len(cases), pager=pager, assets=assets)
        else:
            pages[page] = r.listing(page, f"全部案例（第 {pager.number} 页）", "全部案例，最新收录的在前。", [("", members)], pager)
    return pages


def render_site(project: Project, site_urls: urls.SiteUrls | None = None, lazy: bool = False) -> dict:
    """All generated pages: {src path: markdown}.

    ``lazy``: case pages are left as callables that render the page when
    called, so a site generator can render them where and when it writes them.
    """
    from ..load.extensions import register_features  # feature modules fill the hook lists above

    register_features()
    r = Renderer(project, site_urls)
    vocab = project.vocab
    pages: dict[str, str] = {}
    for case in project.cases:
        pages[urls.case_src(case.id)] = partial(r.case_page, case) if lazy else r.case_page(case)

    pages.update(case_index(r))
    facets = r._facets()  # the theme and region pages list theirs even if every case shares one
    pages[urls.THEME_INDEX] = r.render("facets.md.j2", src=urls.THEME_INDEX, title="主题", description="案例按主题分类。每个主题下列出全部相关案例。", sections=[facets[0]])
    pages[urls.REGION_INDEX] = r.render("facets.md.j2", src=urls.REGION_INDEX, title="地区", description="案例按省级行政区分类。", sections=[facets[1]])

    members_of = r.members
    for tid, theme in vocab.themes.items():
        members = members_of["theme"].get(tid, [])
        pages.update(r.paged_listing(urls.theme_src(tid), f"主题：{theme['name']}", theme["definition"], members))
    for name, entry in vocab.provinces.items():
        members = members_of["province"].get(name)
        if members:
            src = urls.region_src(entry["slug"])
            groups = _group(members, lambda c: "".join(c["region"].get(k, "") for k in ("city", "county")) or f"{name}（全省/全市）")
            pages[src] = r.listing(src, f"地区：{name}", f"{name}的案例，按市、县分组。", groups)
    for lid, level in vocab.levels.items():
        members = members_of["level"].get(lid)
        if members:
            pages.update(r.paged_listing(level_src(lid), f"层级：{level['name']}", f"实施单位为{level['name']}的案例。", members))
    for year, members in sorted(members_of["year"].items()):
        pages.update(r.paged_listing(year_src(year), f"{year} 年的案例", f"做法始于 {year} 年（起始年份不详时按来源发表年份）的案例。", members))
    for status, name in STATUS_NAMES.items():
        members = members_of["status"].get(status)
        if members:
            pages.update(r.paged_listing(status_src(status), f"实施状态：{name}", f"据来源所知，实施状态为“{name}”的案例。", members))

    using: dict[str, list[Case]] = defaultdict(list)
    for case in project.cases:
        for term in case["terms"]:
            using[term].append(case)
    from pypinyin import lazy_pinyin  # sort the glossary as a Chinese reader expects

    entries = sorted(vocab.glossary.values(), key=lambda e: (lazy_pinyin(e["term"]), e["term"]))
    pages[urls.GLOSSARY] = r.render("glossary.md.j2", src=urls.GLOSSARY, entries=[(e, using[e["term"]]) for e in entries])

    for extra in EXTRA_PAGES:
        pages.update(extra(project, r))
    return pages
