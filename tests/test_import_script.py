"""`casebook import`: traditional characters to simplified, inline pinyin annotations removed."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
import yaml

from casebook.cli import main

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "traditional.txt"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("out")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(out_dir), "import", str(ARTICLE), "--out", str(out_dir)]) == 0
    return (
        buf.getvalue(),
        (out_dir / "traditional.clean.txt").read_text(encoding="utf-8"),
        (out_dir / "traditional.case.yaml").read_text(encoding="utf-8"),
    )


def test_clean_text_is_simplified(result):
    report, clean, _ = result
    assert clean.startswith("示例县建立干部联系群众“两项制度”\n")
    assert "全县二十六个乡镇的干部共走访农户1.2万户次" in clean
    assert "縣" not in clean and "幹" not in clean and "鄉" not in clean
    assert "原文是繁体字，clean.txt 已转为简体" in report


def test_pinyin_annotations_removed(result):
    report, clean, draft = result
    source_title = yaml.safe_load(draft)["sources"][0]["title"]
    for annotation in ("(lián)", "(guān)", "(fā)"):
        assert annotation not in clean and annotation not in source_title
    assert "关键字:干部,群众" in clean and "发布时间:2023-03-15 08:00" in clean
    assert "拼音夹注：删除 4 处，例如 聯(lián)、關(guān)、發(fā)" in report


def test_broken_annotation_flagged_not_removed(result):
    report, clean, _ = result
    assert "?yōu)" in clean  # cannot be removed safely: kept as it is
    assert "第 8 行" in report and "“?yōu)”像是残缺的拼音夹注" in report


def test_draft_keeps_the_source_in_its_own_characters(result):
    _, _, draft = result
    data = yaml.safe_load(draft)
    assert data["title"] == "示例县建立干部联系群众“两项制度”"  # case title: simplified
    assert data["sources"][0]["title"] == "示例縣建立幹部聯繫群眾“兩項制度”"  # source title: as printed
    assert data["sources"][0]["script"] == "traditional"
    # figure candidates quote the source as printed, so they can be checked against it
    assert 'source_phrase: "全縣二十六個鄉鎮的幹部共走訪農戶1.2萬戶次"' in draft


def test_simplified_article_is_not_marked_traditional(tmp_path):
    article = tmp_path / "plain.txt"
    article.write_text("示例县开展干部夜访\n\n示例县组织乡镇干部每周两个晚上入户走访群众，收集意见建议，限期办结答复，群众反映良好。\n", encoding="utf-8")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(tmp_path), "import", str(article)]) == 0
    assert "字形：原文是简体字" in buf.getvalue()
    assert yaml.safe_load((tmp_path / "plain.case.yaml").read_text(encoding="utf-8"))["sources"][0]["script"] == "simplified"


def _strip(*texts: str):
    from casebook.authoring.importer.lines import Line
    from casebook.authoring.importer.script import strip_pinyin

    return strip_pinyin([Line(i + 1, t) for i, t in enumerate(texts)])


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("關(guān)鍵字", "關鍵字"),  # tone marks
        ("工作的(de)方法", "工作的方法"),  # no tone marks
        ("特(te)(te)色(se)社會主義", "特色社會主義"),  # doubled, and on the next character too
        ("為(wei)崗位", "為崗位"),  # a polyphone (wéi/wèi)
        ("行(háng)業", "行業"),  # the reading that is not the first one
        ("綠(lǜ)色", "綠色"),  # ü
        ("組(zu3)織", "組織"),  # tone numbers
        ("中国(zhōng guó)人", "中国人"),  # one annotation for two characters
        ("公务员(civil servant)考试", "公务员(civil servant)考试"),  # English, not a reading
        ("方案(A)和方案(B)", "方案(A)和方案(B)"),
        ("大数据(Big Data)", "大数据(Big Data)"),
    ],
)
def test_annotation_is_removed_only_when_it_is_the_reading(text, clean):
    assert _strip(text).lines[0].text == clean


def test_space_after_annotations_goes_when_the_page_always_puts_one():
    spaced = _strip("發揮個(ge) 人的能力", "另一方面是為(wei) 崗位挑選人才", "黨(dang) 政領導幹部")
    assert [line.text for line in spaced.lines] == ["發揮個人的能力", "另一方面是為崗位挑選人才", "黨政領導幹部"]
    # a page that does not: the one space after an annotation is the text's own
    own = _strip("強化考察把關(guān) 推動“優質交流”", "發(fā)布時(shí)間", "戰(zhàn)鬥力")
    assert own.lines[0].text == "強化考察把關 推動“優質交流”"


def test_pinyin_that_is_not_the_reading_is_flagged_not_removed():
    result = _strip("我们(wo)的工作")
    assert result.lines[0].text == "我们(wo)的工作" and result.removed_pinyin == 0
    assert "不是前面的字“们”的读音" in result.broken[0].message
