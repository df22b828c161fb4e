"""The search script on a minimal page over the fixture casebook (issue #4).

Ranking, script conversion, synonyms, highlighting and escaping, run by the
real casebook-search.js in headless Chromium against an index written from
tests/fixtures/search_project, without building the whole site.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from conftest import checked_page

from casebook.load import load_project
from casebook.search.index import fnv1a32
from casebook.search.normalize import char_normalize, char_table
from casebook.search.write import write_index
from casebook.common.urls import SiteUrls

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "search_project"
SCRIPT = REPO / "docs" / "assets" / "javascripts" / "casebook-search.js"
PINYIN_SCRIPT = SCRIPT.with_name("casebook-pinyin.js")  # loaded by the search script when a query needs it


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    out = tmp_path_factory.mktemp("search-harness")
    stats = write_index(load_project(FIXTURE), out, SiteUrls(True))
    shutil.copy(SCRIPT, out / "casebook-search.js")
    shutil.copy(PINYIN_SCRIPT, out / "casebook-pinyin.js")
    shutil.copy(FIXTURE / "harness.html", out / "index.html")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}/", "dir": out, "stats": stats}
    server.shutdown()
    server.server_close()


@pytest.fixture
def hpage(page, harness):
    page.goto(harness["url"] + "index.html")
    page.wait_for_function("() => window.casebookSearch")
    return page


def search(page, q):
    return page.evaluate("q => casebookSearch.search(q)", q)


def cases(results):
    return [r["url"].split("/")[1] for r in results]


def type_query(page, q):
    page.fill("[data-casebook-search-input]", q)
    page.wait_for_selector(f"[data-casebook-search-result][data-query='{q}']")


# Ranking ------------------------------------------------------------------


def test_title_and_term_match_rank_above_a_mention(hpage):
    found = cases(search(hpage, "夜访制度"))
    assert found[0] == "shili-xian-yefang-zhidu"
    assert "shili-qu-ganbu-lungang" in found[1:]  # mentions 夜访制度 in its summary


def test_exact_phrase_ranks_above_scattered_words(hpage):
    # 走访 and 群众 are both in one case's title, apart; another has 走访群众 verbatim.
    found = cases(search(hpage, "走访群众"))
    assert found[0] == "shili-xian-yefang-zhidu"
    assert found.index("shili-shi-yishi-zoufang") > 0


def test_practice_name_match_points_at_the_practice(hpage):
    r = search(hpage, "联企帮难")
    assert cases(r)[0] == "shili-shi-sanlian-sanbang" and r[0]["practice"] == "lianqi-bangnan"
    r = search(hpage, "问题限时办结")
    assert cases(r)[0] == "shili-xian-yefang-zhidu" and r[0]["practice"] == "wenti-banjie"


def test_a_query_that_is_no_word_is_found_by_bigrams(hpage):
    # Neither jieba nor the domain dictionary has these as words.
    assert cases(search(hpage, "入户走访一万"))[0] == "shili-xian-yefang-zhidu"
    assert cases(search(hpage, "薄弱村党组织"))[0] == "shili-shi-sanlian-sanbang"


# Scripts, synonyms, concepts ---------------------------------------------


def test_traditional_query_finds_simplified_text(hpage):
    assert cases(search(hpage, "夜訪制度"))[0] == "shili-xian-yefang-zhidu"
    assert cases(search(hpage, "聯戶幫富"))[0] == "shili-shi-sanlian-sanbang"


def test_simplified_query_finds_traditional_text(hpage):
    # Only the source title, written in traditional characters, says 纪实.
    assert cases(search(hpage, "轮岗交流纪实"))[0] == "shili-qu-ganbu-lungang"


def test_synonyms_and_aliases_widen_recall(hpage):
    # The case says 示例市总工会, never the abbreviation 示总.
    assert cases(search(hpage, "示总"))[0] == "shili-zhen-jieqin-lianxin"
    # A glossary alias finds the cases using the term.
    assert cases(search(hpage, "结亲连心活动"))[0] == "shili-zhen-jieqin-lianxin"


def test_glossary_expansion_finds_the_items(hpage):
    r = search(hpage, "三联三帮")
    assert cases(r)[0] == "shili-shi-sanlian-sanbang"


def test_theme_keyword_finds_the_theme_cases(hpage):
    # 基层锻炼 is a keyword of the theme the case is filed under; no text says it.
    assert cases(search(hpage, "基层锻炼"))[0] == "shili-zhen-jieqin-lianxin"


def test_nothing_found(hpage):
    assert search(hpage, "火星基地") == []
    type_query(hpage, "火星基地")
    meta = hpage.text_content(".md-search-result__meta")
    assert meta == "没有找到与“火星基地”相关的案例"
    assert hpage.locator(".casebook-search__none a").count() >= 3  # themes, glossary, theme index


def test_nothing_found_offers_close_glossary_terms_and_themes(hpage):
    # The panel shown for an empty result, for a query near a glossary term.
    text = hpage.evaluate(
        "q => casebookSearch.index.open().then(() => casebookSearch.box.suggestions({norm: q}).textContent)", "联帮三三"
    )
    assert "相近的提法" in text and "三联三帮" in text
    text = hpage.evaluate(
        "q => casebookSearch.index.open().then(() => casebookSearch.box.suggestions({norm: q}).textContent)", "群众服务"
    )
    assert "可能相关的主题" in text and "联系服务群众" in text


# The browser repeats the build's functions -------------------------------


def test_browser_hash_and_normalization_match_python(hpage, harness):
    shards = harness["stats"]["shards"]
    tokens = ["三联三帮", "夜访", "2021", "示例市总工会", "#t:rotation", "𠀀字"]
    got = hpage.evaluate("ts => casebookSearch.index.open().then(i => ts.map(t => i.shardOf(t)))", tokens)
    assert got == [fnv1a32(t) % shards for t in tokens]
    texts = ["幹部輪崗交流紀實", "ＡＢＣ１２３", "示例區", "結親連心"]
    got = [hpage.evaluate("t => casebookSearch.normalize(t)", t) for t in texts]
    assert got == [char_normalize(t, char_table()) for t in texts]


# The search box ------------------------------------------------------------


def test_result_links_in_rank_order(hpage):
    expected = search(hpage, "走访")
    type_query(hpage, "走访")
    hrefs = hpage.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
    pages = []
    for h in hrefs:
        p = h.split("#")[0]
        if p not in pages:
            pages.append(p)
    assert [p.split("/cases/")[1].split("/")[0] for p in pages] == cases(expected)[: len(pages)]


def test_candidates_come_out_best_first_a_batch_at_a_time(hpage):
    """issue #8: the ranking hands out the best few without sorting everything;
    batch after batch it gives exactly the full order (higher preliminary
    score first, then lower document number)."""
    got = hpage.evaluate("""q => casebookSearch.index.open().then(ix => {
        const a = ix.analyze(q);
        return ix.loadShards(a.tokens).then(() => {
          const all = ix.candidates(a);
          const n = all.length;
          const full = all.take(n).map(c => [c.doc, c.prelim]);
          const ranking = ix.candidates(a);
          const batches = [];
          while (ranking.length) batches.push(ranking.take(2).map(c => c.doc));
          return {n, full, batches, left: all.length};
        });
      })""", "示例")
    assert got["n"] >= 4 and got["left"] == 0  # all five cases of the fixture
    assert [d for d, _ in got["full"]] == [d for d, _ in sorted(got["full"], key=lambda x: (-x[1], x[0]))]
    assert [d for batch in got["batches"] for d in batch] == [d for d, _ in got["full"]]
    assert all(len(b) == 2 for b in got["batches"][:-1])


def test_highlights_are_whole_query_words(hpage):
    type_query(hpage, "结亲连心")
    marks = hpage.eval_on_selector_all(".md-search-result__list mark", "els => els.map(e => e.textContent)")
    assert "结亲连心" in marks and set(marks) <= {"结亲连心", "结亲", "连心"}
    heading = hpage.eval_on_selector_all(".casebook-search__practice h2 mark", "els => els.map(e => e.textContent)")
    assert heading == ["结亲连心"]
    type_query(hpage, "群众结亲")  # two words, found apart
    marks = hpage.eval_on_selector_all(".md-search-result__list mark", "els => els.map(e => e.textContent)")
    assert marks and all(len(m) >= 2 for m in marks) and set(marks) <= {"群众结亲", "群众", "结亲"}


def test_traditional_query_highlights_text_as_written(hpage):
    type_query(hpage, "紀實")
    marks = hpage.eval_on_selector_all(".md-search-result__list mark", "els => els.map(e => e.textContent)")
    assert "紀實" in marks  # the traditional source title, highlighted in its own script


def test_yaml_text_is_escaped(hpage):
    type_query(hpage, "会议记录")
    assert hpage.locator(".md-search-result__list b, .md-search-result__list script").count() == 0
    assert "<b>议事纪要</b>" in hpage.text_content(".md-search-result__list")


def test_query_in_the_address_opens_the_search(page, harness):
    page.goto(harness["url"] + "index.html?q=" + "联户帮富")
    page.wait_for_selector("[data-casebook-search-result][data-state=done]")
    assert page.is_checked("#__search")
    assert page.input_value("[data-casebook-search-input]") == "联户帮富"
    first = page.get_attribute("a.md-search-result__link", "href")
    assert first.endswith("/cases/shili-shi-sanlian-sanbang/")


def test_the_address_keeps_the_answered_query(hpage):
    """The address changes once results are shown, not before the index
    files are loaded (each change makes the browser fetch the page icon)."""
    from urllib.parse import parse_qs, urlsplit

    changes = hpage.evaluate("""() => {
        window.__changes = [];
        const replace = history.replaceState.bind(history);
        history.replaceState = (s, t, url) => {
            window.__changes.push([String(url), !!document.querySelector('a.md-search-result__link')]);
            replace(s, t, url);
        };
        return window.__changes;
    }""")
    assert changes == []
    type_query(hpage, "联户帮富")
    assert parse_qs(urlsplit(hpage.url).query)["q"] == ["联户帮富"]
    changes = hpage.evaluate("window.__changes")
    assert changes and all(results_shown for _, results_shown in changes)
    type_query(hpage, "")
    assert "q" not in parse_qs(urlsplit(hpage.url).query)


def test_works_from_a_file_url(page, harness):
    url = (harness["dir"] / "index.html").as_uri() + "?q=" + "夜访制度"
    page.goto(url)
    page.wait_for_selector("[data-casebook-search-result][data-state=done]")
    first = page.get_attribute("a.md-search-result__link", "href")
    assert first.startswith("file://") and first.endswith("/cases/shili-xian-yefang-zhidu/index.html")


# Pinyin and sound (issue #17) ----------------------------------------------


@pytest.mark.parametrize("typed, chinese", [
    ("sanliansanbang", "三联三帮"),  # full pinyin, run together
    ("ye fang zhi du", "夜访制度"),  # spaced
    ("JieQin LianXin", "结亲连心"),  # capitals
    ("yefangzhid", "夜访制度"),  # the last syllable not finished
    ("slsb", "三联三帮"),  # initials
    ("三lian三bang", "三联三帮"),  # characters and pinyin
    ("夜访zd", "夜访制度"),
    ("ｓａｎｌｉａｎｓａｎｂａｎｇ", "三联三帮"),  # full-width letters
])
def test_pinyin_finds_what_the_chinese_finds(hpage, typed, chinese):
    got, want = search(hpage, typed), search(hpage, chinese)
    assert got and cases(got)[0] == cases(want)[0]
    assert not want[0]["pinyin"]
    if typed.isascii():
        assert got[0]["pinyin"]  # found through the Chinese it spells


def test_pinyin_only_results_rank_below_any_character_match(hpage):
    # 示例区 is typed: the case it is in matches by characters; lg is read as
    # 轮岗 and other l-g words, which bring in more cases through pinyin only.
    r = search(hpage, "示例区lg")
    flags = [x["pinyin"] for x in r]
    assert flags[0] is False and True in flags
    assert flags == sorted(flags)  # never a character match after a pinyin-only one


def test_a_chinese_query_gets_the_same_results_without_the_pinyin_script(browser, harness):
    """Pinyin never changes what a Chinese query finds: blocking the pinyin
    script and data changes no result of these queries."""
    queries = ["夜访制度", "三联三帮", "走访群众", "結親連心", "示总", "基层锻炼", "夜访治度", "联户帮付"]

    def results(block: bool) -> list:
        with checked_page(browser) as (page, _):
            if block:
                page.route("**/casebook-pinyin.js", lambda route: route.abort())
                page.route("**/search/p/**", lambda route: route.abort())
                page.route("**/search/chars.js*", lambda route: route.abort())
            page.goto(harness["url"] + "index.html")
            page.wait_for_function("() => window.casebookSearch")
            return [[(r["url"], r["tier"]) for r in search(page, q)] for q in queries]

    assert results(block=False) == results(block=True)


def test_a_wrong_character_of_the_same_sound_is_offered_its_correction(hpage):
    type_query(hpage, "夜访治度")  # 治 for 制 (both zhi): still finds something
    hint = hpage.locator(".casebook-search__hint")
    assert hint.inner_text() == "您是不是要找：夜访制度"
    hint.locator("a").click()
    hpage.wait_for_selector("[data-casebook-search-result][data-query='夜访制度']")
    assert hpage.input_value("[data-casebook-search-input]") == "夜访制度"
    assert "shili-xian-yefang-zhidu" in hpage.get_attribute("a.md-search-result__link", "href")


def test_nothing_found_offers_words_that_sound_alike(hpage):
    type_query(hpage, "夜仿")  # 仿 fang for 访 fang
    assert hpage.text_content(".md-search-result__meta") == "没有找到与“夜仿”相关的案例"
    assert hpage.locator(".casebook-search__hint").inner_text() == "您是不是要找：夜访"
    none = hpage.locator(".casebook-search__none")
    assert "读音相近的词" in none.inner_text() and none.locator("a[data-search-query='夜访']").count() == 1


def test_a_correction_is_offered_only_when_it_finds_something(hpage):
    found = hpage.evaluate("q => casebookSearch.index.search(q).then(f => [f.results.length, f.sound || null])", "火星结亲")
    assert not (found[1] and found[1]["correction"])


def test_pinyin_works_from_a_file_url(page, harness):
    page.goto((harness["dir"] / "index.html").as_uri() + "?q=" + "yfzd")
    page.wait_for_selector("[data-casebook-search-result][data-state=done]")
    first = page.get_attribute("a.md-search-result__link", "href")
    assert first.endswith("/cases/shili-xian-yefang-zhidu/index.html")
    assert page.locator(".casebook-search__hint").inner_text() == "按拼音查找：夜访制度"
