"""Offline and intranet use.

* `make offline` builds mkdocs.offline.yml (use_directory_urls: false) and zips
  it with casebook.outputs.offline: the zip is deterministic, and the unzipped copy,
  opened from a file:// address, browses, searches (Chinese, simplified and
  traditional), shows glossary tooltips and compares cases with no server.
* The normal build works under a sub-path such as http://intranet/casebook/.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from _browsing import Requests, first_page, search, serve_under_prefix
from casebook.outputs import offline
from conftest import ARTIFACTS, REPO, assert_clean_build, checked_page, run_build


@pytest.fixture(scope="session")
def offline_zip(offline_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "casebook-offline.zip"
    assert offline.main([str(offline_site), str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def unzipped(offline_zip, tmp_path_factory) -> Path:
    """The copy as a reader has it: unzipped somewhere, with a space and Chinese in the path."""
    where = tmp_path_factory.mktemp("desktop") / "我的 文档"
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(where)
    return where / offline.ROOT_NAME


@pytest.fixture
def file_page(browser, unzipped):
    with checked_page(browser, lambda context: Requests(context, "file:")) as (page, requests):
        yield page, requests
    assert requests.broken == [], "files missing from the offline copy"  # ERR_FILE_NOT_FOUND
    assert requests.outside_requests() == []


def _url(root: Path, rel: str = "index.html") -> str:
    return (root / rel).as_uri()


def _follow(page, link) -> None:
    """Click a link and wait for the page it opens."""
    with page.expect_navigation():
        link.click()


def _is_page(page) -> bool:
    """A rendered page of the site, not a directory listing or an error page."""
    page.wait_for_load_state()
    return page.locator("article.md-content__inner h1").count() == 1


# ------------------------------------------------------------------ the build


def test_offline_config_inherits_the_site_and_disables_directory_urls():
    text = (REPO / "mkdocs.offline.yml").read_text(encoding="utf-8")
    assert "INHERIT: mkdocs.yml" in text
    assert "use_directory_urls: false" in text
    assert "plugins:" not in text, "the casebook plugin (and no Material search) comes from mkdocs.yml"
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "mkdocs.offline.yml" in makefile and "casebook.outputs.offline" in makefile


def test_every_link_of_the_offline_copy_names_a_file(offline_site):
    assert (offline_site / "index.html").is_file()
    assert (offline_site / "cases" / "index.html").is_file()
    problems = offline.check_site(offline_site)
    assert not problems, "\n".join(map(str, problems))


def test_link_checker_catches_what_breaks_under_file_urls(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">folder</a><a href="a/index.html#x">ok</a><a href="missing.html">gone</a>'
        '<link rel="stylesheet" href="/assets/x.css"><script src="https://cdn.example/x.js"></script>'
        '<a href="https://example.org/">outside link is fine</a><link rel="canonical" href="https://x/">'
        '<meta http-equiv="refresh" content="0; url=../old/">',
        encoding="utf-8")
    (tmp_path / "s.css").write_text("@import 'https://fonts.example/css'; a{background:url(a/index.html)}", encoding="utf-8")
    reasons = {(p.page, p.url): p.reason for p in offline.check_site(tmp_path)}
    assert set(reasons) == {("index.html", "a/"), ("index.html", "missing.html"), ("index.html", "../old/"), ("index.html", "/assets/x.css"),
                            ("index.html", "https://cdn.example/x.js"), ("s.css", "https://fonts.example/css")}
    assert "文件夹" in reasons["index.html", "a/"]


def test_zip_is_deterministic_and_self_contained(offline_site, offline_zip, tmp_path):
    # Same files with other timestamps give the same bytes.
    for path in offline_site.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    again = tmp_path / "again.zip"
    offline.write_zip(offline_site, again)
    assert again.read_bytes() == offline_zip.read_bytes()
    with zipfile.ZipFile(offline_zip) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert all(n.startswith(offline.ROOT_NAME + "/") for n in names)
    assert f"{offline.ROOT_NAME}/index.html" in names
    assert not {f"{offline.ROOT_NAME}/{x}" for x in offline.EXCLUDE} & set(names)
    assert len({i.date_time for i in infos}) == 1
    assert {i.external_attr >> 16 for i in infos} == {0o100644, 0o40755}


def test_a_second_build_gives_the_same_zip(offline_zip, generator, tmp_path):
    site = tmp_path / offline.ROOT_NAME
    assert_clean_build(run_build(generator, REPO, site, "mkdocs.offline.yml"))
    offline.write_zip(site, tmp_path / "second.zip")
    assert (tmp_path / "second.zip").read_bytes() == offline_zip.read_bytes()


def test_zip_time_comes_from_source_date_epoch():
    assert offline.zip_time(1_700_000_000) == (2023, 11, 14, 22, 13, 20)
    assert offline.zip_time(0) == (1980, 1, 1, 0, 0, 0)  # zip cannot store earlier dates


def test_offline_main_refuses_a_broken_copy(tmp_path, capsys):
    assert offline.main([str(tmp_path), str(tmp_path / "x.zip")]) == 2
    (tmp_path / "index.html").write_text('<a href="sub/">x</a>', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert offline.main([str(tmp_path), str(tmp_path / "x.zip")]) == 1
    assert "sub/" in capsys.readouterr().err and not (tmp_path / "x.zip").exists()


# ------------------------------------------------------------ from file://


def test_offline_copy_navigates_from_file_url(file_page, unzipped):
    page, _ = file_page
    page.goto(_url(unzipped))
    assert page.url.startswith("file://") and _is_page(page)
    _follow(page, page.locator(".md-tabs__link", has_text="案例").first)
    assert page.url.endswith("/cases/index.html") and _is_page(page)
    _follow(page, page.locator("[data-filters-list] a[data-search-result]").first)  # the filterable list
    assert page.url.endswith(".html") and page.locator(".cb-facts").count() == 1
    case_url = page.url
    _follow(page, page.locator(".cb-facts a.cb-tag").first)
    assert "/themes/" in page.url and page.url.endswith(".html") and _is_page(page)
    page.go_back()
    _follow(page, page.locator(".cb-facts a").first)  # the region
    assert _is_page(page)
    for tab in ("主题", "地区", "提法词典", "首页"):
        _follow(page, page.locator(".md-tabs__link", has_text=tab).first)
        assert page.url.endswith(".html") and _is_page(page), tab
    page.goto(case_url)
    _follow(page, page.locator(".md-header__button.md-logo"))
    assert page.url.endswith("/index.html") and _is_page(page)


def test_offline_glossary_tooltip(file_page, unzipped):
    page, _ = file_page
    for case in sorted((unzipped / "cases").glob("*.html")):
        page.goto(case.as_uri())
        term = page.locator(".cb-term-link[data-tip]").first
        if term.count():
            break
    else:
        pytest.fail("no case page links a glossary term")
    term.hover()
    tip = page.locator(".cb-tip")
    tip.wait_for(state="visible")
    assert term.get_attribute("data-tip").split("：")[0] in tip.inner_text()
    _follow(page, term)
    assert "/glossary/index.html#" in page.url and _is_page(page)


def test_offline_search_in_chinese(file_page, unzipped):
    page, requests = file_page
    page.goto(_url(unzipped, "cases/index.html"))
    simplified = search(page, "结穷亲")
    assert simplified, "no result for 结穷亲 from file://"
    title, href = simplified[0]
    assert "三进三同" in title and href.startswith("file://") and ".html" in href
    assert search(page, "結窮親")[0] == simplified[0], "traditional characters find the same case"
    place = search(page, "湖塘镇")
    assert any("武进" in t for t, _ in place)
    assert any(u.startswith("file://") and "/search/" in u for u in requests.all), "index loaded from the copy"
    _follow(page, page.locator("[data-casebook-search-result] a.md-search-result__link").first)
    assert page.url.split("#")[0] == place[0][1].split("#")[0] and _is_page(page)


def test_offline_filters_and_pinyin(file_page, unzipped):
    """The filterable list and pinyin search from file://, where fetch() is refused."""
    page, requests = file_page
    page.goto(_url(unzipped, "cases/index.html") + "?theme=assessment")
    page.wait_for_selector("[data-casebook-filters][data-state=done]")
    results = page.locator("[data-filters-list] .md-search-result__item")
    first = results.count()
    assert first >= 2
    page.check("input[name=province][value='重庆市']")
    page.wait_for_function("n => document.querySelectorAll('[data-filters-list] .md-search-result__item').length < n", arg=first)
    assert "province=" in page.url
    page.go_back()
    page.wait_for_function("n => document.querySelectorAll('[data-filters-list] .md-search-result__item').length === n", arg=first)
    assert not page.is_checked("input[name=province][value='重庆市']")
    page.fill("#cb-filters-q", "sanweikaohe")
    page.press("#cb-filters-q", "Enter")
    page.wait_for_selector("[data-casebook-filters][data-state=done] .casebook-search__hint")
    assert page.inner_text(".casebook-search__hint") == "按拼音查找：三维考核"
    _follow(page, page.locator("[data-filters-list] a[data-search-result]").first)
    assert page.url.endswith("/cases/chongqing-sanwei-kaohe.html") and _is_page(page)
    found = search(page, "jie qiong qin")
    assert found and "三进三同" in found[0][0] and found[0][1].startswith("file://")
    assert any(u.startswith("file://") and "/search/p/" in u for u in requests.all), "pinyin lexicon loaded from the copy"


