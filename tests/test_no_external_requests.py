"""No outside requests: the site must work on an intranet with no internet access.

A page makes no request outside its own origin: no web fonts, CDNs, analytics
or images from elsewhere. Checked twice: statically over every built HTML and
CSS file, and in Chromium, recording every request while pages load and
while the header search runs.
"""

from __future__ import annotations

import re

import pytest

from _browsing import Requests, first_page, module_page, search
from casebook.outputs.offline import check_site
from conftest import REPO, checked_page


def test_no_page_or_stylesheet_loads_from_another_host(built_site):
    problems = check_site(built_site, offline=False)
    assert not problems, "\n".join(map(str, problems))


def test_theme_fonts_and_widgets_are_off():
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+font: false", config, re.M), "Material would load Google Fonts"
    for key in ("repo_url:", "google_analytics", "analytics:", "- offline", "pymdownx.emoji"):
        assert key not in config, f"{key} makes pages request other hosts"


def test_our_stylesheets_use_system_fonts_only():
    css_dir = REPO / "docs" / "assets" / "stylesheets"
    for css in sorted(css_dir.glob("*.css")):
        text = css.read_text(encoding="utf-8")
        assert "@font-face" not in text and "@import" not in text, css.name
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css.name
    assert "Noto Sans CJK SC" in (css_dir / "casebook.css").read_text(encoding="utf-8")


@pytest.fixture
def recorded(browser, site_server):
    with checked_page(browser, lambda context: Requests(context, site_server)) as (page, requests):
        yield page, requests


def _visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 4000)  # anything loaded on scroll
    page.wait_for_load_state("networkidle")


def test_pages_request_nothing_from_other_hosts(recorded, built_site, site_server):
    page, requests = recorded
    paths = ["", "cases/", first_page(built_site, "cases"), "glossary/"]
    paths += [p for p in (module_page(built_site), "compare/", "handout/") if p and (built_site / p / "index.html").is_file()]
    for path in paths:
        _visit(page, site_server + path)
    # Hover a glossary term (tooltips) on a case page.
    page.goto(site_server + first_page(built_site, "cases"))
    term = page.locator(".cb-term-link").first
    if term.count():
        term.hover()
    page.wait_for_load_state("networkidle")
    assert len(requests.all) > len(paths)
    assert requests.outside_requests() == []
    assert requests.broken == []


def test_search_requests_nothing_from_other_hosts(recorded, site_server):
    page, requests = recorded
    page.goto(site_server)
    before = len(requests.all)
    for query in ("结穷亲", "三進三同", "公务员 交流", "干部"):
        assert search(page, query), f"no result for {query}"
    page.wait_for_load_state("networkidle")
    assert len(requests.all) > before, "the search index is loaded on demand"
    assert any("/search/" in url for url in requests.all[before:])
    assert requests.outside_requests() == []
    assert requests.broken == []


def test_phone_layout_requests_nothing_from_other_hosts(browser, built_site, site_server):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN",
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    requests = Requests(context, site_server)
    page = context.new_page()
    for path in ("", first_page(built_site, "cases")):
        _visit(page, site_server + path)
    assert search(page, "结穷亲")
    context.close()
    assert requests.outside_requests() == []
