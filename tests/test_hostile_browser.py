"""Hostile addresses and stored data in the browser (issue #20).

Every page type of the fixture site is opened with addresses nobody should
type: malformed percent signs, object-prototype names, markup in the
fragment, astral characters. ``checked_page`` fails on any JavaScript error;
each page must also finish (scripts started, search answered, comparison
shown) and open no dialog.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, checked_page

PAGES = {
    "home": "",
    "case": "cases/shili-xian-liangxiang-zhidu/",
    "case index": "cases/",
    "theme": "themes/contact-service/",
    "region": "regions/jiangsu/",
    "glossary": "glossary/",
    "module": "modules/shili-zhuanti/",
    "compare": "compare/",
    "data": "data/",
}
HOSTILE = [
    "?ids=%", "?ids=%E4%B8%ZZ,shili-xian-liangxiang-zhidu", "?ids=constructor,__proto__,toString,hasOwnProperty,valueOf",
    "?ids=shili-xian-liangxiang-zhidu%2Cconstructor%2C%", "?ids=" + "a," * 500,
    "?q=%", "?q=%E0%A4%A", "?q=constructor", "?q=__proto__", "?q=hasOwnProperty", "?q=%F0%A0%80%80%F0%A0%80",
    "?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "#%", "#%E0%A4%A", "#constructor", "#__proto__", '#"><img src=x onerror=alert(1)>', "#cite-page%",
]
BASKET = '["constructor", "__proto__", "toString", "hasOwnProperty", 1, null, {"x": 1}]'


def finished(page, address: str) -> None:
    """The page's scripts ran to the end for this address."""
    page.wait_for_function("() => document.documentElement.classList.contains('cb-js')", timeout=10_000)
    if page.locator("[data-casebook-filters]").count():  # the case list reads ?q= itself (issue #17)
        page.wait_for_selector("[data-casebook-filters][data-state=done]", timeout=10_000)
    elif "?q=" in address and page.locator("[data-casebook-search-result]").count():
        page.wait_for_selector("[data-casebook-search-result][data-state=done]", timeout=10_000)
    if page.locator(".cb-compare[data-data-base]").count():
        page.wait_for_function(
            "() => { const m = document.querySelector('.cb-compare__message');"
            " const f = document.querySelector('.cb-compare__picker');"
            " return f && !f.hidden && m && m.textContent && !m.textContent.includes('正在载入'); }", timeout=10_000)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_hostile_addresses_do_nothing(browser, fixture_server, kind):
    with checked_page(browser) as (page, _):
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.add_init_script(f"try {{ localStorage.setItem('casebook-compare', {BASKET!r}); }} catch (e) {{}}")
        for address in HOSTILE:
            page.goto(fixture_server + PAGES[kind] + address)
            finished(page, address)
        assert dialogs == []


def test_compare_page_explains_hostile_ids(browser, fixture_server):
    with checked_page(browser) as (page, _):
        page.goto(fixture_server + "compare/?ids=%E4%B8%ZZ,constructor,shili-xian-liangxiang-zhidu")
        finished(page, "")
        message = page.inner_text(".cb-compare__message")
        assert "“%E4%B8%ZZ”" in message and "“constructor”" in message
        assert page.locator(".cb-compare__chip").all_inner_texts()[0].startswith("示例县建立干部联系群众")
        page.fill("#cb-compare-input", "constructor")
        page.click(".cb-compare__picker button[type=submit]")
        # the picker asks the site search first: its answer comes asynchronously
        expect(page.locator(".cb-compare__message")).to_contain_text("没有找到与“constructor”相符的案例")


def test_a_stored_basket_of_prototype_names_is_ignored(browser, fixture_server):
    with checked_page(browser) as (page, _):
        page.add_init_script(f"localStorage.setItem('casebook-compare', {BASKET!r});")
        page.goto(fixture_server + "compare/")
        finished(page, "")
        assert "“constructor”" in page.inner_text(".cb-compare__message")
        assert page.locator(".cb-compare__chip").count() == 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a whole pair arrives as one character


def test_snippets_never_cut_a_supplementary_character_in_half(page, tmp_path):
    """Snippets were cut by UTF-16 unit: 𠀀 (U+20000) and other Han beyond the
    first plane lost half of themselves at either end."""
    from casebook.load import load_project
    from casebook.search.write import write_index
    from casebook.common.urls import SiteUrls

    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "search_project", root)
    case = root / "cases" / "shili-zhen-jieqin-lianxin.yaml"
    # 60 astral characters and one BMP one put the highlight at an odd UTF-16 offset.
    astral = "𠀀𠀁𠀂𡈼𪚥" * 12 + "甲"
    text = case.read_text(encoding="utf-8").replace("background: 示例镇困难群众", f"background: {astral}星火燎原{'𠀀' * 80}示例镇困难群众", 1)
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    project = load_project(root)
    assert project.problems == []
    write_index(project, out, SiteUrls(True))
    shutil.copy(FIXTURES.parent.parent / "docs" / "assets" / "javascripts" / "casebook-search.js", out / "casebook-search.js")
    shutil.copy(FIXTURES / "search_project" / "harness.html", out / "index.html")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html?q=星火燎原")
        page.wait_for_selector("[data-casebook-search-result][data-state=done]")
        snippets = page.eval_on_selector_all(".md-search-result__list p", "els => els.map(e => e.textContent)")
        assert any("星火燎原" in s for s in snippets), snippets
        for s in snippets:
            assert not LONE_SURROGATE.search(s), ascii(s[:20] + s[-20:])
    finally:
        server.shutdown()
        server.server_close()
