"""Pinyin readings for the search (issue #17): the lexicon, polyphones, ids as readings."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from casebook.load import load_project

from casebook.load.project import Case, Project, Vocab
from casebook.search import pinyin
from casebook.search.dictionary import domain_words
from casebook.search.index import fnv1a32

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def casebook():
    project = load_project(REPO)
    assert not project.problems
    return project


def test_polyphones_of_the_casebook_read_as_the_casebook_means_them(casebook):
    read = pinyin.Readings()
    words = domain_words(casebook)
    expected = {  # each has a character with another reading
        "重庆市": "chong qing shi", "三门干部": "san men gan bu", "民意调查": "min yi diao cha", "民调": "min diao",
        "两个率先": "liang ge shuai xian", "作表率": "zuo biao shuai", "眼朝下看": "yan chao xia kan",
        "得力干将": "de li gan jiang", "成熟一个交流一个": "cheng shu yi ge jiao liu yi ge", "重点交流": "zhong dian jiao liu",
        "为亲属": "wei qin shu", "廉洁从政": "lian jie cong zheng", "纪律": "ji lv", "抓跟踪协调": "zhua gen zong xie tiao",
    }
    for word, reading in expected.items():
        assert word in words, word
        assert " ".join(read(word)) == reading, word


def test_memoized_readings_equal_pypinyin_word_by_word(casebook):
    from pypinyin import lazy_pinyin

    read = pinyin.Readings()
    for word in domain_words(casebook):
        assert list(read(word)) == [s.replace("ü", "v") for s in lazy_pinyin(word)], word


def test_ids_are_aligned_with_their_names():
    assert pinyin.align("改革职称评审制度", "zhicheng-pingshen-gaige") == [
        ("职称", ("zhi", "cheng")), ("评审", ("ping", "shen")), ("改革", ("gai", "ge"))]
    assert pinyin.align("抓好“三项教育”", "sanxiang-jiaoyu") == [("三项", ("san", "xiang")), ("教育", ("jiao", "yu"))]
    assert pinyin.align("全国", "national") == []  # not pinyin
    # "mian" is one syllable: never two characters that could also read mi + an
    assert pinyin.align("摩安县", "mian") == []
    assert pinyin.align("律师事务所", "lvshi") == pinyin.align("律师事务所", "lushi") == [("律师", ("lv", "shi"))]


def test_the_casebooks_ids_agree_with_pypinyin_where_it_knows_the_phrase(casebook):
    found = pinyin.id_readings(casebook)
    assert len(found) > 300  # ids, slugs and practice ids of the 11 cases
    from pypinyin.constants import PHRASES_DICT

    disagree = [f for f in found if tuple(pinyin.pypinyin_reading(f.text)) != f.syllables]
    # The one disagreement is an id's typo (抽查 spelled chouzha) on a phrase pypinyin
    # knows, which therefore keeps its reading: nothing is corrected.
    assert all(f.text in PHRASES_DICT for f in disagree), disagree
    assert pinyin.corrections(casebook) == {}


def _project(cases: list[tuple[str, str, list[tuple[str, str]]]]) -> Project:
    out = []
    for ident, title, practices in cases:
        data = {"title": title, "practices": [{"id": pid, "name": name} for pid, name in practices]}
        out.append(Case(ident, data, f"cases/{ident}.yaml", None))
    return Project(Path("."), out, Vocab(), [])


def test_an_id_corrects_a_place_pypinyin_reads_by_character():
    assert pinyin.pypinyin_reading("长治市") == ["zhang", "zhi", "shi"]  # 长 read as in 长大
    project = _project([
        ("changzhi-ganbu-kaohe", "长治市推行干部考核", []),
        ("x-kaohe", "某县考核", [("chouzha", "随机抽查")]),  # a typo on a phrase pypinyin knows: ignored
    ])
    fixes = pinyin.corrections(project)
    assert fixes == {"长治": [["cháng"], ["zhì"]]}
    postings = {"长治市": array("I", [1]), "抽查": array("I", [1, 2]), "众结": array("I", [1])}
    entries, figures = pinyin.build_lexicon(project, postings, {})
    read = {e.word: " ".join(e.syllables) for e in entries}
    assert read["长治市"] == "chang zhi shi" and read["抽查"] == "chou cha"
    assert "众结" not in read  # a bigram across two words is no word
    assert figures == {"words": 2, "corrections": 1}


def test_lexicon_holds_index_words_and_dictionary_words_in_use():
    postings = {"湖塘镇": array("I", [5]), "干部": array("I", [1, 2, 3]), "部长": array("I", [4]), "众结": array("I", [1]),
                "12345热线": array("I", [1]), "结穷亲": array("I", [2])}
    domain = {"结穷亲": "glossary", "未用词": "glossary"}
    words = pinyin.lexicon_words(postings, domain)
    assert {"湖塘镇", "干部", "部长", "结穷亲"} <= words.keys()
    assert "众结" not in words and "12345热线" not in words
    assert words["结穷亲"] is True and words["干部"] is False
    entries, _ = pinyin.build_lexicon(_project([]), postings, domain)
    assert "未用词" not in {e.word for e in entries}  # no case uses it: a pinyin query could find nothing


def test_shards_are_keyed_by_the_first_letters_of_two_syllables():
    entries = [pinyin.Entry("结穷亲", ("jie", "qiong", "qin"), 3, True), pinyin.Entry("重庆", ("chong", "qing"), 9, False)]
    assert [e.key for e in entries] == ["jq", "cq"]
    shards = pinyin.shards(entries)
    for e in entries:
        row = shards[fnv1a32(e.key) % len(shards)][e.key]
        assert [e.word, " ".join(e.syllables), e.df, int(e.domain)] in row


def test_character_table_and_syllables():
    chars = pinyin.char_data([pinyin.Entry("栟茶", ("bing", "cha"), 1, False)])
    assert "亲" in chars["qin"] and "清" in chars["qing"]
    assert "重" in chars["zhong"] and "重" in chars["chong"]  # every reading of a character
    assert "栟" in chars["bing"]  # a lexicon character outside GB 2312
    part = pinyin.manifest_part(4, chars)
    syllables = part["syllables"].split()
    assert part["shards"] == 4 and {"zhuang", "lv", "a", "er"} <= set(syllables) and len(syllables) < 450
    assert pinyin.fewest_syllables("chongqing") == 2 and pinyin.fewest_syllables("xian") == 1
    assert pinyin.fewest_syllables("qq") == 0
