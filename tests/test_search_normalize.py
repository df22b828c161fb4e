"""Script conversion and normalization for search (issue #4)."""

from __future__ import annotations

from casebook.search.normalize import char_normalize, char_table, normalize
from casebook.search.tokenize import Segmenter, index_tokens


def test_traditional_and_simplified_normalize_alike():
    for trad, simp in [("結窮親", "结穷亲"), ("書記接待", "书记接待"), ("組工幹部", "组工干部"), ("湖塘鎮", "湖塘镇"), ("公務員交流", "公务员交流")]:
        assert normalize(trad) == normalize(simp) == simp


def test_nfkc_and_case():
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("12345热线 ABC") == "12345热线 abc"


def test_char_table_comes_from_opencc_and_is_one_to_one():
    table = char_table()
    assert table["幹"] == "干" and table["鎮"] == "镇" and table["親"] == "亲"
    assert len(table) > 2000
    assert all(len(a) == 1 and len(b) == 1 and a != b for a, b in table.items())
    # The browser's table keeps only what can matter for a corpus.
    small = char_table({"干", "部"})
    assert small["幹"] == "干" and "鎮" not in small


def test_per_character_conversion_matches_phrase_conversion_for_ordinary_text():
    table = char_table()
    for text in ["結窮親", "書記接待", "科級公務員跨單位交流凸顯示范效應", "干部基層重點鍛煉思考"]:
        assert char_normalize(text, table) == normalize(text)


def test_index_has_the_per_character_spelling_where_opencc_phrases_differ():
    # OpenCC keeps 乾隆 as a phrase, the browser's per-character table gives 干隆.
    table = char_table()
    assert normalize("乾隆") == "乾隆" and char_normalize("乾隆", table) == "干隆"
    tokens = index_tokens("乾隆年间", Segmenter())
    assert "乾隆" in tokens and "干隆" in tokens
