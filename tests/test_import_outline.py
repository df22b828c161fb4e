"""`casebook import`: the article's structure, the practices and figures the draft proposes, and how they are measured."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
import yaml

from casebook.cli import main
from casebook.authoring.importer.evaluate import measure_drafts, same_practice
from casebook.authoring.importer.outline import build

HERE = Path(__file__).parent
ARTICLES = HERE / "fixtures" / "articles"
GOLDEN = HERE / "fixtures" / "import_golden" / "dev"
PROJECT = HERE / "fixtures" / "project"

REPORT = [
    "示例县建立年轻干部“墩苗”机制",
    "近年来，示例县年轻干部比例逐年提高，但普遍缺乏基层工作经历，处理复杂问题的能力有待提升。",
    "一、主要做法",
    "（一）精准选苗，建立对象库",
    "每年从县级机关选拔35周岁以下的年轻干部，建立“墩苗”对象库。一是定标准。明确政治素质、工作实绩等五项条件。二是严程序。经个人报名、单位推荐、组织考察后入库。",
    "（二）到岗墩苗，压实担子",
    "安排入库干部到乡镇任职，墩苗时间一般不少于2年。严把三关：严格人岗“出口关”，由单位研究推荐。严格匹配“过程关”，综合考虑岗位需要。严格人选“入口关”，组织考察把关。",
    "去年，县委组织部和县人社局下发了《关于选派年轻干部到基层墩苗的意见》，明确了墩苗的程序和要求。",
    "二、主要成效",
    "两年来，已有23名墩苗干部得到提拔使用。",
    "三、几点启示",
    "第一，墩苗要选准对象。年轻干部的成长需要在基层经受锻炼。第二，墩苗要压实担子。只有放到吃劲岗位上，才能真正长本领。",
]


@pytest.fixture(scope="module")
def outline():
    return build([(i + 1, text) for i, text in enumerate(REPORT[1:])])


def test_sections_take_their_role_from_their_headings(outline):
    assert [role for role, _ in outline.sections] == ["practices", "outcomes", "insights"]
    assert [p.line for p in outline.background] == [1]
    assert "已有23名墩苗干部" in outline.outcomes[0].text
    assert outline.insights and outline.insights[0].text.startswith("第一，墩苗要选准对象")


def test_practices_come_from_headings_enumerations_and_counted_lists(outline):
    names = [p.name for p in outline.practices]
    assert names[:2] == ["精准选苗，建立对象库", "定标准"]
    for name in ("严程序", "到岗墩苗，压实担子", "严格人岗“出口关”", "严格匹配“过程关”", "严格人选“入口关”"):
        assert name in names
    # a part of the article is not a practice, and lessons (第一，第二) are not practices either
    assert not {"主要做法", "主要成效", "墩苗要选准对象"} & set(names)
    by_name = {p.name: p for p in outline.practices}
    assert outline.practices[by_name["定标准"].parent].name == "精准选苗，建立对象库"
    assert by_name["严格人岗“出口关”"].source.startswith("严格人岗“出口关”，由单位研究推荐")


def test_an_action_a_sentence_opens_with_is_a_second_tier_proposal(outline):
    second = [p.name for p in outline.practices if p.tier == 2]
    # the time and the subject are skipped: 去年，县委组织部和县人社局下发了……
    assert "下发了《关于选派年轻干部到基层墩苗的意见》" in second
    assert "明确政治素质、工作实绩等五项条件" in second  # the sentence after an item's name
    assert not set(second) & {p.name for p in outline.practices if p.tier == 1}
    assert not any(name.startswith(("两年来", "第一", "年轻干部的成长")) for name in second)  # outcomes and lessons are not practices


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("书记接待", "书记接待", True),
        ("在学习上下功夫，打造“知识型”组工干部队伍", "在学习上下功夫,打造“知识型”组工干部队伍", True),
        ("抓组织领导，成立临时党支部", "抓组织领导", True),  # one name holds most of the other
        ("实行蹲点管理模式", "高新区工委实行蹲点管理模式", True),
        ("选派年轻公务员到企业生产班组、车间跟班劳动", "把选派年轻公务员到企业锻炼作为实践锻炼的重要途径", False),
        ("民情分析会", "办理答复", False),
    ],
)
def test_same_practice(a, b, same):
    assert same_practice(a, b) is same


def _import(root: Path, article: Path, out: Path) -> tuple[str, dict]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(root), "import", str(article), "--out", str(out)]) == 0
    draft = (out / (article.stem + ".case.yaml")).read_text(encoding="utf-8")
    return draft, yaml.safe_load(draft)


def test_draft_proposes_region_level_organisation_and_practices(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(PROJECT, root)
    draft, data = _import(root, GOLDEN / "news-portal" / "page.txt", tmp_path)
    assert data["region"] == {"province": "浙江省", "county": "青禾县"}
    assert data["level"] == "county" and data["organisation"] == "中共青禾县委组织部"
    assert "导入工具推测" in draft  # proposals say they are to be checked
    names = [p["name"] for p in data["practices"]]
    # the three headings, then the action a sentence opens with (县委组织部把……纳入……)
    assert names == ["定下时间，夜谈有规可循", "记好台账，事事有人跟进", "回头看效，群众评价说了算", "把夜谈会开展情况纳入村党组织书记述职评议内容"]
    assert all(p["description"] == "" and p["id"] for p in data["practices"])
    assert "原文：“（一）定下时间，夜谈有规可循" not in draft and "原文：“各村每月固定安排两个晚上召开夜谈会" in draft
    # background and outcomes are left to write, their source passages quoted above them
    background = draft.split("\nbackground:", 1)[0].rsplit("# 基本情况（background", 1)[1]
    assert "今年以来，浙江省青禾县在全县126个行政村推行" in background
    outcomes = draft.split("\noutcomes:", 1)[0].rsplit("# 工作成效（outcomes", 1)[1]
    assert "办结率91.1%" in outcomes
    assert data["background"] == "" and data["outcomes"] == "" and data["insights"] == []


def test_draft_measured_against_a_finished_case(tmp_path):
    """The seed measurement (casebook import-eval --drafts) on the fixture article and the case made from it."""
    root = tmp_path / "book"
    shutil.copytree(PROJECT, root)
    shutil.copy(ARTICLES / "existing-case.yaml", root / "cases" / "shiyan-xian-ganbu-yefang.yaml")
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(ARTICLES / "portal.txt", folder / "portal.txt")
    shutil.copy(ARTICLES / "forum.txt", folder / "forum.txt")  # no case comes from it: skipped, and said so
    report = measure_drafts(folder, root, verbose=True)
    assert "数据（数值和单位都对）：1/1（100%）" in report
    assert "做法：2/2（100%）" in report
    assert "forum.txt：cases/ 中没有以" in report
