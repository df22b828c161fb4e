"""The filterable case list, cases/ (issue #17), driven in headless Chromium.

Facets combine (OR within one, AND across), each value shows the cases it
would give with the rest of the selection, the address holds the state (Back
and Forward restore it), a query narrows the list by relevance, phones get
the conditions in a panel, and without JavaScript the page still lists every
case. The offline copy (file://) is tested in test_offline.py.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from casebook.load import load_project
from conftest import ARTIFACTS, REPO, checked_page

ROOT = "[data-casebook-filters]"
RESULTS = "[data-filters-list] .md-search-result__item > a[data-search-result]:first-child"


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def wait(page) -> None:
    page.wait_for_selector(f"{ROOT}[data-state=done]")


def open_list(page, base: str, query: str = "") -> None:
    page.goto(base + "cases/" + query)
    wait(page)


def shown_ids(page) -> list[str]:
    """Case ids of the result links, in order, after every result is shown."""
    while page.locator("[data-filters-more]:visible").count():
        n = page.locator(RESULTS).count()
        page.click("[data-filters-more]")
        page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length > n", arg=[RESULTS, n])
    return [urlsplit(h).path.rstrip("/").split("/")[-1] for h in page.eval_on_selector_all(RESULTS, "els => els.map(e => e.href)")]


def newest(cases):
    return [c.id for c in sorted(cases, key=lambda c: (c["added"], c.id), reverse=True)]


def check(page, facet: str, value: str) -> None:
    page.check(f"input[name={facet}][value='{value}']")
    wait(page)


def count_of(page, facet: str, value: str) -> int:
    box = page.locator(f"input[name={facet}][value='{value}']")
    return int(box.locator("xpath=ancestor::label").locator(".cb-count").inner_text())


def test_the_list_shows_every_case_newest_first_as_result_links(page, site_server, project):
    open_list(page, site_server)
    assert page.locator(ROOT).is_visible()
    assert page.locator("h2", has_text="全部案例").is_hidden()  # the static list gives way
    assert shown_ids(page) == newest(project.cases)
    assert page.inner_text("[data-filters-summary]") == f"共 {len(project.cases)} 个，最新收录的在前。"


def test_facets_combine_and_count_with_the_rest_of_the_selection(page, site_server, project):
    open_list(page, site_server)
    check(page, "theme", "assessment")
    check(page, "theme", "rotation")  # OR within a facet
    check(page, "province", "重庆市")  # AND across facets
    themes = {"assessment", "rotation"}
    want = [c for c in project.cases if themes & set(c["themes"]) and c["region"]["province"] == "重庆市"]
    assert shown_ids(page) == newest(want)
    # A province counts the cases it would give with the themes chosen.
    for name in ("重庆市", "北京市", "福建省"):
        n = sum(1 for c in project.cases if themes & set(c["themes"]) and c["region"]["province"] == name)
        assert count_of(page, "province", name) == n, name
    # A theme counts with the province (its own facet's other choices aside).
    for tid in project.vocab.themes:
        n = sum(1 for c in project.cases if tid in c["themes"] and c["region"]["province"] == "重庆市")
        box = page.locator(f"input[name=theme][value='{tid}']")
        if box.count():
            assert count_of(page, "theme", tid) == n, tid
            assert box.is_disabled() == (n == 0 and not box.is_checked())  # shown, but not choosable
    query = parse_qs(urlsplit(page.url).query)
    assert sorted(query["theme"]) == ["assessment", "rotation"] and query["province"] == ["重庆市"] and len(query) == 2


def test_the_address_is_the_state_and_back_restores_it(page, site_server, project):
    open_list(page, site_server, "?theme=assessment&province=" + quote("重庆市"))
    assert page.is_checked("input[name=theme][value=assessment]") and page.is_checked("input[name=province][value='重庆市']")
    first = shown_ids(page)
    assert first == newest([c for c in project.cases if "assessment" in c["themes"] and c["region"]["province"] == "重庆市"])
    check(page, "level", "province")
    page.select_option("select[name=from]", "2009")
    wait(page)
    assert parse_qs(urlsplit(page.url).query)["from"] == ["2009"]
    page.go_back()
    wait(page)
    assert page.input_value("select[name=from]") == "" and page.is_checked("input[name=level][value=province]")
    page.go_back()
    wait(page)
    assert not page.is_checked("input[name=level][value=province]")
    assert shown_ids(page) == first
    page.go_forward()
    wait(page)
    assert page.is_checked("input[name=level][value=province]")


def test_a_query_narrows_by_relevance_within_the_filters(page, site_server, project):
    open_list(page, site_server, "?q=" + quote("干部") + "&level=county&from=2009")
    ids = shown_ids(page)
    by_id = {c.id: c for c in project.cases}
    want = {c.id for c in project.cases if c["level"] == "county" and (c.year or 0) >= 2009}
    assert ids and set(ids) <= want
    assert "按相关程度排列" in page.inner_text("[data-filters-summary]")
    assert page.locator("[data-filters-chosen] button", has_text="关键词：干部").count() == 1
    # Without the query the same filters list the cases newest first.
    page.click("[data-filters-chosen] button[data-remove=q]")
    wait(page)
    assert shown_ids(page) == newest([by_id[i] for i in want])


def test_pinyin_and_the_years_in_the_list(page, site_server):
    open_list(page, site_server, "?q=jqq&to=2009")
    assert shown_ids(page)[0] == "chongqing-sanxiang-huodong"
    assert page.locator(".casebook-search__hint").inner_text() == "按拼音查找：结穷亲"
    page.locator(RESULTS).first.click()  # the case's page marks what the query found
    page.wait_for_url("**/cases/chongqing-sanxiang-huodong/")
    page.locator("mark.casebook-mark").first.wait_for()
    assert set(page.locator("mark.casebook-mark").all_inner_texts()) == {"结穷亲"}


def test_what_the_address_gets_wrong_is_said_and_ignored(page, site_server, project):
    open_list(page, site_server, "?province=" + quote("火星") + "&from=abc&theme=assessment")
    notice = page.inner_text("[data-filters-notice]")
    assert "地区“火星”" in notice and "起始年份“abc”" in notice
    assert len(shown_ids(page)) == sum(1 for c in project.cases if "assessment" in c["themes"])
    # Markup in the address is text, never HTML.
    open_list(page, site_server, "?q=" + quote("<img src=x onerror=alert(1)>"))
    assert page.locator("[data-casebook-filters] img").count() == 0
    assert "<img src=x" in page.inner_text("[data-filters-chosen]")


def test_nothing_left_says_so_and_clearing_brings_all_back(page, site_server, project):
    open_list(page, site_server, "?province=" + quote("北京市") + "&level=central")
    assert page.inner_text("[data-filters-summary]") == "没有符合所选条件的案例。可以去掉一些条件再试。"
    page.click("[data-filters-clear]")
    wait(page)
    assert len(shown_ids(page)) == len(project.cases)


def test_a_facet_every_case_shares_is_not_offered(page, site_server, project):
    assert {c["status"] for c in project.cases} == {"unknown"}  # the seed sources never say
    open_list(page, site_server)
    assert page.locator("fieldset[data-facet=status]").count() == 0
    assert page.locator("fieldset[data-facet=level]").count() == 1
    page.goto(site_server + f"cases/{project.cases[0].id}/")
    facts = page.locator(".cb-facts")
    assert "不详" in facts.inner_text() and facts.locator("a", has_text="不详").count() == 0
    assert facts.locator("a", has_text=project.vocab.levels[project.cases[0]["level"]]["name"]).count() == 1


def test_the_search_box_narrows_into_the_list(page, site_server):
    page.goto(site_server)
    box = page.locator("[data-casebook-search-input]")
    box.click()
    box.fill("结穷亲")
    page.wait_for_selector("[data-casebook-search-result][data-state=done][data-query='结穷亲']")
    assert page.locator("[data-search-list]").count() == 1  # "filter these results"
    box.press("Enter")
    page.wait_for_url("**/cases/?q=*")
    wait(page)
    assert page.input_value("#cb-filters-q") == "结穷亲"
    assert not page.is_checked("#__search")  # the list reads ?q=, the header box stays closed
    assert shown_ids(page)[0] == "chongqing-sanxiang-huodong"
    # On the list, the header box sets the list's query and keeps the filters.
    check(page, "level", "province")
    page.locator("label.md-header__button[for=__search]").first.click() if not box.is_visible() else box.click()
    box.fill("三维考核")
    page.wait_for_selector("[data-casebook-search-result][data-state=done][data-query='三维考核']")
    box.press("Enter")
    wait(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["三维考核"] and query["level"] == ["province"]


def test_without_javascript_the_page_lists_every_case(browser, site_server, project):
    with checked_page(browser, java_script_enabled=False) as (page, _):
        page.goto(site_server + "cases/")
        assert page.locator(ROOT).is_hidden()
        for heading in ("按主题", "按地区", "按层级", "按年份", "全部案例"):
            assert page.locator("h2", has_text=heading).count() == 1, heading
        assert page.locator("h2", has_text="按实施状态").count() == 0  # every case says 不详
        assert page.locator("#all ~ ul.cb-cards li").count() == len(project.cases)


@pytest.mark.parametrize("width", [375, 1280])
def test_phone_panel_and_screenshots(browser, site_server, width):
    with checked_page(browser, viewport={"width": width, "height": 860}, is_mobile=width < 500, has_touch=width < 500) as (page, _):
        open_list(page, site_server, "?theme=assessment")
        panel = page.locator("[data-filters-panel]")
        toggle = page.locator("[data-filters-toggle]")
        ARTIFACTS.mkdir(exist_ok=True)
        if width < 500:
            assert panel.is_hidden() and toggle.inner_text() == "筛选条件（已选 1 项）"
            toggle.click()
            assert panel.is_visible() and toggle.get_attribute("aria-expanded") == "true"
            page.screenshot(path=str(ARTIFACTS / f"filters-panel-{width}.png"), full_page=True)
            check(page, "level", "province")
            page.click("[data-filters-done]")
            assert panel.is_hidden()
        else:
            assert panel.is_visible() and toggle.is_hidden()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"filters-{width}.png"), full_page=True)
