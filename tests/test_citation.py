"""引用本案例: GB/T 7714—2015 strings checked by hand, the page block, the copy button."""

from __future__ import annotations

import pytest

from casebook.link.citation import authors_text, cite_page, cite_source, type_code
from casebook.load import load_project
from conftest import FIXTURES, REPO, assert_clean_build, make_project_copy, run_mkdocs

CITED = "2026-11-22"

# Every expected string below was written out by hand from the rules of
# GB/T 7714—2015, not produced by the code.
HAND_CHECKED = [
    (  # a newspaper article read in a web reprint: [N/OL], the newspaper named, its date
        {"title": "在公务员管理工作中践行党的群众路线 培养造就职工群众信赖的“娘家人”", "authors": ["全国总工会组织部"],
         "publisher": "共产党员网", "outlet": "中国组织人事报", "date": "2014-03-03", "kind": "official-article"},
        "全国总工会组织部. 在公务员管理工作中践行党的群众路线 培养造就职工群众信赖的“娘家人”[N/OL]. 中国组织人事报, 2014-03-03[2026-11-22].",
    ),
    (  # a forum repost: web resource, the site as publisher, signed by position only
        {"title": "如何推进党的组织建设改革创新 密切党同人民群众血肉联系", "authors": ["中共重庆市委常委、组织部长"],
         "publisher": "老秘网", "date": "2011-06-20", "kind": "forum-repost"},
        "中共重庆市委常委、组织部长. 如何推进党的组织建设改革创新 密切党同人民群众血肉联系[EB/OL]. 老秘网, 2011-06-20[2026-11-22].",
    ),
    (  # a signed article on a news website
        {"title": "在六个方面下功夫 树好组工干部新形象", "authors": ["邓善存"], "publisher": "中国共产党新闻网",
         "date": "2008-09-04", "kind": "official-article"},
        "邓善存. 在六个方面下功夫 树好组工干部新形象[EB/OL]. 中国共产党新闻网, 2008-09-04[2026-11-22].",
    ),
    (  # a journal article, three authors, no volume or issue recorded: 刊名, 年
        {"title": "科級公務員跨單位交流凸顯示范效應", "authors": ["陈超", "马展", "胡骏鹏"], "outlet": "北京支部生活",
         "date": "2024-05-11", "kind": "journal-article"},
        "陈超, 马展, 胡骏鹏. 科級公務員跨單位交流凸顯示范效應[J]. 北京支部生活, 2024.",
    ),
    (  # an anonymous upload: starts with the title; unknown site: date in parentheses
        {"title": "干部基層重點鍛煉思考", "date": "2022-09-21", "kind": "anonymous-upload"},
        "干部基層重點鍛煉思考[EB/OL]. (2022-09-21)[2026-11-22].",
    ),
    (  # a printed newspaper report
        {"title": "示例县干部夜访见闻", "authors": ["示例作者"], "publisher": "示例日报", "date": "2022-06-01", "kind": "media-report"},
        "示例作者. 示例县干部夜访见闻[N]. 示例日报, 2022-06-01.",
    ),
    (  # a newspaper article online with its address; more than three authors end with 等
        {"title": "化解医患矛盾需釜底抽薪", "authors": ["甲", "乙", "丙", "丁"], "outlet": "光明日报", "date": "2012-11-27",
         "url": "http://epaper.gmw.cn/gmrb/html/2012-11/27/nw.D110000gmrb_20121127_2-02.htm", "kind": "media-report"},
        "甲, 乙, 丙, 等. 化解医患矛盾需釜底抽薪[N/OL]. 光明日报, 2012-11-27[2026-11-22]. http://epaper.gmw.cn/gmrb/html/2012-11/27/nw.D110000gmrb_20121127_2-02.htm.",
    ),
    (  # a journal read online
        {"title": "题名", "authors": ["作者"], "outlet": "中共中央党校学报", "date": "2019", "url": "https://example.org/a", "kind": "journal-article"},
        "作者. 题名[J/OL]. 中共中央党校学报, 2019[2026-11-22]. https://example.org/a.",
    ),
    (  # an official document known only on paper
        {"title": "关于进一步做好选派年轻干部到基层一线实践锻炼的意见", "authors": ["中共某区委组织部"], "date": "2005", "kind": "official-document"},
        "中共某区委组织部. 关于进一步做好选派年轻干部到基层一线实践锻炼的意见[Z]. 2005.",
    ),
]


@pytest.mark.parametrize("source, expected", HAND_CHECKED)
def test_source_citations_match_hand_checked_examples(source, expected):
    assert cite_source(source, CITED) == expected


