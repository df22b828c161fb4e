"""Print: case pages and module handouts print to clean A4.

Chromium prints the pages to PDF (page.pdf, A4); poppler's pdfinfo and
pdftotext read the result back: the paper size, the page count, and a text
layer with the article, the page's own address and the print date, and none
of the site's header, tabs, navigation, search or footer.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from _browsing import first_page, module_page
from casebook.load.extensions import load_extensions
from casebook.modules import modules_of
from casebook.load import load_project
from conftest import ARTIFACTS, REPO

pytestmark = pytest.mark.browser  # `printed` picks its fixture at run time, so mark the whole file

MAX_PAGES = 12  # the longest case prints to about 6 pages; more means a layout bug
NEVER_PRINTED = ("跳转至", "Material for MkDocs", "加入对比", "去对比", "打印讲义", "复制本次对比",
                 "加入讲义", "去讲义", "复制链接", "下载 Word", "讲义标题", "添加案例", "导出为培训专题草稿")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} not found: apt-get install -y poppler-utils (make test does this)")
    return path


def _pdf_text(pdf: Path) -> list[str]:
    """Text of each page (pdftotext separates pages by form feeds)."""
    out = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def _pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Printed:
    def __init__(self, url: str, pdf: Path, pages: list[str], screen: dict):
        self.url, self.pdf, self.pages, self.screen = url, pdf, pages, screen
        self.text = "".join(pages)


def _print(browser, url: str, name: str) -> Printed:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    screen = page.evaluate("""() => {
      const text = sel => Array.from(document.querySelectorAll(sel)).map(e => e.innerText.trim()).filter(Boolean);
      return {
        h1: document.querySelector("article h1").innerText.replace(/¶$/, "").trim(),
        article: document.querySelector("article").innerText,
        chrome: [].concat(text(".md-tabs__link"), text(".md-sidebar--primary .md-nav__link"),
                          text(".md-sidebar--secondary .md-nav__title"), text(".md-footer")),
        figures: Array.from(document.querySelectorAll(".cb-figure")).map(f => [
          f.querySelector("figcaption > strong").innerText, f.querySelector("q").innerText]),
        externalLinks: Array.from(document.querySelectorAll("article a[href^='http']")).map(a => a.href),
      };
    }""")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"print-{name}.pdf"
    page.pdf(path=str(pdf), format="A4")
    context.close()
    assert not errors, errors
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / f"print-{name}")],
                   check=True)
    return Printed(url, pdf, _pdf_text(pdf), screen)


@pytest.fixture(scope="module")
def printed_case(browser, built_site, site_server) -> Printed:
    # The case with the most figure cards: the hardest to lay out.
    cases = sorted(p.parent.name for p in (built_site / "cases").glob("*/index.html"))
    most = max(cases, key=lambda c: (built_site / "cases" / c / "index.html").read_text(encoding="utf-8").count('class="cb-figure"'))
    return _print(browser, f"{site_server}cases/{most}/", "case")


@pytest.fixture(scope="module")
def printed_module(browser, built_site, site_server) -> Printed:
    path = module_page(built_site)
    if path is None:
        pytest.skip("no training modules in this build yet")
    return _print(browser, site_server + path, "module")


@pytest.fixture(scope="module")
def printed_handout(browser, built_site, site_server) -> Printed:
    # Two whole cases and two practices of a third: the handout a trainer assembles.
    project = load_project(REPO)
    a, b, c = project.cases[:3]
    chosen = ":".join(p["id"] for p in c["practices"][:2])
    return _print(browser, f"{site_server}handout/?items={a.id},{b.id},{c.id}:{chosen}", "handout")


@pytest.fixture(params=["case", "module", "handout"])
def printed(request, generator) -> Printed:
    # `generator` named here: the printed_* fixtures, looked up by name, build the site of each generator
    return request.getfixturevalue(f"printed_{request.param}")


def test_prints_on_a4_within_a_sensible_page_count(printed):
    info = _pdf_info(printed.pdf)
    assert "(A4)" in info["Page size"], info["Page size"]
    pages = int(info["Pages"])
    assert pages == len(printed.pages)
    assert 1 <= pages <= MAX_PAGES, f"{printed.url}: {pages} pages"
    # No blank page at the end: the closing block is on the last page.
    assert "打印日期" in printed.pages[-1]
    assert all(_squash(p) for p in printed.pages), "a blank page"


def test_article_is_printed_without_site_chrome(printed):
    text = _squash(printed.text)
    assert _squash(printed.screen["h1"]) in text
    article = _squash(printed.screen["article"])
    chrome = {_squash(c) for c in printed.screen["chrome"]} - {""}
    # Chrome text that is not also part of the article must not reach the paper.
    leaked = sorted(c for c in chrome if c not in article and c in text)
    assert not leaked, f"navigation/footer text in the PDF: {leaked}"
    for word in NEVER_PRINTED:
        assert word not in text, word


def test_ends_with_address_and_print_date(printed):
    last = _squash(printed.pages[-1])
    today = datetime.date.today()
    assert f"打印日期：{today.year}年{today.month}月{today.day}日" in last
    # pdftotext drops a hyphen where a long address breaks across lines
    assert _squash(printed.url).replace("-", "") in _squash(printed.text).replace("-", ""), "the page's own address is printed"


def test_case_ends_with_sources_and_citation(printed_case):
    text = _squash(printed_case.text)
    assert "来源" in text
    sources_at = text.rfind("来源")
    assert sources_at > text.find(_squash(printed_case.screen["h1"]))
    assert "引用本案例" in text or "引用本页" in text


def test_module_handout_fills_its_first_page(printed_module, built_site):
    """The first card starts on page 1, after the objectives, even when it does not fit there whole."""
    project = load_project(REPO)
    load_extensions(project)
    module = next(m for m in modules_of(project) if printed_module.url.endswith(f"modules/{m.id}/"))
    first = project.case(module.case_ids()[0])
    page1 = _squash(printed_module.pages[0])
    assert _squash(f"1. {first.title}") in page1
    assert _squash(first["summary"]) in page1


def test_handout_prints_every_item(printed_handout):
    project = load_project(REPO)
    text = _squash(printed_handout.text)
    a, b, c = project.cases[:3]
    for case in (a, b, c):
        assert _squash(case.title) in text and _squash(case["summary"]) in text
    for p in c["practices"][:2]:
        assert _squash(p["name"]) in text
    for f in a["figures"]:
        assert _squash(f["source_phrase"]) in text
    assert "来源与引用" in text and "本讲义网址" in text
    assert "实践案例库·讲义" in _squash(printed_handout.pages[0])


def test_figure_cards_are_not_split_across_pages(printed_case):
    figures = printed_case.screen["figures"]
    assert figures, "the chosen case has figure cards"
    pages = [_squash(p) for p in printed_case.pages]
    for label, source in figures:
        label, source = _squash(label), _squash(source).strip("“”\"")
        on = [i for i, p in enumerate(pages) if source in p]
        assert on, f"figure source not in the PDF: {source}"
        assert any(label in pages[i] for i in on), f"figure “{label}” split from its source line"


def test_web_addresses_are_written_out_after_links(browser, site_server, built_site):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_server + first_page(built_site, "cases"))
    page.evaluate("""() => {
      const p = document.createElement("p");
      p.innerHTML = '见<a id="ext" href="https://example.org/report">调研报告</a>和<a id="int" href="../">案例索引</a>。';
      document.querySelector("article").appendChild(p);
    }""")
    page.emulate_media(media="print")
    after = page.evaluate("""id => getComputedStyle(document.getElementById(id), "::after").content""", "ext")
    internal = page.evaluate("""id => getComputedStyle(document.getElementById(id), "::after").content""", "int")
    source_url = page.locator("a.cb-source__url").first
    source_after = source_url.evaluate("""a => getComputedStyle(a, "::after").content""") if source_url.count() else "none"
    context.close()
    assert "https://example.org/report" in after
    assert internal in ("none", "normal", '""'), "relative addresses mean nothing on paper"
    assert source_after in ("none", "normal", '""'), "a source address shown as text is not printed twice"


def test_print_layout_rules(browser, site_server, built_site):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_server + first_page(built_site, "cases"))
    page.emulate_media(media="print")
    styles = page.evaluate("""() => {
      const cs = (sel, prop) => { const e = document.querySelector(sel); return e ? getComputedStyle(e)[prop] : null; };
      return {
        header: cs(".md-header", "display"), tabs: cs(".md-tabs", "display"),
        nav: cs(".md-sidebar--primary", "display"), toc: cs(".md-sidebar--secondary", "display"),
        footer: cs(".md-footer", "display"), search: cs("[data-casebook-search]", "display"),
        meta: cs(".cb-print-meta", "display"),
        h2: cs("article h2", "breakAfter"), figure: cs(".cb-figure", "breakInside"),
        facts: cs(".cb-facts", "breakInside"),
      };
    }""")
    page.emulate_media(media="screen")
    on_screen = page.evaluate("getComputedStyle(document.querySelector('.cb-print-meta')).display")
    context.close()
    for part in ("header", "tabs", "nav", "toc", "footer", "search"):
        assert styles[part] in ("none", None), (part, styles[part])
    assert styles["meta"] == "block" and on_screen == "none"
    assert styles["h2"] == "avoid"
    assert styles["figure"] == "avoid" and styles["facts"] == "avoid"
