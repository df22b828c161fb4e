"""`casebook import` of a page saved from the browser (.html)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from casebook.cli import main

PAGE = Path(__file__).parent / "fixtures" / "articles" / "capture.html"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    shutil.copy(PAGE, tmp / "capture.html")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(tmp), "import", str(tmp / "capture.html")]) == 0
    return buf.getvalue(), (tmp / "capture.clean.txt").read_text(encoding="utf-8")


def test_article_text_extracted(result):
    _, clean = result
    paragraphs = clean.strip().split("\n\n")
    assert paragraphs[0] == "示例区推行“周末课堂”培训年轻干部"
    assert paragraphs[1] == "发布时间：2021-09-10 来源：示例区委组织部"
    # a paragraph wrapped over several source lines is one paragraph, without stray spaces
    assert "示例区从2020年起利用周末时间开设“周末课堂”，由区领导、部门负责人和基层优秀书记轮流授课，共举办48期，参训干部1600余人次。" in clean
    assert "由参训干部结合本职工作撰写调研报告。" in clean
    assert "参训干部普遍反映 “周末课堂”接地气、有干货，课程满意率达97.3%。" in clean  # &nbsp; is a space
    assert len(paragraphs) == 5


def test_script_style_and_page_furniture_dropped(result):
    report, clean = result
    for text in ("脚本里的文字", "统计代码", "color", "理论研究", "热点推荐", "年轻干部座谈会", "ICP备", "版权所有", "分享到"):
        assert text not in clean, text
    # visible text that was dropped is listed, with the reason
    assert re.search(r"第 \d+ 行“首页 工作动态 理论研究”—— 网页导航栏（<nav>）", report)
    assert re.search(r"第 \d+ 行“示例区召开年轻干部座谈会”—— 网页侧栏（<aside>）", report)
    assert re.search(r"第 \d+ 行“苏ICP备00000000号”—— 网页页脚（<footer>）", report)
    assert re.search(r"第 \d+ 行“分享到：微信 微博”—— 分享按钮", report)
    assert "脚本" not in report  # script and style are not text


def test_unclosed_furniture_does_not_swallow_the_article(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><header><div>示例网</div>"  # <header> never closed
        "<h1>示例县开展干部夜访</h1><p>示例县组织乡镇干部每周两个晚上入户走访群众，收集意见建议，限期办结答复，群众反映良好。</p>"
        "</body></html>",
        encoding="utf-8",
    )
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(tmp_path), "import", str(page)]) == 0
    clean = (tmp_path / "broken.clean.txt").read_text(encoding="utf-8")
    assert "示例县组织乡镇干部每周两个晚上入户走访群众" in clean
    assert "已全部保留" in buf.getvalue()


def test_gbk_page_with_declared_charset(tmp_path):
    page = tmp_path / "gbk.html"
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><h1>示例县开展干部夜访</h1><p>示例县组织乡镇干部每周两个晚上入户走访群众，收集意见建议，限期办结答复。</p></body></html>'
    page.write_bytes(html.encode("gbk"))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(tmp_path), "import", str(page)]) == 0
    assert "示例县组织乡镇干部每周两个晚上入户走访群众" in (tmp_path / "gbk.clean.txt").read_text(encoding="utf-8")
    assert "GB18030" in buf.getvalue()