def test_type_codes():
    assert type_code({"kind": "media-report", "publisher": "人民日报"}) == ("N", False)
    assert type_code({"kind": "media-report", "publisher": "人民网"}) == ("EB", True)
    assert type_code({"kind": "official-article", "outlet": "中共中央党校学报"}) == ("J", False)  # a 学报 is no newspaper
    assert type_code({"kind": "official-article", "authors": ["某部"]}) == ("Z", False)  # medium unknown
    assert type_code({"kind": "anonymous-upload"}) == ("EB", True)
    assert type_code({"kind": "journal-article", "url": "https://x.y/"}) == ("J", True)
    assert authors_text(["一", "二", "三"]) == "一, 二, 三"


def test_every_seed_source_cites_with_the_added_date():
    project = load_project(REPO)
    for case in project.cases:
        for source in case["sources"]:
            text = cite_source(source, case["added"])
            assert text.endswith(".") and source["title"] in text
            code, online = type_code(source)
            assert f"[{code}/OL]" in text if online else f"[{code}]" in text
            if online:
                assert f"[{case['added']}]" in text


def test_page_citation_format():
    assert cite_page("示例县建立干部联系群众“两项制度”", "2026-11-20", "2026-11-20", "https://casebook.example.org/cases/x/") == (
        "实践案例库编写组. 示例县建立干部联系群众“两项制度”[EB/OL]. (2026-11-20)[2026-11-20]. https://casebook.example.org/cases/x/.")


def test_cite_block_on_the_page_without_site_url(fixture_site):
    html = (fixture_site / "cases" / "shili-xian-liangxiang-zhidu" / "index.html").read_text(encoding="utf-8")
    block = html.split('<h2 id="cite">', 1)[1]
    assert '<p class="cb-cite__text" id="cite-source-1">示例作者. 示例县干部夜访见闻[N]. 示例日报, 2022-06-01.</p>' in block
    assert ('<p class="cb-cite__text" id="cite-page">实践案例库编写组. 示例县建立干部联系群众“两项制度”[EB/OL]. (2026-11-20)[2026-11-20]. '
            '<span class="cb-cite__address" data-cb-href="./">cases/shili-xian-liangxiang-zhidu/</span>.</p>') in block
    assert "引用日期暂按本案例的收录日期（2026-11-20）填写" in block
    assert block.count('class="cb-copy md-button"') == 2 and "hidden>复制</button>" in block  # shown by script only


def test_cite_block_uses_site_url_when_set(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_SITE_URL", "https://casebook.example.org/lib/")
    root = make_project_copy(tmp_path, FIXTURES / "project" / "cases")
    assert_clean_build(run_mkdocs(root, root / "site"))
    html = (root / "site" / "cases" / "shili-xian-liangxiang-zhidu" / "index.html").read_text(encoding="utf-8")
    assert ('(2026-11-20)[2026-11-20]. <span class="cb-cite__address">https://casebook.example.org/lib/cases/shili-xian-liangxiang-zhidu/</span>.'
            in html)
    module = (root / "site" / "modules" / "shili-zhuanti" / "index.html").read_text(encoding="utf-8")
    assert "案例网址：<span>https://casebook.example.org/lib/cases/shili-xian-liangxiang-zhidu/</span>" in module


def test_copy_button_over_http(browser, site_server):
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_server + "cases/quanzong-nianqing-gongwuyuan-qiye-duanlian/#cite")
    page.locator('button[data-copy="cite-page"]').click()
    page.locator(".cb-copy-status", has_text="已复制").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == ("实践案例库编写组. 全国总工会机关选派年轻公务员到企业生产一线跟班劳动[EB/OL]. (2026-11-22)[2026-11-22]. "
                      f"{site_server}cases/quanzong-nianqing-gongwuyuan-qiye-duanlian/.")
    page.locator('button[data-copy="cite-source-1"]').click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("全国总工会组织部. 在公务员管理工作中践行党的群众路线")
    context.close()


def test_copy_button_falls_back_to_exec_command_on_file_urls(browser, built_site):
    """No Clipboard API (old browsers, some file:// setups): select + execCommand('copy')."""
    context = browser.new_context(locale="zh-CN")
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});"
                            "window.__copied = []; document.addEventListener('copy', () => window.__copied.push(String(document.getSelection())));")
    page = context.new_page()
    page.goto((built_site / "cases" / "quanzong-nianqing-gongwuyuan-qiye-duanlian" / "index.html").as_uri())
    assert page.locator('button[data-copy="cite-source-1"]').is_visible()
    page.locator('button[data-copy="cite-source-1"]').click()
    page.locator(".cb-copy-status", has_text="已复制").wait_for()
    assert page.evaluate("window.__copied") == [
        "全国总工会组织部. 在公务员管理工作中践行党的群众路线 培养造就职工群众信赖的“娘家人”[N/OL]. 中国组织人事报, 2014-03-03[2026-11-22]."]
    # From a file, the page address stays site-relative (a file:// path helps no reader).
    assert page.locator("#cite-page .cb-cite__address").inner_text() == "cases/quanzong-nianqing-gongwuyuan-qiye-duanlian/"
    context.close()
