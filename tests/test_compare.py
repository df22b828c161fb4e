"""The comparison page: data files, picking cases in a real browser, shareable URLs, file://."""

from __future__ import annotations

import json
import re

from casebook.outputs.compare import MAX_CASES
from casebook.load import load_project
from conftest import ARTIFACTS, REPO

A, B, C = "chongqing-sanwei-kaohe", "quanzong-jiguan-fuwu-zhigong-kaohe", "dongcheng-keji-gongwuyuan-kuadanwei-jiaoliu"


def load_js(path, call):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(call + "(") and text.endswith(");\n")
    return json.loads(text[len(call) + 1 : -3])


def test_data_scripts_cover_every_case(built_site):
    project = load_project(REPO)
    index = load_js(built_site / "assets" / "compare" / "index.js", "window.cbCompareIndex")
    assert [row[0] for row in index["cases"]] == [c.id for c in project.cases]
    for case in project.cases:
        record = load_js(built_site / "assets" / "compare" / "cases" / f"{case.id}.js", "window.cbCompareCase")
        assert record["id"] == case.id and record["title"] == case.title
        assert [p["id"] for p in record["practices"]] == [p["id"] for p in case["practices"]]
        assert len(record["figures"]) == len(case["figures"])
        assert (built_site / record["url"] / "index.html").is_file()
    page = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert 'data-data-base="../assets/compare/" data-site-root="../"' in page


def titles_in_table(page) -> list[str]:
    return page.locator("table.cb-compare__grid thead th a").all_inner_texts()


def add_case(page, text: str) -> None:
    page.locator("#cb-compare-input").fill(text)
    page.locator(".cb-compare__picker button[type=submit]").click()


def test_pick_two_cases_and_share_the_url(page, site_server, browser):
    project = load_project(REPO)
    page.goto(site_server + "compare/")
    page.locator(".cb-compare__message", has_text="还没有选择案例").wait_for()
    add_case(page, "三维考核")  # a word of the title is enough when it is unique
    page.locator(".cb-compare__message", has_text="再加入至少 1 个").wait_for()
    add_case(page, B)  # or the id
    page.locator("table.cb-compare__grid").wait_for()
    assert titles_in_table(page) == [project.case(A).title, project.case(B).title]
    assert page.url == f"{site_server}compare/?ids={A},{B}"
    table = page.locator("table.cb-compare__grid").inner_text()
    for text in ("地区", "重庆市", "全国", "层级", "省级", "中央和国家机关", "实施时间", "主题", "考核评价", "主要做法", "工作实绩靠算账", "关键数据", "60%", "271家"):
        assert text in table, text
    # Practice names link straight to their anchors on the case page.
    assert page.locator("table a", has_text="工作实绩靠算账").get_attribute("href") == f"../cases/{A}/#gongzuo-shiji-suanzhang"
    # The address is the comparison: a fresh browser (no stored selection) shows the same.
    shared = page.url
    other = browser.new_context(locale="zh-CN").new_page()
    other.goto(shared)
    other.locator("table.cb-compare__grid").wait_for()
    assert titles_in_table(other) == titles_in_table(page)
    other.context.close()
    # Removing one updates the address too.
    page.locator(".cb-compare__remove").first.click()
    assert page.url == f"{site_server}compare/?ids={B}"


def test_unknown_and_old_ids_get_a_readable_message(page, site_server):
    page.goto(f"{site_server}compare/?ids={A},meiyou-zhege-anli,{A}")
    message = page.locator(".cb-compare__message")
    message.filter(has_text="meiyou-zhege-anli").wait_for()
    assert "没有找到编号为 “meiyou-zhege-anli” 的案例，已忽略" in message.inner_text()
    assert page.url == f"{site_server}compare/?ids={A}"  # cleaned up, duplicates dropped
    add_case(page, "根本没有这样的标题")
    message.filter(has_text="没有找到与“根本没有这样的标题”相符的案例").wait_for()
    add_case(page, "重庆市")
    message.filter(has_text="有多个案例相符").wait_for()


