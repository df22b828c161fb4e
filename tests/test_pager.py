"""Long listings are cut into pages (issue #8: at 10,000 cases a theme lists thousands)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.common import urls
from casebook.bench import corpus
from casebook.load.extensions import load_extensions
from casebook.load import load_project
from casebook.render import pages as render_pages
from casebook.render import render_site
from casebook.render.pages import Pager

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("pager")
    corpus.generate(30, REPO, root / "cases")
    p = load_project(root)
    load_extensions(p)
    assert not p.problems
    return p


def test_every_case_of_a_listing_is_on_exactly_one_of_its_pages(project, monkeypatch):
    monkeypatch.setattr(render_pages, "LISTING_PAGE", 4)
    site = render_site(project, urls.SiteUrls(True))
    for tid in project.vocab.themes:
        src = urls.theme_src(tid)
        members = [c.id for c in project.cases if tid in c["themes"]]
        page_srcs = [src] + [s for s in site if s.startswith(src[:-3] + "--")]
        assert len(page_srcs) == max(1, -(-len(members) // 4))
        shown = [cid for s in page_srcs for cid in re.findall(r'href="\.\./\.\./cases/([a-z0-9-]+)/"', site[s])]
        assert sorted(shown) == sorted(members)
        for s in page_srcs:  # every pager link leads to a page of this listing
            for href in re.findall(r'<a href="\.\./([^"]+)/"(?: rel="(?:prev|next)")?>', site[s].split('class="cb-pager"', 1)[-1]):
                if "cases/" not in href:
                    assert f"themes/{href}.md" in page_srcs, href
        if len(page_srcs) > 1:
            assert "（第 2 页）" in site[page_srcs[1]] and 'aria-current="page">2<' in site[page_srcs[1]]


def test_the_case_index_lists_every_case_a_page_at_a_time(project, monkeypatch):
    """issue #17: without JavaScript cases/ still lists every case, newest first,
    LISTING_PAGE a page; the first page keeps the facets and the filterable list."""
    monkeypatch.setattr(render_pages, "LISTING_PAGE", 8)
    site = render_site(project, urls.SiteUrls(True))
    page_srcs = [urls.CASE_INDEX] + [f"cases/index--{k}.md" for k in range(2, 5)]
    assert [s for s in site if s.startswith("cases/index")] == page_srcs  # 30 cases, 8 a page
    newest = [c.id for c in sorted(project.cases, key=lambda c: (c["added"], c.id), reverse=True)]
    shown = [cid for s in page_srcs for cid in re.findall(r'<a class="cb-card__title" href="(?:\.\./)?([a-z0-9-]+)/"', site[s])]
    assert shown == newest
    assert "data-casebook-filters" in site[urls.CASE_INDEX] and "## 按主题" in site[urls.CASE_INDEX]
    assert "data-casebook-filters" not in site["cases/index--2.md"] and "（第 2 页）" in site["cases/index--2.md"]


def test_short_listings_have_no_pager(project):
    site = render_site(project, urls.SiteUrls(True))  # 30 cases: every listing fits on one page
    assert not any("--" in s for s in site)
    assert not any('class="cb-pager"' in text for text in site.values())


@pytest.mark.parametrize("number, count, expected", [
    (1, 1, [1]),
    (1, 9, [1, 2, 3, None, 9]),
    (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),  # a gap of one page shows the page
    (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),
    (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
    (12, 12, [1, None, 10, 11, 12]),
])
def test_pager_window(number, count, expected):
    assert Pager(number, [f"p{k}" for k in range(count)], 0, 0, 0).window() == expected


def test_page_addresses_cannot_be_taken_by_an_id():
    assert urls.page_src("themes/assessment.md", 2) == "themes/assessment--2.md"
    schema_pattern = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # ids: case.schema.json and the vocabularies
    assert not schema_pattern.match("assessment--2")
