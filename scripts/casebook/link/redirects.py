"""Old case addresses keep working: one redirect page per alias.

A case whose id changed lists its old ids in ``aliases``. For each we
generate ``cases/<old>.md``: a small page that sends the reader on to the
case's new address, keeping the ``#fragment`` (a practice anchor) by script,
falling back to a meta refresh without script, and always showing a plain
link. Every alias claims its address in ``casebook.load.addresses`` (validation),
which refuses one taken by a case, another alias or the site itself.
"""

from __future__ import annotations

from ..common import urls
from ..load.project import Project
from ..render.pages import EXTRA_PAGES, Renderer


def redirect_pages(project: Project, renderer: Renderer) -> dict[str, str]:
    pages = {}
    for case in project.cases:
        for alias in case.get("aliases", []):
            src = urls.case_src(alias)
            pages[src] = renderer.render("redirect.md.j2", src=src, case=case, alias=alias, target=renderer.urls.rel(src, urls.case_src(case.id)))
    return pages


EXTRA_PAGES.append(redirect_pages)
