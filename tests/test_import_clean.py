"""`casebook import`: page furniture goes, every paragraph of the article stays."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import opencc
import pytest

from casebook.cli import main

HERE = Path(__file__).parent
ARTICLES = HERE / "fixtures" / "articles"
PROJECT = HERE / "fixtures" / "project"
TONED_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Import each fixture article once: name -> (exit code, report, clean text)."""
    root = tmp_path_factory.mktemp("book")
    shutil.copytree(PROJECT, root, dirs_exist_ok=True)
    out_dir = tmp_path_factory.mktemp("out")
    results = {}
    for name in ("portal.txt", "forum.txt", "traditional.txt", "missing-meta.txt"):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = main(["--root", str(root), "import", str(ARTICLES / name), "--out", str(out_dir)])
        stem = name.rsplit(".", 1)[0]
        results[name] = (code, buf.getvalue(), (out_dir / f"{stem}.clean.txt").read_text(encoding="utf-8"))
    return results


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", ["portal.txt", "forum.txt", "traditional.txt", "missing-meta.txt"])
def test_no_line_is_dropped_silently(imported, name):
    """Each input line is in the cleaned text, or the report names its line number."""
    code, report, clean = imported[name]
    assert code == 0
    t2s = opencc.OpenCC("t2s").convert
    clean_flat = squash(clean)
    for no, line in enumerate((ARTICLES / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        kept = squash(t2s(TONED_NOTE.sub("", line))) in clean_flat
        assert kept or f"第 {no} 行" in report, f"line {no} vanished without a word: {line!r}"


def test_portal_keeps_every_paragraph(imported):
    _, _, clean = imported["portal.txt"]
    for paragraph in (
        "示例县推行干部夜访制度 打通联系群众“最后一公里”",
        "示例县委组织部",
        "为解决群众白天找干部难、干部白天进门难的问题",
        "一、定时定人，让夜访有安排",
        "二、建立清单，让问题有着落",
        "三、跟踪问效，让群众有感受",
        "截至去年底，全县干部累计夜访群众4.6万户次，收集问题3200余件，办结率达95.2%",
        "发布时间：2022年06月01日 09:30 来源：示例日报 编辑：赵某",
    ):
        assert paragraph in clean
    # a paragraph broken over two lines is joined again
    assert "走访前，干部先熟悉联系户的家庭情况、困难诉求和以往反映的问题" in clean
    assert clean.startswith("示例县推行干部夜访制度")


def test_portal_furniture_removed(imported):
    _, report, clean = imported["portal.txt"]
    for furniture in ("网站首页", "当前位置", "手机版", "1 1 1", "打印", "纠错", "微信扫一扫", "收听本文",
                      "上一篇", "下一篇", "相关阅读", "版权所有", "Copyright", "ICP备", "公网安备", "人民路1号"):
        assert furniture not in clean, furniture
    for no, reason in ((1, "导航栏"), (2, "面包屑导航"), (10, "网站名称和页面按钮"), (11, "分享按钮"),
                       (30, "上一篇/下一篇链接"), (35, "版权信息"), (37, "ICP 备案信息")):
        assert re.search(rf"第 {no} 行“[^”]*”—— {reason}", report), (no, reason)
    assert re.search(r"第 29 行“打印”—— 删除了页面按钮", report)


def test_portal_unsure_line_kept_and_reported(imported):
    _, report, clean = imported["portal.txt"]
    assert "本文数据由示例县委组织部提供" in clean
    section = report.split("需要人工确认", 1)[1].split("保留：", 1)[0]
    assert "第 32 行“（本文数据由示例县委组织部提供" in section


def test_forum_furniture_removed_and_post_kept(imported):
    _, report, clean = imported["forum.txt"]
    for furniture in ("关灯", "开启左侧", "[复制链接]", "显示全部楼层", "阅读模式", "上一主题", "您需要登录后才可以回帖",
                      "本版积分规则", "关注", "粉丝", "帖子", "排行榜", "客服热线", "0000-12345678", "Powered by"):
        assert furniture not in clean, furniture
    for paragraph in (
        "示例市机关干部开展“四访活动”的做法与体会",
        "青山绿水 发表于 2019-11-8 20:15:33",
        "一是结对到户。市级机关62个部门与城区45个社区结对",
        "二是问需于民。",
        "帮助解决实际困难1800多件。（作者系示例市委组织部干部科科长）",
    ):
        assert paragraph in clean
    # the book advert before the title is page header, and named in the report
    assert "《公文写作入门》" not in clean
    assert re.search(r"第 2 行“《公文写作入门》[^”]*”—— 标题之前的页面头部", report)
    # a short line between title and text may be an advert or a subtitle: kept, and flagged
    assert "写作培训报名中" in clean
    assert "第 10 行“写作培训报名中”—— 位于标题和正文之间" in report


def test_traditional_template_residue_removed(imported):
    _, report, clean = imported["traditional.txt"]
    assert "smarty" not in clean and "?>" not in clean
    assert "第 2 行“smarty:if $article.tag?>”—— 删除了网页模板残留" in report
    assert "关键字:干部,群众" in clean  # the rest of the line stays


def test_article_without_furniture_is_left_alone(imported):
    _, report, clean = imported["missing-meta.txt"]
    assert "清理：没有需要删除的整行" in report
    paragraphs = [p for p in (ARTICLES / "missing-meta.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert clean.strip().split("\n\n") == [p.strip() for p in paragraphs]


def test_sentences_that_mention_buttons_are_article_text(tmp_path):
    article = tmp_path / "qr.txt"
    article.write_text(
        "示例街道开通“码上办”\n\n"
        "扫描二维码反映问题。\n"
        "居民可以扫描二维码反映问题，街道在两个工作日内答复，去年共受理诉求1200余件。\n"
        "客服中心建设\n"
        "分享到：微信 微博\n",
        encoding="utf-8",
    )
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(tmp_path), "import", str(article)]) == 0
    clean = (tmp_path / "qr.clean.txt").read_text(encoding="utf-8")
    assert "扫描二维码反映问题。" in clean and "居民可以扫描二维码反映问题" in clean and "客服中心建设" in clean
    assert "分享到" not in clean
