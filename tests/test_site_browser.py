"""The built site as a reader sees it, in headless Chromium."""

import functools
import http.server
import threading
from pathlib import Path

from casebook.load import load_project
from conftest import ARTIFACTS, REPO, checked_page


def test_home_page_explains_and_lists_newest_cases_and_themes(page, site_server):
    page.goto(site_server)
    assert page.title() == "实践案例库"
    body = page.inner_text("article")
    assert "怎样查找" in body
    project = load_project(REPO)
    newest = sorted(project.cases, key=lambda c: (c["added"], c.id), reverse=True)[0]
    assert page.locator(".cb-home-newest a", has_text=newest.title).count() == 1
    assert page.locator(".cb-theme-grid li").count() == len(project.vocab.themes)


def test_case_index_facets_lead_to_cases(browser, site_server):
    """The static index a reader without JavaScript gets (test_filters.py: the filterable list)."""
    with checked_page(browser, java_script_enabled=False) as (page, _):
        _facets_lead_to_cases(page, site_server)


def _facets_lead_to_cases(page, site_server):
    page.goto(site_server + "cases/")
    for heading in ("按主题", "按地区", "按层级", "按年份", "全部案例"):
        assert page.locator("h2", has_text=heading).count() == 1
    project = load_project(REPO)
    assert page.locator("#all ~ ul.cb-cards li").count() == len(project.cases)
    page.locator(".cb-facets a", has_text="北京市").first.click()
    assert page.url.endswith("/regions/beijing/")
    page.locator(".cb-card__title").first.click()
    assert "/cases/" in page.url
    assert page.locator(".cb-facts").count() == 1


def test_case_page_shows_structure_and_figures(page, site_server):
    project = load_project(REPO)
    case = max(project.cases, key=lambda c: len(c["figures"]))
    page.goto(f"{site_server}cases/{case.id}/")
    assert page.locator("h1").inner_text().rstrip("¶") == case.title
    for heading in ("基本情况", "主要做法", "关键数据", "工作成效", "经验启示", "来源"):
        assert page.locator("h2", has_text=heading).count() == 1, heading
    assert page.locator(".cb-figure").count() == len(case["figures"])
    first = case["practices"][0]
    page.goto(f"{site_server}cases/{case.id}/#{first['id']}")
    heading = page.locator(f"h3#{first['id']}")
    assert heading.inner_text().startswith(first["name"])
    assert heading.is_visible()
    # A facts-box value leads to the list of cases sharing it.
    page.locator(".cb-facts a.cb-tag").first.click()
    assert "/themes/" in page.url and page.locator(".cb-card__title", has_text=case.title).count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{site_server}cases/{case.id}/")
    page.screenshot(path=str(ARTIFACTS / "case-desktop.png"), full_page=True)


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """Answers a missing address with the site's 404.html, as static hosts do."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_missing_page_answers_in_chinese_with_search_and_main_links(page, built_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        response = page.goto(base + "cases/no-such-case/deeper/")
        assert response.status == 404
        assert page.title() == "页面不存在 - 实践案例库"
        assert page.inner_text("article h1").rstrip("¶") == "页面不存在"
        links = page.locator(".cb-404__links a")
        assert set(links.all_inner_texts()) >= {"首页", "案例", "主题", "地区", "提法词典"}
        for href in links.evaluate_all("els => els.map(e => e.href)"):  # absolute from the site root: right at any depth
            assert page.request.get(href).status == 200, href
        page.fill("#cb-404-q", "结穷亲")
        page.press("#cb-404-q", "Enter")
        page.wait_for_url("**/cases/?q=*")
        page.wait_for_selector("[data-casebook-filters][data-state=done]")
        assert "三进三同" in page.inner_text("[data-filters-list]")
    finally:
        server.shutdown()
        server.server_close()


def test_no_page_says_made_with_in_english(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "Made with" not in text, path
        assert "本站由" in text and "生成" in text, path
