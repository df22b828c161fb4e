"""Segmentation for search: the domain dictionary keeps formulaic terms whole (issue #4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.load import load_project
from casebook.search.dictionary import domain_words, is_word, place_forms, quoted_phrases
from casebook.search.normalize import normalize
from casebook.search.tokenize import Segmenter, han_bigrams, index_tokens

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "search_project"


@pytest.fixture(scope="module")
def real():
    project = load_project(REPO)
    assert not project.problems
    return project, Segmenter(domain_words(project))


@pytest.fixture(scope="module")
def fixture():
    project = load_project(FIXTURE)
    assert not project.problems
    return project, Segmenter(domain_words(project))


def test_every_glossary_term_is_one_token(real):
    project, seg = real
    checked = 0
    for entry in project.vocab.glossary.values():
        for term in [entry["term"], *entry.get("aliases", [])]:
            word = normalize(term)
            if not is_word(word):  # terms with punctuation (讲党性、重品行、作表率) are several words
                continue
            assert seg.cut(word) == [word], term
            assert word in index_tokens(term, seg)
            checked += 1
    assert checked >= 20


def test_glossary_terms_stay_whole_in_their_source_sentence(real):
    project, seg = real
    for entry in project.vocab.glossary.values():
        word = normalize(entry["term"])
        phrase = normalize(entry["source_phrase"])
        if is_word(word) and word in phrase:
            assert word in seg.cut_for_search(phrase), (word, seg.cut(phrase))


def test_without_the_domain_dictionary_jieba_splits_the_slogans(fixture):
    project, seg = fixture
    plain = Segmenter()
    assert plain.cut("开展三联三帮活动") != seg.cut("开展三联三帮活动")
    assert "三联三帮" in seg.cut("开展三联三帮活动")
    assert "结亲连心" in seg.cut("干部与群众结亲连心")


def test_domain_words_come_from_the_data(fixture):
    project, _ = fixture
    words = domain_words(project)
    assert words["三联三帮"] == "glossary"  # glossary term
    assert words["联企帮难"] == "glossary"  # glossary expansion item
    assert words["示总"] == "synonym"
    assert words["下基层"] == "theme"  # theme keyword
    assert words["问题限时办结"] == "practice"  # practice name
    assert words["示例区"] == "place" and words["示例"] == "place"
    assert list(words) == sorted(words)


def test_quoted_phrases_and_place_forms():
    assert quoted_phrases("按照“定人、定时、定点”的要求开展“三联三帮”") == ["定人", "定时", "定点", "三联三帮"]
    # A quoted sentence is no term; its short items are.
    assert quoted_phrases("“作者系中共重庆市委常委、组织部长”") == ["组织部长"]
    assert place_forms("武进区") == ["武进区", "武进"]
    assert place_forms("北京市") == ["北京市", "北京"]
    assert place_forms("全国") == ["全国"]


def test_bigrams_make_every_substring_findable(fixture):
    _, seg = fixture
    text = "示例县要求乡镇干部每周两个晚上入户，面对面听取意见。"
    tokens = index_tokens(text, seg)
    norm = normalize(text)
    for run in ["乡镇干部每周", "两个晚上入户", "面对面听取", "户面"]:
        if run in norm:
            assert all(g in tokens for g in han_bigrams(run)), run
    assert han_bigrams("三项制度") == ["三项", "项制", "制度"]
    assert han_bigrams("拆迁、安置") == ["拆迁", "安置"]  # never across punctuation


def test_segmentation_is_a_pure_function(fixture):
    project, seg = fixture
    again = Segmenter(domain_words(project))
    text = "示例市机关干部开展“三联三帮”活动，联户帮富、联企帮难"
    assert seg.cut_for_search(normalize(text)) == again.cut_for_search(normalize(text))
    assert index_tokens(text, seg) == index_tokens(text, again)
    # A private tokenizer: jieba's global one is untouched.
    import jieba

    assert "三联三帮" not in jieba.lcut("开展三联三帮活动")


def test_search_dict_command(capsys, tmp_path):
    from casebook.cli import main

    assert main(["--root", str(FIXTURE), "search-dict", "--check", "示例市开展三联三帮活动"]) == 0
    assert "三联三帮" in capsys.readouterr().out.split(" / ")
    out = tmp_path / "dict.txt"
    assert main(["--root", str(FIXTURE), "search-dict", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "三联三帮 200000 glossary" in lines and lines == sorted(lines)
