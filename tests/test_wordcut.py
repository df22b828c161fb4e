"""FastCut gives jieba's own words (issue #8: segmentation at 10,000 cases)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from casebook.bench import corpus
from casebook.load import load_project
from casebook.search.dictionary import domain_words
from casebook.search.documents import build_documents
from casebook.search.normalize import normalize
from casebook.search.tokenize import HAN_PAIR, TOKEN_RE, Segmenter, field_tokens, index_tokens
from casebook.common.urls import SiteUrls
from casebook.common.wordcut import FastCut

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "search_project"
ODD = [
    "",
    "  \r\n\t",
    "ABC 12a3 x-y\r\n第3.5条",
    "2024年8月9日召开会议，96.5%的村（社区）完成",
    "㐀乾隆𠀀𠀁年间，「結窮親」與三進三同",
    "一一一一一一一一",
    "的的的了了了",
    "abc-def_ghi&jkl+mno#p",
]


def _texts(project) -> list[str]:
    docs = build_documents(project, SiteUrls())
    raw = sorted({t for d in docs for texts in d.fields.values() for t in texts})
    return ODD + raw + [normalize(t) for t in raw]


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory):
    """Real cases, the search fixture and 40 synthetic cases: text enough to
    meet ties, unknown words (HMM) and long dictionary words."""
    root = tmp_path_factory.mktemp("wordcut")
    corpus.generate(40, REPO, root / "cases")
    return load_project(root)


@pytest.mark.parametrize("hmm", [True, False])
def test_fastcut_equals_jieba_on_every_text(corpus_project, hmm):
    checked = 0
    for project in (load_project(REPO), load_project(FIXTURE), corpus_project):
        tokenizer = Segmenter(domain_words(project))._tk  # jieba's dictionary plus the domain words
        fast = FastCut(tokenizer)
        for text in _texts(project):
            assert fast.cut(text, hmm) == list(tokenizer.cut(text, HMM=hmm)), text
            checked += 1
    assert checked > 5000


def _reference_cut_for_search(seg: Segmenter, norm: str) -> list[str]:
    """The definition: jieba's words, each after the dictionary words inside it."""
    freq = seg._tk.FREQ
    out = []
    for word in (w for w in seg._tk.cut(norm, HMM=True) if TOKEN_RE.search(w)):
        n = len(word)
        out += [word[i : i + size] for size in range(2, n) for i in range(n - size + 1) if freq.get(word[i : i + size])]
        out.append(word)
    return out


def test_search_words_equal_their_definition(corpus_project):
    seg = Segmenter(domain_words(corpus_project))
    texts = [normalize(t) for t in _texts(corpus_project)]
    for text in texts + texts[:50]:  # word_tokens: the second time from the memo
        words = seg.cut_for_search(text)
        assert words == _reference_cut_for_search(seg, text), text
        assert seg.word_tokens(text) == [w for w in words if not (len(w) == 2 and HAN_PAIR.fullmatch(w))], text
    assert "大学生村官" in Segmenter(["大学生村官"]).cut_for_search("万名大学生村官计划")


def test_memo_generations_turn_over_without_changing_words(corpus_project, monkeypatch):
    """issue #8: with a memo of a few runs, runs move between its two
    generations and drop out of it many times; the words stay the same."""
    from casebook.search import tokenize

    monkeypatch.setattr(tokenize, "BLOCK_MEMO", 5)
    seg = Segmenter(domain_words(corpus_project))
    texts = [normalize(t) for t in _texts(corpus_project)][:200]
    expected = [[w for w in seg.cut_for_search(t) if not (len(w) == 2 and HAN_PAIR.fullmatch(w))] for t in texts]
    for _ in range(2):
        assert [seg.word_tokens(t) for t in texts] == expected
        assert len(seg._words.recent) <= 5 and seg._words.older


def test_field_tokens_add_up_index_tokens(corpus_project):
    """field_tokens counts a field in one pass; it must equal adding up the
    definition, index_tokens, text by text (traditional characters, 乾隆,
    ASCII runs and two-character words included)."""
    checked = 0
    for project in (load_project(REPO), load_project(FIXTURE), corpus_project):
        seg = Segmenter(domain_words(project))
        fields = [texts for d in build_documents(project, SiteUrls()) for texts in d.fields.values()]
        for texts in [ODD, ODD[3:5] * 2, *fields]:
            expected = Counter()
            for text in texts:
                expected.update(index_tokens(text, seg))
            assert field_tokens(texts, seg) == expected, texts
            checked += 1
    assert checked > 300  # fields of 50 cases and more


def test_a_tie_goes_to_the_longer_first_word_as_in_jieba(tmp_path):
    import jieba

    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("甲 10\n乙 10\n丙 10\n甲乙 5\n乙丙 5\n", encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(dictionary))
    tokenizer.tmp_dir = str(tmp_path)
    tokenizer.initialize()
    # 甲乙|丙 and 甲|乙丙 score exactly the same.
    assert list(tokenizer.cut("甲乙丙", HMM=False)) == ["甲乙", "丙"]
    assert FastCut(tokenizer).cut("甲乙丙", hmm=False) == ["甲乙", "丙"]
