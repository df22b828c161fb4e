"""The handout (讲义): basket, handout page and its address, Word files, module drafts.

Built site of the real repository, real headless Chromium. Word files are
downloaded from the page and opened with zipfile and python-docx: a valid
OOXML package, every item's title, practice names and figures in its text,
fonts named for Chinese (w:eastAsia) in its styles, A4 with page numbers.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

import docx
import pytest
from lxml import etree

from casebook.outputs import handout, postbuild
from casebook.load.extensions import load_extensions
from casebook.load import load_project
from casebook.render.text import script_json
from conftest import ARTIFACTS, REPO, checked_page, make_project_copy

A, B, C = "chongqing-sanwei-kaohe", "quanzong-jiguan-fuwu-zhigong-kaohe", "wujin-nianqing-ganbu-chaiqian-anzhi-duanlian"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def project():
    p = load_project(REPO)
    load_extensions(p)
    return p


def practice(project, case_id: str, k: int) -> dict:
    return project.case(case_id)["practices"][k]


def load_js(path: Path, call: str):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(call + "(") and text.endswith(");\n")
    return json.loads(text[len(call) + 1 : -3])


def basket(page) -> dict:
    return page.evaluate("JSON.parse(localStorage.getItem('casebook-handout') || 'null')")


def handout_items(page) -> list[str]:
    page.locator(".cb-handout__editor:not([hidden])").wait_for()
    return page.locator(".cb-handout__item-title").all_inner_texts()


# ------------------------------------------------------------------ build side


def test_case_data_carries_what_a_handout_prints(built_site, project):
    case = project.case(C)
    record = load_js(built_site / "assets" / "compare" / "cases" / f"{C}.js", "window.cbCompareCase")
    assert [p["name"] for p in record["practices"]] == [p["name"] for p in case["practices"]]
    assert all(p["text"] and all(t in p_yaml["description"].replace("\n", "") for t in p["text"])
               for p, p_yaml in zip(record["practices"], case["practices"]))
    assert [f["source"] for f in record["figures"]] == [f["source_phrase"] for f in case["figures"]]
    assert [f["practice_id"] for f in record["figures"]] == [f.get("practice", "") for f in case["figures"]]
    assert len(record["sources"]) == len(case["sources"]) and all("[" in s for s in record["sources"])
    assert record["cite"].startswith("实践案例库编写组. " + case.title + "[EB/OL]. ")
    assert record["address"] == f"cases/{C}/"  # no site_url in tests: site-relative, made absolute in the browser


def test_handout_page_and_word_library_are_built(built_site):
    page = (built_site / "handout" / "index.html").read_text(encoding="utf-8")
    assert 'data-site-root="../"' in page and 'src="../assets/javascripts/casebook-handout-page.js"' in page
    draft = json.loads(re.search(r'<script type="application/json" id="cb-module-draft">(.*?)</script>', page).group(1))
    schema = json.loads((REPO / "scripts/casebook/schema/module.schema.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in draft["fields"]] == list(schema["properties"])  # the schema's order, nothing restated
    assert {f["name"] for f in draft["fields"] if f["required"]} == set(schema["required"])
    lib = built_site / handout.WORD_LIBRARY
    lock = json.loads((REPO / "tools/docx/package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/docx"]["version"]
    assert lib.read_text(encoding="utf-8").startswith(f"/*! docx {version} | MIT License")
    assert (lib.parent / "docx.LICENSE.txt").is_file()
    # The library is loaded only when asked for: no page carries it.
    for html in (built_site / "cases").glob("*/index.html"):
        assert "docx.min.js" not in html.read_text(encoding="utf-8")


def test_case_pages_carry_no_markup_per_practice(built_site):
    """Practice tools come from casebook-handout.js: 10,000 case pages stay within their size budget."""
    html = (built_site / "cases" / A / "index.html").read_text(encoding="utf-8")
    for word in ("加入讲义", "复制链接", "cb-practice__tools", "cb-basket-link"):
        assert word not in html


def test_missing_word_library_stops_the_build_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(handout, "repository_root", lambda: tmp_path)
    with pytest.raises(postbuild.StepError, match="make install"):
        handout.publish_word_library(None, tmp_path / "site", None)


def test_script_json_cannot_end_its_script_element():
    text = str(script_json({"t": "</script><script>alert(1)</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script><!-- & \u2028"}


def test_module_page_carries_its_pack(built_site, project):
    from casebook.modules import modules_of

    module = modules_of(project)[0]
    html = (built_site / "modules" / module.id / "index.html").read_text(encoding="utf-8")
    pack = json.loads(re.search(r'<script type="application/json" id="cb-module-pack">(.*?)</script>', html).group(1))
    assert pack["title"] == module.title and pack["objectives"] == module.data["objectives"]
    assert [i["case"] for i in pack["items"]] == module.case_ids()
    assert [i["note"] for i in pack["items"]] == [e["note"] for e in module.data["cases"]]
    assert 'data-word-pack="cb-module-pack"' in html


# ------------------------------------------------------------------ basket


def test_basket_from_case_pages_survives_reloads_and_fills_the_handout(browser, site_server, project):
    with checked_page(browser) as (page, _):
        page.goto(f"{site_server}cases/{A}/")
        count = page.locator(".cb-basket-link")
        assert count.is_hidden()  # nothing in the basket yet
        add = page.locator(".cb-case__actions .cb-handout-add")
        add.click()
        assert add.inner_text() == "移出讲义" and add.get_attribute("aria-pressed") == "true"
        assert count.is_visible() and count.locator(".cb-basket-link__count").inner_text() == "1"
        # Every practice has its own control; the whole case is in, so they show it.
        tools = page.locator(".cb-practice__tools")
        assert tools.count() == len(project.case(A)["practices"])
        assert tools.first.locator(".cb-handout-add").inner_text() == "移出讲义"

        page.goto(f"{site_server}cases/{B}/")
        p1, p3 = practice(project, B, 1), practice(project, B, 3)
        page.locator(f"#tools-{p3['id']} .cb-handout-add").click()
        page.locator(f"#tools-{p1['id']} .cb-handout-add").click()
        assert page.locator(".cb-case__actions .cb-handout-add").inner_text() == "加入整个案例"
        page.reload()
        assert page.locator(f"#tools-{p1['id']} .cb-handout-add").inner_text() == "移出讲义"
        assert page.locator(".cb-basket-link__count").inner_text() == "2"
        assert basket(page)["items"] == [{"case": A, "practices": []}, {"case": B, "practices": [p1["id"], p3["id"]]}]  # case order

        page.locator(".cb-basket-link").click()
        assert handout_items(page) == [project.case(A).title, project.case(B).title]
        assert page.url == f"{site_server}handout/?items={A},{B}:{p1['id']}:{p3['id']}"
        scopes = page.locator(".cb-handout__item-scope").all_inner_texts()
        assert scopes[1] == f"做法：{p1['name']}、{p3['name']}"


def test_basket_works_from_file_urls(browser, built_site, project):
    with checked_page(browser) as (page, _):
        page.goto((built_site / "cases" / C / "index.html").as_uri())
        page.locator(".cb-case__actions .cb-handout-add").click()
        go = page.locator(".cb-case__actions .cb-handout-go")
        assert go.get_attribute("href").endswith("/handout/index.html")
        with page.expect_navigation():
            go.click()
        assert handout_items(page) == [project.case(C).title]
        # Another file:// page sees the same basket (Chromium keeps one store for file: pages).
        page.goto((built_site / "compare" / "index.html").as_uri())
        assert page.locator(".cb-basket-link__count").inner_text() == "1"


def test_practice_link_and_citation(browser, site_server, project):
    p = practice(project, A, 2)
    with checked_page(browser, permissions=["clipboard-read", "clipboard-write"]) as (page, _):
        page.goto(f"{site_server}cases/{A}/")
        bar = page.locator(f"#tools-{p['id']}")
        assert bar.get_attribute("aria-label") == f"这条做法：{p['name']}"
        bar.locator(".cb-practice__link").click()
        bar.locator(".cb-handout-note", has_text="已复制").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == f"{site_server}cases/{A}/#{p['id']}"
        bar.locator(".cb-practice__cite-toggle").click()
        cite = page.locator(f"#cite-{p['id']}").inner_text()
        page_cite = page.locator("#cite-page").inner_text()
        assert cite == page_cite[:-1] + f"#{p['id']}."  # the case's GB/T 7714 entry with the practice's address
        assert cite.startswith("实践案例库编写组. " + project.case(A).title)


# ------------------------------------------------------------------ the handout page and its address


def pack_url(site_server: str, project, title: str = "考核与述职", questions=("两种考核的评价主体有什么不同？", "述职怎样避免流于形式？")) -> str:
    p = practice(project, B, 3)["id"]
    q = "".join(f"&question={quote(x)}" for x in questions)
    return f"{site_server}handout/?items={A},{B}:{p}&title={quote(title)}{q}"


def test_the_address_is_the_pack(browser, site_server, project):
    with checked_page(browser) as (page, _):
        page.goto(pack_url(site_server, project))
        assert handout_items(page) == [project.case(A).title, project.case(B).title]
        assert page.locator("article h1").inner_text().startswith("考核与述职")
        pack = page.locator(".cb-handout__pack").inner_text()
        case_a, case_b = project.case(A), project.case(B)
        for text in (case_a["summary"], case_b["summary"],
                     *[p["name"] for p in case_a["practices"]], practice(project, B, 3)["name"],
                     *[f["source_phrase"] for f in case_a["figures"]],
                     "两种考核的评价主体有什么不同？", "述职怎样避免流于形式？", "来源与引用"):
            assert text in pack, text
        assert practice(project, B, 0)["name"] not in pack  # not chosen
        for case in (case_a, case_b):
            assert f"{site_server}cases/{case.id}/." in pack  # each citation ends with the case's address
        assert page.locator(".cb-hcite").count() == 2
        # Reorder, remove, retitle: the address follows.
        page.locator(".cb-handout__item").nth(0).locator('[data-act="down"]').click()
        assert handout_items(page) == [case_b.title, case_a.title]
        assert page.url.startswith(f"{site_server}handout/?items={B}:{practice(project, B, 3)['id']},{A}&title=")
        page.locator("#cb-handout-title").fill("新的标题")
        page.wait_for_function("location.search.includes(encodeURIComponent('新的标题'))")
        page.locator("#cb-handout-questions").fill("第一题\n\n第二题")
        page.wait_for_function("location.search.endsWith('&question=' + encodeURIComponent('第二题'))")
        page.locator(".cb-handout__item").nth(1).locator('[data-act="remove"]').click()
        assert handout_items(page) == [case_b.title]
        assert A not in page.url
        # A fresh browser with the address sees the same pack.
        shared = page.url
        other = browser.new_context(locale="zh-CN").new_page()
        other.goto(shared)
        assert handout_items(other) == [case_b.title]
        assert other.locator(".cb-module__questions li").all_inner_texts() == ["第一题", "第二题"]
        other.context.close()


HOSTILE = [
    "items=" + quote(f'{A},<img src=x onerror="window.pwned=1">,__proto__,constructor,hasownproperty:tostring,{A}:nope'),
    "items=%E0%A4%A,%" + f"&title={quote('<script>window.pwned=1</script>')}",
    f"items={A}&title=%E0%A4%A&question=%ZZ&question=" + quote('"><svg onload="window.pwned=1">') + "&question=" + "x" * 5000,
    "items=" + ",".join(f"case-{k}" for k in range(200)) + "&items=" + A,
    "items=" + quote("../../etc/passwd,cases/x,%2e%2e") + "&title=" + quote("\u202e\u0000控制字符"),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_addresses_are_shown_as_text_and_never_run(browser, site_server, query):
    with checked_page(browser) as (page, _):  # fails on any JavaScript error
        requested = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(f"{site_server}handout/?{query}")
        page.locator(".cb-handout__editor:not([hidden])").wait_for()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.pwned") is None
        assert page.locator("article img, article svg[onload], article script:not([src]):not([type])").count() == 0
        assert page.evaluate("Object.prototype.toString === ({}).toString && !('case' in {})")
        # Only case data scripts named by a valid id are asked for.
        data = [u for u in requested if "/assets/compare/" in u]
        assert all(re.search(r"/assets/compare/(index|cases/[a-z0-9-]+)\.js$", u) for u in data), data
        questions = page.locator(".cb-module__questions li").all_inner_texts()
        assert all(len(q) <= 200 for q in questions)
        assert len(page.locator(".cb-handout__item").all()) <= 30


def test_markup_in_the_title_and_questions_is_shown_literally(browser, site_server):
    title, question = "<b>标题</b>&amp;", '<img src=x onerror="window.pwned=1">？'
    with checked_page(browser) as (page, _):
        page.goto(f"{site_server}handout/?items={A}&title={quote(title)}&question={quote(question)}")
        handout_items(page)
        assert page.locator("article h1").inner_text().startswith(title)
        assert page.locator("#cb-handout-title").input_value() == title
        assert page.locator(".cb-module__questions li").all_inner_texts() == [question]
        assert page.evaluate("document.title").startswith(title)
        assert page.evaluate("window.pwned") is None and page.locator("article b, article img").count() == 0


def test_a_shared_link_does_not_overwrite_the_basket(browser, site_server, project):
    with checked_page(browser) as (page, _):
        page.goto(f"{site_server}cases/{C}/")
        page.locator(".cb-case__actions .cb-handout-add").click()
        page.goto(f"{site_server}handout/?items={A}")
        banner = page.locator(".cb-handout__shared")
        banner.wait_for()
        assert handout_items(page) == [project.case(A).title]
        assert basket(page)["items"] == [{"case": C, "practices": []}]
        banner.locator("[data-handout-mine]").click()
        page.wait_for_function(f"location.search === '?items={C}'")
        assert handout_items(page) == [project.case(C).title]
        page.goto(f"{site_server}handout/?items={A}")
        page.locator("[data-handout-adopt]").click()
        assert basket(page)["items"] == [{"case": A, "practices": []}]


def test_add_box_uses_the_site_search(browser, site_server, project):
    with checked_page(browser) as (page, _):
        page.goto(f"{site_server}handout/")
        page.locator(".cb-handout__editor:not([hidden])").wait_for()
        page.locator("#cb-handout-add").fill("湖塘镇")
        result = page.locator(".cb-picker__result", has_text=project.case(C).title)
        result.wait_for()
        result.locator(".cb-picker__pick").first.click()
        page.wait_for_function(f"location.search === '?items={C}'")  # the case's data loads first
        assert handout_items(page) == [project.case(C).title]
        # A result found in one practice offers just that practice.
        p = practice(project, A, 2)
        page.locator("#cb-handout-add").fill(p["name"])
        only = page.locator(".cb-picker__result", has_text=project.case(A).title).locator("button", has_text=f"只加做法：{p['name']}")
        only.click()
        page.wait_for_function(f"location.search === '?items={C},{A}:{p['id']}'")
        assert page.locator(".cb-handout__item-scope").nth(1).inner_text() == f"做法：{p['name']}"


# ------------------------------------------------------------------ Word


def download(page, trigger) -> Path:
    with page.expect_download() as info:
        trigger.click()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / info.value.suggested_filename
    info.value.save_as(path)
    return path


def word_text(path: Path) -> str:
    document = docx.Document(str(path))  # python-docx opens it: a valid package with a main document
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def check_word_layout(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/numbering.xml"} <= names
        styles = etree.fromstring(zf.read("word/styles.xml"))
        body = etree.fromstring(zf.read("word/document.xml"))
        footers = [etree.fromstring(zf.read(n)) for n in names if n.startswith("word/footer")]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "宋体"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    for style_id in ("Title", "Heading1", "Heading2", "Heading3"):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体", style_id
    size = body.find(f".//{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4
    margins = body.find(f".//{W}sectPr/{W}pgMar")
    assert all(int(margins.get(f"{W}{side}")) >= 1134 for side in ("top", "bottom", "left", "right"))  # at least 2 cm
    fields = "".join(t.text or "" for f in footers for t in f.iter(f"{W}instrText"))
    assert "PAGE" in fields and "NUMPAGES" in fields
    assert body.findall(f".//{W}numPr"), "numbered lists"
    assert body.findall(f".//{W}tblHeader"), "the figures table repeats its header row"


def test_handout_word_file(browser, site_server, project):
    with checked_page(browser, accept_downloads=True) as (page, _):
        page.goto(pack_url(site_server, project))
        handout_items(page)
        path = download(page, page.locator("[data-handout-word]"))
    assert path.name == "考核与述职.docx"
    check_word_layout(path)
    text = word_text(path)
    case_a, case_b = project.case(A), project.case(B)
    chosen = practice(project, B, 3)
    for t in ("考核与述职", case_a.title, case_b.title, *[p["name"] for p in case_a["practices"]], chosen["name"],
              *[f["label"] for f in case_a["figures"]], *[f["source_phrase"] for f in case_a["figures"]],
              "两种考核的评价主体有什么不同？", "来源与引用", f"{site_server}cases/{A}/"):
        assert t in text, t
    assert practice(project, B, 0)["name"] not in text


def test_a_trainer_on_a_phone_assembles_prints_and_downloads_a_handout(browser, site_server, project):
    """The whole path of issue #18 at 375 px with touch, every step a tap or one
    typed line: two cases, one practice of a third, reorder, title, print, Word."""
    phone = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "accept_downloads": True}
    chosen = practice(project, C, 1)
    with checked_page(browser, **phone) as (page, _):
        page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
        taps = 0
        for case in (A, B):
            page.goto(f"{site_server}cases/{case}/")
            page.locator(".cb-case__actions .cb-handout-add").tap()
            taps += 1
        page.goto(f"{site_server}cases/{C}/")
        page.locator(f"#tools-{chosen['id']} .cb-handout-add").tap()
        page.locator(".cb-basket-link").tap()
        taps += 2
        assert handout_items(page) == [project.case(A).title, project.case(B).title, project.case(C).title]
        page.locator(".cb-handout__item").nth(2).locator('[data-act="up"]').tap()
        page.locator("#cb-handout-title").fill("考核工作研讨")
        page.locator("#cb-handout-questions").fill("三个案例的考核主体有什么不同？")
        taps += 3
        assert handout_items(page) == [project.case(A).title, project.case(C).title, project.case(B).title]
        page.wait_for_function("location.search.includes(encodeURIComponent('考核工作研讨'))")
        page.locator("[data-handout-print]").tap()
        assert page.evaluate("window.printed") == 1
        path = download(page, page.locator("[data-handout-word]"))
        taps += 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing runs off the phone's screen
    text = word_text(path)
    assert path.name == "考核工作研讨.docx"
    order = [text.index(project.case(k).title) for k in (A, C, B)]
    assert order == sorted(order) and chosen["name"] in text and "三个案例的考核主体有什么不同？" in text
    assert practice(project, C, 0)["name"] not in text  # only the chosen practice of the third case
    print(f"phone handout: {taps} taps or typed lines on 4 pages")


def test_module_word_file(browser, site_server, project):
    from casebook.modules import modules_of

    module = modules_of(project)[0]
    with checked_page(browser, accept_downloads=True) as (page, _):
        page.goto(f"{site_server}modules/{module.id}/")
        path = download(page, page.locator("button[data-word-pack]"))
        page.locator(".cb-word-status", has_text="已生成").wait_for()
    check_word_layout(path)
    text = word_text(path)
    for t in (module.title, module.data["audience"], *module.data["objectives"], *module.data["questions"]):
        assert t in text, t
    for entry in module.data["cases"]:
        case = project.case(entry["case"])
        assert case.title in text and entry["note"] in text
        names = {p["id"]: p["name"] for p in case["practices"]}
        for pid in entry.get("practices", []):
            assert names[pid] in text


# ------------------------------------------------------------------ basket -> module file


def fill_draft(text: str, module_id: str) -> str:
    """What a trainer does: fill every empty required field."""
    text = text.replace('id: ""', f"id: {module_id}", 1)
    text = text.replace('summary: ""', 'summary: "用三个案例讨论考核与交流怎样衔接。"', 1)
    text = text.replace('audience: ""', 'audience: "组织部门干部"', 1)
    text = text.replace('objectives:\n  - ""', 'objectives:\n  - "了解三种考核办法。"', 1)
    return text.replace('note: ""', 'note: "这个案例的做法写得具体，便于讨论。"')


def test_pack_leaves_as_a_module_draft_that_validates_once_filled(browser, site_server, project, tmp_path):
    with checked_page(browser, accept_downloads=True) as (page, _):
        page.goto(pack_url(site_server, project, title="考核与述职专题"))
        handout_items(page)
        path = download(page, page.locator("[data-handout-module]"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../scripts/casebook/schema/module.schema.json\n")
    assert 'title: "考核与述职专题"' in text and f"case: {A}" in text
    root = make_project_copy(tmp_path, REPO / "cases")
    target = root / "modules" / "kaohe-caogao.yaml"

    def problems(body: str) -> list[str]:
        target.write_text(body, encoding="utf-8")
        p = load_project(root)
        load_extensions(p)
        return [str(x) for x in p.problems if x.path == "modules/kaohe-caogao.yaml"]

    unfilled = problems(text)
    assert unfilled, "an unfilled draft must not validate"
    assert problems(fill_draft(text, "kaohe-caogao")) == []


def test_draft_quotes_hostile_titles(browser, site_server, project, tmp_path):
    title = 'a: "b" # c\u2028d'
    with checked_page(browser, accept_downloads=True) as (page, _):
        page.goto(pack_url(site_server, project, title=title, questions=("- [x]: {y}", "问题\u2029二")))
        handout_items(page)
        path = download(page, page.locator("[data-handout-module]"))
    root = make_project_copy(tmp_path, REPO / "cases")
    (root / "modules" / "kaohe-caogao.yaml").write_text(fill_draft(path.read_text(encoding="utf-8"), "kaohe-caogao"), encoding="utf-8")
    p = load_project(root)
    load_extensions(p)
    module = next(m for m in p.extra["modules"] if m.id == "kaohe-caogao")
    assert module.data["title"] == "a: \"b\" # c d"  # the address's title, whitespace folded as on the page
    assert module.data["questions"] == ["- [x]: {y}", "问题 二"]
