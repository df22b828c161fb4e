"""`casebook import`: the draft case file, the proposals in it, and the near-duplicate warning."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
import yaml

from casebook.cli import main
from casebook.load import load_project
from casebook.authoring.scaffold import SCHEMA_LINE

HERE = Path(__file__).parent
ARTICLES = HERE / "fixtures" / "articles"
PROJECT = HERE / "fixtures" / "project"


@pytest.fixture
def book(tmp_path) -> Path:
    """The fixture casebook plus a case taken from the same article as portal.txt."""
    root = tmp_path / "book"
    shutil.copytree(PROJECT, root)
    shutil.copy(ARTICLES / "existing-case.yaml", root / "cases" / "shiyan-xian-ganbu-yefang.yaml")
    assert not load_project(root).problems
    return root


def run(root: Path, article: Path, out: Path) -> tuple[int, str, str]:
    buf, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "import", str(article), "--out", str(out)])
    return code, buf.getvalue(), err.getvalue()


def test_draft_is_the_scaffold_with_the_found_values(book, tmp_path):
    code, report, _ = run(book, ARTICLES / "forum.txt", tmp_path)
    assert code == 0
    draft = (tmp_path / "forum.case.yaml").read_text(encoding="utf-8")
    assert draft.splitlines()[0] == SCHEMA_LINE
    for comment in ("# 一句话摘要（summary，必填）", "# 省级（province，必填）", "# 做法编号（id，必填）", "qualifier 约数说明"):
        assert comment in draft
    data = yaml.safe_load(draft)
    assert data["terms"] == ["四访活动"]  # a glossary term that occurs in the article
    assert data["summary"] == "" and data["themes"] == [] and data["status"] == ""  # the maintainer's part
    assert f"mv {tmp_path / 'forum.case.yaml'} cases/{data['id']}.yaml" in report


def test_filled_draft_passes_validation(book, tmp_path):
    run(book, ARTICLES / "forum.txt", tmp_path)
    data = yaml.safe_load((tmp_path / "forum.case.yaml").read_text(encoding="utf-8"))
    data.update(
        summary="示例市组织市级机关干部到结对社区开展访贫、访困、访需、访难活动，帮助困难家庭解决实际问题。",
        organisation="中共示例市委组织部",
        region={"province": "江苏省", "city": "示例市"},
        level="city",
        period={"note": "文章未写明起始年份"},
        themes=["contact-service"],
        status="unknown",
        background="机关干部联系群众不够经常、不够深入。",
        outcomes="三年来全市机关干部共走访群众2.3万户。",
        insights=["结对要到户到人。"],
    )
    # the draft proposes the practices the article lists; the maintainer writes each description
    assert [p["name"] for p in data["practices"]][:2] == ["结对到户", "问需于民"]
    for practice in data["practices"]:
        practice["description"] = f"按原文概括的做法说明：{practice['name']}。"
    data["figures"] = [{"label": "走访群众", "value": 2.3, "unit": "万户", "counts": "三年来全市机关干部走访的群众户数",
                        "source_phrase": "全市机关干部共走访群众2.3万户"}]
    target = book / "cases" / f"{data['id']}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert [str(p) for p in load_project(book).problems] == []


def test_theme_proposals(book, tmp_path):
    _, report, _ = run(book, ARTICLES / "portal.txt", tmp_path)
    draft = (tmp_path / "portal.case.yaml").read_text(encoding="utf-8")
    themes_block = draft.split("# 主题（themes，必填）", 1)[1].split("\nthemes:", 1)[0]
    proposals = [line for line in themes_block.splitlines() if line.startswith("#   - ")]
    assert proposals[0].startswith("#   - contact-service   # 联系服务群众")  # the best match comes first
    assert "主题建议：contact-service（联系服务群众）" in report


def test_near_duplicate_warned(book, tmp_path):
    _, report, _ = run(book, ARTICLES / "portal.txt", tmp_path)
    section = report.split("相似的已有案例", 1)[1].split("输出：", 1)[0]
    assert "cases/shiyan-xian-ganbu-yefang.yaml（示例县推行干部夜访制度）—— 来源标题相同" in section
    draft = (tmp_path / "portal.case.yaml").read_text(encoding="utf-8")
    assert "#   - {case: shiyan-xian-ganbu-yefang, type: same-source}" in draft


def test_near_duplicate_by_text(book, tmp_path):
    case = book / "cases" / "shiyan-xian-ganbu-yefang.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("打通联系群众“最后一公里”", "（另一标题）"), encoding="utf-8")
    _, report, _ = run(book, ARTICLES / "portal.txt", tmp_path)
    section = report.split("相似的已有案例", 1)[1].split("输出：", 1)[0]
    assert "cases/shiyan-xian-ganbu-yefang.yaml" in section and "的词对出现在本文中" in section


def test_no_false_duplicate(book, tmp_path):
    _, report, _ = run(book, ARTICLES / "missing-meta.txt", tmp_path)
    assert "相似的已有案例：没有（判断标准：已有案例中至少 30% 的词对出现在本文中，或来源标题相同）" in report


def test_edited_draft_is_not_overwritten(book, tmp_path):
    run(book, ARTICLES / "forum.txt", tmp_path)
    draft = tmp_path / "forum.case.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + "# 我已经改过\n", encoding="utf-8")
    code, report, _ = run(book, ARTICLES / "forum.txt", tmp_path)
    assert code == 0
    assert draft.read_text(encoding="utf-8").endswith("# 我已经改过\n")
    assert (tmp_path / "forum.case.new.yaml").exists()
    assert "没有覆盖" in report


def test_taken_id_is_not_reused(book, tmp_path):
    _, report, _ = run(book, ARTICLES / "forum.txt", tmp_path / "a")
    case_id = yaml.safe_load((tmp_path / "a" / "forum.case.yaml").read_text(encoding="utf-8"))["id"]
    shutil.copy(book / "cases" / "shili-shi-sifang-huodong.yaml", book / "cases" / f"{case_id}.yaml")
    _, report, _ = run(book, ARTICLES / "forum.txt", tmp_path / "b")
    assert yaml.safe_load((tmp_path / "b" / "forum.case.yaml").read_text(encoding="utf-8"))["id"] == f"{case_id}-2"
    assert f"编号 {case_id} 已被 cases/{case_id}.yaml 使用" in report


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nothing.txt", None, "找不到文章文件"),
        ("article.pdf", b"%PDF-1.4", "只支持 .txt 纯文本和浏览器“另存为”的 .html 网页"),
        ("empty.txt", b"  \n\n", "是空文件"),
    ],
)
def test_errors_name_the_file_and_what_to_do(tmp_path, name, content, message):
    article = tmp_path / name
    if content is not None:
        article.write_bytes(content)
    code, out, err = run(tmp_path, article, tmp_path)
    assert code == 1 and out == ""
    assert err.startswith("错误：") and message in err and name in err