def test_offline_comparison(file_page, unzipped):
    if not (unzipped / "compare" / "index.html").is_file():
        pytest.skip("no comparison page in this build")
    page, _ = file_page
    ids = sorted(p.stem for p in (unzipped / "cases").glob("*.html") if p.stem != "index")[:2]
    page.goto(_url(unzipped, "compare/index.html") + "?ids=" + ",".join(ids))
    table = page.locator(".cb-compare__grid")
    table.wait_for()
    heads = table.locator("thead th a")
    assert heads.count() == 2
    _follow(page, heads.first)
    assert page.url.endswith(f"/cases/{ids[0]}.html") and _is_page(page)
    # From a case page: 加入对比, then 去对比 opens the comparison with that case.
    page.locator("a.cb-compare-add").click()
    _follow(page, page.locator("a.cb-compare-go"))
    assert "/compare/index.html" in page.url
    page.locator(".cb-compare__chosen li").first.wait_for()


def test_offline_handout_and_its_word_file(file_page, unzipped):
    """The basket, the handout page and the Word library all work from the copy, with no request elsewhere."""
    import docx

    page, requests = file_page
    case_id = sorted(p.stem for p in (unzipped / "cases").glob("*.html") if p.stem != "index")[0]
    page.goto(_url(unzipped, f"cases/{case_id}.html"))
    page.locator(".cb-case__actions .cb-handout-add").click()
    _follow(page, page.locator(".cb-case__actions .cb-handout-go"))
    assert page.url.endswith(f"/handout/index.html?items={case_id}")
    title = page.locator(".cb-handout__item-title").inner_text()
    with page.expect_download() as info:
        page.locator("[data-handout-word]").click()
    path = ARTIFACTS / "offline-handout.docx"
    ARTIFACTS.mkdir(exist_ok=True)
    info.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert title in text
    assert f"实践案例库离线版 cases/{case_id}.html" in text  # where to find the case in the copy
    assert any(u.endswith("/assets/javascripts/vendor/docx.min.js") for u in requests.all)


