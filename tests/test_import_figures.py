"""`casebook import`: every number with its unit and sentence, offered as figure candidates."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from casebook.cli import main
from casebook.common.numbers import occurs_in

HERE = Path(__file__).parent
ARTICLES = HERE / "fixtures" / "articles"


def prefilled(draft: str) -> list[tuple[str, dict]]:
    """(the comment above it, figure item) for every figure the draft pre-fills."""
    lines = draft.splitlines()
    start = lines.index("figures:")
    comments, out = [], []
    items = yaml.safe_load(draft)["figures"]
    for line in lines[start + 1:]:
        if line.startswith("  # "):
            comments.append(line[4:])
        elif line.startswith("  - "):
            out.append(("".join(comments), items[len(out)]))
            comments = []
        elif not line.startswith("    "):
            break
    return out


def candidates(draft: str) -> list[tuple[str, dict]]:
    """(comment, figure item) for every figure the draft offers: pre-filled, or listed as a comment below."""
    lines = draft.splitlines()
    out = prefilled(draft)
    for i, line in enumerate(lines):
        if line.startswith("# [原文第 ") and i + 1 < len(lines) and lines[i + 1].startswith("# - {"):
            out.append((line, yaml.safe_load(lines[i + 1][2:])[0]))
    return out


def import_text(tmp_path: Path, text: str) -> tuple[str, str]:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(tmp_path), "import", str(article)]) == 0
    return buf.getvalue(), (tmp_path / "article.case.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portal")
    shutil.copy(ARTICLES / "portal.txt", tmp / "portal.txt")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--root", str(tmp), "import", str(tmp / "portal.txt")]) == 0
    return buf.getvalue(), (tmp / "portal.case.yaml").read_text(encoding="utf-8")


def test_candidates_with_units_and_sentences(portal):
    report, draft = portal
    found: dict[tuple, list] = {}
    for comment, f in candidates(draft):
        found.setdefault((f["value"], f["unit"], f.get("qualifier")), []).append((comment, f))
    expected = {
        (12, "个", None): "在全县12个乡镇推行干部夜访制度",
        (30, "户", None): "每名乡镇干部联系30至50户群众",
        (50, "户", None): "每名乡镇干部联系30至50户群众",
        (2, "个", None): "每周安排两个晚上入户走访",
        (4.6, "万户次", None): "全县干部累计夜访群众4.6万户次",
        (3200, "件", "more-than"): "收集问题3200余件",
        (95.2, "%", None): "办结率达95.2%",
        (20, "个百分点", "about"): "群众满意度比实行前提高了近20个百分点",
    }
    for key, phrase in expected.items():
        assert key in found, f"no candidate {key}"
        comment, figure = next(((c, f) for c, f in found[key] if phrase in f["source_phrase"]), found[key][0])
        assert phrase in figure["source_phrase"]
        assert phrase in comment  # the whole sentence is shown for context
        assert figure["label"] == "" and figure["counts"] == ""  # for the maintainer to write
    assert "数据：找到" in report and "第 27 行 4.6万户次（数值 4.6，单位 万户次）" in report


def test_every_source_phrase_contains_its_number(portal):
    _, draft = portal
    figures = candidates(draft)
    assert figures
    for _, figure in figures:
        assert occurs_in(figure["value"], figure["source_phrase"]), figure


def test_figures_with_units_are_prefilled_and_linked_to_their_practice(portal):
    _, draft = portal
    data = yaml.safe_load(draft)
    figures = {(f["value"], f["unit"]): f for f in data["figures"]}
    # data with a unit are pre-filled, the maintainer writes label and counts (validation fails until then)
    assert (4.6, "万户次") in figures and (3200, "件") in figures and (95.2, "%") in figures
    assert all(f["label"] == "" and f["counts"] == "" for f in data["figures"])
    # a figure inside a practice's passage names that practice
    ids = {p["name"]: p["id"] for p in data["practices"]}
    assert figures[(30, "户")]["practice"] == ids["定时定人，让夜访有安排"]
    assert figures[(4.6, "万户次")]["practice"] == ids["跟踪问效，让群众有感受"]
    # a figure of speech with 一 is left as a commented candidate, not pre-filled
    assert all(f["value"] != 1 for f in data["figures"])


def test_years_and_dates_are_not_candidates(tmp_path):
    report, draft = import_text(
        tmp_path,
        "示例县开展夜访\n\n示例县从2021年起推行夜访制度，2023年9月15日召开总结会，三年来共走访1.5万户，百余名干部参加，占全县干部的百分之八十。\n",
    )
    values = {(f["value"], f["unit"]) for _, f in candidates(draft)}
    assert (1.5, "万户") in values and (100, "名") in values and (3, "年") in values and (80, "%") in values
    assert not {v for v, _ in values} & {2021, 2023, 9, 15}
    assert re.search(r"跳过年份、日期 4 个", report)


def test_quoted_formulas_and_figures_of_speech_are_not_candidates(tmp_path):
    _, draft = import_text(
        tmp_path,
        "示例县建立“两项制度”\n\n示例县建立“两项制度”，干部一家一户上门走访，解决了一个个难题，其中不少是七八年的老问题，共解决问题120件。\n",
    )
    texts = [comment for comment, _ in candidates(draft)]
    assert any("120件" in t for t in texts)
    assert not any(t.startswith(("# [原文第 3 行] 两项", "# [原文第 3 行] 一户", "# [原文第 3 行] 一个", "# [原文第 3 行] 七八")) for t in texts)
