"""Stable addresses: anchors come from ids, renamed cases keep their old address."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from casebook.load.extensions import load_extensions
from casebook.load import load_project
from casebook.render import render_site
from conftest import FIXTURES, REPO, assert_clean_build, checked_page, make_project_copy, run_mkdocs, served

OLD, NEW = "shili-xian-liangxiang-zhidu", "shili-xian-ganbu-yefang"


def rename_case(cases: Path) -> None:
    """What a maintainer does: new file name and id, the old id kept in aliases, references updated."""
    old = cases / f"{OLD}.yaml"
    text = old.read_text(encoding="utf-8").replace(f"id: {OLD}\n", f"id: {NEW}\naliases: [{OLD}]\n")
    (cases / f"{NEW}.yaml").write_text(text, encoding="utf-8")
    old.unlink()
    other = cases / "shili-shi-sifang-huodong.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    for module in (cases.parent / "modules").glob("*.yaml"):
        module.write_text(module.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")


@pytest.fixture(scope="module")
def renamed_root(tmp_path_factory) -> Path:
    root = make_project_copy(tmp_path_factory.mktemp("renamed"), FIXTURES / "project" / "cases")
    rename_case(root / "cases")
    return root


@pytest.fixture(scope="module")
def renamed_site(renamed_root) -> Path:
    site = renamed_root / "site"
    assert_clean_build(run_mkdocs(renamed_root, site))
    return site


@pytest.fixture(scope="module")
def renamed_file_site(renamed_root) -> Path:
    """The same casebook built as the offline copy is: no directory URLs."""
    site = renamed_root / "site-files"
    assert_clean_build(run_mkdocs(renamed_root, site, "--no-directory-urls"))
    return site


def heading_ids(html: str) -> list[str]:
    return re.findall(r'<h[1-6] id="([^"]+)"', html)


def test_anchors_and_addresses_survive_a_title_change(tmp_path, fixture_site):
    root = make_project_copy(tmp_path, FIXTURES / "project" / "cases")
    case = root / "cases" / f"{OLD}.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("title: 示例县建立干部联系群众“两项制度”", "title: 完全不同的新标题：示例县干部夜访").replace("name: 干部夜访", "name: 夜间入户走访（改名）")
    case.write_text(text, encoding="utf-8")
    site = root / "site"
    assert_clean_build(run_mkdocs(root, site))
    before = (fixture_site / "cases" / OLD / "index.html").read_text(encoding="utf-8")
    after = (site / "cases" / OLD / "index.html").read_text(encoding="utf-8")
    assert "夜间入户走访（改名）" in after and "完全不同的新标题" in after
    assert heading_ids(after) == heading_ids(before)
    assert {"ganbu-yefang", "wenti-qingdan", "background", "practices", "cite"} <= set(heading_ids(after))
    # Every page keeps its address, and links elsewhere still point at the same anchors.
    pages = lambda s: sorted(p.relative_to(s).as_posix() for p in s.rglob("*.html"))  # noqa: E731
    assert pages(site) == pages(fixture_site)
    module = (site / "modules" / "shili-zhuanti" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../cases/{OLD}/#wenti-qingdan"' in module and 'id="c-shili-xian-liangxiang-zhidu"' in module


def test_alias_gets_a_redirect_page(renamed_root):
    project = load_project(renamed_root)
    load_extensions(project)
    assert project.problems == []
    pages = render_site(project)
    page = pages[f"cases/{OLD}.md"]
    assert f'<script data-target="../{NEW}/">location.replace(document.currentScript.dataset.target + location.hash);</script>' in page
    assert f'<noscript><meta http-equiv="refresh" content="0; url=../{NEW}/"></noscript>' in page
    assert f'<a href="../{NEW}/">示例县建立干部联系群众“两项制度”</a>' in page
    assert f"cases/{NEW}.md" in pages


def test_old_address_lands_on_the_new_page_with_its_fragment(page, renamed_site):
    with served(renamed_site) as base:
        page.goto(f"{base}cases/{OLD}/#wenti-qingdan")
        page.wait_for_url(f"{base}cases/{NEW}/#wenti-qingdan")
        assert page.locator("h1").inner_text().startswith("示例县建立干部联系群众")
        page.goto(f"{base}cases/{OLD}/")
        page.wait_for_url(f"{base}cases/{NEW}/")


def test_old_file_address_redirects_in_the_offline_layout(page, renamed_file_site):
    old = (renamed_file_site / "cases" / f"{OLD}.html").as_uri()
    page.goto(old + "#ganbu-yefang")
    page.wait_for_url("**/cases/" + NEW + ".html#ganbu-yefang")


def test_redirect_works_without_javascript_and_shows_a_link(browser, renamed_site):
    with served(renamed_site) as base, checked_page(browser, java_script_enabled=False) as (pg, _):
        pg.goto(f"{base}cases/{OLD}/", wait_until="commit")
        pg.wait_for_url(f"{base}cases/{NEW}/")
        html = (renamed_site / "cases" / OLD / "index.html").read_text(encoding="utf-8")
        assert f'<a href="../{NEW}/">' in html and "请更新您的书签或链接" in html


@pytest.mark.parametrize("alias, message", [
    ("shili-shi-sifang-huodong", "网址 cases/shili-shi-sifang-huodong/ 已被 cases/shili-shi-sifang-huodong.yaml:2:5 的编号“shili-shi-sifang-huodong”占用，"
                                 "不能再用作旧编号（aliases）“shili-shi-sifang-huodong”。请换一个。"),
    ("index", "网址 cases/ 是案例索引页，不能用作旧编号（aliases）“index”。请换一个。"),
    ("cbshellpage-t", "网址 cases/cbshellpage-t/ 是生成页面时使用的模板页，不能用作旧编号（aliases）“cbshellpage-t”。请换一个。"),
    ("nul", "网址 cases/nul/ 用了 Windows 保留的名称“nul”，离线版在 Windows 电脑上无法解压和打开。请换一个。"),
])
def test_an_alias_may_not_take_a_claimed_address(tmp_path, alias, message):
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "project", root)
    case = root / "cases" / f"{OLD}.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(f"id: {OLD}\n", f"id: {OLD}\naliases: [{alias}]\n"), encoding="utf-8")
    project = load_project(root)
    load_extensions(project)
    assert f"cases/{OLD}.yaml:3:11: {message}" in [str(p) for p in project.problems]


def test_two_cases_claiming_one_old_address_fail_the_build(tmp_path):
    root = make_project_copy(tmp_path, FIXTURES / "project" / "cases")
    for name in (f"{OLD}.yaml", "shili-shi-sifang-huodong.yaml"):
        path = root / "cases" / name
        text = path.read_text(encoding="utf-8")
        case_id = name[:-5]
        path.write_text(text.replace(f"id: {case_id}\n", f"id: {case_id}\naliases: [shili-jiu-bianhao]\n"), encoding="utf-8")
    result = run_mkdocs(root, root / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (f"cases/{OLD}.yaml:3:11: 网址 cases/shili-jiu-bianhao/ 已被 cases/shili-shi-sifang-huodong.yaml:3:11 的旧编号（aliases）“shili-jiu-bianhao”占用，"
            "不能再用作旧编号（aliases）“shili-jiu-bianhao”。请换一个。") in output


def test_every_fact_box_value_links_to_its_listing_page(built_site):
    """Region, level, year, status and every theme link to a page that exists and lists the case;
    a level or status every case shares (all 11 say 实施状态 不详) is not a link (issue #17)."""
    project = load_project(REPO)
    shared = {key for key in ("level", "status") if len({c[key] for c in project.cases}) == 1}
    assert "status" in shared and "level" not in shared
    for case in project.cases:
        page = built_site / "cases" / case.id / "index.html"
        facts = page.read_text(encoding="utf-8").split('<dl class="cb-facts" id="facts">', 1)[1].split("</dl>", 1)[0]
        rows = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", facts))
        expected = {"地区": 1, "层级": 0 if "level" in shared else 1, "实施状态": 0 if "status" in shared else 1,
                    "主题": len(case["themes"]), "实施时间": 1 if case.year else 0}
        for label, count in expected.items():
            hrefs = re.findall(r'href="([^"]+)"', rows[label])
            assert len(hrefs) == count, (case.id, label, rows[label])
            for href in hrefs:
                target = (page.parent / href / "index.html").resolve()
                assert target.is_file(), (case.id, label, href)
                assert f"cases/{case.id}/" in target.read_text(encoding="utf-8").replace("../", ""), (case.id, label, href)
