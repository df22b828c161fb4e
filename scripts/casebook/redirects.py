"""Old case addresses keep working: one redirect page per alias.

A case whose id changed lists its old ids in ``aliases``. For each we
generate ``cases/<old>.md``: a small page that sends the reader on to the
case's new address, keeping the ``#fragment`` (a practice anchor) by script,
falling back to a meta refresh without script, and always showing a plain
link. crossref._addresses fails the build when two cases or aliases claim
the same address; this module adds the addresses only the site reserves.
"""

from __future__ import annotations

from . import urls
from .extensions import EXTENSIONS
from .problems import Problem
from .project import Project
from .render.pages import EXTRA_PAGES, Renderer

RESERVED = frozenset({"index"})  # cases/index.md is the case index


def check_reserved(project: Project) -> None:
    """Extension: no case id or alias may take an address the site needs for itself."""
    for case in project.cases:
        claims = [(case.id, ("id",))] + [(a, ("aliases", i)) for i, a in enumerate(case.get("aliases", []))]
        for address, path in claims:
            if address in RESERVED:
                line, col = case.loaded.where(path)
                project.problems.append(Problem(case.rel, line, col, f"网址 cases/{address}/ 是案例索引页，不能用作案例编号或旧编号。请换一个编号。"))


def redirect_pages(project: Project, renderer: Renderer) -> dict[str, str]:
    pages = {}
    for case in project.cases:
        for alias in case.get("aliases", []):
            if alias in RESERVED:
                continue
            src = urls.case_src(alias)
            pages[src] = renderer.render("redirect.md.j2", src=src, case=case, alias=alias, target=renderer.urls.rel(src, urls.case_src(case.id)))
    return pages


EXTENSIONS.append(check_reserved)
EXTRA_PAGES.append(redirect_pages)