def test_offline_phone_layout_screenshot(browser, unzipped):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(_url(unzipped))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-home-375.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


# ------------------------------------------------------- under a sub-path


def test_site_works_under_a_sub_path(browser, built_site):
    server, base = serve_under_prefix(built_site, "/casebook/")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    bad: list[str] = []
    context.on("response", lambda r: r.status >= 400 and bad.append(f"{r.status} {r.url}"))
    requests = Requests(context, base)  # everything stays under /casebook/
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(base)
        assert _is_page(page)
        _follow(page, page.locator(".md-tabs__link", has_text="案例").first)
        assert page.url == base + "cases/"
        _follow(page, page.locator("[data-filters-list] a[data-search-result]").first)
        assert page.url.startswith(base + "cases/") and page.locator(".cb-facts").count() == 1
        _follow(page, page.locator(".cb-facts a.cb-tag").first)
        assert page.url.startswith(base + "themes/") and _is_page(page)
        for tab in ("地区", "提法词典", "首页"):
            _follow(page, page.locator(".md-tabs__link", has_text=tab).first)
            assert page.url.startswith(base) and _is_page(page), tab
        results = search(page, "结穷亲")
        assert results and results[0][1].startswith(base)
        _follow(page, page.locator("[data-casebook-search-result] a.md-search-result__link").first)
        assert page.url.startswith(base + "cases/") and _is_page(page)
        page.goto(base + first_page(built_site, "cases"))
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert not errors, errors
    assert not bad, bad
    assert requests.outside_requests() == [], "requests left the /casebook/ prefix"