def test_add_box_finds_what_the_site_search_finds(page, site_server):
    """A place (湖塘镇) or a short name (全总) is not in any title; the site search knows them."""
    project = load_project(REPO)
    page.goto(f"{site_server}compare/")
    page.locator(".cb-compare__message", has_text="还没有选择案例").wait_for()
    wujin = "wujin-nianqing-ganbu-chaiqian-anzhi-duanlian"
    for query, case_id in (("湖塘镇", wujin), ("全总", B)):
        page.locator("#cb-compare-input").fill(query)
        result = page.locator(".cb-picker__result", has_text=project.case(case_id).title)
        result.wait_for()
        result.locator("button", has_text="加入对比").click()
    page.locator("table.cb-compare__grid").wait_for()
    assert titles_in_table(page) == [project.case(wujin).title, project.case(B).title]
    assert page.locator(".cb-picker__result").count() == 0  # the list closes once a case is picked


def test_comparison_prints_the_table_from_page_one(page, site_server, tmp_path):
    import subprocess

    project = load_project(REPO)
    page.goto(f"{site_server}compare/?ids={A},{B},{C}")
    page.locator("table.cb-compare__grid").wait_for()
    pdf = tmp_path / "compare.pdf"
    page.pdf(path=str(pdf), format="A4")
    # -raw: text in drawing order, so a table cell's lines stay together
    pages = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")[:-1]
    first = re.sub(r"\s+", "", pages[0])
    assert "实施单位" in first and "实施时间" in first, "the table starts on page 1"
    for case_id in (A, B, C):
        assert re.sub(r"\s+", "", project.case(case_id).title) in first
    assert "×" not in "".join(pages) and "复制本次对比" not in "".join(pages)


def test_at_most_four_cases(page, site_server):
    ids = [c.id for c in load_project(REPO).cases][:6]
    page.goto(f"{site_server}compare/?ids={','.join(ids)}")
    page.locator("table.cb-compare__grid").wait_for()
    assert len(titles_in_table(page)) == MAX_CASES
    assert f"一次最多对比 {MAX_CASES} 个案例" in page.locator(".cb-compare__message").inner_text()
    assert page.locator("#cb-compare-input").is_disabled()


def test_add_to_comparison_from_case_pages(page, site_server):
    page.goto(f"{site_server}cases/{A}/")
    button = page.locator("a.cb-compare-add")
    assert button.get_attribute("href") == f"../../compare/?ids={A}"  # works without script too
    button.click()
    assert button.inner_text() == "移出对比" and button.get_attribute("aria-pressed") == "true"
    page.goto(f"{site_server}cases/{C}/")
    page.locator("a.cb-compare-add").click()
    go = page.locator("a.cb-compare-go")
    assert go.inner_text() == "去对比（已选 2 个）→"
    go.click()
    page.locator("table.cb-compare__grid").wait_for()
    assert page.url == f"{site_server}compare/?ids={A},{C}"
    # Opening the comparison without ids shows the stored selection.
    page.goto(f"{site_server}compare/")
    page.locator("table.cb-compare__grid").wait_for()
    assert len(titles_in_table(page)) == 2


def test_comparison_works_from_file_urls(page, built_site):
    url = (built_site / "compare" / "index.html").as_uri()
    page.goto(f"{url}?ids={A},{C}")
    page.locator("table.cb-compare__grid").wait_for()
    assert len(titles_in_table(page)) == 2
    assert re.search(r"compare/index\.html\?ids=", page.url)


def test_phone_layout_scrolls_the_table_not_the_page(browser, site_server):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_server}compare/?ids={A},{B},{C}")
    page.locator("table.cb-compare__grid").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(".cb-compare__table")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    # The reader can tell there is more: a line says so, and the next case shows at the edge.
    assert page.locator(".cb-compare__scroll-hint").is_visible()
    assert "共 3 个案例" in page.locator(".cb-compare__scroll-hint").inner_text()
    second = page.locator("table.cb-compare__grid thead th").nth(2).bounding_box()
    assert second["x"] < 375 - 20, second
    # Scrolled sideways, the row labels stay in view.
    box.evaluate("e => e.scrollLeft = 200")
    assert page.locator("table.cb-compare__grid tbody th").first.bounding_box()["x"] < 40
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-375.png"), full_page=True)
    context.close()
