"""Glossary links in case text: first mention only, longest match first, never
inside headings, links or code; tooltips on hover, keyboard focus and tap."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from casebook.link.glossary_links import TermIndex, TermLinker, tip_text
from casebook.load import load_project
from casebook.render import render_site
from conftest import FIXTURES, REPO

GLOSSARY = {
    "三项": {"id": "sanxiang", "term": "三项", "meaning": "短的词条。"},
    "三项制度": {"id": "sanxiang-zhidu", "term": "三项制度", "expansion": ["书记接待", "成员走访", "办理答复"], "meaning": "长的词条。"},
    "两委": {"id": "liangwei", "term": "两委", "meaning": "村两委。", "aliases": ["村两委"]},
    "危险": {"id": "weixian", "term": "危险", "meaning": '"><script>alert(1)</script>'},
}


def linker() -> TermLinker:
    return TermLinker(TermIndex(GLOSSARY), "../../glossary/")


def test_longest_match_first_and_left_to_right():
    index = TermIndex(GLOSSARY)
    found = [(pos, s.text) for pos, s in index.matches("推行三项制度，三项工作，村两委和两委")]
    assert found == [(2, "三项制度"), (7, "三项"), (12, "村两委"), (16, "两委")]


def _scan(index: TermIndex, text: str) -> list:
    """The definition: at each position, the longest surface starting there."""
    out, i = [], 0
    while i < len(text):
        surface = next((s for s in index.surfaces if text.startswith(s.text, i)), None)
        if surface is None:
            i += 1
        else:
            out.append((i, surface))
            i += len(surface.text)
    return out


def test_matches_equal_the_scan_they_stand_for():
    project = load_project(REPO)  # the casebook's own cases and glossary
    index = TermIndex(project.vocab.glossary)
    texts = [t for c in project.cases for t in [c.data["background"], c.data["outcomes"], *(p["description"] for p in c.data["practices"])]]
    assert sum(len(index.matches(t)) for t in texts) > 10
    for text in texts + ["推行三项制度，三项工作，村两委和两委"]:
        assert index.matches(text) == _scan(index, text)
    small = TermIndex(GLOSSARY)
    assert small.matches("村两委两委三项制度三项") == _scan(small, "村两委两委三项制度三项")
    assert TermIndex({}).matches("三项制度") == []


def test_only_the_first_mention_of_an_entry_is_linked_across_paragraphs():
    link = linker()
    first = str(link("村两委成员和两委干部推行三项制度"))
    second = str(link("再次提到三项制度、两委和三项"))
    assert first.count("cb-term-link") == 2
    assert '<a class="cb-term-link" href="../../glossary/#liangwei" data-tip="两委：村两委。">村两委</a>成员和两委干部' in first
    assert 'href="../../glossary/#sanxiang-zhidu" data-tip="三项制度：包括书记接待、成员走访、办理答复。长的词条。">三项制度</a>' in first
    # 三项制度 and 两委 were linked already; 三项 is a different entry, first seen here
    assert second == '再次提到三项制度、两委和<a class="cb-term-link" href="../../glossary/#sanxiang" data-tip="三项：短的词条。">三项</a>'


def test_text_and_tips_are_escaped():
    out = str(linker()("<b>危险</b> & 其他"))
    assert out.startswith("&lt;b&gt;<a ")
    assert 'data-tip="危险：&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in out
    assert "<script>" not in out and "</b>" not in out


def test_tip_text():
    assert tip_text(GLOSSARY["三项制度"]) == "三项制度：包括书记接待、成员走访、办理答复。长的词条。"
    assert tip_text(GLOSSARY["两委"]) == "两委：村两委。"


def test_hostile_case_text_stays_escaped_around_links():
    project = load_project(FIXTURES / "hostile")
    project.vocab.glossary["两项制度"]["meaning"] = '"><img src=x onerror=alert(9)>'
    page = render_site(project)["cases/shili-xian-liangxiang-zhidu.md"]
    assert "<img src=x onerror=alert(9)>" not in page and "<iframe" not in page
    assert "&lt;iframe" in page


class Nesting(HTMLParser):
    """Records, for every glossary link, the elements it sits in."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param", "track"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.links: list[tuple[str, list[str]]] = []  # (href, enclosing tags)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "cb-term-link" in (attrs.get("class") or ""):
            self.links.append((attrs["href"], list(self.stack)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def test_built_pages_link_each_term_once_and_never_in_headings_links_or_code(built_site):
    project = load_project(REPO)
    total = 0
    for case in project.cases:
        html = (built_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        parser = Nesting()
        parser.feed(html)
        hrefs = Counter(href for href, _ in parser.links)
        assert all(n == 1 for n in hrefs.values()), f"{case.id}: {hrefs}"
        for href, stack in parser.links:
            assert not {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "button", "label"} & set(stack), (case.id, href, stack)
            assert href.startswith("../../glossary/#")
            assert f'id="{href.split("#")[1]}"' in (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
        total += len(parser.links)
    assert total >= 20


def test_a_term_in_a_practice_heading_is_linked_in_text_only(built_site):
    html = (built_site / "cases" / "chongqing-sanxiang-huodong" / "index.html").read_text(encoding="utf-8")
    heading = html.split('<h3 id="sanjin-santong">', 1)[1].split("</h3>", 1)[0]
    assert "三进三同" in heading and "cb-term-link" not in heading
    assert html.count('class="cb-term-link" href="../../glossary/#sanjin-santong"') == 1


CASE = "cases/chongqing-sanxiang-huodong/"


def test_tooltip_on_hover_and_keyboard_focus(page, site_server):
    page.goto(site_server + CASE)
    term = page.locator("a.cb-term-link").first
    name = term.get_attribute("data-tip").split("：")[0]
    term.hover()
    tip = page.locator("#cb-tip")
    tip.wait_for(state="visible")
    assert tip.get_attribute("role") == "tooltip" and tip.inner_text().startswith(name + "：")
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")
    # Keyboard: focus shows the tip and ties it to the link; Escape hides it.
    term.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cb-term-link')")
    tip.wait_for(state="visible")
    assert term.get_attribute("aria-describedby") == "cb-tip"
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/#*")


def test_tap_shows_the_tip_and_a_second_tap_opens_the_entry(browser, site_server):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_server + CASE)
    term = page.locator("a.cb-term-link").first
    href = term.get_attribute("href").split("#")[1]
    term.tap()
    tip = page.locator("#cb-tip")
    tip.wait_for(state="visible")
    assert page.url.endswith(CASE), "the first tap must not navigate"
    assert "再点一次打开词条" in tip.inner_text()
    box, width = tip.bounding_box(), page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the tip fits on a phone screen"
    page.locator("h1").tap()  # tapping elsewhere closes it
    tip.wait_for(state="hidden")
    term.tap()
    tip.wait_for(state="visible")
    term.tap()
    page.wait_for_url(f"**/glossary/#{href}")
    context.close()
    assert errors == []
