"""Accessibility: axe-core finds no serious or critical violation, and every
page says what it is (lang="zh-CN", a title and a description of its own).

axe-core comes from tools/audit/node_modules (pinned in
tools/audit/package-lock.json; `make test` installs it through
`make audit-deps`). Lighthouse runs in `make audit`, not here: it is slow.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from _browsing import first_page, module_page, search
from conftest import REPO

AXE_JS = REPO / "tools" / "audit" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS.relative_to(REPO)} is missing: run `make audit-deps` (make test does this)")
    return AXE_JS.read_text(encoding="utf-8")


def _axe(page, axe_source: str, within: str | None = None) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    # Colours are judged once fades and slides are over.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
    result = page.evaluate("([tags, within]) => axe.run(within ? {include: [within]} : document, {runOnly: {type: 'tag', values: tags}})",
                           [AXE_TAGS, within])
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:4]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def _pages(built_site: Path) -> dict[str, str]:
    pages = {"home": "", "case index": "cases/", "case": first_page(built_site, "cases"), "glossary": "glossary/",
             "theme": first_page(built_site, "themes"), "region": first_page(built_site, "regions")}
    if module_page(built_site):
        pages["module"] = module_page(built_site)
        pages["module index"] = "modules/"
    if (built_site / "compare" / "index.html").is_file():
        ids = sorted(p.parent.name for p in (built_site / "cases").glob("*/index.html"))[:2]
        pages["comparison"] = f"compare/?ids={','.join(ids)}"
    if (built_site / "handout" / "index.html").is_file():
        ids = sorted(p.parent.name for p in (built_site / "cases").glob("*/index.html"))[:2]
        pages["handout"] = f"handout/?items={','.join(ids)}&title=%E8%AE%B2%E4%B9%89&question=%E9%97%AE%E9%A2%98"
    return pages


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_serious_violation(browser, built_site, site_server, axe_source, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN",
                                  is_mobile=width < 800, has_touch=width < 800)
    page = context.new_page()
    found = {}
    for name, path in _pages(built_site).items():
        page.goto(site_server + path)
        page.wait_for_load_state("networkidle")
        if violations := _axe(page, axe_source):
            found[f"{name} (/{path})"] = _describe(violations)
    context.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())


def test_axe_with_search_results_and_tooltip_open(page, built_site, site_server, axe_source):
    page.goto(site_server + first_page(built_site, "cases"))
    term = page.locator(".cb-term-link").first
    if term.count():
        term.focus()
    violations = _axe(page, axe_source)
    assert not violations, _describe(violations)
    assert search(page, "结穷亲")
    # Only the search box and its results: the open panel covers the page under it.
    violations = _axe(page, axe_source, within="[data-casebook-search]")
    assert not violations, _describe(violations)


# ------------------------------------------------------------ static checks


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.title = ""
        self.description = None
        self.summary = ""
        self.images: list[dict] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        elif tag == "img":
            self.images.append(a)
        if tag == "title" or (tag == "p" and "cb-summary" in (a.get("class") or "").split()):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "title":
            self.title += data
        elif self._in and self._in[-1] == "p":
            self.summary += data


def _heads(site: Path) -> dict[str, _Head]:
    heads = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith("search/"):
            continue
        head = _Head()
        head.feed(path.read_text(encoding="utf-8"))
        heads[rel] = head
    return heads


def test_every_page_is_marked_as_simplified_chinese(built_site):
    wrong = {rel: h.lang for rel, h in _heads(built_site).items() if h.lang != "zh-CN"}
    assert not wrong, wrong


def test_every_page_has_its_own_title_and_a_description(built_site):
    heads = _heads(built_site)
    titles = Counter(h.title.strip() for h in heads.values())
    assert not [t for t, n in titles.items() if n > 1], "duplicate <title>"
    missing = [rel for rel, h in heads.items() if not (h.description or "").strip()]
    assert not missing, f"no meta description: {missing}"
    for rel, h in heads.items():
        assert h.title.strip().endswith("实践案例库"), rel


def test_case_pages_are_described_by_their_summary(built_site):
    heads = _heads(built_site)
    cases = {rel: h for rel, h in heads.items() if re.fullmatch(r"cases/[^/]+/index\.html", rel)}
    assert cases
    for rel, h in cases.items():
        assert h.summary.strip(), rel
        assert html.unescape(h.description) == h.summary.strip(), rel


def test_images_have_alt_text(built_site):
    missing = [(rel, img.get("src")) for rel, h in _heads(built_site).items() for img in h.images if "alt" not in img]
    assert not missing, missing


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_on_the_filtered_list_and_the_missing_page(browser, site_server, axe_source, width):
    """issue #17: the case list with conditions, a query and (on phones) the panel open; the 404 page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN",
                                  is_mobile=width < 800, has_touch=width < 800)
    page = context.new_page()
    found = {}
    page.goto(site_server + "cases/?q=%E5%B9%B2%E9%83%A8&theme=assessment&from=2008")
    page.wait_for_selector("[data-casebook-filters][data-state=done]")
    if page.locator("[data-filters-toggle]").is_visible():
        page.click("[data-filters-toggle]")
    if violations := _axe(page, axe_source):
        found["cases/ filtered"] = _describe(violations)
    page.goto(site_server + "404.html")
    if violations := _axe(page, axe_source):
        found["404"] = _describe(violations)
    context.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())
