"""`casebook import`: text decoded with the wrong encoding is repaired where the bytes allow, flagged otherwise.

The garbled article is generated here from the plain sentences in
fixtures/articles/mojibake-source.txt, the way it happens on the web: the
UTF-8 bytes of a sentence decoded as GBK (or as Latin-1 / windows-1252).
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from casebook.cli import main

SOURCE = Path(__file__).parent / "fixtures" / "articles" / "mojibake-source.txt"
TITLE, SHORT, LOSSY, LATIN, PLAIN = SOURCE.read_text(encoding="utf-8").splitlines()


def as_gbk(text: str, errors: str = "strict") -> str:
    """UTF-8 text read as GBK."""
    return text.encode("utf-8").decode("gbk", errors=errors)


def as_latin(text: str) -> str:
    """UTF-8 text read as windows-1252 the way browsers do (undefined bytes become C1 controls)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def run(article: Path) -> tuple[str, str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(article.parent), "import", str(article)]) == 0
    return buf.getvalue(), article.with_name(article.stem + ".clean.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def garbled(tmp_path_factory):
    lines = [
        TITLE,
        "发布时间：2020-05-01 来源：示例日报",
        as_gbk(TITLE),  # a whole line garbled, bytes intact
        f"区委组织部要求，{as_gbk(SHORT)}，每年不少于四次。",  # a garbled stretch inside a sound line
        as_gbk(LOSSY, errors="replace"),  # bytes lost on the way: cannot be repaired
        as_latin(LATIN),
        PLAIN,
    ]
    # the generated text really is garbled, and line 5 really lost bytes
    assert lines[2] != TITLE and SHORT not in lines[3] and "\ufffd" in lines[4]
    with pytest.raises(UnicodeDecodeError):
        LOSSY.encode("utf-8").decode("gbk")
    article = tmp_path_factory.mktemp("garbled") / "garbled.txt"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, clean = run(article)
    return lines, report, clean


def test_exact_repairs(garbled):
    _, report, clean = garbled
    assert clean.count(TITLE) == 2  # the title, and line 3 repaired
    assert f"区委组织部要求，{SHORT}，每年不少于四次。" in clean
    assert LATIN in clean
    assert re.search(r"已修复 \d+ 处", report)
    assert "第 3 行“" in report and "UTF-8 文字被当作 GBK 读取" in report
    assert "第 4 行“" in report
    assert "第 6 行“" in report and "UTF-8 文字被当作 Latin-1（windows-1252）读取" in report


def test_unrepairable_line_is_kept_and_flagged(garbled):
    lines, report, clean = garbled
    section = report.split("无法自动还原", 1)[1].split("字形", 1)[0]
    assert "第 5 行“" in section
    assert "原样保留在 clean.txt 中" in report
    # the probable reading helps the maintainer find the sentence in the original page
    assert "可能的原文：“" in section and "社区报到" in section
    # kept, not dropped: the garbled line is still in the cleaned article
    assert sum(1 for p in clean.split("\n\n") if "\ufffd" in p) == 1
    assert LOSSY not in clean


def test_sound_lines_untouched(garbled):
    _, _, clean = garbled
    assert PLAIN in clean
    assert "发布时间：2020-05-01 来源：示例日报" in clean


def test_clean_article_has_no_false_alarm(tmp_path):
    article = tmp_path / "plain.txt"
    article.write_text("\n".join([TITLE, SHORT, LOSSY, LATIN, PLAIN]) + "\n", encoding="utf-8")
    report, clean = run(article)
    assert "乱码：没有发现" in report
    assert LOSSY in clean


def test_gbk_encoded_file(tmp_path):
    article = tmp_path / "gbk.txt"
    article.write_bytes("\n".join([TITLE, "来源：示例日报", LOSSY, PLAIN]).encode("gb18030"))
    report, clean = run(article)
    assert "已按 GB18030（GBK） 读取" in report
    assert LOSSY in clean and PLAIN in clean
    assert "乱码：没有发现" in report
